"""Full garbage collections while the user is idle, not in the middle of a keystroke.

With 100,000 papers loaded, what survives a collection is frozen (see
`SourceActions._after_load`), so Python's rule for full collections (when
new long-lived objects are a quarter of the old ones) holds almost always, and
a full pass over Textual's own objects ran every second or so, costing 10-15 ms
on whichever key it landed. Here full passes wait for a pause in the typing.
"""

from __future__ import annotations

import gc
from time import monotonic

QUIET = 0.5
"""Seconds without input after which a full collection may run."""
EVERY = 10
"""Young-generation collections between full ones (Python's own default)."""


class IdleCollector:
    """Turns off automatic full collections while started, and runs them when idle."""

    def __init__(self) -> None:
        self._last_input = monotonic()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, 1 << 30)

    def stop(self) -> None:
        """Restore Python's thresholds (tests run many apps in one process)."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def resume(self) -> None:
        """After the first frame: collection back on, if the command line turned it
        off for startup, with what startup made frozen (it lives on)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def touch(self) -> None:
        """The user did something: put off full collections."""
        self._last_input = monotonic()

    def tick(self) -> bool:
        """Collect fully if the user has paused and enough has happened since; True if it did."""
        if self._saved is None or monotonic() - self._last_input < QUIET:
            return False
        if gc.get_count()[2] < EVERY:
            return False
        gc.collect()
        return True
