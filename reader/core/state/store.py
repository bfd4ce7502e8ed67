"""Read/starred state, kept in memory (`Marks`) and persisted to a TinyDB file.

A keypress only touches in-memory sets. A background thread coalesces the
changes and, within `FLUSH_DELAY` seconds, brings the TinyDB tables up to date
and saves them through `SharedFile`: under the file lock, merged with what other
processes wrote, replaced atomically. Only papers the user touched are stored,
keyed by id.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document

from ..dates import now
from ..errors import StateError
from .clock import local_machine
from .conflicts import MERGED, conflicted_copies, put_away
from .marks import Marks
from .merging import Changed, marks_brought
from .records import (
    SCHEMA_VERSION,
    Change,
    Field,
    Record,
)
from .shared import LOCK_TIMEOUT, Found, SharedFile, StateFile
from .storage import NotRegularFile, parse_state, real_target
from .tables import Tables, parse_tables, read_tables

__all__ = ["SCHEMA_VERSION", "Change", "Field", "Record", "StateStore"]

DURABILITY = 1.0
"""Promise: every change is on disk within this many seconds (and at quit)."""
FLUSH_DELAY = 0.2
"""Seconds to gather further changes before a write; well inside `DURABILITY`."""
POLL_INTERVAL = 2.0
"""How often an idle store looks for changes saved by another process."""


class StateStore(Marks):
    """The marks, and the file behind them: loading, saving, merging, telling."""

    def __init__(
        self,
        path: Path,
        *,
        flush_delay: float = FLUSH_DELAY,
        clock: Callable[[], float] = now,
        machine: str | None = None,
        conflicts: bool = True,
    ) -> None:
        """`machine` is this machine's id (by default the data directory's,
        made at first use); `conflicts`: merge the conflicted copies that sync
        tools leave beside the file, at once and whenever they appear."""
        self.path = path
        self.notice: str | None = None
        """A message for the user about how the file was opened, if any."""
        if machine is None:
            from ..locations import data_dir

            machine = local_machine(data_dir())
        super().__init__(on_change=self._mark_dirty, clock=clock, machine=machine)
        self._flush_delay = flush_delay
        self._db = TinyDB(path, storage=SharedFile(StateFile))
        self._file = cast(SharedFile, self._db.storage)
        self._papers = self._db.table("papers", cache_size=0)
        self._doc_ids: dict[str, int] = {}
        """Each paper's TinyDB document id: stable for as long as the store is open."""
        self._dirty = False
        self._version = 0
        self._wake = threading.Condition(self._lock)
        self._closed = False
        self._write_error: str | None = None
        self._closing = threading.Event()
        self.external_version = 0
        """Goes up each time changes saved by another process are merged in."""
        self._listeners: list[Callable[[], None]] = []
        self._conflicts = conflicts
        self._unreadable: set[Path] = set()
        """Conflicted copies that could not be read, said once."""
        self._load()
        self.take_conflicts()
        self._file.remove_stale_temps()
        self._thread = threading.Thread(target=self._writer, name="state-writer", daemon=True)
        self._thread.start()

    # --- loading -----------------------------------------------------------

    def _load(self) -> None:
        found = self._read_file()
        if found is None:
            return
        raw, sig = found
        try:
            data = parse_state(raw)
        except ValueError as error:  # orjson's decode error is a ValueError
            self._set_aside(f"it is not valid JSON ({error})")
            return
        if data is not None:
            try:
                self._adopt(data)
            except ValueError as error:
                self._set_aside(f"it is not a reader state file ({error})")
                return
        self._file.adopt(data or {}, found)

    def _read_file(self) -> Found | None:
        """The file's bytes and their signature, read together; StateError if unusable."""
        try:
            return self._file.storage.read_bytes()
        except NotRegularFile as error:
            raise StateError(
                f"the state file {self.path} is {error.strerror}; "
                "point --state or READER_STATE at a regular file"
            ) from None
        except PermissionError:
            raise StateError(f"cannot read the state file {self.path}: permission denied") from None
        except OSError as error:
            raise StateError(f"cannot read the state file {self.path}: {error.strerror}") from None

    def _adopt(self, raw: dict[str, Any]) -> None:
        self.adopt(*parse_tables(self.path, raw))
        self._doc_ids = {doc["id"]: int(key) for key, doc in raw.get("papers", {}).items()}

    def _set_aside(self, reason: str, *, at_start: bool = True) -> None:
        """Keep a damaged file under a new name (through a symlink: its target)."""
        target = real_target(self.path)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = target.with_name(f"{target.name}.corrupt-{stamp}-{counter}")
        try:
            target.rename(aside)
        except OSError as error:
            raise StateError(
                f"the state file {self.path} is damaged: {reason}, and it could not "
                f"be moved aside ({error.strerror}). Nothing was changed."
            ) from None
        then = (
            "reader started with empty state"
            if at_start
            else "the marks of this session are saved in a new file"
        )
        self.notice = (
            f"The state file {self.path} was damaged: {reason}. It was kept as {aside} and {then}."
        )
        self._file.forget()
        self._tell()

    # --- telling the app -----------------------------------------------------

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener` (from any thread) when something changes that the user did
        not just do here: marks saved by another process, a file set aside, a write
        that failed or succeeded again."""
        self._listeners.append(listener)

    def _tell(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def write_error(self) -> str | None:
        """The last failed write's message; cleared by a successful write."""
        return self._write_error

    # --- persistence -------------------------------------------------------

    def _mark_dirty(self) -> None:
        """Caller holds the lock."""
        self._dirty = True
        self._version += 1
        self._wake.notify()

    def _apply_to_tables(self) -> None:
        """Bring the TinyDB tables up to date with the records changed since the last save.

        Documents are built under the lock for the changed records only; the
        table operations (each one pass over the table) run outside it, so a
        keypress never waits for them.
        """
        docs, moved, meta = self.take_stale()
        gone = [pid for pid in moved if pid in self._doc_ids]
        known = {pid: doc for pid, doc in docs.items() if pid in self._doc_ids}
        if known:

            def replace_document(doc: MutableMapping[str, Any]) -> None:
                fresh = known[doc["id"]]
                doc.clear()
                doc.update(fresh)

            self._papers.update(replace_document, doc_ids=[self._doc_ids[p] for p in known])
        new = [pid for pid in docs if pid not in self._doc_ids]
        if new:
            first = max(self._doc_ids.values(), default=0) + 1
            self._doc_ids.update((pid, first + n) for n, pid in enumerate(new))
            self._papers.insert_multiple(Document(docs[p], doc_id=self._doc_ids[p]) for p in new)
        if gone:
            self._papers.remove(doc_ids=[self._doc_ids.pop(pid) for pid in gone])
        # One metadata document, whatever id an odd file gave it.
        table = self._db.table("meta", cache_size=0)
        table.truncate()
        table.insert(Document(meta, doc_id=1))

    def _writer(self) -> None:
        """Write changes soon after they are made; otherwise look for other writers'."""
        while True:
            with self._lock:
                if not self._dirty and not self._closed:
                    self._wake.wait(timeout=POLL_INTERVAL)
                if self._closed:
                    return  # close() writes what is left
                dirty = self._dirty
            if dirty:
                # Let a burst of keypresses land before writing once.
                if self._closing.wait(self._coalesce_delay()):
                    return
                self.flush()
            else:
                self.sync()
                self.take_conflicts()

    def _coalesce_delay(self) -> float:
        """Gather changes longer when each write is bigger, within `DURABILITY`.

        A write of 100,000 records holds the GIL for tens of milliseconds;
        writing less often keeps keypresses from waiting on it, and the
        change is still on disk within the promised second.
        """
        return min(self._flush_delay + len(self._records) / 250_000, DURABILITY * 0.6)

    def sync(self) -> bool:
        """Take in changes another process saved; True if there were any."""
        try:
            if not self._file.may_have_changed():
                return False
            found = self._file.changed()
            return found is not None and self._take_in(found, locked=False)
        except (OSError, StateError):
            return False

    def merge_file(self, tables: Tables) -> list[Changed]:
        """Merge the marks of another machine's state file (`read_tables`), to
        be written to this one."""
        changes = self.merge_in(*tables)
        with self._lock:
            self._mark_dirty()
        return changes

    def take_conflicts(self) -> None:
        """Merge the conflicted copies beside the file; once written, move them
        into `merged/`. One that cannot be read is left where it is, and named."""
        if not self._conflicts:
            return
        copies = conflicted_copies(real_target(self.path))
        if not copies:
            return
        told: list[str] = []
        merged: list[tuple[Path, int]] = []
        for copy in copies:
            try:
                tables = read_tables(copy)
            except (OSError, ValueError, StateError) as error:
                if copy not in self._unreadable:
                    self._unreadable.add(copy)
                    told.append(
                        f"The conflicted copy {copy} could not be read ({error}); "
                        "it was left where it is."
                    )
                continue
            merged.append((copy, marks_brought(self.merge_file(tables))))
        if merged:
            self.flush()
            if self._write_error is None:  # the marks are on disk: the copies may go
                for copy, _ in merged:
                    with contextlib.suppress(FileNotFoundError):  # another reader was first
                        put_away(copy)
                told.append(_merged_notice(self.path, merged))
        if told:
            self.notice = " ".join(told)
            self._tell()

    def _take_in(self, found: Found, *, locked: bool) -> bool:
        """Merge what another process wrote into memory (the later change wins).

        The bytes merged and their fingerprint come from one read, so a write
        by another process can never be recorded as merged without being so.
        A damaged file is set aside only under the lock (`locked`): a write
        may be replacing it this very moment otherwise.
        """
        raw, sig = found
        try:
            data = parse_state(raw)
            if data is None:
                return False
            records, aliases, meta = parse_tables(self.path, data)
        except ValueError as error:
            if locked:
                # Someone left a broken file: keep it aside rather than overwrite it.
                self._set_aside(f"it was damaged by another program ({error})", at_start=False)
            return False
        self.merge_in(records, aliases, meta)
        with self._lock:
            self._file.remember(raw, sig)
            self.external_version += 1
            if not locked and self.holds_more_than(records):
                # A sync tool put another machine's file here, without marks
                # saved here before: write them back, or they would be lost.
                # (Under the lock, a save is writing them this moment.)
                self._mark_dirty()
        self._tell()
        return True

    def _prepare(self, found: Found | None) -> None:
        """Under the file lock, before a save: take in others' changes, update the tables."""
        if found is not None:
            self._take_in(found, locked=True)
        self._apply_to_tables()

    def flush(self, *, wait: Callable[[str], None] | None = None) -> None:
        """Write pending changes now (blocking), merged with the file on disk.

        Safe from any thread and from several processes: the file is locked,
        re-read and merged (per paper and field, the later change wins), then
        replaced atomically. Without `wait`, a lock held by another process
        for `LOCK_TIMEOUT` seconds leaves the changes pending, with an error
        in `write_error`, for the next try; with it, the write waits.
        """
        with self._lock:
            if not self._dirty:
                return
            self._dirty = False
            version = self._version
        from filelock import Timeout  # only writers need it

        try:
            self._file.save(self._prepare, wait)
        except (OSError, Timeout, StateError) as error:
            reason = (
                f"another reader has held the lock for {LOCK_TIMEOUT:g} s; retrying"
                if isinstance(error, Timeout)
                else str(error)
                if isinstance(error, StateError)
                else error.strerror or str(error)
            )
            with self._lock:
                self._dirty = True
                self._write_error = f"could not save state to {self.path}: {reason}"
            self._tell()
            return
        with self._lock:
            recovered = self._write_error is not None and self._version == version
            if self._version == version:
                self._write_error = None
        if recovered:
            self._tell()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self, *, wait: Callable[[str], None] | None = None) -> None:
        """Stop the writer thread and write everything that is left.

        With `wait`, a write that finds the file locked waits for as long as it
        takes (saying so through `wait`) rather than giving up.
        """
        with self._lock:
            self._closed = True
            self._wake.notify()
        self._closing.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()
        self.flush(wait=wait)


def _merged_notice(path: Path, merged: list[tuple[Path, int]]) -> str:
    marks = sum(n for _, n in merged)
    names = ", ".join(copy.name for copy, _ in merged)
    copies = "conflicted copy" if len(merged) == 1 else f"{len(merged)} conflicted copies"
    return (
        f"Merged {marks} mark{'s' if marks != 1 else ''} from the {copies} {names} "
        f"into {path.name}; moved to {real_target(path).parent / MERGED}."
    )
