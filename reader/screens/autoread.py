"""Auto-read: a paper becomes read once it has stayed in the detail pane for a
while after the reader moved to it. Skimming past marks nothing, and neither
does a paper the reader did not move to (the one highlighted at startup, the
one the cursor returns to after triage or an undo)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ..core.models import Paper
from ..core.reading.marking import Marking


class Stoppable(Protocol):
    def stop(self) -> object: ...


Schedule = Callable[[float, Callable[[], None]], Stoppable]
"""Calls a function after some seconds; what it returns can cancel the call
(Textual's `set_timer`, or a clock a test advances by hand)."""


class AutoRead:
    """The dwell timer of the paper in the detail pane."""

    def __init__(
        self,
        marks: Marking,
        after: float,
        schedule: Schedule,
        *,
        still_shown: Callable[[Paper], bool],
        changed: Callable[[], None],
    ) -> None:
        self.marks = marks
        self.after = after
        """Seconds in the pane before a paper is read; 0 turns auto-read off."""
        self.schedule = schedule
        self.still_shown = still_shown
        """Whether the paper is still the one in the detail pane, on screen."""
        self.changed = changed
        self._timer: Stoppable | None = None

    def moved(self, paper: Paper | None, *, by_user: bool) -> None:
        """The highlight moved to `paper`: the dwell starts again, if the reader moved."""
        self.stop()
        if paper is None or not by_user or self.after <= 0:
            return
        if not self.marks.store.is_read(paper.id):
            self._timer = self.schedule(self.after, lambda: self._dwelt(paper))

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _dwelt(self, paper: Paper) -> None:
        self._timer = None
        if self.still_shown(paper) and self.marks.dwelt(paper):
            self.changed()
