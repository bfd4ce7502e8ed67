"""arXiv's subscription e-mails: one plain-text digest per day and subject area.

The body (a saved `.txt`, or what `email` decodes from a mail) is a header
block between dashed lines ("Submissions to: …", "received from … to …"),
then one entry per paper between separators of dashes:

    \\\\
    arXiv:2601.12345
    Date: Mon, 12 Jan 2026 20:33:39 GMT   (215kb)

    Title: A title that wraps onto a second line, which is then
      indented by two spaces
    Authors: First Author, Second Author and Third Author
    Categories: cs.AI cs.LG
    Comments: 15 pages, 1 figure
    \\\\
      The abstract, wrapped at about 80 columns.
    \\\\ ( https://arxiv.org/abs/2601.12345 ,  215kb)

Cross-lists say `(*cross-listing*)` after the id; after a `%%--%%--%%` line
come replacements ("replaced with revised version …"), often without an
abstract. One malformed entry is skipped and named (by line) in the digest's
notices; the rest are kept. This is the one mapping from the mail format to
`Paper`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from ..errors import DigestError
from ..models import Digest, Paper

SEPARATOR = re.compile(r"^-{20,}\s*$")
REPLACEMENTS = re.compile(r"^%%--%%")
ID_LINE = re.compile(
    r"^(?:arXiv:)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
    r"(?P<cross>\s*\(\*cross-listing\*\))?\s*$"
)
FIELD = re.compile(r"^(?P<name>[A-Z][A-Za-z-]*):\s?(?P<value>.*)$")
LINK = re.compile(r"^\\\\\s*\(\s*(?P<url>\S+)\s*,")
RECEIVED = re.compile(r"received from\s+(?P<start>.+?)\s+to\s+(?P<end>\w{3} \d{1,2} \w{3} \d{2})")
DATE_IN_LINE = re.compile(r"(?P<day>\d{1,2} \w{3} \d{4})")
OPTIONAL = {
    "comments": "Comments",
    "journal-ref": "Journal-ref",
    "doi": "DOI",
    "report-no": "Report-no",
    "msc-class": "MSC-class",
    "acm-class": "ACM-class",
    "license": "License",
}
"""The optional fields kept, by their folded name, as arXiv spells them."""
MARKER = "Send any comments regarding submissions directly to submitter."


def looks_like_body(text: str) -> bool:
    """True for the body of an arXiv listing mail (its header, or its entries)."""
    head = text[:20_000]
    if MARKER in head and ("Submissions to:" in head or "arXiv:" in head):
        return True
    return bool(re.search(r"^\\\\\s*\n(?:arXiv:)?\d{4}\.\d{4,5}", head, re.MULTILINE))


class _Chunk:
    """Lines between two separators, and the number of the first."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.lines: list[str] = []


def _chunks(text: str) -> Iterator[tuple[_Chunk, bool]]:
    """Each chunk between separators, and whether it is among the replacements."""
    replacing = False
    chunk = _Chunk(1)
    for number, line in enumerate(text.splitlines(), start=1):
        if SEPARATOR.match(line) or REPLACEMENTS.match(line):
            if chunk.lines:
                yield chunk, replacing
            replacing = replacing or bool(REPLACEMENTS.match(line))
            chunk = _Chunk(number + 1)
            continue
        chunk.lines.append(line)
    if chunk.lines:
        yield chunk, replacing


def split_authors(text: str) -> list[str]:
    """Names split on commas and the final "and" ("A, B and C", "A, B, and C");
    commas inside parentheses (affiliations) do not split."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "," and depth <= 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names = [" ".join(p.split()) for p in parts]
    last = names.pop() if names else ""
    if last.startswith("and "):
        last = last[4:]
    head, _, tail = last.rpartition(" and ")
    names += [head, tail] if head and depth_free(last) else [last]
    return [n for n in names if n]


def depth_free(text: str) -> bool:
    """True when " and " in `text` is not inside parentheses."""
    at = text.rfind(" and ")
    return text[:at].count("(") == text[:at].count(")")


def _day(text: str) -> str | None:
    """The ISO day of "Mon, 12 Jan 2026 20:33:39 GMT" (or any "12 Jan 2026")."""
    found = DATE_IN_LINE.search(text)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group("day"), "%d %b %Y").date().isoformat()
    except ValueError:
        return None


def _entry(chunk: _Chunk, replacing: bool, source: str) -> Paper:
    """One entry's paper; raises ValueError saying what is wrong."""
    lines = chunk.lines
    while lines and not lines[0].strip():
        lines = lines[1:]
    if len(lines) < 2 or lines[0].strip() != "\\\\":
        raise ValueError("an entry begins with a \\\\ line and the paper's arXiv id")
    matched = ID_LINE.match(lines[1].strip())
    if matched is None:
        raise ValueError(f"no arXiv id on the line after \\\\ (found {lines[1].strip()[:40]!r})")
    fields: dict[str, str] = {}
    name = ""
    at = 2
    published = None
    while at < len(lines):
        line = lines[at]
        if line.strip() == "\\\\" or LINK.match(line.strip()):
            break
        field = FIELD.match(line)
        if line.startswith(("replaced with revised version", "Date:")):
            published = _day(line)
            name = ""
        elif field and not line[:1].isspace():
            name = field.group("name").lower()
            fields[name] = field.group("value").strip()
        elif line.strip() and name:  # a wrapped field goes on
            fields[name] += " " + line.strip()
        at += 1
    if not fields.get("title"):
        raise ValueError("the entry has no Title")
    abstract: list[str] = []
    url = None
    if at < len(lines) and lines[at].strip() == "\\\\":
        at += 1
        while at < len(lines) and not LINK.match(lines[at].strip()):
            abstract.append(lines[at])
            at += 1
    if at < len(lines) and (link := LINK.match(lines[at].strip())):
        url = link.group("url")
    cross = bool(matched.group("cross"))
    announce = (
        ("replace-cross" if cross else "replace") if replacing else ("cross" if cross else "new")
    )
    return Paper.create(
        id=matched.group("id"),
        title=fields["title"],
        abstract="\n".join(abstract),
        authors=split_authors(fields.get("authors", "")),
        published=published,
        url=url or f"https://arxiv.org/abs/{matched.group('id')}",
        source=source,
        categories=fields.get("categories", "").split(),
        announce=announce,
        details=[(label, fields[key]) for key, label in OPTIONAL.items() if fields.get(key)],
        links=[("DOI", f"https://doi.org/{fields['doi'].split()[0]}")] if fields.get("doi") else [],
    )


def parse_body(text: str, source: str, *, mail_date: str | None = None, where: str = "") -> Digest:
    """The papers of one digest body; `mail_date` is the mail's own day, used
    when the body does not say which days it covers; `where` names the mail in
    a mailbox, whose lines the notices count."""
    papers: list[Paper] = []
    skipped: list[str] = []
    subjects = ""
    day = None
    for chunk, replacing in _chunks(text):
        body = "\n".join(chunk.lines)
        if not any(line.strip() == "\\\\" for line in chunk.lines[:3]):
            if (found := re.search(r"Submissions to:\s*\n?(?P<what>.+)", body)) and not subjects:
                subjects = " ".join(found.group("what").split())
            if (received := RECEIVED.search(body)) and day is None:
                end = received.group("end")
                try:
                    day = datetime.strptime(end, "%a %d %b %y").date().isoformat()
                except ValueError:
                    day = None
            continue
        try:
            papers.append(_entry(chunk, replacing, source))
        except ValueError as error:
            skipped.append(f"{source}{where}: line {chunk.first}: skipped an entry: {error}")
    if not papers:
        reason = skipped[0].split(": skipped an entry: ")[-1] if skipped else "no entries"
        raise DigestError(
            source,
            None,
            "not an arXiv listing mail: expected entries of an arXiv id, Title, Authors "
            f"and an abstract between dashed lines ({reason})",
        )
    if len(skipped) > 3:  # one notice, not a screenful of them
        prefix = f"{source}{where}: "
        first = "; ".join(
            s.removeprefix(prefix).replace("skipped an entry: ", "") for s in skipped[:2]
        )
        skipped = [
            f"{prefix}skipped {len(skipped)} entries that could not be read: {first}; "
            f"and {len(skipped) - 2} more"
        ]
    day = day or mail_date
    title = f"arXiv {subjects}".strip() if subjects else "arXiv listing"
    if day:
        title += f" · {day}"
    return Digest(
        source=source, papers=tuple(papers), date=day, title=title, notices=tuple(skipped)
    )
