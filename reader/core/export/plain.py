"""Exports for people and scripts: JSON (as `reader list --format json`),
Markdown (a reading group's agenda) and CSV (a spreadsheet)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

import orjson

from ..models import Paper
from ..state.marks import Marks
from ..text import latex_to_unicode


def paper_rows(
    papers: Iterable[Paper],
    store: Marks,
    scores: Mapping[str, float] | None = None,
    watched: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Each paper's fields plus its state (and its For you `score`, when ranked,
    and why the watch list marks it, when there is a watch list: "" if not)."""
    rows = []
    for paper in papers:
        record = store.record(paper.id)
        rows.append(
            {
                **paper.to_json(),
                "read": record.read,
                "starred": record.starred,
                "note": record.note,
                "tags": list(record.tags),
            }
        )
        if scores is not None:
            rows[-1]["score"] = scores.get(paper.id)
        if watched is not None:
            rows[-1]["watched"] = watched.get(paper.id, "")
    return rows


def to_json(
    papers: Iterable[Paper],
    store: Marks,
    scores: Mapping[str, float] | None = None,
    watched: Mapping[str, str] | None = None,
) -> str:
    """One JSON array, in the order given; readable back as a digest."""
    return "".join(json_chunks(papers, store, scores, watched))


CHUNK = 1000
"""Papers a JSON chunk holds: a year's Inbox (240 MB of JSON) is written a
chunk at a time, never held whole."""


def json_chunks(
    papers: Iterable[Paper],
    store: Marks,
    scores: Mapping[str, float] | None = None,
    watched: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`to_json`'s text, a chunk of papers at a time (joined, the same text)."""
    papers = iter(papers)
    first = True
    while chunk := list(islice(papers, CHUNK)):
        text = orjson.dumps(paper_rows(chunk, store, scores, watched), option=orjson.OPT_INDENT_2)
        inner = text.decode()[2:-2]  # without "[\n" and "\n]"
        yield ("[\n" if first else ",\n") + inner
        first = False
    yield "[]" if first else "\n]"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md_escape(text: str) -> str:
    """Escape Markdown so that paper text shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(papers: Sequence[Paper], store: Marks, title: str = "Reading list") -> str:
    """An agenda: a heading per paper with its link, people, date, note, tags, abstract."""
    lines = [f"# {md_escape(title)}", "", f"{len(papers)} papers.", ""]
    for paper in papers:
        record = store.record(paper.id)
        heading = md_escape(latex_to_unicode(paper.title))
        lines.append(f"## [{heading}]({paper.link.replace(')', '%29')})")
        lines.append("")
        facts = [md_escape(paper.authors_label)]
        if paper.published:
            facts.append(paper.published)
        if paper.upvotes is not None:
            facts.append(f"{paper.upvotes} upvote" + ("" if paper.upvotes == 1 else "s"))
        lines.append(" · ".join(facts))
        lines.append("")
        if record.tags:
            lines.append("Tags: " + ", ".join(f"`{t}`" for t in record.tags))
            lines.append("")
        if record.note:
            lines.extend(
                "> " + md_escape(line) if line else ">" for line in record.note.splitlines()
            )
            lines.append("")
        if paper.abstract:
            lines.append(md_escape(latex_to_unicode(paper.abstract)))
            lines.append("")
    return "\n".join(lines)


CSV_FIELDS = [
    "id",
    "title",
    "authors",
    "author_count",
    "published",
    "upvotes",
    "url",
    "read",
    "starred",
    "tags",
    "note",
    "categories",
    "links",
    "abstract",
]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list)."""


def inert(value: object) -> object:
    """A cell a spreadsheet shows as text: one that would start a formula
    (a title such as `=HYPERLINK(…)`) gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(papers: Sequence[Paper], store: Marks) -> str:
    """One row per paper; lists are joined with '; ', and no cell can run as a
    formula in a spreadsheet (`inert`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in paper_rows(papers, store):
        cells = {
            **{name: row[name] for name in CSV_FIELDS if name in row},
            "authors": "; ".join(row["authors"]),
            "tags": "; ".join(row["tags"]),
            "categories": "; ".join(row["categories"]),
            "links": "; ".join(f"{link['label']}: {link['url']}" for link in row["links"]),
            "upvotes": "" if row["upvotes"] is None else row["upvotes"],
            "published": row["published"] or "",
            "url": row["url"] or "",
        }
        writer.writerow({name: inert(value) for name, value in cells.items()})
    return out.getvalue()
