"""Stamps for changes of marks: a hybrid logical clock, so that merging state
files from several machines never trusts their clocks.

A stamp is text that sorts as it compares: the wall time in milliseconds,
a counter, and the machine that made it (`1764771901000-000000-3f9a1c2e`).
A machine's next stamp is later than every stamp it has seen, its own or
merged from another machine, even when its clock is an hour behind: a
change made after seeing another always wins over it.

The machine is a random id kept in the data directory (never the host name):
a state file in a synced folder is shared by machines, so it cannot hold the
id of one; it lists each machine that wrote to it instead.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path

Stamp = str
NEVER: Stamp = ""
"""The stamp of a field never changed: earlier than any other."""
_COUNTER = 6
"""Hex digits of the counter: a machine whose clock is behind may make
millions of changes before its clock passes the stamps it has seen."""


def stamp(wall_ms: int, counter: int = 0, machine: str = "") -> Stamp:
    return f"{wall_ms:013d}-{counter:0{_COUNTER}x}-{machine}"


def from_time(seconds: float) -> Stamp:
    """The stamp of a change a file without stamps dates at `seconds` (reader
    before stamps): earlier than any stamped change of that millisecond."""
    return stamp(round(seconds * 1000)) if seconds > 0 else NEVER


def parts(value: Stamp) -> tuple[int, int, str]:
    """(wall ms, counter, machine); ValueError if `value` is not a stamp."""
    wall, counter, machine = value.split("-", 2)
    if len(wall) != 13 or not wall.isdigit() or len(counter) != _COUNTER:
        raise ValueError(f"{value!r} is not a change stamp")
    return int(wall), int(counter, 16), machine


def wall_seconds(value: Stamp) -> float:
    """When the change says it was made (its machine's clock, or later)."""
    return parts(value)[0] / 1000 if value else 0.0


def machine_of(value: Stamp) -> str:
    return parts(value)[2] if value else ""


STAMP_PATTERN = rf"^(\d{{13}}-[0-9a-f]{{{_COUNTER}}}-[0-9a-z]*)?$"
"""A stamp, or `NEVER`: what a file's stamps are checked against."""


class Clock:
    """A hybrid logical clock: stamps from the wall clock, never earlier than
    one seen. Not thread-safe: `Marks` calls it under its lock."""

    def __init__(self, machine: str, physical: Callable[[], float]) -> None:
        self.machine = machine
        self._physical = physical
        self._wall = 0
        self._counter = 0

    def now(self) -> Stamp:
        wall = int(self._physical() * 1000)
        if wall > self._wall:
            self._wall, self._counter = wall, 0
        else:  # the clock has not passed the latest stamp seen: count on from it
            self._counter += 1
        return stamp(self._wall, self._counter, self.machine)

    def see(self, seen: Stamp) -> None:
        """Take in a stamp read from a file: the next one made here is later."""
        if not seen:
            return
        wall, counter, _ = parts(seen)
        if (wall, counter) > (self._wall, self._counter):
            self._wall, self._counter = wall, counter


MACHINE_FILE = "machine-id"


def local_machine(folder: Path) -> str:
    """This machine's id, made at its first use: 8 random hex digits kept in
    `folder` (the data directory), shared by every state file used here."""
    path = folder / MACHINE_FILE
    with contextlib.suppress(OSError):
        found = path.read_text(encoding="ascii").strip()
        if _valid_machine(found):
            return found
    made = secrets.token_hex(4)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        draft = folder / f".{MACHINE_FILE}.{made}"
        draft.write_text(made + "\n", encoding="ascii")
        try:
            os.link(draft, path)  # whole or not at all; refused if another process was first
        finally:
            draft.unlink()
    except FileExistsError:
        with contextlib.suppress(OSError):
            found = path.read_text(encoding="ascii").strip()
            if _valid_machine(found):
                return found
    except OSError:
        pass  # an unwritable data directory: an id for this process
    return made


def _valid_machine(value: str) -> bool:
    return 4 <= len(value) <= 32 and all(c in "0123456789abcdef" for c in value)
