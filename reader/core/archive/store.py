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
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Literal, TypeVar

import msgspec

from ..errors import StateError
from ..models import Digest, Paper
from ..text import sort_key

Kind = Literal["fetched", "opened"]
"""How a digest came: fetched from a site, or opened from a file. Both are
read: their papers are in the Inbox. Papers brought by `reader import` are in
no digest, and so only in the library."""
_T = TypeVar("_T")
SCHEMA = 1
BUSY_SECONDS = 120.0
"""How long a writer waits for another process's write before it gives up."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS papers (
    row INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    alt_id TEXT,
    published TEXT NOT NULL DEFAULT '',
    upvotes INTEGER,
    sort_title TEXT NOT NULL DEFAULT '',
    imported INTEGER NOT NULL DEFAULT 0,
    seen REAL NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS papers_alt ON papers (alt_id);
CREATE INDEX IF NOT EXISTS papers_published ON papers (published);
CREATE TABLE IF NOT EXISTS digests (
    digest INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    day TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    added REAL NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    UNIQUE (source, day)
);
CREATE TABLE IF NOT EXISTS listed (
    digest INTEGER NOT NULL REFERENCES digests ON DELETE CASCADE,
    position INTEGER NOT NULL,
    paper INTEGER NOT NULL,
    announce TEXT,
    PRIMARY KEY (digest, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS listed_paper ON listed (paper);
"""

_ENCODE = msgspec.msgpack.Encoder()
_DECODE = msgspec.msgpack.Decoder(Paper)


class DigestRow(msgspec.Struct, frozen=True):
    """A digest the archive holds."""

    digest: int
    source: str
    day: str
    title: str
    kind: str
    added: float
    papers: int
    signature: str = ""


class Archive:
    """The archive file. Safe to share between threads (a connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        """What had to be done to the file on opening (a damaged one set aside)."""
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._open()

    # --- the file ---------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA journal_mode=WAL")
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
        """The schema, made if new; a file from a newer reader is refused."""
        with self._lock:
            self._connections.append(connection)
        self._local.connection = connection
        connection.executescript(_SCHEMA)
        found = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        if found is None:
            connection.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        elif int(found[0]) > SCHEMA:
            raise StateError(
                f"the archive {self.path} was written by a newer reader (schema {found[0]}); "
                "upgrade reader, or point READER_ARCHIVE at another file"
            )

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
    def db(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, whole or not at all; a writer waits for another."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()
        self._local = threading.local()

    def get_meta(self, key: str) -> str | None:
        found = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else str(found[0])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- adding papers ----------------------------------------------------------------

    def add_digest(
        self,
        source: str,
        day: str,
        digest: Digest,
        *,
        kind: Kind,
        signature: str = "",
    ) -> int:
        """Keep a digest (its papers, in order) as the one of `source` on `day`,
        replacing an earlier copy of that day; its papers are added or updated.
        One transaction. Returns the digest's number."""
        now = time.time()
        papers = list(digest.papers)
        with self.transaction() as db:
            rows = self._upsert(db, papers, now)
            db.execute(
                "INSERT INTO digests (source, day, title, kind, added, signature)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, day) DO UPDATE SET"
                " title = excluded.title, kind = excluded.kind, added = excluded.added,"
                " signature = excluded.signature",
                (source, day, digest.title, kind, now, signature),
            )
            (number,) = db.execute(
                "SELECT digest FROM digests WHERE source = ? AND day = ?", (source, day)
            ).fetchone()
            db.execute("DELETE FROM listed WHERE digest = ?", (number,))
            db.executemany(
                "INSERT INTO listed VALUES (?, ?, ?, ?)",
                [(number, n, rows[p.id], p.announce) for n, p in enumerate(papers)],
            )
        return int(number)

    def _upsert(self, db: sqlite3.Connection, papers: list[Paper], now: float) -> dict[str, int]:
        """Add or update papers (a later sighting fills what it lacks from the
        earlier one); each paper's row, by id."""
        ids = list(dict.fromkeys(p.id for p in papers))
        known: dict[str, Paper] = {}
        for part in _batches(ids, 500):
            marks = ",".join("?" * len(part))
            for pid, data in db.execute(f"SELECT id, data FROM papers WHERE id IN ({marks})", part):
                known[pid] = _DECODE.decode(data)
        latest: dict[str, Paper] = {}
        for paper in papers:  # the last of a digest's copies of one paper wins
            older = latest.get(paper.id) or known.get(paper.id)
            latest[paper.id] = paper if older is None else updated(older, paper)
        db.executemany(
            "INSERT INTO papers (id, alt_id, published, upvotes, sort_title, imported, seen, data)"
            " VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO UPDATE SET"
            " alt_id = excluded.alt_id, published = excluded.published,"
            " upvotes = excluded.upvotes, sort_title = excluded.sort_title, imported = 0,"
            " seen = excluded.seen, data = excluded.data",
            [_row(p, now) for p in latest.values()],
        )
        rows: dict[str, int] = {}
        for part in _batches(ids, 500):
            marks = ",".join("?" * len(part))
            rows.update(db.execute(f"SELECT id, row FROM papers WHERE id IN ({marks})", part))
        return rows

    def import_papers(self, papers: Sequence[Paper]) -> int:
        """Add papers that came with no digest (`reader import`), skipping those
        the archive already has; one transaction. How many were new."""
        now = time.time()
        with self.transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO papers"
                " (id, alt_id, published, upvotes, sort_title, imported, seen, data)"
                " VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                [_row(p, now) for p in papers],
            )
            return db.total_changes - before

    # --- reading ------------------------------------------------------------------------

    def digests(self, source: str | None = None) -> list[DigestRow]:
        """The digests held (of `source`, if given), newest day first."""
        query = (
            "SELECT d.digest, d.source, d.day, d.title, d.kind, d.added,"
            " (SELECT count(*) FROM listed l WHERE l.digest = d.digest), d.signature"
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
        papers = tuple(_with_announce(_DECODE.decode(data), announce) for data, announce in rows)
        return Digest(source=source, papers=papers, date=held_day or None, title=title)

    def papers(self, rows: Sequence[int]) -> list[Paper]:
        """The papers of `rows`, in that order (a row that is gone is left out)."""
        found: dict[int, Paper] = {}
        for part in _batches(list(rows), 900):
            marks = ",".join("?" * len(part))
            for row, data in self.db.execute(
                f"SELECT row, data FROM papers WHERE row IN ({marks})", part
            ):
                found[row] = _DECODE.decode(data)
        return [found[row] for row in rows if row in found]

    def by_ids(self, ids: Iterable[str]) -> list[Paper]:
        """The papers of `ids` the archive holds (by either id a paper is known by)."""
        wanted = list(dict.fromkeys(ids))
        found: list[Paper] = []
        for part in _batches(wanted, 450):
            marks = ",".join("?" * len(part))
            found += [
                _DECODE.decode(data)
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
        for part in _batches(wanted, 450):
            marks = ",".join("?" * len(part))
            for pid, alt in self.db.execute(
                f"SELECT id, alt_id FROM papers WHERE id IN ({marks}) OR alt_id IN ({marks})",
                part + part,
            ):
                held.update(i for i in (pid, alt) if i in part)
        return held

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

    def columns(self, where: str, order: str = "published DESC, row DESC") -> Columns:
        """The rows (and the columns a view sorts and filters by, without
        decoding a paper) of the papers `where` holds, in `order`."""
        query = (
            f"SELECT row, id, alt_id, published, upvotes, sort_title FROM papers"
            f" WHERE {where} ORDER BY {order}"
        )
        return Columns.of(self.db.execute(query).fetchall())

    def inbox_columns(self) -> Columns:
        """Every paper of a digest that was fetched or opened, newest first."""
        return self.columns("row IN (SELECT paper FROM listed)")

    def library_columns(self) -> Columns:
        """Every paper the archive holds, newest first."""
        return self.columns("1")

    # --- keeping it tidy ------------------------------------------------------------

    def prune(self, before: str, keep: set[str]) -> int:
        """Remove the papers that no digest of `before` or later holds and that
        are not in `keep` (the ids with a mark, tag or note); digests left
        empty go too. How many papers went."""
        with self.transaction() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (id TEXT PRIMARY KEY)")
            db.execute("DELETE FROM kept")
            db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((i,) for i in keep))
            gone = [
                row
                for (row,) in db.execute(
                    "SELECT row FROM papers p WHERE p.id NOT IN (SELECT id FROM kept)"
                    " AND (p.alt_id IS NULL OR p.alt_id NOT IN (SELECT id FROM kept))"
                    " AND NOT EXISTS (SELECT 1 FROM listed l JOIN digests d"
                    " ON d.digest = l.digest WHERE l.paper = p.row AND d.day >= ?)",
                    (before,),
                )
            ]
            for part in _batches(gone, 900):
                marks = ",".join("?" * len(part))
                db.execute(f"DELETE FROM listed WHERE paper IN ({marks})", part)
                db.execute(f"DELETE FROM papers WHERE row IN ({marks})", part)
            db.execute("DELETE FROM digests WHERE digest NOT IN (SELECT digest FROM listed)")
        return len(gone)

    def vacuum(self) -> None:
        self.db.execute("VACUUM")

    def sizes(self) -> dict[str, int]:
        """Bytes on disk: the database and its journal."""
        sizes = {}
        for suffix in ("", "-wal"):
            path = self.path.with_name(self.path.name + suffix)
            sizes[suffix or "db"] = path.stat().st_size if path.exists() else 0
        return sizes


class Columns(msgspec.Struct):
    """Papers of a view as columns, in its order: what lists, sorts and filters
    need without decoding a paper."""

    rows: list[int]
    ids: list[str]
    alt_ids: list[str | None]
    published: list[str]
    upvotes: list[int | None]
    sort_titles: list[str]

    @classmethod
    def of(cls, found: list[tuple[int, str, str | None, str, int | None, str]]) -> Columns:
        if not found:
            return cls([], [], [], [], [], [])
        rows, ids, alts, published, upvotes, titles = map(list, zip(*found, strict=True))
        return cls(rows, ids, alts, published, upvotes, titles)

    def __len__(self) -> int:
        return len(self.rows)

    def keep(self, wanted: Callable[[int], bool]) -> Columns:
        """The columns of the places `wanted` keeps, in order."""
        chosen = [n for n in range(len(self.rows)) if wanted(n)]
        return Columns(
            [self.rows[n] for n in chosen],
            [self.ids[n] for n in chosen],
            [self.alt_ids[n] for n in chosen],
            [self.published[n] for n in chosen],
            [self.upvotes[n] for n in chosen],
            [self.sort_titles[n] for n in chosen],
        )


def updated(older: Paper, newer: Paper) -> Paper:
    """A paper seen again: what the newer copy says, and what only the older knew."""
    fills = {
        name: getattr(older, name)
        for name in Paper.__struct_fields__
        if getattr(newer, name) in (None, "", ()) and getattr(older, name) not in (None, "", ())
    }
    fills.pop("announce", None)  # an announcement belongs to its day
    return msgspec.structs.replace(newer, **fills) if fills else newer


def _row(paper: Paper, now: float) -> tuple[object, ...]:
    return (
        paper.id,
        paper.alt_id,
        paper.published or "",
        paper.upvotes,
        sort_key(paper.title),
        now,
        _ENCODE.encode(paper),
    )


def _with_announce(paper: Paper, announce: str | None) -> Paper:
    if paper.announce == announce:
        return paper
    return msgspec.structs.replace(paper, announce=announce)


def _batches(items: list[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
