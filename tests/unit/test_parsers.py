"""The parsers on the real shared page and on hard cases written here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.core.errors import DigestError
from reader.core.formats.load import load_digest, parse_text
from reader.core.formats.page import parse_page, resolve_yearless
from reader.core.formats.reader_json import parse_json
from reader.core.models import Paper, title_id
from reader.core.text import clean_text, find_links, latex_to_unicode
from tests.conftest import SAMPLE, TODAY

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""

HEADER = "Daily Papers\n\nbyAK and the research community\n\nNov 20\n\n"


def page(*papers: str, header: str = HEADER) -> str:
    return header + "\n\n".join(papers)


def entry(
    title: str,
    abstract: str = "An abstract.",
    authors: str = "• 3 authors",
    date_line: str = "Nov 19",
) -> str:
    return f"{title}\n\n{abstract}\n\n  {authors}\n·\n{date_line}\n"


# --- the shared Daily Papers page ---------------------------------------------


def test_shared_page_has_34_papers(daily_page: Path) -> None:
    digest = load_digest(daily_page, today=TODAY)
    assert len(digest.papers) == 34
    assert digest.papers[0].title == (
        "Random Policy Valuation is Enough for LLM Reasoning with Verifiable Rewards"
    )
    assert digest.papers[-1].title == "On Kinetic Optimal Probability Paths for Generative Models"
    assert digest.date == "2025-12-11"


def test_shared_page_dates_and_upvotes(daily_page: Path) -> None:
    papers = load_digest(daily_page, today=TODAY).papers
    first = papers[0]
    # "Sep 29 1": yearless, resolved against the digest's Dec 11, 2025; 1 upvote.
    assert first.published == "2025-09-29"
    assert first.upvotes == 1
    assert first.author_count == 7
    assert first.authors == ()
    assert papers[1].published == "2020-11-29"
    assert papers[1].upvotes is None
    diffusion = next(p for p in papers if p.title.startswith("Diffusion4D"))
    assert (diffusion.published, diffusion.upvotes) == ("2024-05-26", 1)
    assert sum(p.upvotes is not None for p in papers) == 2
    assert all(p.abstract for p in papers)
    assert len({p.id for p in papers}) == 34


def test_shared_page_yearless_digest_date_follows_the_given_day(daily_page: Path) -> None:
    digest = load_digest(daily_page, today=date(2025, 12, 1))
    assert digest.date == "2024-12-11"
    assert digest.papers[0].published == "2024-09-29"


def test_ids_survive_a_slightly_different_copy(daily_page: Path) -> None:
    original = load_digest(daily_page, today=TODAY)
    text = daily_page.read_text(encoding="utf-8")
    altered = text.replace("\n", "\r\n").replace(
        "Random Policy Valuation is Enough for LLM Reasoning with Verifiable Rewards",
        "Random  policy valuation is enough for LLM reasoning, with verifiable rewards ",
    )
    copy = parse_text(altered, "copy.txt", today=TODAY)
    assert [p.id for p in copy.papers] == [p.id for p in original.papers]


def test_resolve_yearless_handles_leap_days() -> None:
    assert resolve_yearless(2, 29, date(2026, 11, 28)) == date(2024, 2, 29)
    assert resolve_yearless(12, 31, date(2026, 1, 1)) == date(2025, 12, 31)
    assert resolve_yearless(1, 1, date(2026, 1, 1)) == date(2026, 1, 1)


# --- hard cases ------------------------------------------------------------------


def test_crlf_blank_lines_and_trailing_spaces() -> None:
    text = page(entry("A Title   ", "Line one.   "), entry("Second", date_line="Oct 2, 2024 7"))
    text = text.replace("\n", "\r\n\r\n  \r\n")
    digest = parse_page(text, "crlf.txt", today=TODAY)
    assert [p.title for p in digest.papers] == ["A Title", "Second"]
    assert digest.papers[0].abstract == "Line one."
    assert digest.papers[1].upvotes == 7
    assert digest.papers[1].published == "2024-10-02"


def test_markup_in_titles_is_kept_literally() -> None:
    digest = parse_page(page(entry("[bold]Loud[/bold] and [link=x]y[/link]")), "m.txt")
    assert digest.papers[0].title == "[bold]Loud[/bold] and [link=x]y[/link]"


def test_control_characters_become_visible() -> None:
    title = "Evil \x1b]0;pwned\x07 title \x1b[31mred\x9b"
    digest = parse_page(page(entry(title, "body \x1b[2J done")), "c.txt")
    paper = digest.papers[0]
    assert "\x1b" not in paper.title and "\x07" not in paper.title and "\x9b" not in paper.title
    assert "␛]0;pwned␇" in paper.title
    assert "\x1b" not in paper.abstract


def test_latex_is_made_readable() -> None:
    assert latex_to_unicode(r"The R\"ossler system") == "The Rössler system"
    assert latex_to_unicode(r"a \rightarrow b") == "a → b"
    assert latex_to_unicode(r"runs in $\mathcal{O}(n)$ time") == "runs in 𝒪(n) time"
    assert latex_to_unicode(r"$\alpha$-divergence, 50% faster") == "α-divergence, 50% faster"
    # Money, URLs and unknown macros survive.
    assert latex_to_unicode("costs $5 and $6") == "costs $5 and $6"
    assert latex_to_unicode(r"see https://x.org/~me/a_b and $\beta$") == (
        "see https://x.org/~me/a_b and β"
    )
    assert latex_to_unicode(r"the \tnti layer") == r"the \tnti layer"


def test_cjk_and_emoji() -> None:
    digest = parse_page(page(entry("多语言 モデル 🌏 Retrieval", "中文摘要 😀")), "u.txt")
    assert digest.papers[0].title == "多语言 モデル 🌏 Retrieval"
    assert digest.papers[0].abstract == "中文摘要 😀"


def test_a_very_long_abstract() -> None:
    abstract = "word " * 400_000
    digest = parse_page(page(entry("Long", abstract)), "long.txt")
    assert len(digest.papers[0].abstract) == len(abstract.strip())


def test_one_author_singular_or_plural() -> None:
    digest = parse_page(
        page(entry("A", authors="• 1 authors"), entry("B", authors="1 author")), "one.txt"
    )
    assert [p.author_count for p in digest.papers] == [1, 1]
    assert digest.papers[0].authors_label == "1 author"


def test_a_paper_without_an_abstract() -> None:
    text = HEADER + "Only a Title\n\n• 2 authors\n·\nNov 1\n"
    assert parse_page(text, "t.txt").papers[0].abstract == ""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty"),
        ("just some\nnotes\n", 1, "no digest date"),
        (HEADER + "Title\n\nAbstract\n\n• 2 authors\n·\nnot a date\n", 13, "expected a date"),
        (HEADER + "Title\n\nAbstract\n\n• 2 authors\n", 11, "no date line"),
        (page(entry("Fine")) + "\nDangling title\n\nand its abstract\n", 15, "does not form"),
        (HEADER + "• 2 authors\n·\nNov 1\n", 7, "no title"),
        (HEADER, 5, "no papers"),
    ],
)
def test_broken_pages_name_the_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(DigestError) as caught:
        parse_text(text, "broken.txt", today=TODAY)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith("broken.txt")


def test_invalid_utf8_and_nul_bytes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(HEADER.encode() + b"Title \xff\xfe\n")
    with pytest.raises(DigestError, match=r"bad.txt:7: .*UTF-8"):
        load_digest(bad)
    nul = tmp_path / "nul.txt"
    nul.write_bytes(HEADER.encode() + b"Ti\x00tle\n")
    with pytest.raises(DigestError, match=r"nul.txt:7: .*NUL"):
        load_digest(nul)
    with pytest.raises(DigestError, match="no such file"):
        load_digest(tmp_path / "missing.txt")


def test_sample_digest_parses() -> None:
    digest = load_digest(SAMPLE, today=TODAY)
    assert len(digest.papers) == 8
    assert digest.papers[2].title.startswith("[bold]Literal Brackets[/bold]")


# --- JSON ------------------------------------------------------------------------


def test_json_round_trip(daily_page: Path) -> None:
    import orjson

    original = load_digest(daily_page, today=TODAY)
    text = orjson.dumps([p.to_json() for p in original.papers]).decode()
    again = parse_json(text, "again.json")
    assert again.papers == original.papers


def test_json_round_trip_with_every_field() -> None:
    import orjson

    paper = Paper.create(
        id="2511.01234",
        title="T",
        abstract="A",
        authors=["X Y"],
        published="2026-11-27",
        upvotes=3,
        url="https://arxiv.org/abs/2511.01234",
        source="hf:2026-11-27",
        ai_summary="Short.",
        keywords=["rl", "llm"],
        links=[("GitHub", "https://github.com/a/b")],
        comments=2,
        categories=["cs.LG", "stat.ML"],
        announce="new",
    )
    again = parse_json(orjson.dumps([paper.to_json()]).decode(), "x.json").papers[0]
    assert again == paper


def test_json_errors_name_the_line() -> None:
    text = '[\n  {"title": "ok"},\n  {"title": "bad", "upvotes": "many"}\n]'
    with pytest.raises(DigestError) as caught:
        parse_json(text, "d.json")
    assert caught.value.line == 3
    assert "upvotes" in caught.value.message
    with pytest.raises(DigestError) as syntax:
        parse_json('[\n{"title": "x",\n', "s.json")
    assert "invalid JSON" in syntax.value.message
    with pytest.raises(DigestError, match="array"):
        parse_json('{"a": 1}', "o.json")


def test_json_ids_default_to_title_hash_and_accept_arxiv_ids() -> None:
    digest = parse_json(
        '[{"title": "A  Paper"}, {"title": "B", "id": "arXiv:2511.01234v2"}]', "x.json"
    )
    assert digest.papers[0].id == title_id("a paper")
    assert digest.papers[1].id == "2511.01234"


# --- small text helpers ---------------------------------------------------------------


def test_find_links_strips_trailing_punctuation() -> None:
    text = "Code: https://github.com/IBM/trajcast. Also (https://a.org/x_(y)) and http://b.org,"
    assert find_links(text) == [
        "https://github.com/IBM/trajcast",
        "https://a.org/x_(y)",
        "http://b.org",
    ]


def test_clean_text_keeps_newlines_only() -> None:
    assert clean_text("a\r\nb\tc\x00") == "a\nb c␀"
