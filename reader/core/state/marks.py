"""The marks in memory: read, starred, notes and tags per paper, with undo.

A keypress only touches these sets and records; `StateStore` builds on them
to keep them in a file. Nothing here does I/O.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Set
from typing import Any, Literal, TypeVar

import msgspec

from .clock import NEVER, Clock, Stamp
from .merging import Changed
from .records import SCHEMA_VERSION, Change, Field, Record, Value, normalise_tags

UNDO_LIMIT = 1000
UNIONED = ("machines", "citekeys")
"""Metadata merged entry by entry: the machines that wrote, the citation keys given."""
T = TypeVar("T")


class SetView(Set[str]):
    """A live, read-only view of one of the store's id sets: for widgets."""

    __slots__ = ("_items",)

    def __init__(self, items: Set[str]) -> None:
        self._items = items

    def __contains__(self, item: object) -> bool:
        return item in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class Marks:
    """Every paper's marks, the other ids papers are known by, app metadata and undo.

    `on_change` is called (with the lock held) after every change, so that its
    owner can save it.
    """

    def __init__(
        self,
        on_change: Callable[[], None],
        *,
        clock: Callable[[], float] = time.time,
        machine: str = "",
    ) -> None:
        self.clock = clock
        """When a change is made (epoch seconds): each mark keeps its time."""
        self.stamps = Clock(machine, clock)
        """Each change's stamp: later than every stamp seen (`clock`)."""
        self._lock = threading.Lock()
        self._on_change = on_change
        self._records: dict[str, Record] = {}
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._meta: dict[str, Any] = {"schema": SCHEMA_VERSION}
        self._undo: list[list[Change]] = []
        self._stale: set[str] = set()
        """Papers changed since `take_stale` was last asked."""
        self.version = 0
        """Goes up with every change of a mark: what has answered a query about
        the marks may keep its answer while it stays the same."""
        self._aliases: dict[str, str] = {}
        """Another id of a paper (its title id) -> the id its state is kept under."""
        self._alias_of: dict[str, list[str]] = {}

    # --- queries -----------------------------------------------------------

    @property
    def read_view(self) -> SetView:
        """Ids of read papers, live and read-only."""
        return SetView(self._read)

    @property
    def starred_view(self) -> SetView:
        """Ids of starred papers, live and read-only."""
        return SetView(self._starred)

    @property
    def read_ids(self) -> Set[str]:
        """Ids of read papers; a live view, do not mutate."""
        return self._read

    @property
    def starred_ids(self) -> Set[str]:
        """Ids of starred papers; a live view, do not mutate."""
        return self._starred

    def is_read(self, paper_id: str) -> bool:
        return paper_id in self._read

    def is_starred(self, paper_id: str) -> bool:
        return paper_id in self._starred

    def record(self, paper_id: str) -> Record:
        return self._records.get(self._aliases.get(paper_id, paper_id), Record())

    @property
    def starred_count(self) -> int:
        """Starred papers, each counted once (the id sets also hold other ids)."""
        return sum(1 for record in self._records.values() if record.starred)

    def title_ids(self) -> set[str]:
        """Ids derived from titles (`t:…`) that carry state."""
        return {pid for pid in self._records if pid.startswith("t:")}

    def annotated(self) -> list[tuple[str, Record]]:
        """(id, record) of every paper with a note or tags, under each id it is
        known by: what `tag:`, `note:`, `is:noted` and `is:tagged` look through."""
        with self._lock:
            found = [(pid, r) for pid, r in self._records.items() if r.note or r.tags]
            return found + [(a, r) for pid, r in found for a in self._alias_of.get(pid, ())]

    def ids(self) -> list[str]:
        """Every paper id with stored state."""
        return list(self._records)

    def __len__(self) -> int:
        return len(self._records)

    # --- changes -----------------------------------------------------------

    def _apply(self, paper_id: str, field: Field, value: Value, now: float, at: Stamp) -> None:
        """Set one field; caller holds the lock."""
        paper_id = self._aliases.get(paper_id, paper_id)
        old = self._records.get(paper_id, Record())
        self._set_record(paper_id, old.with_value(field, value, now, at))

    def _stamp(self) -> Stamp:
        """The stamp of a change made now, the machine listed as a writer;
        caller holds the lock."""
        machine = self.stamps.machine
        machines = self._meta.setdefault("machines", {})
        if machine and isinstance(machines, dict) and machine not in machines:
            from datetime import UTC, datetime

            since = datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="seconds")
            machines[machine] = {"since": since}
        return self.stamps.now()

    def _set_record(self, paper_id: str, record: Record) -> None:
        """Store a record and mirror it in the id sets, aliases included."""
        self.version += 1
        self._records[paper_id] = record
        self._stale.add(paper_id)
        for key in (paper_id, *self._alias_of.get(paper_id, ())):
            (self._read.add if record.read else self._read.discard)(key)
            (self._starred.add if record.starred else self._starred.discard)(key)

    def _link(self, alias: str, canonical: str, now: float) -> bool:
        """Make `alias` another name of `canonical`, merging their state."""
        canonical = self._aliases.get(canonical, canonical)
        if alias == canonical or self._aliases.get(alias) == canonical:
            return False
        moved = self._records.pop(alias, None)
        if moved is not None:
            self._stale.add(alias)
        self._aliases[alias] = canonical
        self._alias_of.setdefault(canonical, []).append(alias)
        here = self._records.get(canonical)
        if moved is None and here is None:
            return False
        if moved is not None and here is not None:
            merged = here.merged(moved)  # the later change of each field wins
        else:
            merged = moved or here or Record()
        self._set_record(canonical, merged)
        return True

    def link(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Declare (other id, id) pairs: one paper known by two ids.

        A paper starred from a pasted page (title id) keeps its star when it
        arrives from an API with an arXiv id, and marks made under either id
        show under both from then on.
        """
        now = self.clock()
        with self._lock:
            changed = [self._link(alias, canonical, now) for alias, canonical in pairs]
            if any(changed):
                self._on_change()

    def set_field(
        self,
        paper_ids: Iterable[str],
        field: Literal["read", "starred"],
        value: bool,
        *,
        undoable: bool = True,
    ) -> list[str]:
        """Set `field` on every paper; return the ids that actually changed.

        All the changes form one undo step.
        """
        changes = self.apply(((pid, field, value) for pid in paper_ids), undoable=undoable)
        return [change.paper_id for change in changes]

    def apply(
        self, updates: Iterable[tuple[str, Field, Value]], *, undoable: bool = True
    ) -> list[Change]:
        """Apply (paper id, field, value) updates as one undo step; return the changes."""
        now = self.clock()
        changes: list[Change] = []
        with self._lock:
            at = NEVER
            for paper_id, field, value in updates:
                before = self.record(paper_id).get(field)
                if before == value:
                    continue
                at = at or self._stamp()
                self._apply(paper_id, field, value, now, at)
                changes.append(Change(paper_id, field, before))
            if changes:
                if undoable:
                    self._undo.append(changes)
                    del self._undo[:-UNDO_LIMIT]
                self._on_change()
        return changes

    def set_note(self, paper_id: str, note: str) -> bool:
        """Replace a paper's note (undoable); True if it changed."""
        return bool(self.apply([(paper_id, "note", note.strip())]))

    def set_tags(self, paper_id: str, tags: str | list[str] | tuple[str, ...]) -> bool:
        """Replace a paper's tags (undoable); True if they changed."""
        return bool(self.apply([(paper_id, "tags", normalise_tags(tags))]))

    def mark_sent(self, paper_ids: Iterable[str], when: float) -> None:
        """Remember that the papers went to Zotero at `when` (the first time is kept)."""
        with self._lock:
            changed = False
            for paper_id in paper_ids:
                paper_id = self._aliases.get(paper_id, paper_id)
                old = self._records.get(paper_id, Record())
                if not old.zotero:
                    self._set_record(paper_id, msgspec.structs.replace(old, zotero=when))
                    changed = True
            if changed:
                self._on_change()

    def all_tags(self) -> list[str]:
        """Every tag in use, sorted."""
        return sorted({tag for record in self._records.values() for tag in record.tags})

    def toggle(self, paper_id: str, field: Literal["read", "starred"]) -> bool:
        """Flip one field of one paper (undoable) and return its new value."""
        target = self._read if field == "read" else self._starred
        value = paper_id not in target
        self.set_field([paper_id], field, value)
        return value

    def undo(self) -> list[Change] | None:
        """Revert the last undoable step; return what it reverted, or None."""
        now = self.clock()
        with self._lock:
            if not self._undo:
                return None
            changes = self._undo.pop()
            at = self._stamp()
            for change in reversed(changes):
                self._apply(change.paper_id, change.field, change.before, now, at)
            self._on_change()
        return changes

    # --- metadata ------------------------------------------------------------

    def get_meta(self, key: str, default: Any = None) -> Any:
        return self._meta.get(key, default)

    def meta_as(self, key: str, kind: type[T], default: T) -> T:
        """Metadata `key` read as `kind` (a msgspec type), or `default` when it is
        missing or not of that shape (a file edited by hand, an older reader):
        what is odd is passed over, never fatal, and callers get typed values."""
        import msgspec

        if key not in self._meta:
            return default
        try:
            return msgspec.convert(self._meta[key], kind)
        except msgspec.ValidationError:
            return default

    def set_meta(self, key: str, value: Any) -> None:
        with self._lock:
            self._meta[key] = value
            self._on_change()

    # --- taking in and handing out ------------------------------------------

    def adopt(
        self, records: dict[str, Record], aliases: dict[str, str], meta: dict[str, Any]
    ) -> None:
        """Start from the marks a file held."""
        self.version += 1
        self._meta = meta
        self._records = records
        self._stale = set()
        self._read = {pid for pid, r in records.items() if r.read}
        self._starred = {pid for pid, r in records.items() if r.starred}
        self.stamps.see(max((r.latest for r in records.values()), default=NEVER))
        now = self.clock()
        for alias, canonical in aliases.items():
            self._link(alias, canonical, now)

    def merge_in(
        self, records: dict[str, Record], aliases: dict[str, str], meta: dict[str, Any]
    ) -> list[Changed]:
        """Take in marks another process or machine saved (`Record.merged`);
        return the papers whose marks changed."""
        now = self.clock()
        with self._lock:
            self.stamps.see(max((r.latest for r in records.values()), default=NEVER))
            changed = self._merged(records)
            for canonical, _, merged in changed:
                self._set_record(canonical, merged)
            for alias, canonical in aliases.items():
                self._link(alias, canonical, now)
            for key in UNIONED:  # per entry: this file's first
                mine_entries = self._meta.setdefault(key, {})
                theirs_entries = meta.get(key, {})
                if isinstance(mine_entries, dict) and isinstance(theirs_entries, dict):
                    for name, value in theirs_entries.items():
                        mine_entries.setdefault(name, value)
            seen = {e["path"] for e in self._meta.get("recent", [])}
            recent = list(self._meta.get("recent", []))
            recent += [e for e in meta.get("recent", []) if e["path"] not in seen]
            self._meta["recent"] = recent
            for key, value in meta.items():
                self._meta.setdefault(key, value)
        return changed

    def holds_more_than(self, records: dict[str, Record]) -> bool:
        """True if these marks have something `records` (a file's) lack;
        caller holds the lock."""
        mine = self._records
        return len(mine) != len(records) or any(mine.get(p) != r for p, r in records.items())

    def preview_merge(self, records: dict[str, Record]) -> list[Changed]:
        """What merging `records` in would change, changing nothing."""
        with self._lock:
            return self._merged(records)

    def _merged(self, records: dict[str, Record]) -> list[Changed]:
        """Each paper whose marks `records` change: (id, before, after); caller
        holds the lock."""
        changed: list[Changed] = []
        for paper_id, theirs in records.items():
            canonical = self._aliases.get(paper_id, paper_id)
            mine = self._records.get(canonical)
            if mine == theirs:  # the most of a file: what is here already
                continue
            merged = theirs if mine is None else mine.merged(theirs)
            if merged != mine:
                changed.append((canonical, mine or Record(), merged))
        return changed

    def take_stale(self) -> tuple[dict[str, dict[str, Any]], list[str], dict[str, Any]]:
        """What changed since last asked: documents of changed papers, ids whose state
        moved away (to another id), and the metadata to keep.

        Documents are built for the changed papers only, so this holds the lock
        (which keypresses need) briefly even with 100,000 records.
        """
        with self._lock:
            stale, self._stale = self._stale, set()
            docs = {
                pid: record.to_doc(pid)
                for pid in stale
                if (record := self._records.get(pid)) is not None
            }
            gone = [pid for pid in stale if pid not in self._records]
            meta = dict(self._meta)
            # Only aliases of papers with state are worth keeping.
            meta["aliases"] = {a: c for a, c in self._aliases.items() if c in self._records}
        return docs, gone, meta
