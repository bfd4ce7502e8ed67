"""Taking papers out: BibTeX, Markdown, JSON and CSV.

Each format is written for the tool that reads it next: a reference manager,
a reading group's agenda, a script, a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from itertools import islice
from typing import Any, Literal

import orjson

from .models import Paper, arxiv_id, as_shown
from .state.store import StateStore
from .text import latex_to_unicode

Format = Literal["bibtex", "markdown", "json", "csv"]
Which = Literal["starred", "unread", "read", "all"]
EXTENSIONS: dict[str, str] = {"bibtex": "bib", "markdown": "md", "json": "json", "csv": "csv"}

# --- choosing ---------------------------------------------------------------------------


def choose(
    papers: Iterable[Paper],
    store: StateStore,
    which: Which = "starred",
    *,
    tag: str | None = None,
    since: date | None = None,
) -> list[Paper]:
    """The papers to export. `since` applies to when a paper was starred
    (with `starred`) or read (with `read`), else to its publication date."""
    chosen = []
    cutoff = datetime.combine(since, datetime.min.time()).timestamp() if since else None
    wanted_tag = tag.lstrip("#").lower() if tag else None
    for paper in papers:
        record = store.record(paper.id)
        if which == "starred" and not record.starred:
            continue
        if which == "read" and not record.read:
            continue
        if which == "unread" and record.read:
            continue
        if wanted_tag and wanted_tag not in record.tags:
            continue
        if since is not None and cutoff is not None:
            if which == "starred":
                if record.t_starred < cutoff:
                    continue
            elif which == "read":
                if record.t_read < cutoff:
                    continue
            elif (paper.published or "") < since.isoformat():
                continue
        chosen.append(paper)
    return chosen


# --- JSON ------------------------------------------------------------------------------


def paper_rows(
    papers: Iterable[Paper],
    store: StateStore,
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
    store: StateStore,
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
    store: StateStore,
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


# --- BibTeX ------------------------------------------------------------------------------

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile(r"[\\{}&%$#_~^]")


def bib_escape(text: str) -> str:
    """Escape LaTeX's special characters so the text survives BibTeX literally.

    LaTeX in titles is first made readable (R\\"ossler becomes Rössler), so
    what is escaped is the text a reader sees.
    """
    plain = latex_to_unicode(text) if ("\\" in text or "$" in text) else text
    plain = " ".join(plain.split())
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group()], plain)


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


_STOP = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are"})


def citation_key(paper: Paper) -> str:
    """First author's surname + year + first title word, e.g. `okonkwo2026tidal`."""
    surname = _ascii_word(paper.authors[0].split()[-1]) if paper.authors else ""
    year = (paper.published or "")[:4]
    words = [_ascii_word(w) for w in latex_to_unicode(paper.title).split()]
    first = next((w for w in words if w and w not in _STOP), next((w for w in words if w), ""))
    return f"{surname or 'anon'}{year}{first or 'paper'}"


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    identifier = arxiv_id(paper.id)
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(bib_escape(a) for a in paper.authors)))
    if paper.published:
        fields.append(("year", paper.published[:4]))
    if identifier:
        fields.append(("eprint", identifier))
        fields.append(("archivePrefix", "arXiv"))
        if paper.categories:
            fields.append(("primaryClass", bib_escape(paper.categories[0])))
    fields.append(("url", paper.link.replace("%", r"\%").replace("{", "").replace("}", "")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}\n"


def to_bibtex(papers: Sequence[Paper]) -> str:
    """One `@misc` entry per paper, with unique citation keys."""
    used: dict[str, int] = {}
    entries = []
    for paper in papers:
        key = citation_key(paper)
        count = used.get(key, 0)
        used[key] = count + 1
        if count:
            key += "abcdefghijklmnopqrstuvwxyz"[(count - 1) % 26]
        entries.append(bibtex_entry(paper, key))
    return "\n".join(entries)


# --- Markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md_escape(text: str) -> str:
    """Escape Markdown so that paper text shows literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def to_markdown(papers: Sequence[Paper], store: StateStore, title: str = "Reading list") -> str:
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


# --- CSV ---------------------------------------------------------------------------------

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


def to_csv(papers: Sequence[Paper], store: StateStore) -> str:
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


def render(fmt: Format, papers: Sequence[Paper], store: StateStore) -> str:
    """The papers in `fmt`: text as the app shows it, but in BibTeX, which keeps
    LaTeX of its own (`bib_escape`)."""
    if fmt == "bibtex":
        return to_bibtex(papers)
    shown = [as_shown(paper) for paper in papers]
    if fmt == "markdown":
        return to_markdown(shown, store)
    if fmt == "csv":
        return to_csv(shown, store)
    return to_json(shown, store) + "\n"
