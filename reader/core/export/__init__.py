"""Taking papers out: BibTeX, biblatex, CSL-JSON and RIS for reference
managers and citation tools, Markdown, JSON and CSV for people and scripts.

Each format is written for the tool that reads it next, and checked by it in
the tests (bibtexparser, citeproc-py, rispy; biber and pandoc where they are
installed). One mapping per format; what they all read of a paper is
`facts`; names are split once (`names`); citation keys are kept (`keys`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..models import Paper, as_shown
from ..state.marks import Marks
from .bibtex import bibtex_entry, to_biblatex, to_bibtex
from .choosing import Which, choose
from .csl import to_csl_json
from .keys import assign_keys, citation_key
from .plain import json_chunks, paper_rows, to_csv, to_json, to_markdown
from .ris import to_ris

__all__ = [
    "EXTENSIONS",
    "Format",
    "Which",
    "assign_keys",
    "bibtex_entry",
    "choose",
    "citation_key",
    "json_chunks",
    "paper_rows",
    "render",
]

Format = Literal["bibtex", "biblatex", "csl-json", "ris", "markdown", "json", "csv"]
EXTENSIONS: dict[str, str] = {
    "bibtex": "bib",
    "biblatex": "bib",
    "csl-json": "csl.json",
    "ris": "ris",
    "markdown": "md",
    "json": "json",
    "csv": "csv",
}


def render(fmt: Format, papers: Sequence[Paper], marks: Marks) -> str:
    """The papers in `fmt`. Citation formats key each paper as in every
    export before (`assign_keys`); BibTeX keeps LaTeX of its own
    (`bib_escape`), the rest write text as the app shows it."""
    if fmt in ("bibtex", "biblatex", "csl-json", "ris"):
        keys = assign_keys(papers, marks)
        if fmt == "bibtex":
            return to_bibtex(papers, keys)
        if fmt == "biblatex":
            return to_biblatex(papers, keys)
        if fmt == "csl-json":
            return to_csl_json(papers, keys)
        return to_ris(papers, keys, marks)
    shown = [as_shown(paper) for paper in papers]
    if fmt == "markdown":
        return to_markdown(shown, marks)
    if fmt == "csv":
        return to_csv(shown, marks)
    return to_json(shown, marks) + "\n"
