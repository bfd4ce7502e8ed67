"""The Daily Papers page as a user copies it from the browser."""

from __future__ import annotations

import re
from datetime import date

from ..dates import local_today
from ..errors import DigestError
from ..models import Digest, Paper

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
    today = today or local_today()
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
