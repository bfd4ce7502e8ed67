"""The live filter's index: same answers as a plain substring search, on real and odd text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest import MonkeyPatch

from reader.data import search
from reader.data.formats.load import load_digest
from reader.data.models import Paper
from reader.data.search import SearchIndex


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
        assert index.matches(query[:end]) == naive(papers, query[:end]), query[:end]


def test_typing_over_the_shared_page(daily_page: Path) -> None:
    papers = load_digest(daily_page).papers
    index = SearchIndex(papers)
    index.build()
    for query in ("diffusion", "Video gen", "the model", "ß", "3d", "x-ray", "LLM", "e e e"):
        typed(index, papers, query)
    # Deleting characters and editing in the middle: no narrowing, still right.
    for query in ("diffusion", "diffus", "fusion", "con fusion", "on", ""):
        assert index.matches(query) == naive(papers, query)


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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(alphabet="abcnerul éß- XY.", min_size=1, max_size=40), min_size=1, max_size=30
    ),
    queries=st.lists(st.text(alphabet="abcnerul éß- XY.", min_size=0, max_size=6), max_size=8),
)
def test_any_sequence_of_queries_matches_the_plain_search(
    texts: list[str], queries: list[str]
) -> None:
    papers = tuple(
        Paper.create(title=f"T{number}", abstract=text) for number, text in enumerate(texts)
    )
    index = SearchIndex(papers)
    for query in queries:
        typed(index, papers, query)


def test_the_text_of_one_paper_never_matches_across_into_the_next() -> None:
    papers = (
        Paper.create(title="ends with ne", abstract="ab"),
        Paper.create(title="ural starts here", abstract="cd"),
    )
    index = SearchIndex(papers)
    assert index.matches("neural") == [] and index.matches("abural") == []
    assert index.matches("bural") == []


def test_how_many_papers_each_keystroke_reads(monkeypatch: MonkeyPatch) -> None:
    """Algorithmic shape, not time: which papers' text each keystroke searches.

    One or two letters: none (bitmaps). Three: only papers holding both letter
    pairs. Typing on: none, when the longer word sits where the shorter was.
    """
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
    searched: list[int] = []
    original = search._search

    def counting(built: Any, word: bytes, froms: Any, ends: Any) -> Any:
        searched.append(len(froms))
        return original(built, word, froms, ends)

    monkeypatch.setattr(search, "_search", counting)
    steps = {}
    for query in ("n", "ne", "neu", "neur", "neura", "neural"):
        searched.clear()
        result = index.matches(query)
        assert result == naive(papers, query)
        steps[query] = sum(searched)
    # "neu": papers with "ne" and "eu": the 50 neural and 20 neutral ones only.
    assert steps == {"n": 0, "ne": 0, "neu": 60, "neur": 0, "neura": 0, "neural": 0}
    assert index.cheap("neural")  # narrowing from known places: run inline
