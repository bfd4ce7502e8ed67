"""Read digests from files: the Daily Papers page as copied, and our JSON.

Formats are told apart by content, never by file extension. Every failure is
a `DigestError` that names the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from .models import Digest, Paper

MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}

_DATE_RE = re.compile(
    r"^(?P<month>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4}))?(?:\s+(?P<upvotes>\d+))?$"
)
_AUTHORS_RE = re.compile(r"^(?:[•·*-]\s*)?(?P<count>\d+)\s+authors?$", re.IGNORECASE)
_SEPARATOR = frozenset({"·", "•", "-"})


class DigestError(Exception):
    """A digest that cannot be read, with the place where reading failed."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


# --- dates -------------------------------------------------------------------


def resolve_yearless(month: int, day: int, reference: date) -> date:
    """The latest `month`/`day` on or before `reference` (Feb 29 included)."""
    year = reference.year
    for _ in range(8):  # a leap day is at most 8 years back
        try:
            candidate = date(year, month, day)
        except ValueError:
            year -= 1
            continue
        if candidate <= reference:
            return candidate
        year -= 1
    raise ValueError(f"no date {month}/{day} on or before {reference}")


def _parse_date_line(line: str, reference: date) -> tuple[date, int | None] | None:
    match = _DATE_RE.match(line)
    if not match:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    day = int(match["day"])
    upvotes = int(match["upvotes"]) if match["upvotes"] else None
    try:
        if match["year"]:
            return date(int(match["year"]), month, day), upvotes
        return resolve_yearless(month, day, reference), upvotes
    except ValueError:
        return None


# --- the Daily Papers page ----------------------------------------------------


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based numbers, trailing space removed."""
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def parse_page(text: str, source: str, *, today: date | None = None) -> Digest:
    """Parse the Daily Papers page as a user copies it from the browser.

    After a few header lines and the digest's date, each paper is a title,
    its abstract, `• N authors`, a `·` line and a date line that may end in
    an upvote count. Yearless dates resolve against the digest's date, and
    the digest's own yearless date against `today`.
    """
    today = today or date.today()
    lines = _numbered_lines(text)
    if not lines:
        raise DigestError(source, None, "the file is empty")

    # The header: everything up to the first line that is only a date.
    digest_date: date | None = None
    start = 0
    for index, (_, line) in enumerate(lines):
        if _AUTHORS_RE.match(line):
            break
        parsed = _parse_date_line(line, today)
        if parsed is not None and parsed[1] is None:
            digest_date = parsed[0]
            start = index + 1
            break
    if digest_date is None:
        raise DigestError(
            source,
            lines[0][0],
            "not a Daily Papers page: no digest date (such as 'Dec 11') before the first paper",
        )

    papers: list[Paper] = []
    block: list[tuple[int, str]] = []
    index = start
    while index < len(lines):
        number, line = lines[index]
        authors = _AUTHORS_RE.match(line)
        if not authors:
            block.append((number, line))
            index += 1
            continue
        if not block:
            raise DigestError(source, number, "an authors line with no title before it")
        index += 1
        if index < len(lines) and lines[index][1] in _SEPARATOR:
            index += 1
        if index >= len(lines):
            raise DigestError(
                source, number, f"paper {block[0][1]!r} has no date line after its authors"
            )
        date_number, date_line = lines[index]
        parsed = _parse_date_line(date_line, digest_date)
        if parsed is None:
            raise DigestError(
                source,
                date_number,
                f"expected a date line such as 'Sep 29' or 'May 26, 2024 1', "
                f"found {date_line[:60]!r}",
            )
        index += 1
        published, upvotes = parsed
        papers.append(
            Paper.create(
                title=block[0][1],
                abstract="\n\n".join(line for _, line in block[1:]),
                author_count=int(authors["count"]),
                published=published,
                upvotes=upvotes,
                source=source,
            )
        )
        block = []

    if block:
        raise DigestError(
            source,
            block[0][0],
            f"text after the last paper does not form a paper "
            f"(no '• N authors' line follows {block[0][1][:60]!r})",
        )
    if not papers:
        raise DigestError(source, lines[-1][0], "no papers found after the digest date")
    return Digest(
        source=source,
        papers=tuple(papers),
        date=digest_date.isoformat(),
        title=f"Daily Papers {digest_date:%b} {digest_date.day}, {digest_date.year}",
    )


# --- the app's own JSON format ---------------------------------------------------


def _element_lines(text: str) -> Iterator[int]:
    """Yield the line on which each element of a top-level JSON array starts."""
    import json

    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length or text[position] == "]":
            return
        yield text.count("\n", 0, position) + 1
        _, position = decoder.raw_decode(text, position)


def line_of_element(text: str, wanted: int) -> int | None:
    import json

    try:
        for number, line in enumerate(_element_lines(text)):
            if number == wanted:
                return line
    except (ValueError, json.JSONDecodeError):
        return None
    return None


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


def _paper_from_json(item: Any, source: str) -> Paper:
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
            published = date.fromisoformat(published[:10]).isoformat()
        except ValueError:
            raise ValueError(f"'published' is not an ISO date: {published[:40]!r}") from None
    return Paper.create(
        ai_summary=_optional_str(item.get("ai_summary"), "ai_summary"),
        keywords=_str_list(item.get("keywords"), "keywords"),
        links=_links(item.get("links")),
        comments=_optional_int(item.get("comments"), "comments"),
        categories=_str_list(item.get("categories"), "categories"),
        announce=_optional_str(item.get("announce"), "announce"),
        id=_optional_str(item.get("id"), "id"),
        title=title,
        abstract=_optional_str(item.get("abstract"), "abstract") or "",
        authors=authors,
        author_count=_optional_int(item.get("author_count"), "author_count"),
        published=published,
        upvotes=_optional_int(item.get("upvotes"), "upvotes"),
        url=_optional_str(item.get("url"), "url"),
        source=_optional_str(item.get("source"), "source") or source,
    )


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
    from .feeds import looks_like_hf, parse_hf

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


# --- files -------------------------------------------------------------------


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM allowed), naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DigestError(source, line, "the file is not valid UTF-8 text") from None


def parse_text(text: str, source: str, *, today: date | None = None) -> Digest:
    """Parse digest text in whichever supported format it is written."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DigestError(source, line, "the file contains a NUL byte; it is not a text digest")
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        return parse_json(text, source)
    if head == "<":
        from .feeds import parse_feed

        return parse_feed(text, source)
    return parse_page(text, source, today=today)


BIG = 4 * 1024 * 1024
"""Files larger than this show their first papers before the rest is read."""
FIRST_BATCH = 300


def _first_items(data: bytes) -> list[Any]:
    """The first few elements of a JSON array, read from its head only."""
    import json  # large JSON files only; the standard decoder reads a prefix item by item

    text = data[: 4 * 1024 * 1024].decode("utf-8", "ignore")
    decoder = json.JSONDecoder()
    items: list[Any] = []
    try:
        position = text.index("[") + 1
        while len(items) < FIRST_BATCH:
            while text[position] in " \t\r\n,":
                position += 1
            if text[position] == "]":
                break
            item, position = decoder.raw_decode(text, position)
            items.append(item)
    except (ValueError, IndexError, RecursionError):
        pass  # a head that does not decode: the full parse names the problem and line
    return items


def peek_digest(path: str | Path) -> Digest | None:
    """The first papers of a large JSON digest, read from its head only; else None."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4 * 1024 * 1024)
    except OSError:
        return None
    from .feeds import looks_like_hf, parse_hf

    items = _first_items(head)
    if not items:
        return None
    try:
        return parse_hf(items, source) if looks_like_hf(items) else parse_json("", source, items)
    except DigestError:
        return None


def parse_json_bytes(
    box: list[bytes], source: str, first: Callable[[Digest], None] | None = None
) -> Digest:
    """A JSON digest from bytes: the C fast path when it fits, else the careful one.

    Both give the same papers; the careful path also finds the line of an error.
    The bytes come in a one-item list that the fast path empties as soon as it
    has decoded them, so a 160 MB file is not held alongside its papers.
    """
    from .fastjson import FastPathError, decode_hf, decode_papers
    from .feeds import looks_like_hf, parse_hf

    data = box[0]
    head = _first_items(data)
    hf = looks_like_hf(head)
    if first is not None and len(data) > BIG and head:
        try:
            partial = parse_hf(head, source) if hf else parse_json("", source, head)
        except DigestError:
            pass  # the full parse below reports it properly
        else:
            first(partial)
    is_array = data.lstrip()[:1] == b"["
    del data
    if is_array:
        try:
            papers = decode_hf(box, source) if hf else decode_papers(box, source)
        except FastPathError as error:
            if not box:
                raise DigestError(source, None, str(error)) from None
        else:
            return Digest(source=source, papers=tuple(papers))
    return parse_json(decode(box[0], source), source)


def load_digest(
    path: str | Path,
    *,
    today: date | None = None,
    first: Callable[[Digest], None] | None = None,
) -> Digest:
    """Read and parse the digest at `path`; `first` may see its first papers early."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DigestError(source, None, "no such file") from None
    except IsADirectoryError:
        raise DigestError(source, None, "is a directory, not a digest file") from None
    except OSError as error:
        raise DigestError(source, None, f"cannot read: {error.strerror}") from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{") and b"\x00" not in data[:4096]:
        box = [data]
        del data
        return parse_json_bytes(box, source, first)
    return parse_text(decode(data, source), source, today=today)
