"""Plain-text and JSON renderings of a digest for `reader list`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from typing import Any

import orjson

from .data.models import Paper
from .data.state.store import StateStore
from .data.text import latex_to_unicode


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
    rows = paper_rows(papers, store, scores, watched)
    return orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode()


def to_table(
    papers: Iterable[Paper],
    store: StateStore,
    width: int = 100,
    watched: Set[str] = frozenset(),
) -> str:
    """A compact table under a header: marks (● unread, ★ starred, ◆ watched),
    id, date, upvotes and the title with its LaTeX made readable, cut to `width`."""
    rows = [
        (
            ("  " if store.is_read(p.id) else "● ")
            + ("★" if store.is_starred(p.id) else " ")
            + ("◆" if p.id in watched else " "),
            p.id,
            p.published or "",
            "" if p.upvotes is None else str(p.upvotes),
            latex_to_unicode(p.title),
        )
        for p in papers
    ]
    id_width = max([len("id"), *(len(row[1]) for row in rows)])
    title_width = max(20, width - id_width - 26)
    lines = [f"{'':4} {'id':<{id_width}}  {'date':10} {'votes':>5}  title"]
    for marks, pid, day, votes, title in rows:
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        lines.append(f"{marks} {pid:<{id_width}}  {day:10} {votes:>5}  {title}")
    return "\n".join(lines)
