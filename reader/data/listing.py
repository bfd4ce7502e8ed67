"""Plain-text and JSON renderings of a digest for `reader list`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from .models import Paper
from .store import StateStore


def paper_rows(papers: Iterable[Paper], store: StateStore) -> list[dict[str, Any]]:
    """Each paper's fields plus its `read` and `starred` state."""
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
    return rows


def to_json(papers: Iterable[Paper], store: StateStore) -> str:
    """One JSON array, in digest order; readable back as a digest."""
    return orjson.dumps(paper_rows(papers, store), option=orjson.OPT_INDENT_2).decode()


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
