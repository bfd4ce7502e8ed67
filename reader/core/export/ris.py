"""RIS: the format of EndNote, Mendeley and most reference managers,
written by rispy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..models import Paper
from ..state.marks import Marks
from .facts import facts
from .names import Name


def ris_entry(paper: Paper, key: str, marks: Marks | None = None) -> dict[str, Any]:
    """One RIS record: `JOUR` when a journal reference or DOI says the paper
    was published, else `GEN` with arXiv as its publisher (RIS has no preprint)."""
    found = facts(paper)
    shown = found.paper
    entry: dict[str, Any] = {
        "type_of_reference": "JOUR" if found.published else "GEN",
        "id": key,
        "title": shown.title,
    }
    if found.names:
        entry["authors"] = [ris_name(name) for name in found.names]
    if found.day is not None:
        entry["year"] = str(found.day.year)
        entry["date"] = found.day.strftime("%Y/%m/%d")
    elif found.year:
        entry["year"] = found.year
    if shown.abstract:  # a field is one line in RIS: paragraphs joined
        entry["abstract"] = " ".join(shown.abstract.split())
    if found.journal_ref:
        entry["journal_name"] = found.journal_ref
    if found.doi:
        entry["doi"] = found.doi
    if found.arxiv:
        entry["publisher"] = "arXiv"
        entry["number"] = f"arXiv:{found.arxiv}"
    entry["urls"] = [shown.link] + ([found.pdf] if found.pdf else [])
    if marks is not None:
        record = marks.record(paper.id)
        if record.tags:
            entry["keywords"] = list(record.tags)
        if record.note:
            entry["notes"] = [" ".join(line.split()) for line in record.note.split("\n\n")]
    return entry


def ris_name(name: Name) -> str:
    """`Family, Given` (`Family, Given, Suffix`), or the name as written."""
    if name.literal:
        return name.literal
    return ", ".join(p for p in (name.family, name.given, name.suffix) if p)


def to_ris(papers: Sequence[Paper], keys: Mapping[str, str], marks: Marks | None = None) -> str:
    import rispy

    class Writer(rispy.RisWriter):  # type: ignore[misc]
        """rispy's writer, without the `1.` it puts before each record (not RIS)."""

        def set_header(self, count: int) -> str:
            return ""

    entries = [ris_entry(paper, keys[paper.id], marks) for paper in papers]
    return str(rispy.dumps(entries, implementation=Writer))
