"""What the status line shows, as plain data: the session fills it, the status
bar widget draws it (abbreviated to its width)."""

from __future__ import annotations

import msgspec

from ..models import Digest
from ..sources.specs import Spec


class Status(msgspec.Struct, frozen=True):
    """Everything the status line shows."""

    title: str = "reader"
    short_title: str = ""
    """The title for a narrow line (`Spec.short_label`); "" when it is the title."""
    total: int = 0
    partial: bool = False
    """The counts are of the first papers only: more are being read."""
    unread: int = 0
    starred: int = 0
    watched: int = 0
    shown: int = 0
    views: list[str] = msgspec.field(default_factory=list)
    order: str = ""
    """The sort order's name, unless it is digest order."""
    activity: str = ""
    """Work in progress, such as "fetching hf:2026-11-27 (100 papers so far)"."""
    notice: str = ""
    """Something the user must know, such as an offline copy."""
    problem: str = ""
    """What is wrong with the filter being typed."""
    error: str = ""


def short_title(spec: Spec | None, digest: Digest) -> str:
    """The header's title on a narrow line: a spec's short label, or a file's
    day in full ("Dec 11, 2025"), never a title cut inside its date."""
    if spec is not None and spec.kind != "file":
        return spec.short_label
    if digest.date:
        from datetime import date

        day = date.fromisoformat(digest.date)
        return f"{day:%b} {day.day}, {day.year}"
    return ""
