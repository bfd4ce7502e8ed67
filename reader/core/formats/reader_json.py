"""reader's own JSON format: what `reader list --format json` prints.

An array of paper objects whose fields are `Paper`'s own, so large files decode
straight into papers (`decode_papers`); `parse_json` reads any JSON text with
field-by-field checks and names the line of a bad paper.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import msgspec
import orjson

from ..collector import collector_paused
from ..dates import iso_day
from ..errors import DigestError
from ..models import Detail, Digest, Link, Paper, paper_id
from ..text import clean_text, one_line, reflow
from .fast import Buffer, FastPathError, checked_day, decode_scanned
from .locate import line_of_element

_PLAIN_ID = re.compile(r"\d{4}\.\d{4,5}")


@cache
def _decoder() -> msgspec.json.Decoder[list[Paper]]:
    """reader's JSON format is Paper's own layout: a file decodes straight into papers.
    Made on first use: a page or a small file never needs it."""
    return msgspec.json.Decoder(list[Paper])


def decode_papers(
    box: list[Buffer], source: str, sink: Callable[[list[Paper]], None] | None = None
) -> list[Paper]:
    """Papers from an array in reader's JSON format; raises FastPathError.

    On success `box` is emptied, so that the bytes can be freed early. With
    a `sink`, the papers go to it a piece at a time (`fast.decode_scanned`).
    """

    def finish(papers: list[Paper], plain: bool, newlines: bool) -> list[Paper]:
        if not plain:
            return [_careful(paper, source) for paper in papers]
        _settle(papers, newlines, source)
        return papers

    with collector_paused():
        return decode_scanned(box, _decoder(), finish, sink)


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
            day = checked_day(days, published, number)
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
        tidy = reflow(abstract) if newlines else abstract.strip()
        if tidy is not abstract:
            put(paper, "abstract", tidy)
        url = paper.url
        if url is not None and (not url or url.strip() is not url):
            put(paper, "url", url.strip() if url else None)
        put(paper, "source", intern(paper.source) if paper.source else source)
        summary = paper.ai_summary
        if summary is not None and (not summary or summary.strip() is not summary):
            put(paper, "ai_summary", summary.strip() or None)
        if paper.announce == "":
            put(paper, "announce", None)
    # Short fields that `Paper.create` would tidy: checked once over all papers
    # (one join), and tidied paper by paper only when some need it.
    if not _all_tidy([w for p in papers for w in (*p.keywords, *p.categories)]):
        for paper in papers:
            for name in ("keywords", "categories"):
                put(paper, name, tuple(w for w in map(one_line, getattr(paper, name)) if w))
    if not _all_tidy([t for p in papers for d in p.details for t in (d.label, d.text)]):
        for paper in papers:
            details = (Detail(one_line(d.label), one_line(d.text)) for d in paper.details)
            put(paper, "details", tuple(d for d in details if d.text))
    if not _all_tidy([t for p in papers for link in p.links for t in link]):
        for paper in papers:
            links = (Link(one_line(link.label), one_line(link.url)) for link in paper.links)
            put(paper, "links", tuple(link for link in links if link.url))


def _all_tidy(texts: list[str]) -> bool:
    """True when `one_line` (on text a scan found clean) would change none of `texts`,
    and none is empty."""
    if not texts:
        return True
    joined = "\0" + "\0".join(texts) + "\0"
    return not any(bad in joined for bad in ("\0\0", "\0 ", " \0", "\n", "  ", "\t"))


def _careful(paper: Paper, source: str) -> Paper:
    """The mapping of a decoded paper to the paper shown: every field sanitised.

    (`_settle` does the same in place for text that a scan of the bytes found
    clean, where sanitising would change nothing.)"""
    if not clean_text(paper.title).strip():
        raise FastPathError("a paper needs a non-empty 'title' string", None)
    return Paper.create(
        id=paper.id or None,
        title=paper.title,
        abstract=paper.abstract,
        authors=paper.authors,
        author_count=paper.author_count,
        published=checked_day({}, paper.published, 0) if paper.published else None,
        upvotes=paper.upvotes,
        url=paper.url,
        source=paper.source or source,
        ai_summary=paper.ai_summary,
        keywords=paper.keywords,
        links=paper.links,
        comments=paper.comments,
        categories=paper.categories,
        announce=paper.announce,
        details=paper.details,
    )


def _optional_int(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"'{name}' must be an integer or null")
    return value


def _optional_str(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a string or null")
    return value


def _str_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"'{name}' must be a list of strings")
    return value


def _links(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, dict) and isinstance(v.get("url"), str) and isinstance(v.get("label"), str)
        for v in value
    ):
        raise ValueError('\'links\' must be a list of {"label": ..., "url": ...} objects')
    return [(v["label"], v["url"]) for v in value]


def _details(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(v, dict) and isinstance(v.get("label"), str) and isinstance(v.get("text"), str)
        for v in value
    ):
        raise ValueError('\'details\' must be a list of {"label": ..., "text": ...} objects')
    return [(v["label"], v["text"]) for v in value]


def _paper_from_json(item: Any, source: str) -> Paper:
    """A paper object read by any JSON reader: checked field by field (a ValueError
    says which is wrong), shaped as the struct the fast path decodes, and
    finished by the same `_careful` mapping."""
    if not isinstance(item, dict):
        raise ValueError("each paper must be a JSON object")
    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("a paper needs a non-empty 'title' string")
    authors = item.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ValueError("'authors' must be a list of strings")
    published = _optional_str(item.get("published"), "published")
    if published is not None:
        try:
            published = iso_day(published)
        except ValueError:
            raise ValueError(f"'published' is not an ISO date: {published[:40]!r}") from None
    decoded = Paper(
        id=_optional_str(item.get("id"), "id") or "",
        title=title,
        abstract=_optional_str(item.get("abstract"), "abstract") or "",
        authors=tuple(authors),
        author_count=_optional_int(item.get("author_count"), "author_count") or 0,
        published=published,
        upvotes=_optional_int(item.get("upvotes"), "upvotes"),
        url=_optional_str(item.get("url"), "url"),
        source=_optional_str(item.get("source"), "source") or "",
        ai_summary=_optional_str(item.get("ai_summary"), "ai_summary"),
        keywords=tuple(_str_list(item.get("keywords"), "keywords")),
        links=tuple(Link(label, url) for label, url in _links(item.get("links"))),
        comments=_optional_int(item.get("comments"), "comments"),
        categories=tuple(_str_list(item.get("categories"), "categories")),
        announce=_optional_str(item.get("announce"), "announce"),
        details=tuple(Detail(label, text) for label, text in _details(item.get("details"))),
    )
    return _careful(decoded, source)


def parse_json(text: str, source: str, data: Any = None) -> Digest:
    """Parse the app's JSON digest: what `reader list --format json` prints.

    That is an array of paper objects. An object with a `papers` array (and
    optional `date` and `title`) is accepted too. Saved Hugging Face API
    responses are recognised and read as such.
    """
    if data is None:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError as error:
            raise DigestError(
                source, getattr(error, "lineno", None), f"invalid JSON: {error.msg}"
            ) from None
    from .hf import looks_like_hf, parse_hf  # a saved API answer is JSON too

    if looks_like_hf(data):
        return parse_hf(data, source, text)
    meta: dict[str, Any] = {}
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        meta, data = data, data["papers"]
    if not isinstance(data, list):
        raise DigestError(source, 1, "expected a JSON array of papers")
    papers: list[Paper] = []
    for number, item in enumerate(data):
        try:
            papers.append(_paper_from_json(item, source))
        except ValueError as error:
            raise DigestError(
                source, line_of_element(text, number), f"paper {number + 1}: {error}"
            ) from None
    digest_date = meta.get("date") if isinstance(meta.get("date"), str) else None
    title = meta.get("title") if isinstance(meta.get("title"), str) else ""
    return Digest(source=source, papers=tuple(papers), date=digest_date, title=title or "")
