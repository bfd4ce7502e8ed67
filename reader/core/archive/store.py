"""The archive: every paper reader has fetched, opened or imported, in SQLite.

One row per paper identity (its arXiv id, else its title id), whatever the
sources it was seen in; a later sighting updates the row, keeping what the
earlier one knew that the later does not (upvotes from Daily Papers, DOIs from
a mail). Each digest (a source and a day) lists its papers in order, so a day
of Daily Papers or of an arXiv listing can be shown again, and stepped
through, long after its source has moved on.

Marks are not here: they stay in the small TinyDB state file, which is
precious, readable and merged across machines. Papers are bulky and can be
fetched again; they live here.

SQLite runs in WAL mode, so the app and several commands read and write at
once; a writer waits for another (a busy timeout) rather than failing. Every
digest is written in one transaction: a crash leaves it whole or absent.

This module holds the file and what is read from it; `writing` adds papers,
`columns` reads a view's columns, `upkeep` keeps it tidy and says what it holds;
its tables are in `schema`, a paper's stored form in `packing`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import msgspec

from ..errors import StateError
from ..models import Digest, Paper
from .packing import decode, inflate, unpack
from .schema import SCHEMA, TABLES, add_columns

Kind = Literal["fetched", "opened"]
"""How a digest came: fetched from a site, or opened from a file. Both are
read: their papers are in the Inbox. Papers brought by `reader import` are in
no digest, and so only in the library."""
_T = TypeVar("_T")
BUSY_SECONDS = 120.0
"""How long a writer waits for another process's write before it gives up."""


class DigestRow(msgspec.Struct, frozen=True):
    """A digest the archive holds."""

    digest: int
    source: str
    day: str
    title: str
    kind: str
    added: float
    papers: int


def _write_ahead(connection: sqlite3.Connection) -> None:
    """WAL mode. Switching a new file to it takes the file whole, and SQLite
    answers "locked" at once (it does not wait as for a write) when another
    process is switching it at that moment: several commands starting on a
    new data directory. So wait here, as a write would."""
    gives_up = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > gives_up:
                raise
            time.sleep(0.02)


class Archive:
    """The archive file. Safe to share between threads (a connection each)."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        """When papers are seen (`prune` reads it of imported papers)."""
        self.notice: str | None = None
        """What had to be done to the file on opening (a damaged one set aside)."""
        self._local = threading.local()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        """Each thread's connection, with its thread."""
        self._background: list[threading.Thread] = []
        """Threads reading for a view (`in_background`), which `close` waits for."""
        self._lock = threading.Lock()
        self._open()

    # --- the file ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        _write_ahead(connection)
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA foreign_keys=ON")
        return connection

    def _open(self) -> None:
        """Open the file, setting a damaged one aside (never deleted) for a new one."""
        try:
            self._check(self._connect())
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise StateError(f"the archive {self.path} is locked: {error}") from None
            aside = self._set_aside(str(error))
            self.notice = (
                f"The archive {self.path} was damaged ({error}). It was kept as {aside}; "
                "a new one is made from the cache."
            )
            self._check(self._connect())

    def _check(self, connection: sqlite3.Connection) -> None:
        """The schema, made if new (an archive that has one is only read); a
        file from a newer reader is refused."""
        with self._lock:
            self._connections.append((threading.current_thread(), connection))
        self._local.connection = connection
        found = self._schema(connection)
        if found is None:
            import uuid

            connection.executescript(TABLES)  # each statement: if not there yet
            with self.transaction() as db:  # two processes making one file: one writes
                db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
                # What names this file to its index: a new file (a damaged one set
                # aside) is indexed anew, never read through an old file's index.
                identity = uuid.uuid4().hex
                db.execute("INSERT OR IGNORE INTO meta VALUES ('identity', ?)", (identity,))
            found = self._schema(connection)
        elif found < SCHEMA:  # an older file: what it lacks, each made if not there
            connection.executescript(TABLES)
            with self.transaction() as db:
                add_columns(db)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA),))
            found = SCHEMA
        if found is not None and found > SCHEMA:
            raise StateError(
                f"the archive {self.path} was written by a newer reader (schema {found}); "
                "upgrade reader, or point READER_ARCHIVE at another file"
            )

    @staticmethod
    def _schema(connection: sqlite3.Connection) -> int | None:
        """The file's schema version; None for a new file."""
        try:
            found = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError as error:
            if "no such table" in str(error):
                return None
            raise
        return None if found is None else int(found[0])

    def _set_aside(self, reason: str) -> Path:
        self.close()
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
        self.path.rename(aside)
        for suffix in ("-wal", "-shm"):  # the damaged file's journal goes with it
            journal = self.path.with_name(self.path.name + suffix)
            if journal.exists():
                journal.rename(aside.with_name(aside.name + suffix))
        return aside

    @property
    def identity(self) -> str:
        """What tells this file from another at the same place."""
        return self.get_meta("identity") or ""

    @property
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
            with self._lock:
                # A worker's thread per keystroke: those ended let go of theirs.
                ended = [c for t, c in self._connections if not t.is_alive()]
                self._connections = [(t, c) for t, c in self._connections if t.is_alive()]
                self._connections.append((threading.current_thread(), connection))
            for old in ended:
                old.close()
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, whole or not at all; a writer waits for another."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            if db.in_transaction:  # SQLite ends some on its own (a full disk)
                db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def in_background(self, read: Callable[[], _T], failed: _T) -> Future[_T]:
        """`read` in a thread of its own, which `close` waits for; `failed` is
        its answer if it raises (the reader asks again, where an error is seen)."""
        pending: Future[_T] = Future()

        def run() -> None:
            try:
                pending.set_result(read())
            except Exception:  # noqa: BLE001 - answered by `failed`, asked again later
                pending.set_result(failed)

        thread = threading.Thread(target=run, name="archive-read", daemon=True)
        with self._lock:
            self._background = [t for t in self._background if t.is_alive()] + [thread]
        thread.start()
        return pending

    def close(self) -> None:
        """Close this thread's connection and those of threads that have ended.
        A connection another thread may be reading through is left to that
        thread (closed when it lets go of it): closed under a running query,
        SQLite's statement is freed beneath it, and the process crashes."""
        here = threading.current_thread()
        with self._lock:
            background, self._background = self._background, []
        for thread in background:
            if thread is not here:
                thread.join(timeout=BUSY_SECONDS)
        with self._lock:
            connections, self._connections = self._connections, []
        for thread, connection in connections:
            if thread is here or not thread.is_alive():
                connection.close()
        self._local = threading.local()

    def get_meta(self, key: str) -> str | None:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else str(found[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- reading ------------------------------------------------------------------------

    def digests(self, source: str | None = None) -> list[DigestRow]:
        """The digests held (of `source`, if given), newest day first."""
        query = (
            "SELECT d.digest, d.source, d.day, d.title, d.kind, d.added,"
            " (SELECT count(*) FROM listed l WHERE l.digest = d.digest)"
            " FROM digests d"
        )
        args: tuple[str, ...] = ()
        if source is not None:
            query += " WHERE d.source = ?"
            args = (source,)
        query += " ORDER BY d.day DESC, d.added DESC"
        return [DigestRow(*row) for row in self.db.execute(query, args)]

    def days(self, source: str) -> list[str]:
        """The days the archive holds a digest of `source` for, oldest first."""
        found = self.db.execute(
            "SELECT day FROM digests WHERE source = ? ORDER BY day", (source,)
        ).fetchall()
        return [day for (day,) in found]

    def digest_number(self, source: str, day: str) -> int | None:
        """The number the digest of `source` on `day` is kept under; None if none."""
        found = self.db.execute(
            "SELECT digest FROM digests WHERE source = ? AND day = ?", (source, day)
        ).fetchone()
        return None if found is None else int(found[0])

    def digest(self, source: str, day: str | None = None) -> Digest | None:
        """The digest of `source` on `day` (the newest day held when None), its
        papers in order, each with its announcement of that day."""
        db = self.db
        if day is None:
            found = db.execute(
                "SELECT digest, day, title FROM digests WHERE source = ? ORDER BY day DESC LIMIT 1",
                (source,),
            ).fetchone()
        else:
            found = db.execute(
                "SELECT digest, day, title FROM digests WHERE source = ? AND day = ?",
                (source, day),
            ).fetchone()
        if found is None:
            return None
        number, held_day, title = found
        rows = db.execute(
            "SELECT p.data, l.announce FROM listed l JOIN papers p ON p.row = l.paper"
            " WHERE l.digest = ? ORDER BY l.position",
            (number,),
        )
        papers = tuple(_with_announce(unpack(data), announce) for data, announce in rows)
        return Digest(source=source, papers=papers, date=held_day or None, title=title)

    def papers(self, rows: Sequence[int]) -> list[Paper]:
        """The papers of `rows`, in that order (a row that is gone is left out)."""
        found = self.papers_by_row(rows)
        return [found[row] for row in rows if row in found]

    def papers_by_row(self, rows: Sequence[int]) -> dict[int, Paper]:
        """The papers of `rows` the archive holds, by row."""
        return {row: decode(raw) for row, raw in self.inflated(rows).items()}

    def titles(self, rows: Sequence[int]) -> dict[int, str | None]:
        """The titles of `rows` the archive holds, by row; None where a row
        written before titles were kept has none (decode its paper)."""
        return dict(self._by_row("title", rows))

    def inflated(self, rows: Sequence[int]) -> dict[int, bytes]:
        """The msgpack of the papers of `rows` the archive holds, by row, for a
        decoder of part of a paper (`packing.decode_texts`)."""
        return {row: inflate(data) for row, data in self._by_row("data", rows)}

    def _by_row(self, column: str, rows: Sequence[int]) -> Iterator[tuple[int, Any]]:
        """(row, `column`) of the papers of `rows` the archive holds, 900 rows a query."""
        for part in batches(list(rows), 900):
            marks = ",".join("?" * len(part))
            query = f"SELECT row, {column} FROM papers WHERE row IN ({marks})"
            yield from self.db.execute(query, part)

    def by_ids(self, ids: Iterable[str]) -> list[Paper]:
        """The papers of `ids` the archive holds (by either id a paper is known by)."""
        wanted = list(dict.fromkeys(ids))
        found: list[Paper] = []
        for part in batches(wanted, 450):
            marks = ",".join("?" * len(part))
            found += [
                unpack(data)
                for (data,) in self.db.execute(
                    f"SELECT data FROM papers WHERE id IN ({marks}) OR alt_id IN ({marks})",
                    part + part,
                )
            ]
        return found

    def holds(self, ids: Iterable[str]) -> set[str]:
        """Which of `ids` the archive holds a paper for (by either id)."""
        wanted = list(dict.fromkeys(ids))
        held: set[str] = set()
        for part in batches(wanted, 450):
            marks = ",".join("?" * len(part))
            for pid, alt in self.db.execute(
                f"SELECT id, alt_id FROM papers WHERE id IN ({marks}) OR alt_id IN ({marks})",
                part + part,
            ):
                held.update(i for i in (pid, alt) if i in part)
        return held

    def alt_pairs(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        """(title id, arXiv id) of the papers known by one of `ids` as their
        other id: state made under a title id follows the paper to its arXiv id."""
        wanted = list(dict.fromkeys(ids))
        pairs: list[tuple[str, str]] = []
        for part in batches(wanted, 900):
            marks = ",".join("?" * len(part))
            pairs += self.db.execute(
                f"SELECT alt_id, id FROM papers WHERE alt_id IN ({marks}) AND id NOT LIKE 't:%'",
                part,
            ).fetchall()
        return pairs

    def sample(self, count: int) -> list[Paper]:
        """About `count` papers chosen at random (the same ones while the archive
        stays as it is)."""
        last = self.last_row()
        if last <= count:
            return self.papers(range(1, last + 1))
        import random

        return self.papers(sorted(random.Random(last).sample(range(1, last + 1), count)))

    def count(self) -> int:
        (total,) = self.db.execute("SELECT count(*) FROM papers").fetchone()
        return int(total)

    def last_row(self) -> int:
        """The highest row a paper was ever given (rows are never reused)."""
        found = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'papers'").fetchone()
        return int(found[0]) if found else 0

    def rows_between(self, first: int, last: int) -> list[tuple[int, bytes]]:
        """(row, encoded paper) of the rows from `first` to `last` (the index reads them)."""
        return list(
            self.db.execute(
                "SELECT row, data FROM papers WHERE row BETWEEN ? AND ? ORDER BY row",
                (first, last),
            )
        )


def _with_announce(paper: Paper, announce: str | None) -> Paper:
    if paper.announce == announce:
        return paper
    return msgspec.structs.replace(paper, announce=announce)


def batches(items: list[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
