"""Plain-text and JSON renderings of a digest for `reader list`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from .data.models import Paper
from .data.state.store import StateStore


def paper_rows(
    papers: Iterable[Paper], store: StateStore, scores: Mapping[str, float] | None = None
) -> list[dict[str, Any]]:
    """Each paper's fields plus its state (and its For you `score`, when ranked)."""
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
    return rows


def to_json(
    papers: Iterable[Paper], store: StateStore, scores: Mapping[str, float] | None = None
) -> str:
    """One JSON array, in the order given; readable back as a digest."""
    return orjson.dumps(paper_rows(papers, store, scores), option=orjson.OPT_INDENT_2).decode()


def to_table(papers: Iterable[Paper], store: StateStore, width: int = 100) -> str:
    """A compact table: markers, date, upvotes, title (cut to `width`)."""
    lines = []
    title_width = max(20, width - 26)
    for paper in papers:
        unread = " " if store.is_read(paper.id) else "●"
        star = "★" if store.is_starred(paper.id) else " "
        votes = "" if paper.upvotes is None else str(paper.upvotes)
        title = paper.title
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        lines.append(f"{unread}{star} {paper.published or '':10} {votes:>5}  {title}")
    return "\n".join(lines)
