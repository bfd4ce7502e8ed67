"""arXiv's RSS listings and Atom API answers, read with feedparser."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ..dates import iso_day_or_none
from ..errors import DigestError
from ..models import Digest, Paper, arxiv_id
from .arxiv import ARXIV_ABS, arxiv_links, hf_link

_RSS_DESCRIPTION = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*Abstract:\s*(?P<abstract>.*)$",
    re.DOTALL,
)


def _feed(content: bytes | str, source: str) -> Any:
    import feedparser  # imported here: it is slow to import and rarely needed

    # Always a stream: given a str, feedparser fetches it if it looks like a URL
    # and opens it if it names a file. A digest must never make reader do either.
    data = content.encode("utf-8") if isinstance(content, str) else content
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.get("entries"):
        error = parsed.get("bozo_exception")
        line = error.getLineNumber() if hasattr(error, "getLineNumber") else None
        raise DigestError(source, line, f"malformed XML feed: {error}")
    return parsed


def _entry_categories(entry: Any) -> list[str]:
    terms = [t.get("term") for t in entry.get("tags", []) if isinstance(t.get("term"), str)]
    primary = entry.get("arxiv_primary_category", {}).get("term")
    if isinstance(primary, str):
        terms = [primary] + [t for t in terms if t != primary]
    return list(dict.fromkeys(terms))


def _split_authors(value: str) -> list[str]:
    parts = re.split(r",\s*|\s+and\s+", value.strip())
    return [p for p in parts if p]


def parse_rss(content: bytes | str, source: str, title: str = "") -> Digest:
    """An arXiv listing RSS feed: one item per announced paper."""
    parsed = _feed(content, source)
    channel = parsed.get("feed", {})
    day = None
    if channel.get("published_parsed"):
        day = date(*channel["published_parsed"][:3]).isoformat()
    papers = []
    for entry in parsed.get("entries", []):
        description = entry.get("summary", "") or ""
        match = _RSS_DESCRIPTION.match(description)
        link = entry.get("link", "")
        identifier = arxiv_id(match["id"]) if match else None
        identifier = identifier or arxiv_id(link.rsplit("/abs/", 1)[-1]) if link else identifier
        abstract = match["abstract"].strip() if match else description
        announce = entry.get("arxiv_announce_type") or (match["type"] if match else None)
        papers.append(
            Paper.create(
                id=identifier,
                title=entry.get("title", ""),
                abstract=abstract,
                authors=_split_authors(entry.get("author", "") or ""),
                published=day,
                url=ARXIV_ABS + identifier if identifier else (link or None),
                source=source,
                links=arxiv_links(identifier) if identifier else [],
                categories=_entry_categories(entry),
                announce=announce,
            )
        )
    return Digest(
        source=source,
        papers=tuple(p for p in papers if p.title),
        date=day,
        title=title or channel.get("title", ""),
    )


def parse_atom(content: bytes | str, source: str, title: str = "") -> Digest:
    """arXiv's Atom export API. An entry titled 'Error' is arXiv reporting an error."""
    parsed = _feed(content, source)
    entries = parsed.get("entries", [])
    if len(entries) == 1 and entries[0].get("title", "").strip() == "Error":
        raise DigestError(source, None, f"arXiv reported an error: {entries[0].get('summary', '')}")
    papers = []
    for entry in entries:
        identifier = arxiv_id(str(entry.get("id", "")).rsplit("/abs/", 1)[-1])
        pdf = None
        page = None
        for link in entry.get("links", []):
            href = link.get("href", "")
            if link.get("title") == "pdf" or "/pdf/" in href:
                pdf = pdf or href
            elif link.get("rel") == "alternate":
                page = page or href
        links = [("PDF", pdf)] if pdf else []
        if identifier:
            links += hf_link(identifier)
        papers.append(
            Paper.create(
                id=identifier,
                title=entry.get("title", ""),
                abstract=entry.get("summary", ""),
                authors=[a.get("name", "") for a in entry.get("authors", [])],
                published=iso_day_or_none(entry.get("published")),
                url=page or (ARXIV_ABS + identifier if identifier else None),
                source=source,
                links=links,
                categories=_entry_categories(entry),
            )
        )
    return Digest(
        source=source,
        papers=tuple(p for p in papers if p.title),
        title=title or parsed.get("feed", {}).get("title", ""),
    )


def parse_feed(content: bytes | str, source: str, title: str = "") -> Digest:
    """RSS or Atom, told apart by the feed itself."""
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    head = text.lstrip()[:2000].lower()
    if "<feed" in head:
        return parse_atom(content, source, title)
    if "<rss" in head or "<rdf" in head:
        return parse_rss(content, source, title)
    if "<html" in head or "<!doctype html" in head:
        raise DigestError(
            source,
            1,
            "a saved web page (HTML), not a digest. Open the page in a browser, select all "
            "and copy its text into a file (reader reads a copied Daily Papers page), or let "
            "reader fetch it: reader hf:YYYY-MM-DD",
        )
    raise DigestError(source, 1, "an XML file that is neither an RSS nor an Atom feed")
