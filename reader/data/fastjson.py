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

from .collector import collector_paused
from .models import Link, Paper, paper_id
from .text import clean_text, one_line

# Anything that could decode to a C0/C1 control, DEL, a bidi override or an
# invisible character (see text._CONTROL_RE): JSON escapes \u0000-\u009f,
# \b \f \r \t, raw DEL, raw UTF-8 C1, the rest raw or escaped.
# Each pattern starts with a literal byte: `in` finds that byte at memchr speed
# (about 20 ms for 160 MB), and only then does the slower regex run.
_SUSPICIOUS = (
    (b"\\", re.compile(rb"\\[bfrtu]")),
    (b"\x7f", None),
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\x8b\x8e\x8f\xaa-\xae]|\x81[\xa0\xa6-\xa9])")),
    (b"\xd8\x9c", None),  # U+061C
    (b"\xef\xbb\xbf", None),  # U+FEFF
)
_PLAIN_ID = re.compile(r"\d{4}\.\d{4,5}")


# reader's JSON format is Paper's own layout: a file decodes straight into papers.
_DECODER = msgspec.json.Decoder(list[Paper])


class FastPathError(ValueError):
    """The data does not fit the fast path; `index` is the paper at fault, if known."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


def _index_of(message: str) -> int | None:
    match = re.search(r"at `\$\[(\d+)\]", message)
    return int(match.group(1)) if match else None


def _suspicious(data: bytes) -> bool:
    return any(
        lead in data and (pattern is None or pattern.search(data) is not None)
        for lead, pattern in _SUSPICIOUS
    )


def _decode(box: list[bytes], decoder: msgspec.json.Decoder[Any]) -> tuple[Any, bool, bool]:
    """Decode and scan the bytes in `box`; on success the box is emptied."""
    data = box[0]
    try:
        decoded = decoder.decode(data)
    except msgspec.ValidationError as error:
        raise FastPathError(str(error), _index_of(str(error))) from None
    except msgspec.DecodeError as error:
        raise FastPathError(str(error), None) from None
    plain = not _suspicious(data)
    newlines = b"\\" in data and b"\\n" in data  # memchr first: the pair search is slower
    box.clear()
    return decoded, plain, newlines


def decode_papers(box: list[bytes], source: str) -> list[Paper]:
    """Papers from an array in reader's JSON format; raises FastPathError.

    On success `box` is emptied, so that the bytes can be freed early.
    """
    with collector_paused():
        papers: list[Paper]
        papers, plain, newlines = _decode(box, _DECODER)
        if not plain:
            return [_careful(paper, source) for paper in papers]
        _settle(papers, newlines, source)
        return papers


def _settle(papers: list[Paper], newlines: bool, source: str) -> None:
    """Finish decoded papers in place, as `Paper.create` would have built them.

    The text holds no control characters (checked on the bytes), so what is
    left is cheap: ids, dates, stray spaces, defaults. Papers are frozen for
    everyone else; here they are still being built, so `force_setattr`.
    """
    put = msgspec.structs.force_setattr
    intern = sys.intern
    plain_id = _PLAIN_ID.fullmatch
    days: dict[str, str] = {}
    for number, paper in enumerate(papers):
        title = paper.title
        # str.strip() returns the very string when there is nothing to strip.
        if title.strip() is not title or "  " in title or (newlines and "\n" in title):
            title = one_line(title)
            put(paper, "title", title)
        if not title:
            raise FastPathError("a paper needs a non-empty 'title' string", number)
        given = paper.id
        if not given or plain_id(given) is None:
            put(paper, "id", paper_id(title, given or None))
        published = paper.published
        if published is not None:
            day = _day(days, published, number)
            if day is not published:
                put(paper, "published", day)
        # Names repeat across papers: one copy each saves tens of MB at 100,000.
        authors = tuple(map(intern, paper.authors))
        if newlines and any("\n" in name for name in authors):
            authors = tuple(map(one_line, authors))
        put(paper, "authors", authors)
        if paper.author_count < len(authors):
            put(paper, "author_count", len(authors))
        abstract = paper.abstract
        if abstract.strip() is not abstract:
            put(paper, "abstract", abstract.strip())
        url = paper.url
        if url is not None and (not url or url.strip() is not url):
            put(paper, "url", url.strip() if url else None)
        put(paper, "source", intern(paper.source) if paper.source else source)
        summary = paper.ai_summary
        if summary is not None and (not summary or summary.strip() is not summary):
            put(paper, "ai_summary", summary.strip() or None)
        if paper.announce == "":
            put(paper, "announce", None)


def _day(days: dict[str, str], value: str, number: int) -> str:
    """`_iso(value)`, checked once per distinct value: a digest has few dates."""
    day = days.get(value)
    if day is None:
        day = days[value] = _iso(value, number)
    return day


def _iso(value: str, number: int) -> str:
    try:
        if len(value) == 10:
            date.fromisoformat(value)  # validates; already in the form we keep
            return value
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        raise FastPathError(f"'published' is not an ISO date: {value[:40]!r}", number) from None


def _careful(paper: Paper, source: str) -> Paper:
    """The general path: every field sanitised."""
    if not clean_text(paper.title).strip():
        raise FastPathError("a paper needs a non-empty 'title' string", None)
    return Paper.create(
        id=paper.id or None,
        title=paper.title,
        abstract=paper.abstract,
        authors=paper.authors,
        author_count=paper.author_count,
        published=_iso(paper.published, 0) if paper.published else None,
        upvotes=paper.upvotes,
        url=paper.url,
        source=paper.source or source,
        ai_summary=paper.ai_summary,
        keywords=paper.keywords,
        links=paper.links,
        comments=paper.comments,
        categories=paper.categories,
        announce=paper.announce,
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
    with collector_paused():
        items, plain, _ = _decode(box, _HF_DECODER)
        return _hf_papers(items, plain, source)


def _hf_papers(items: list[_HFItem], plain: bool, source: str) -> list[Paper]:
    from .feeds import ARXIV_ABS, arxiv_links
    from .models import arxiv_id

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
            day = _day(days, day, number)
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
