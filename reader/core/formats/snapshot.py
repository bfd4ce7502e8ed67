"""arXiv's bulk metadata snapshot: every arXiv paper, one JSON object a line,
plain or gzip-compressed (`reader import`).

A line's fields: `id`, `submitter`, `authors` (one string), `title` and
`abstract` (hard-wrapped), `comments`, `journal-ref`, `doi`, `report-no`,
`license`, `categories` (space-separated), `versions` (a list of `{version,
created}`, `created` as an RFC 2822 date), `update_date` and
`authors_parsed` (a list of `[last, first, suffix]`). A paper's date is its
first version's; its authors are `authors_parsed` when given, else the
`authors` string split.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import orjson

from ..dates import iso_day_or_none
from ..models import Paper
from .arxiv import ARXIV_ABS, arxiv_links

DETAILS = (
    ("comments", "Comments"),
    ("journal-ref", "Journal-ref"),
    ("doi", "DOI"),
    ("report-no", "Report-no"),
    ("license", "License"),
)
"""The snapshot's fields kept as a paper's details, with the labels arXiv's
mails give them (so that exports and the detail pane read them alike)."""


class BadLine(Exception):
    """A line that is not a paper: its number and why."""

    def __init__(self, number: int, reason: str) -> None:
        super().__init__(f"line {number}: {reason}")
        self.number = number
        self.reason = reason


class Snapshot:
    """A snapshot file read line by line, plain or gzip (told by its first
    bytes, not its name), saying how far into the file it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._raw = path.open("rb")
        self.size = path.stat().st_size
        """Bytes on disk (compressed, for a gzip file)."""
        compressed = self._raw.peek(2)[:2] == b"\x1f\x8b"
        self._stream: Iterable[bytes] = (
            gzip.GzipFile(fileobj=self._raw) if compressed else self._raw
        )

    @property
    def read(self) -> int:
        """Bytes of the file read so far."""
        return self._raw.tell()

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        """(line number, line) of its lines that are not blank."""
        for number, line in enumerate(self._stream, 1):
            if line.strip():
                yield number, line

    def close(self) -> None:
        if isinstance(self._stream, gzip.GzipFile):
            self._stream.close()
        self._raw.close()


def paper_of(number: int, line: bytes) -> Paper:
    """One line as a paper; raises BadLine."""
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise BadLine(number, f"not JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise BadLine(number, "not a JSON object")
    identifier, title = item.get("id"), item.get("title")
    if not isinstance(identifier, str) or not identifier.strip():
        raise BadLine(number, "no id")
    if not isinstance(title, str) or not title.strip():
        raise BadLine(number, f"{identifier}: no title")
    identifier = identifier.strip()
    categories = item.get("categories")
    return Paper.create(
        id=identifier,
        title=title,
        # Unstripped: the indentation every line shares is the wrapping's, and
        # reflow drops it (stripped, the first line alone would lose it).
        abstract=abstract if isinstance(abstract := item.get("abstract"), str) else "",
        authors=_authors(item),
        published=_first_version(item),
        url=ARXIV_ABS + identifier,
        links=arxiv_links(identifier) + _doi(item),
        categories=categories.split() if isinstance(categories, str) else [],
        details=[(label, _text(item.get(key))) for key, label in DETAILS],
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _authors(item: dict[str, Any]) -> list[str]:
    parsed = item.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        names = []
        for parts in parsed:
            if isinstance(parts, list):
                last, first, suffix = ([*map(_text, parts), "", "", ""])[:3]
                names.append(" ".join(p for p in (first, last, suffix) if p))
        return names
    text = " ".join(_text(item.get("authors")).split())
    return [n.strip() for n in text.replace(" and ", ", ").split(",") if n.strip()]


def _first_version(item: dict[str, Any]) -> str | None:
    versions = item.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        created = versions[0].get("created")
        if isinstance(created, str):
            try:
                return parsedate_to_datetime(created).date().isoformat()
            except (TypeError, ValueError):
                pass
    return iso_day_or_none(item.get("update_date"))


def _doi(item: dict[str, Any]) -> list[tuple[str, str]]:
    doi = _text(item.get("doi")).split()
    return [("DOI", f"https://doi.org/{doi[0]}")] if doi else []
