"""reader's whole garbage-collection policy, in one place.

Python's collector walks every tracked object again and again while many
long-lived ones are made, and a full pass lands on whichever key is pressed.
reader makes few cycles, so it steers the collector at four moments:

- startup (`startup_paused`): off from the command line until the first frame
  (`IdleCollector.resume`), then what startup made is frozen: it lives on.
- decoding a large digest (`collector_paused`): off while hundreds of
  thousands of papers are made; it halves msgspec's decode.
- after a load (`settle`): young garbage collected, and what survives
  frozen, so full passes no longer walk 100,000 papers.
- while the app runs (`IdleCollector`): automatic full passes off, run when
  the user pauses instead (with 100,000 papers loaded, Python's rule ran one
  every second or so, 10-15 ms on whichever key it landed).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while hundreds of thousands of objects are made.

    Every few hundred allocations the collector would walk all tracked objects
    made so far, none of which are garbage: pausing it halves msgspec's decode
    of 100,000 papers (0.75 s to 0.35 s). Nothing made here forms cycles, and
    what survives lives on with its digest: it is frozen, or the first young
    collection after the pause would walk all of it at once (about 75 ms at
    100,000 papers, holding the GIL while the UI waits for a key).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


@contextmanager
def startup_paused() -> Iterator[None]:
    """Collection off while the app starts (the first frame turns it back on,
    `IdleCollector.resume`); on again whatever happens, once the command ends."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def settle() -> None:
    """After a digest is loaded: collect young garbage, freeze what survives.

    Full collections over everything Textual keeps alive paused keys for up
    to ~150 ms at 100,000 papers; freezing what survives a collection removes
    those pauses. Frozen objects are still freed by reference counting when
    they are dropped (an earlier digest's papers are); only cycles frozen with
    them would be kept, and reader makes few. (Unfreezing everything to look
    for them cost ~100 ms of the UI thread after each load of 100,000 papers.)
    """
    gc.collect()
    gc.freeze()
    give_back()


def give_back() -> None:
    """Return the C heap's free pages to the system (glibc only).

    Loading and indexing 100,000 papers frees about 100 MB of short-lived
    buffers in the middle of the heap, which glibc keeps for later unless
    asked; the process's resident size would stay that much larger.
    """
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to ask
        return
    trim(0)
