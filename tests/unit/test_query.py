"""The query language: reading queries, telling what is wrong, and the indexed
engine held to the plain per-paper reading over random queries and papers."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.models import Paper
from reader.core.query.index import SearchIndex
from reader.core.query.judge import judge
from reader.core.query.language import QueryError, parse
from reader.core.query.matching import Matcher
from reader.core.state.marks import Marks

WORDS = [
    "neural", "net", "graph", "Straße", "ÜBER", "kenji", "mori", "okafor", "a", "x", "ne",
    'R\\"ossler', "rössler", "G\\\"{o}del", "gödel",
]  # fmt: skip
NAMES = ["Kenji Mori", "Chidi Okafor", "José García", "Mori Kenji", "Anna Net", "Ōta Ren"]


def text_of(rng_words: list[str], spaces: list[str]) -> str:
    return "".join(w + s for w, s in zip(rng_words, spaces, strict=False))


words = st.lists(st.sampled_from(WORDS), max_size=8)
spaces = st.lists(st.sampled_from([" ", "  ", "\n", " \n  ", "\t", ""]), min_size=8, max_size=8)


@st.composite
def papers(draw: st.DrawFn) -> tuple[Paper, ...]:
    count = draw(st.integers(1, 12))
    made = []
    for number in range(count):
        made.append(
            Paper(
                id=f"2609.{number:05d}",
                title=text_of(draw(words), draw(spaces)),
                abstract=text_of(draw(words), draw(spaces)),
                authors=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=4))),
                upvotes=draw(st.none() | st.integers(0, 12)),
                published=draw(
                    st.none() | st.sampled_from(["2026-09-12", "2026-09-13", "2026-10-01"])
                ),
                categories=tuple(
                    draw(st.lists(st.sampled_from(["cs.LG", "cs.CL", "hep-th"]), max_size=2))
                ),
            )
        )
    return tuple(made)


fragment = st.sampled_from(WORDS).flatmap(
    lambda w: st.integers(0, len(w) - 1).flatmap(
        lambda a: st.integers(a + 1, len(w)).map(lambda b: w[a:b])
    )
)
field = st.sampled_from(["", "ti:", "abs:", "au:", "id:", "note:"])
terms = st.one_of(
    st.builds(lambda f, w: f + w, field, fragment),
    st.builds(lambda f, a, b: f'{f}"{a} {b}"', field, fragment, fragment),
    st.builds(lambda w: f"tag:{w}", st.sampled_from(["todo", "read-group", "x"])),
    st.sampled_from(["is:starred", "is:read", "is:unread", "is:noted", "is:tagged"]),
    st.sampled_from(["cat:cs", "cat:cs.lg", "cat:hep-th", "id:2609.0000", "id:1"]),
    st.builds(
        lambda op, n: f"upvotes:{op}{n}",
        st.sampled_from(["", ">", "<", ">=", "<="]),
        st.integers(0, 12),
    ),
    st.sampled_from(["upvotes:3..7", "upvotes:..4", "upvotes:5.."]),
    st.sampled_from(
        [
            "date:2026-09-13",
            "date:2026-09",
            "date:>2026-09-12",
            "date:<2026-10",
            "date:2026-09-13..2026-10-01",
            "date:<=2026-09-13",
            "date:2026",
        ]
    ),
)
queries = st.recursive(
    terms,
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"{a} {b}", inner, inner),
        st.builds(lambda a, b: f"{a} OR {b}", inner, inner),
        st.builds(lambda a: f"-{a}", inner),
        st.builds(lambda a: f"NOT {a}", inner),
        st.builds(lambda a: f"({a})", inner),
    ),
    max_leaves=6,
)


def marks_for(papers: tuple[Paper, ...], draw: st.DrawFn) -> Marks:
    marks = Marks(lambda: None)
    for paper in papers:
        if draw(st.booleans()):
            marks.set_field([paper.id], "read", True)
        if draw(st.booleans()):
            marks.set_field([paper.id], "starred", True)
        note = draw(st.sampled_from(["", "ask kenji about\n  neural nets", "Graph"]))
        if note:
            marks.set_note(paper.id, note)
        marks.set_tags(paper.id, draw(st.sampled_from(["", "todo", "read-group x"])))
    return marks


def naive(query: str, papers: tuple[Paper, ...], marks: Marks) -> list[int]:
    node = parse(query)
    return [n for n, p in enumerate(papers) if judge(node, p, marks.record)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers(), st.lists(queries, min_size=1, max_size=4), st.data())
def test_the_indexed_engine_answers_as_the_plain_reading(
    digest: tuple[Paper, ...], typed: list[str], data: st.DataObject
) -> None:
    marks = marks_for(digest, data.draw)
    index = SearchIndex(digest)
    index.build()
    matcher = Matcher(digest, index)  # one matcher for all: its word cache narrows
    for query in typed:
        for end in (len(query) // 2, len(query)):  # half-typed, then whole
            try:
                node = parse(query[:end])
            except QueryError:
                continue
            assert matcher.indices(node, marks) == naive(query[:end], digest, marks), query[:end]


def paper(title: str, abstract: str = "", authors: tuple[str, ...] = (), **more: object) -> Paper:
    return Paper(title=title, abstract=abstract, authors=authors, **more)  # type: ignore[arg-type]


DIGEST = (
    paper(
        "Sparse retrieval at scale",
        "We study counterfactual\ninfluence of data.",
        ("Chidi Okafor",),
        id="2609.00001",
        upvotes=42,
        published="2026-09-13",
    ),
    paper(
        "Tiny models, big ideas",
        "counterfactual reasoning; influence aside",
        ("Kenji Mori", "Ana Ruiz"),
        id="2609.00002",
        upvotes=7,
        published="2026-09-14",
    ),
    paper(
        "Dense retrievers",
        "Nothing to see.",
        ("Mori Kenji", "Kenji Sato"),
        id="2609.00003",
        upvotes=None,
        published="2026-09-15",
    ),
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("au:okafor", [0]),
        ('au:"Kenji Mori"', [1]),  # not "Mori Kenji", nor "Kenji Sato" beside a Mori
        ("ti:retriev", [0, 2]),
        ('abs:"counterfactual influence"', [0]),  # across the abstract's line break
        ("upvotes:>30", [0]),
        ("-ti:sparse", [1, 2]),
        ("ti:sparse OR ti:tiny", [0, 1]),
        ("(ti:sparse OR ti:tiny) upvotes:<50", [0, 1]),
        ("date:2026-09-13..2026-09-14", [0, 1]),
        ("date:>2026-09-13", [1, 2]),
        ("retriev -dense", [0]),
        ("NOT kenji", [0]),
        ("id:2609.00003", [2]),
    ],
)
def test_the_examples(query: str, expected: list[int]) -> None:
    index = SearchIndex(DIGEST)
    index.build()
    marks = Marks(lambda: None)
    assert Matcher(DIGEST, index).indices(parse(query), marks) == expected
    assert Matcher(DIGEST, None).indices(parse(query), marks) == expected
    assert naive(query, DIGEST, marks) == expected


def test_answers_about_marks_follow_the_marks() -> None:
    """They are kept between keystrokes, but never past a change of a mark."""
    marks = Marks(lambda: None)
    matcher = Matcher(DIGEST, None)
    assert matcher.indices(parse("is:read"), marks) == []
    assert matcher.indices(parse("#todo OR note:later"), marks) == []
    marks.set_field(["2609.00002"], "read", True)
    marks.set_tags("2609.00003", "todo")
    marks.set_note("2609.00001", "later, maybe")
    assert matcher.indices(parse("is:read"), marks) == [1]
    assert matcher.indices(parse("is:unread"), marks) == [0, 2]
    assert matcher.indices(parse("#todo OR note:later"), marks) == [0, 2]
    marks.undo()
    assert matcher.indices(parse("note:later"), marks) == []


def test_marks_in_queries() -> None:
    marks = Marks(lambda: None)
    marks.set_field(["2609.00001"], "read", True)
    marks.set_field(["2609.00002"], "starred", True)
    marks.set_tags("2609.00003", "todo")
    marks.set_note("2609.00002", "ask about this")
    matcher = Matcher(DIGEST, None)
    assert matcher.indices(parse("is:unread -is:starred"), marks) == [2]
    assert matcher.indices(parse("is:noted"), marks) == [1]
    assert matcher.indices(parse("#todo"), marks) == [2]
    assert matcher.indices(parse("tag:todo OR note:ask"), marks) == [1, 2]


@pytest.mark.parametrize(
    ("query", "message", "column"),
    [
        ("ti:(", "ti: needs a word", 4),
        ('abs:"counterfactual', "quote is never closed", 5),
        ('"open', "quote is never closed", 1),
        ("(ti:sparse OR ti:tiny", "never closed", 1),
        ("ti:sparse)", "without a “(”", 10),
        ("ti:sparse OR", "OR needs a term after it", 11),
        ("OR tiny", "OR needs a term before it", 1),
        ("sparse AND", "AND needs a term after it", 8),
        ("is:fun", "is: takes starred, read, unread, noted or tagged", 4),
        ("upvotes:lots", "upvotes: takes", 9),
        ("upvotes:9..2", "empty", 9),
        ("date:2026-02-30", "not a date", 6),
        ("date:13-09-2026", "date: takes YYYY-MM-DD", 6),
        ("colour:red", "no field “colour:”", 1),
        ("()", "needs a query inside", 1),
        ("sparse -", "“-” needs a term", 8),
    ],
)
def test_malformed_queries_say_what_and_where(query: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as raised:
        parse(query)
    assert message in raised.value.message
    assert raised.value.column == column
    assert f"(column {column})" in str(raised.value)


def test_words_that_look_like_syntax_stay_words() -> None:
    marks = Marks(lambda: None)
    digest = (paper("State-of-the-art at https://x.org", "f(x) and a-b"),)
    latex = (paper('The R\\"ossler Attractor', 'after G\\"{o}del', ('J\\"urgen M\\"uller',)),)
    index = SearchIndex(latex)
    index.build()
    for typed in ("rössler", "ti:rössler", "abs:gödel", 'au:"jürgen müller"', "ossler"):
        assert Matcher(latex, index).indices(parse(typed), marks) == [0], typed
        assert Matcher(latex, None).indices(parse(typed), marks) == [0], typed
    for query in ("state-of-the-art", "https://x.org", '"f(x)"', "a-b", "arxiv:"):
        if query == "arxiv:":
            with pytest.raises(QueryError):
                parse(query)
            continue
        assert Matcher(digest, None).indices(parse(query), marks) == [0], query
