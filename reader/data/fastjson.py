"""The fast path for large JSON digests: msgspec decodes and validates in C.

Reading 100,000 papers through `json`/`orjson` dicts and per-field checks in
Python takes seconds; decoding straight into typed structs takes a fraction.
Text is sanitised only when the raw bytes could hold a control character at
all, which one scan of the file decides.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

import msgspec

from .models import Paper, paper_id
from .text import clean_text, one_line

# Anything that could decode to a C0/C1 control, DEL or a bidi override:
# JSON escapes \u0000-\u009f, \b \f \r \t, raw DEL, raw UTF-8 C1, bidi (raw or escaped).
# Each pattern starts with a literal byte, so each scan runs at memchr speed.
_SUSPICIOUS = (
    re.compile(rb"\\[bfrtu]"),
    re.compile(rb"\x7f"),
    re.compile(rb"\xc2[\x80-\x9f]"),
    re.compile(rb"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])"),
)
_PLAIN_ID = re.compile(r"\d{4}\.\d{4,5}")


class _Link(msgspec.Struct):
    label: str
    url: str


class _Wire(msgspec.Struct, gc=False):
    """One paper as reader's JSON format spells it; unknown keys are ignored."""

    title: str
    id: str | None = None
    abstract: str = ""
    authors: list[str] = []
    author_count: int | None = None
    published: str | None = None
    upvotes: int | None = None
    url: str | None = None
    source: str | None = None
    ai_summary: str | None = None
    keywords: list[str] = []
    links: list[_Link] = []
    comments: int | None = None
    categories: list[str] = []
    announce: str | None = None


_DECODER = msgspec.json.Decoder(list[_Wire])


class FastPathError(ValueError):
    """The data does not fit the fast path; `index` is the paper at fault, if known."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


def _index_of(message: str) -> int | None:
    match = re.search(r"at `\$\[(\d+)\]", message)
    return int(match.group(1)) if match else None


def _decode(box: list[bytes], decoder: msgspec.json.Decoder[Any]) -> tuple[Any, bool, bool]:
    """Decode and scan the bytes in `box`; on success the box is emptied."""
    data = box[0]
    try:
        decoded = decoder.decode(data)
    except msgspec.ValidationError as error:
        raise FastPathError(str(error), _index_of(str(error))) from None
    except msgspec.DecodeError as error:
        raise FastPathError(str(error), None) from None
    plain = not any(pattern.search(data) for pattern in _SUSPICIOUS)
    newlines = b"\\n" in data
    box.clear()
    return decoded, plain, newlines


def decode_papers(box: list[bytes], source: str) -> list[Paper]:
    """Papers from an array in reader's JSON format; raises FastPathError.

    On success `box` is emptied, so that the bytes can be freed early.
    """
    wires, plain, newlines = _decode(box, _DECODER)
    intern = sys.intern
    papers: list[Paper] = []
    append = papers.append
    for number, wire in enumerate(wires):
        if not plain:
            append(_careful(wire, source))
            continue
        title = wire.title
        if (newlines and "\n" in title) or "  " in title or title[:1] == " " or title[-1:] == " ":
            title = one_line(title)
        if not title:
            raise FastPathError("a paper needs a non-empty 'title' string", number)
        given = wire.id
        if given is None or _PLAIN_ID.fullmatch(given) is None:
            given = paper_id(title, given)
        published = wire.published
        if published is not None:
            published = _iso(published, number)
        # Names repeat across papers: one copy each saves tens of MB at 100,000.
        authors = tuple(intern(a) for a in wire.authors)
        if newlines and any("\n" in a for a in authors):
            authors = tuple(one_line(a) for a in authors)
        abstract = wire.abstract
        if abstract[:1].isspace() or abstract[-1:].isspace():
            abstract = abstract.strip()
        append(
            Paper(
                given,
                title,
                abstract,
                authors,
                max(wire.author_count or 0, len(authors)),
                published,
                wire.upvotes,
                wire.url.strip() if wire.url else None,
                intern(wire.source) if wire.source else source,
                wire.ai_summary.strip() or None if wire.ai_summary else None,
                tuple(wire.keywords),
                tuple((link.label, link.url) for link in wire.links),
                wire.comments,
                tuple(wire.categories),
                wire.announce or None,
            )
        )
    return papers


def _iso(value: str, number: int) -> str:
    try:
        if len(value) == 10:
            date.fromisoformat(value)  # validates; already in the form we keep
            return value
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise FastPathError(f"'published' is not an ISO date: {value[:40]!r}", number) from None


def _careful(wire: _Wire, source: str) -> Paper:
    """The general path: every field sanitised."""
    if not clean_text(wire.title).strip():
        raise FastPathError("a paper needs a non-empty 'title' string", None)
    return Paper.create(
        id=wire.id,
        title=wire.title,
        abstract=wire.abstract,
        authors=wire.authors,
        author_count=wire.author_count,
        published=_iso(wire.published, 0) if wire.published else None,
        upvotes=wire.upvotes,
        url=wire.url,
        source=wire.source or source,
        ai_summary=wire.ai_summary,
        keywords=wire.keywords,
        links=[(link.label, link.url) for link in wire.links],
        comments=wire.comments,
        categories=wire.categories,
        announce=wire.announce,
    )


# --- the Hugging Face API shape ---------------------------------------------------------


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
    from .feeds import ARXIV_ABS, arxiv_links
    from .models import arxiv_id

    items, plain, _ = _decode(box, _HF_DECODER)
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
        papers.append(
            Paper(
                known or paper_id(title, paper.id),
                title,
                abstract,
                tuple(n for n in names if n),
                len(names),
                _iso(day, number) if day else None,
                paper.upvotes,
                ARXIV_ABS + known if known else None,
                source,
                (clean_text(paper.ai_summary).strip() or None) if paper.ai_summary else None,
                tuple(one_line(k) for k in paper.ai_keywords),
                tuple(links),
                item.numComments,
            )
        )
    return papers
