"""Machines acted out: each with its own data directory, state file and
clock, changing marks through the real command line (`reader mark`,
`reader merge`, in this process), and a sync folder between them that
copies files at random moments and, when two machines changed the file since
they last synced, writes a Syncthing-style conflicted copy, as Syncthing does.

What each machine knew when it made a change is tracked, so that the end
can be judged: every machine shows the same marks; a change made after
seeing another wins over it; no acknowledged change is lost (a change no
later change saw is in the end, unless a change made apart, at the same
time, won over it: both notes are kept, a star or a tag goes one way).
"""

from __future__ import annotations

import contextlib
import io
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reader.cli import main
from reader.core.state.tables import read_tables

PAPERS = [f"2611.{n:05d}" for n in range(1, 5)]
TAGS = ["theory", "to-cite"]
NOTE_WORDS = "check the proof of lemma 3 ablation table compare with last year's baseline".split()


@dataclass
class Change:
    """One change a machine made and the command acknowledged."""

    number: int
    machine: str
    paper: str
    register: str
    """`read`, `starred`, `note`, or `tag:NAME`."""
    value: bool | str
    saw: frozenset[int]
    """The changes this machine's file held when it made this one."""
    clock: float
    """The time by the machine's clock when it made it."""


@dataclass
class Machine:
    name: str
    folder: Path
    offset: float
    """Seconds this machine's clock is off (±1 hour, say)."""
    knows: set[int] = field(default_factory=set)
    synced: int = 0
    """The sync folder's version this machine's file last matched."""
    last_print: bytes = b""

    @property
    def state(self) -> Path:
        return self.folder / "sync" / "state.json"

    def run(self, now: float, *args: str) -> tuple[int, str]:
        """`reader ARGS` on this machine, at `now` by its clock; (exit code, output)."""
        env = {
            "READER_DATA_DIR": str(self.folder / "data"),
            "READER_CONFIG_DIR": str(self.folder / "config"),
            "READER_CACHE": str(self.folder / "cache"),
            "READER_STATE": str(self.state),
            "READER_NOW": f"{now + self.offset:.3f}",
        }
        out, err = io.StringIO(), io.StringIO()
        with _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return code, out.getvalue() + err.getvalue()

    def file(self) -> bytes:
        return self.state.read_bytes() if self.state.exists() else b""


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class World:
    """Machines, their sync folder, and what happened."""

    machines: list[Machine]
    rng: random.Random
    now: float
    cloud: bytes = b""
    cloud_knows: set[int] = field(default_factory=set)
    version: int = 0
    changes: list[Change] = field(default_factory=list)
    conflicts_written: int = 0
    conflicts_merged: int = 0
    by_hand: int = 0
    commands: int = 0
    refused: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    """What a machine's file showed wrongly at any moment (`judged`)."""
    _copy_knows: dict[str, set[int]] = field(default_factory=dict)
    """What each conflicted copy written knew, until a command merges it."""

    def act(self, machine: Machine) -> None:
        """One random change of marks on `machine`, through `reader mark`."""
        paper = self.rng.choice(PAPERS)
        kind = self.rng.choice(["read", "unread", "star", "unstar", "note", "tag", "untag"])
        args = ["mark", f"--{kind}"]
        register: str
        value: bool | str
        if kind in ("read", "unread", "star", "unstar"):
            register = "read" if kind in ("read", "unread") else "starred"
            value = kind in ("read", "star")
        elif kind == "note":
            register, value = "note", " ".join(self.rng.sample(NOTE_WORDS, 4))
            args.append(str(value))
        else:
            tag = self.rng.choice(TAGS)
            register, value = f"tag:{tag}", kind == "tag"
            args.append(tag)
        self.now += self.rng.uniform(10, 600)
        code, out = machine.run(self.now, *args, paper)
        self.commands += 1
        if code != 0:
            self.refused.append(out)
            return
        self._merged_conflicts(machine)
        number = len(self.changes)
        self.changes.append(
            Change(
                number,
                machine.name,
                paper,
                register,
                value,
                frozenset(machine.knows),
                self.now + machine.offset,
            )
        )
        machine.knows.add(number)
        self.check(machine)

    def merge_by_hand(self, machine: Machine, other: Machine) -> None:
        """`reader merge` of another machine's file, copied over (scp)."""
        if not other.state.exists():
            return
        copy = machine.folder / f"from-{other.name}.json"
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(other.state.read_bytes())
        known = set(other.knows)
        self.now += 60
        code, out = machine.run(self.now, "merge", str(copy))
        self.commands += 1
        self.by_hand += 1
        if code != 0:
            self.refused.append(out)
            return
        self._merged_conflicts(machine)
        machine.knows |= known
        self.check(machine)

    def _merged_conflicts(self, machine: Machine) -> None:
        """A command merges the conflicted copies beside the file: what they knew,
        the machine knows."""
        for copy in (machine.state.parent / "merged").glob("*"):
            known = self._copy_knows.pop(copy.name, None)
            if known is not None:
                machine.knows |= known
                self.conflicts_merged += 1

    def sync(self, machine: Machine) -> None:
        """The sync tool runs on `machine`: upload, download, or a conflict."""
        mine = machine.file()
        changed = bool(mine) and mine != machine.last_print
        if changed and machine.synced == self.version:
            self.cloud, self.cloud_knows = mine, set(machine.knows)
            self.version += 1
        elif changed:  # both changed since: keep mine as a conflicted copy, take theirs
            self.conflicts_written += 1
            stamp = f"20261203-{self.conflicts_written:06d}"
            name = f"state.sync-conflict-{stamp}-{machine.name.upper()}AAAA.json"
            (machine.state.parent / name).write_bytes(mine)
            self._copy_knows[name] = set(machine.knows)
            machine.state.write_bytes(self.cloud)
            machine.knows = set(self.cloud_knows)
        elif machine.synced != self.version:
            machine.state.parent.mkdir(parents=True, exist_ok=True)
            machine.state.write_bytes(self.cloud)
            machine.knows = set(self.cloud_knows)
        machine.synced = self.version
        machine.last_print = machine.file()
        self.check(machine)

    def check(self, machine: Machine) -> None:
        """Judge what the machine's file shows now, against what it holds."""
        if machine.state.exists() and not self._copy_knows_on(machine):
            self.wrong += judged(self, marks_of(machine.state), machine.knows)

    def _copy_knows_on(self, machine: Machine) -> bool:
        """A conflicted copy waits beside the file: its marks are not merged yet."""
        return any(machine.state.parent.glob("state.sync-conflict-*"))

    def settle(self) -> None:
        """Everyone syncs, and opens reader (merging what is beside the file),
        until every file is the same."""
        for _ in range(12):
            for machine in self.machines:
                self.sync(machine)
                self.now += 30
                machine.run(self.now, "stats")
                self.commands += 1
                self._merged_conflicts(machine)
                self.sync(machine)
            if len({m.file() for m in self.machines}) == 1:
                return


Shown = dict[str, tuple[bool, bool, frozenset[str], tuple[str, ...]]]
"""What a state file shows of each paper: read, starred, its notes' texts, tags."""


def marks_of(state: Path) -> Shown:
    """What a state file shows of each paper: read, starred, its notes' texts, tags."""
    records = read_tables(state)[0]
    return {
        pid: (r.read, r.starred, frozenset(text for _, text in r.notes), tuple(sorted(r.tags)))
        for pid, r in records.items()
    }


def judged(world: World, final: Shown, known: set[int] | None = None) -> list[str]:
    """What is wrong in what a file shows (`final`), given the changes that it
    holds (`known`; by default all): a change that another saw winning over it,
    or a change that nothing saw, missing with nothing made apart to explain it."""
    wrong = []
    by_register: dict[tuple[str, str], list[Change]] = {}
    for change in world.changes:
        if known is None or change.number in known:
            by_register.setdefault((change.paper, change.register), []).append(change)
    for (paper, register), changes in by_register.items():
        seen = set().union(*(c.saw for c in changes))
        latest = [c for c in changes if c.number not in seen]  # no change on it saw them
        read, starred, notes, tags = final.get(paper, (False, False, frozenset(), ()))
        if register == "note":
            for change in latest:
                if change.value and change.value not in notes:
                    wrong.append(f"{paper}: the note {change.value!r} was lost")
            continue
        shown: bool = (
            read
            if register == "read"
            else starred
            if register == "starred"
            else register[4:] in tags
        )
        if shown not in {c.value for c in latest}:
            wrong.append(f"{paper} {register}: shows {shown}, which no latest change set")
    return wrong


def simulate(folder: Path, machines: int, days: int, changes_a_day: int, seed: int) -> World:
    """`machines` machines (clocks up to an hour apart) changing marks for
    `days` days, syncing at random moments, sometimes merging by hand; then
    settled."""
    rng = random.Random(seed)
    offsets = [0.0, 3600.0, -3600.0] + [rng.uniform(-3600, 3600) for _ in range(machines)]
    world = World(
        [Machine(chr(ord("a") + n), folder / f"machine-{n}", offsets[n]) for n in range(machines)],
        rng,
        now=1_796_000_000.0,
    )
    for _ in range(days):
        for _ in range(changes_a_day * machines):
            machine = rng.choice(world.machines)
            if rng.random() < 0.06 and machines > 1:
                others = [m for m in world.machines if m is not machine]
                world.merge_by_hand(machine, rng.choice(others))
            else:
                world.act(machine)
            for other in world.machines:  # the sync tool runs now and then on each
                if rng.random() < 0.4:
                    world.sync(other)
        world.now += 8 * 3600  # the night
    world.settle()
    return world


def behind(world: World) -> int:
    """Changes made after seeing a change of the same mark whose machine's
    clock read later: those a merge by wall clocks would get wrong."""
    found = 0
    for change in world.changes:
        for number in change.saw:
            seen = world.changes[number]
            same = (seen.paper, seen.register) == (change.paper, change.register)
            if same and seen.clock > change.clock:
                found += 1
                break
    return found
