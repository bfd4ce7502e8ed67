"""Digests of real sizes and shapes: long author lists never crash the app or the filter.

The filter's index once sized its buffer from a guess (80 characters of
authors a paper) and grew an anonymous shared map past it: SIGBUS on any
digest with six or more authors a paper, which is most real digests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.formats.load import load_digest
from reader.core.formats.reader_json import parse_json
from reader.core.models import Paper
from reader.core.query.index import SearchIndex
from tests.support import realshape
from tests.support.search import matches
from tests.support.terminal import Terminal
from tests.test_process import reader_command

AUTHORS = (1, 6, 15, 40, 900, 3000, 5000)


def naive(papers: list[Paper] | tuple[Paper, ...], query: str) -> list[int]:
    words = query.casefold().split()
    text = [f"{p.title}\n{' '.join(p.authors)}\n{p.abstract}".casefold() for p in papers]
    return [n for n, t in enumerate(text) if all(w in t for w in words)]


@pytest.mark.parametrize("count", (30, 150, 600))
@pytest.mark.parametrize("authors", AUTHORS)
def test_the_index_holds_any_author_list(tmp_path: Path, count: int, authors: int) -> None:
    # Keep the largest cases to a few hundred MB of text: 600 papers x 5,000 names
    # is 48 MB of authors, enough to outgrow any guess many times over.
    digest = realshape.write(
        tmp_path / "d.json", realshape.papers(count, authors=authors, seed=authors + count)
    )
    papers = load_digest(digest).papers
    assert [len(p.authors) for p in papers[:3]] == [authors] * 3
    index = SearchIndex(papers)
    index.build()
    last_name = papers[-1].authors[-1].split()[-1]
    for query in (last_name, "diffusion", "okafor sparse", papers[-1].title[:12]):
        assert matches(papers, index, query) == naive(papers, query), query


def test_abstracts_of_ten_thousand_characters() -> None:
    data = realshape.papers(150, authors=40, abstract_length=10_000)
    papers = parse_json("", "long.json", data).papers
    assert max(len(p.abstract) for p in papers) >= 10_000
    index = SearchIndex(papers)
    index.build()
    for query in ("hessian", "ε", papers[77].abstract[-30:-5]):
        assert matches(papers, index, query) == naive(papers, query)


def test_a_hundred_thousand_papers_with_real_author_counts() -> None:
    import random

    rng = random.Random(7)
    papers = [
        Paper.create(
            title=f"Paper {n} on sparse retrieval",
            abstract="We study a bounded estimator.\nIt converges.",
            authors=realshape.author_names(rng.randint(3, 11), rng),
        )
        for n in range(100_000)
    ]
    index = SearchIndex(papers)
    index.build()
    assert matches(papers, index, "paper 99999") == [99_999]
    assert len(matches(papers, index, "okafor")) == len(naive(papers, "okafor"))


def _run_app(tmp_path: Path, digest: Path, query: str, *expect: str) -> None:
    """Open `digest` in the real app in a terminal, filter with `query`, see
    each text of `expect` on screen, and quit."""
    env = {
        **os.environ,
        "READER_STATE": str(tmp_path / "state.json"),
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG_DIR": str(tmp_path / "c"),
        "READER_CACHE": str(tmp_path / "cache"),
        "TERM": "xterm-256color",
    }
    term = Terminal([*reader_command(), str(digest)], env, cols=160, rows=45)
    try:
        assert term.wait_for("papers ·", timeout=30), term.screen_text[-2000:]
        term.send("/" + query)
        for number, text in enumerate(expect):  # later texts follow within 10 s
            assert term.wait_for(text, timeout=10 if number else 30), term.screen_text[-2000:]
        term.send("\x11")  # ctrl+q quits from the filter box too; only a live app can

    finally:
        code = term.close(timeout=30)
    assert code == 0, term.screen_text[-2000:]


@pytest.mark.parametrize(
    ("count", "authors"),
    [(150, 10), (600, 6), (30, 3000), (30, 5000)],
    ids=["a Daily Papers week", "600 x 6 authors", "collaboration", "5000 authors"],
)
def test_the_app_stays_up_on_real_author_lists(tmp_path: Path, count: int, authors: int) -> None:
    data = realshape.papers(count, authors=authors, seed=count)
    data[-1]["authors"][-1] = "Zyxwvut Quillfeather"
    digest = realshape.write(tmp_path / "week.json", data)
    _run_app(tmp_path, digest, "quillfeather", f"showing 1 of {count}")


def test_the_app_stays_up_on_a_hugging_face_week(tmp_path: Path) -> None:
    digest = realshape.write(tmp_path / "hf-week.json", realshape.hf_items(150, authors=12))
    _run_app(tmp_path, digest, "(149)", "showing 1 of 150")


def test_a_filter_typed_while_a_large_digest_loads_applies_to_all_of_it(tmp_path: Path) -> None:
    """The first papers of a large file show at once; a filter typed then is
    echoed while the rest loads, and then applies to the rest without retyping."""
    items = realshape.hf_items(4000, seed=4)
    items[3900]["paper"]["title"] = "Quillfeather Kernels for Late Papers"
    digest = realshape.write(tmp_path / "big.json", items)
    assert digest.stat().st_size > 4 * 1024 * 1024  # large enough to show its head first
    _run_app(
        tmp_path,
        digest,
        "quillfeather",
        "showing 1 of 4000",
        "Quillfeather Kernels for Late Papers",
    )
