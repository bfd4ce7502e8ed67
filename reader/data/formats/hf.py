"""The Hugging Face Daily Papers API (`/api/daily_papers`), live or saved.

Large responses decode straight into typed structs (`decode_hf`); `parse_hf`
reads already-decoded items with checks that name the item at fault.
"""

from __future__ import annotations

import sys
from typing import Any

import msgspec

from ..collector import collector_paused
from ..dates import iso_day_or_none
from ..errors import DigestError
from ..models import Digest, Link, Paper, arxiv_id, paper_id
from ..text import clean_text, one_line
from .arxiv import ARXIV_ABS, arxiv_links
from .fast import FastPathError, checked_day, decode_scanned
from .locate import line_of_element


def looks_like_hf(data: Any) -> bool:
    """An array whose items carry a nested `paper` object."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and isinstance(data[0].get("paper"), dict)
    )


def _hf_paper(item: Any, source: str) -> Paper:
    if not isinstance(item, dict) or not isinstance(item.get("paper"), dict):
        raise ValueError("each item needs a 'paper' object")
    paper = item["paper"]
    identifier = paper.get("id")
    if not isinstance(identifier, str) or not identifier.strip():
        raise ValueError("the paper has no 'id' string")
    title = paper.get("title") or item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("the paper has no title")
    summary = paper.get("summary") or item.get("summary") or ""
    if not isinstance(summary, str):
        raise ValueError("'summary' must be a string")
    people = paper.get("authors") or []
    if not isinstance(people, list):
        raise ValueError("'authors' must be a list")
    names = [p.get("name", "") for p in people if isinstance(p, dict)]
    upvotes = paper.get("upvotes")
    comments = item.get("numComments")
    keywords = paper.get("ai_keywords") or []
    links: list[tuple[str, str]] = []
    known = arxiv_id(identifier)
    if known:
        links = arxiv_links(known)
    for label, key in (("GitHub", "githubRepo"), ("Project page", "projectPage")):
        value = paper.get(key)
        if isinstance(value, str) and value.strip():
            links.append((label, value))
    ai_summary = paper.get("ai_summary")
    return Paper.create(
        id=identifier,
        title=title,
        abstract=summary,
        authors=[n for n in names if isinstance(n, str)],
        published=iso_day_or_none(paper.get("publishedAt") or item.get("publishedAt")),
        upvotes=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
        url=ARXIV_ABS + known if known else None,
        source=source,
        ai_summary=ai_summary if isinstance(ai_summary, str) else None,
        keywords=[k for k in keywords if isinstance(k, str)] if isinstance(keywords, list) else [],
        links=links,
        comments=comments if isinstance(comments, int) and not isinstance(comments, bool) else None,
    )


def parse_hf(data: Any, source: str, text: str | None = None, title: str = "") -> Digest:
    """Papers from decoded Daily Papers API items (`text` locates errors)."""
    if not isinstance(data, list):
        raise DigestError(source, 1, "expected a JSON array of Daily Papers items")
    papers: list[Paper] = []
    for number, item in enumerate(data):
        try:
            papers.append(_hf_paper(item, source))
        except ValueError as error:
            line = line_of_element(text, number) if text is not None else None
            raise DigestError(source, line, f"item {number + 1}: {error}") from None
    return Digest(source=source, papers=tuple(papers), title=title)


# --- the fast path ---------------------------------------------------------------


class _HFAuthor(msgspec.Struct):
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


def decode_hf(box: list[bytes], source: str) -> list[Paper]:
    """Papers from saved Daily Papers API items; raises FastPathError."""
    with collector_paused():
        items, plain, _ = decode_scanned(box, _HF_DECODER)
        return _hf_papers(items, plain, source)


def _hf_papers(items: list[_HFItem], plain: bool, source: str) -> list[Paper]:
    days: dict[str, str] = {}
    papers: list[Paper] = []
    for number, item in enumerate(items):
        paper = item.paper
        title = paper.title or item.title
        if not plain or "\n" in title or "  " in title:
            title = one_line(title)
        if not title:
            raise FastPathError("the paper has no title", number)
        abstract = paper.summary or item.summary
        abstract = clean_text(abstract).strip() if not plain else abstract.strip()
        names = tuple(sys.intern(one_line(a.name) if not plain else a.name) for a in paper.authors)
        known = arxiv_id(paper.id)
        links = arxiv_links(known) if known else []
        if paper.githubRepo:
            links.append(("GitHub", paper.githubRepo))
        if paper.projectPage:
            links.append(("Project page", paper.projectPage))
        day = paper.publishedAt or item.publishedAt
        if day:
            day = checked_day(days, day, number)
        papers.append(
            Paper(
                id=known or paper_id(title, paper.id),
                title=title,
                abstract=abstract,
                authors=tuple(n for n in names if n),
                author_count=len(names),
                published=day or None,
                upvotes=paper.upvotes,
                url=ARXIV_ABS + known if known else None,
                source=source,
                ai_summary=(
                    (clean_text(paper.ai_summary).strip() or None) if paper.ai_summary else None
                ),
                keywords=tuple(one_line(k) for k in paper.ai_keywords),
                links=tuple(Link(label, url) for label, url in links),
                comments=item.numComments,
            )
        )
    return papers
