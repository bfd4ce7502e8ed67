"""Which papers an export takes: starred, read, unread or all, by tag and since a day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from ..models import Paper
from ..state.marks import Marks

Which = Literal["starred", "unread", "read", "all"]


def choose(
    papers: Iterable[Paper],
    store: Marks,
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
