"""The real app in a pseudo-terminal: keys written as bytes, time until the
frame that shows their result has been written.

This is what a user meets: the terminal driver, the input parser, the
compositor and the write to the terminal are all on the clock.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

import pyte

FROM_CHECKOUT = """
import runpy, sys
# An editable install maps `reader` to its checkout ahead of sys.path: drop that.
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()]
sys.path.insert(0, sys.argv.pop(1))
sys.argv[0] = "reader"
runpy.run_module("reader", run_name="__main__", alter_sys=True)
"""
"""Runs `reader` from another checkout: `python -c FROM_CHECKOUT CHECKOUT ARGS`."""


def time_to_text(
    argv: Sequence[str], marker: bytes, env: dict[str, str], timeout: float = 60.0
) -> float:
    """Seconds until `marker` appears in what the program writes; then it is killed."""
    # The raw stream, not the emulated screen: feeding a first frame to the
    # emulator costs more than the bare app's one line, which would skew the ratio.
    with Pty(argv, env, emulate=False) as term:
        return term.until_raw(marker, timeout) - term.started


class Pty:
    """A program on a pseudo-terminal of 160×45, its screen kept by a terminal
    emulator (pyte) as it writes, so that "shown" means on the screen now."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], cols: int = 160, *, emulate: bool = True
    ) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, cols, 0, 0))
        self.screen = pyte.Screen(cols, 45)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.written = 0
        self.emulate = emulate
        self.raw = bytearray()
        self._unfed = 0
        """How much of `raw` the emulator has not seen: it is fed when the screen
        is asked about, never while a key's time runs (it parses slowly)."""

    def __enter__(self) -> Pty:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:
                raise RuntimeError("the program exited") from None
            self.written += len(data)
            self.raw += data

    def shows(self, text: str) -> bool:
        if self.emulate and self._unfed < len(self.raw):
            self.stream.feed(bytes(self.raw[self._unfed :]))
            self._unfed = len(self.raw)
        return any(text in line for line in self.screen.display)

    def until(self, text: str, timeout: float = 30.0, *, gone: bool = False) -> float:
        """The time at which the screen shows `text` (or no longer does)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if self.shows(text) != gone:
                return time.perf_counter()
            self._read(0.001)
        raise RuntimeError(f"{text!r} never {'went' if gone else 'appeared'}")

    def until_raw(self, marker: bytes, timeout: float = 30.0, since: int = 0) -> float:
        """The time at which `marker` has been written (after byte `since`)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if marker in self.raw[since:]:
                return time.perf_counter()
            self._read(0.001)
        raise RuntimeError(f"{marker!r} never appeared")

    def send(self, keys: bytes) -> float:
        """Write keys as a terminal would; returns when they were written."""
        os.write(self.master, keys)
        return time.perf_counter()

    def settle(self, quiet: float = 0.3) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        last = self.written
        end = time.perf_counter() + quiet
        while time.perf_counter() < end:
            self._read(0.01)
            if self.written != last:
                last = self.written
                end = time.perf_counter() + quiet


def _readable(query: str) -> bool:
    from reader.core.query.language import QueryError, parse

    try:
        parse(query.strip())
    except QueryError:
        return False
    return True


def typing(term: Pty, query: str, status: str = "filter “{}”") -> list[float]:
    """Type `query` a letter at a time; each letter's time until the status
    line shows the filter with it (the rows are drawn in the same frame)."""
    times = []
    for end in range(1, len(query) + 1):
        since = len(term.raw)
        sent = term.send(query[end - 1].encode())
        if query[end - 1].isspace() or not _readable(query[:end]):
            # The filter is the same (a space), or cannot be read yet (`au:`, an
            # open quote): the rows stay, and only the box echoes the key.
            term.settle(0.05)
            continue
        shown = status.format(query[:end].strip()).encode()
        times.append(term.until_raw(shown, since=since) - sent)
        term.settle(0.05)
    return times


def burst(term: Pty, keys: bytes, marker: str) -> float:
    """Write many keys at once; the time until `marker` (their result) is written."""
    since = len(term.raw)
    sent = term.send(keys)
    return term.until_raw(marker.encode(), since=since) - sent
