"""The live filter's index: same answers as a plain substring search, on real and odd text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from reader.core.formats.load import load_digest
from reader.core.models import Paper
from reader.core.query import matching, postings
from reader.core.query.index import SearchIndex
from reader.core.query.language import parse
from reader.core.query.matching import Matcher
from tests.support.search import matches


def naive(papers: list[Paper] | tuple[Paper, ...], query: str) -> list[int]:
    words = query.casefold().split()
    return [
        number
        for number, p in enumerate(papers)
        if all(w in f"{p.title}\n{' '.join(p.authors)}\n{p.abstract}".casefold() for w in words)
    ]


def typed(index: SearchIndex, papers: tuple[Paper, ...], query: str) -> None:
    """Type `query` a character at a time, as the filter box does, checking each step."""
    for end in range(1, len(query) + 1):
        assert matches(papers, index, query[:end]) == naive(papers, query[:end]), query[:end]


def test_typing_over_the_shared_page(daily_page: Path) -> None:
    papers = load_digest(daily_page).papers
    index = SearchIndex(papers)
    index.build()
    for query in ("diffusion", "Video gen", "the model", "ß", "3d", "x-ray", "LLM", "e e e"):
        typed(index, papers, query)
    # Deleting characters and editing in the middle: no narrowing, still right.
    for query in ("diffusion", "diffus", "fusion", "con fusion", "on", ""):
        assert matches(papers, index, query) == naive(papers, query)


ODD = [
    Paper.create(title="Straße und STRASSE", abstract="Grüße aus Köln; ﬁne ligature"),
    Paper.create(title="Neural nets\tand neurons", abstract="neuro-symbolic, neu, neural."),
    Paper.create(title="Ein Ünïcödé Titel", abstract="Ωmega ΣΙΓΜΑ σίγμα", authors=["Zoë Ąb"]),
    Paper.create(title="Numbers 2024 3D", abstract="x86-64 and C++ at 99.9%"),
    Paper.create(title="Empty abstract"),
]


def test_casefolding_and_non_ascii_match_as_a_plain_search_would() -> None:
    papers = tuple(ODD)
    index = SearchIndex(papers)
    cold = SearchIndex(papers)  # before its index is built, a search reads the text
    index.build()
    for query in (
        "strasse",
        "STRASSE",
        "grüsse",
        "fine",
        "ﬁ",
        "neur",
        "neural.",
        "σιγμα",
        "ünï",
        "zoë ąb",
        "3d",
        "c++",
        "99.9%",
        "x86-6",
        "ab",
        "a b",
        "\t",
    ):
        typed(index, papers, query)
        typed(cold, papers, query)
    assert not cold.ready


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(alphabet="abcnerul éß- XY.\t\u00a0", min_size=1, max_size=40),
        min_size=1,
        max_size=30,
    ),
    queries=st.lists(
        st.text(alphabet="abcnerul éß- XY.\u00a0", min_size=0, max_size=6), max_size=8
    ),
)
def test_any_sequence_of_queries_matches_the_plain_search(
    texts: list[str], queries: list[str]
) -> None:
    papers = tuple(
        Paper.create(title=f"T{number}", abstract=text) for number, text in enumerate(texts)
    )
    index = SearchIndex(papers)
    index.build()
    for query in queries:
        typed(index, papers, query)


def test_the_text_of_one_paper_never_matches_across_into_the_next() -> None:
    papers = (
        Paper.create(title="ends with ne", abstract="ab"),
        Paper.create(title="ural starts here", abstract="cd"),
    )
    index = SearchIndex(papers)
    index.build()
    assert matches(papers, index, "neural") == [] and matches(papers, index, "abural") == []
    assert matches(papers, index, "bural") == []


def test_no_keystroke_reads_text_and_typing_on_scans_nothing(monkeypatch: MonkeyPatch) -> None:
    """Algorithmic shape, not time. One or two letters: the bitmaps. The third:
    one scan of the vocabulary. Typing on: the previous word's tokens filtered,
    no scan. No keystroke ever reads a paper's text."""
    papers = tuple(
        Paper.create(
            title=f"Paper {n}",
            abstract=("a neural net" if n % 100 == 0 else "news of the day")
            + (" neutral" if n % 250 == 0 else ""),
        )
        for n in range(5000)
    )
    index = SearchIndex(papers)
    index.build()
    scans: list[str] = []
    original = postings.re.finditer

    def counting(pattern: Any, text: str) -> Any:
        scans.append(pattern)
        return original(pattern, text)

    def no_text(*_: object) -> bool:
        raise AssertionError("a keystroke read a paper's text")

    monkeypatch.setattr(postings.re, "finditer", counting)
    monkeypatch.setattr(matching, "judge", no_text)
    monkeypatch.setattr(matching, "searchable", no_text)
    steps = {}
    for query in ("n", "ne", "neu", "neur", "neura", "neural", "neural ne", "neural net"):
        scans.clear()
        assert matches(papers, index, query) == naive(papers, query)
        steps[query] = len(scans)
    assert steps == {
        "n": 0,
        "ne": 0,
        "neu": 1,
        "neur": 0,
        "neura": 0,
        "neural": 0,
        "neural ne": 0,  # the first word is kept, the second is two letters
        "neural net": 1,
    }
    assert Matcher(papers, index).cheap(parse("neural"))


def test_a_digest_of_many_segments_matches_the_plain_search() -> None:
    """Postings are kept in segments of 8,192 papers: words found in several."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    papers = tuple(
        Paper.create(
            title=f"P{n} {words[n % 8]}",
            abstract=f"{words[(n * 7) % 8]}-{words[(n * 3) % 5]} x{n % 97}",
            authors=[f"Ana Okafor{n % 13}"],
        )
        for n in range(20_000)
    )
    index = SearchIndex(papers)
    index.build()
    assert len(index._built.segments) == 3  # type: ignore[union-attr]
    for query in ("gamma", "a-b", "x13", "x9", "okafor12", "p19999", "eta gamma", "theta-"):
        assert matches(papers, index, query) == naive(papers, query), query


_LATEX_BITS = st.sampled_from(
    ["\\", "{", "}", " ", "\n", '"', "'", "`", "^", "~", "=", ".", "u", "v", "H", "c", "k"]
    + ["r", "ss", "aa", "AE", "oe", "o", "O", "l", "L", "i", "\\i", "x", "alpha", "$", "é"]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LATEX_BITS, max_size=14).map("".join))
def test_accents_are_found_after_the_quick_scan_as_without_it(text: str) -> None:
    """The quick scan for a backslash and an accent's letter (`_ACCENT_HINT_RE`)
    never skips a text in which `_ACCENT_RE` finds an accent."""
    from reader.core.text import _ACCENT_RE, _accented, latex_accents

    assert latex_accents(text) == _ACCENT_RE.sub(_accented, text)
    assert latex_accents(f'R\\"{text}ossler {{\\ss}}') == _ACCENT_RE.sub(
        _accented, f'R\\"{text}ossler {{\\ss}}'
    )
