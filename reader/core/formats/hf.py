"""The Hugging Face Daily Papers API (`/api/daily_papers`), live or saved.

Bytes decode straight into typed structs (`decode_hf`); items that some other
JSON reader decoded are checked and shaped as the same structs (`parse_hf`).
Either way, one mapping (`_hf_papers`) makes the papers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import msgspec

from ..collector import collector_paused
from ..dates import iso_day_or_none
from ..errors import DigestError
from ..models import Digest, Link, Paper, arxiv_id, paper_id
from ..text import clean_text, one_line, reflow
from .arxiv import ARXIV_ABS, arxiv_links
from .fast import Buffer, FastPathError, decode_scanned
from .locate import line_of_element


def looks_like_hf(data: Any) -> bool:
    """An array whose items carry a nested `paper` object."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and isinstance(data[0].get("paper"), dict)
    )


def parse_hf(data: Any, source: str, text: str | None = None, title: str = "") -> Digest:
    """Papers from decoded Daily Papers API items (`text` locates errors).

    Each item is checked and brought into the structs the fast path decodes
    into, then mapped to `Paper` by the one mapping both paths share.
    """
    if not isinstance(data, list):
        raise DigestError(source, 1, "expected a JSON array of Daily Papers items")

    def fail(number: int, error: ValueError) -> DigestError:
        line = line_of_element(text, number) if text is not None else None
        return DigestError(source, line, f"item {number + 1}: {error}")

    items: list[_HFItem] = []
    for number, item in enumerate(data):
        try:
            items.append(_loose_item(item))
        except ValueError as error:
            raise fail(number, error) from None
    try:
        papers = _hf_papers(items, False, source)
    except FastPathError as error:
        raise fail(error.index or 0, error) from None
    return Digest(source=source, papers=tuple(papers), title=title)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _loose_item(item: Any) -> _HFItem:
    """An item decoded by any JSON reader, checked and shaped as the fast path's
    struct: wrongly typed optional fields are dropped, missing essentials are a
    ValueError that says which."""
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        raise ValueError("each item needs a 'paper' object")
    paper = item["paper"]
    identifier = paper.get("id")
    if not isinstance(identifier, str) or not identifier.strip():
        raise ValueError("the paper has no 'id' string")
    summary = paper.get("summary") or item.get("summary") or ""
    if not isinstance(summary, str):
        raise ValueError("'summary' must be a string")
    people = paper.get("authors") or []
    if not isinstance(people, list):
        raise ValueError("'authors' must be a list")
    keywords = paper.get("ai_keywords")
    return _HFItem(
        paper=_HFPaper(
            id=identifier,
            title=_text(paper.get("title")) or "",
            summary=summary,
            authors=[
                _HFAuthor(p["name"])
                for p in people
                if isinstance(p, dict) and isinstance(p.get("name"), str)
            ],
            publishedAt=_text(paper.get("publishedAt")),
            upvotes=_count(paper.get("upvotes")),
            githubRepo=_text(paper.get("githubRepo")),
            projectPage=_text(paper.get("projectPage")),
            ai_summary=_text(paper.get("ai_summary")),
            ai_keywords=[k for k in keywords if isinstance(k, str)]
            if isinstance(keywords, list)
            else [],
        ),
        title=_text(item.get("title")) or "",
        publishedAt=_text(item.get("publishedAt")),
        numComments=_count(item.get("numComments")),
    )


# --- the structs, and the mapping ------------------------------------------------


class _HFAuthor(msgspec.Struct, gc=False):
    name: str = ""


class _HFPaper(msgspec.Struct, gc=False):
    id: str
    title: str = ""
    summary: str = ""
    authors: list[_HFAuthor] = []
    publishedAt: str | None = None  # noqa: N815 - the API's spelling
    upvotes: int | None = None
    githubRepo: str | None = None  # noqa: N815
    projectPage: str | None = None  # noqa: N815
    ai_summary: str | None = None
    ai_keywords: list[str] = []


class _HFItem(msgspec.Struct, gc=False):
    paper: _HFPaper
    title: str = ""
    summary: str = ""
    publishedAt: str | None = None  # noqa: N815
    numComments: int | None = None  # noqa: N815


_HF_DECODER = msgspec.json.Decoder(list[_HFItem])


def decode_hf(
    box: list[Buffer], source: str, sink: Callable[[list[Paper]], None] | None = None
) -> list[Paper]:
    """Papers from saved Daily Papers API items; raises FastPathError. With a
    `sink`, the papers go to it a piece at a time (`fast.decode_scanned`)."""
    with collector_paused():
        return decode_scanned(
            box, _HF_DECODER, lambda items, plain, _: _hf_papers(items, plain, source), sink
        )


def _hf_papers(items: list[_HFItem], plain: bool, source: str) -> list[Paper]:
    """The one mapping from the API's items to papers. `plain` says a scan of the
    bytes found no control characters, so text needs no cleaning."""
    days: dict[str, str] = {}
    papers: list[Paper] = []
    # Taken one by one from the end, so that each item is freed once used: a
    # million small objects freed at once would hold the GIL for ~80 ms.
    items.reverse()
    for number in range(len(items)):
        item = items.pop()
        paper = item.paper
        title = paper.title or item.title
        if not plain or "\n" in title or "  " in title:
            title = one_line(title)
        if not title:
            raise FastPathError("the paper has no title", number)
        abstract = paper.summary or item.summary
        abstract = reflow(clean_text(abstract) if not plain else abstract)
        names = tuple(
            n for a in paper.authors if (n := sys.intern(one_line(a.name) if not plain else a.name))
        )
        known = arxiv_id(paper.id)
        links = arxiv_links(known) if known else []
        for label, url in (("GitHub", paper.githubRepo), ("Project page", paper.projectPage)):
            if url and url.strip():
                links.append((label, url if plain else one_line(url)))
        day = paper.publishedAt or item.publishedAt
        if day:
            if day not in days:
                days[day] = iso_day_or_none(day) or ""
            day = days[day]
        papers.append(
            Paper(
                id=known or paper_id(title, paper.id),
                title=title,
                abstract=abstract,
                authors=names,
                author_count=len(names),
                published=day or None,
                upvotes=paper.upvotes,
                url=ARXIV_ABS + known if known else None,
                source=source,
                ai_summary=(
                    (clean_text(paper.ai_summary).strip() or None) if paper.ai_summary else None
                ),
                keywords=tuple(k for k in map(one_line, paper.ai_keywords) if k),
                links=tuple(Link(label, url) for label, url in links),
                comments=item.numComments,
            )
        )
    return papers
