"""CSL-JSON: the format of Zotero, pandoc and citeproc (citation styles)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from ..models import Paper
from .facts import facts
from .names import Name


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One CSL item: a preprint (`article`, published by arXiv), or an
    `article-journal` when a journal reference or DOI says it was published."""
    found = facts(paper)
    shown = found.paper
    item: dict[str, Any] = {
        "id": key,
        "type": "article-journal" if found.published else "article",
        "title": shown.title,
    }
    if found.names:
        item["author"] = [csl_name(name) for name in found.names]
    if found.day is not None:
        item["issued"] = {"date-parts": [[found.day.year, found.day.month, found.day.day]]}
    elif found.year:
        item["issued"] = {"date-parts": [[int(found.year)]]}
    if shown.abstract:
        item["abstract"] = shown.abstract
    if found.journal_ref:
        item["container-title"] = found.journal_ref
    if found.doi:
        item["DOI"] = found.doi
    if found.arxiv and found.published:
        item["note"] = f"arXiv:{found.arxiv}"
    elif found.arxiv:
        item["number"] = f"arXiv:{found.arxiv}"
        item["publisher"] = "arXiv"
        item["genre"] = "Preprint"
    item["URL"] = shown.link
    return item


def csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    found = {"family": name.family, "given": name.given}
    if name.suffix:
        found["suffix"] = name.suffix
    return found


def to_csl_json(papers: Sequence[Paper], keys: Mapping[str, str]) -> str:
    items = [csl_item(paper, keys[paper.id]) for paper in papers]
    return orjson.dumps(items, option=orjson.OPT_INDENT_2).decode() + "\n"
