"""Where the reader has been: the files opened (for the Inbox and the offline
fallback) and the paper last viewed in each digest. Kept in the state file's
metadata, read here into typed records once, so that no caller checks the
shape of what it finds."""

from __future__ import annotations

import time
from pathlib import Path

import msgspec

from .marks import Marks

RECENT = "recent"
RECENT_LIMIT = 50
POSITIONS = "positions"
POSITIONS_LIMIT = 200
"""How many digests remember the paper last viewed in them."""


class Recent(msgspec.Struct, frozen=True):
    """A digest file the reader opened."""

    path: str
    date: str | None = None
    """The digest's own date, when it states one."""
    opened: float = 0.0
    """When it was last opened (epoch seconds)."""


class Places:
    """The files opened and the positions kept, over the state's metadata."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks

    # --- files opened ------------------------------------------------------------

    def recent(self) -> list[Recent]:
        """Files opened before, newest digest first (then most recently opened)."""
        found = self.marks.meta_as(RECENT, list[Recent], [])
        return sorted(found, key=lambda r: (r.date or "", r.opened), reverse=True)

    def opened_file(self, path: Path, date: str | None) -> None:
        """Record that the digest file at `path` was opened."""
        resolved = str(path.resolve())
        kept = [r for r in self.recent() if r.path != resolved]
        kept.sort(key=lambda r: r.opened)
        kept.append(Recent(resolved, date, time.time()))
        self.marks.set_meta(RECENT, [msgspec.to_builtins(r) for r in kept[-RECENT_LIMIT:]])

    # --- the paper last viewed in each digest -----------------------------------------

    def _positions(self) -> dict[str, str]:
        return self.marks.meta_as(POSITIONS, dict[str, str], {})

    def position(self, digest: str) -> str | None:
        """The id of the paper last viewed in the digest named `digest`, if any."""
        return self._positions().get(digest)

    def keep_position(self, digest: str, paper_id: str) -> None:
        """Keep the paper viewed for the next time this digest opens."""
        old = self._positions()
        if old.get(digest) == paper_id:
            return
        positions = {k: v for k, v in old.items() if k != digest}
        positions[digest] = paper_id
        self.marks.set_meta(POSITIONS, dict(list(positions.items())[-POSITIONS_LIMIT:]))
