"""Adding papers to the archive: a digest (a source's day, in order), or
papers with no digest (`reader import`). One transaction each.

A paper is one row whichever source brought it: a later sighting updates
the row and keeps what only the earlier knew (upvotes from Daily Papers, a
DOI from a mail); a paper first seen without its arXiv id (a copied page
names it by a title id) takes that id when a sighting brings it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import msgspec

from ..models import Digest, Paper
from ..text import sort_key
from .packing import fresh, pack, pack_kept, unpack
from .store import Archive, Kind, batches


def add_digest(
    archive: Archive,
    source: str,
    day: str,
    digest: Digest,
    *,
    kind: Kind,
) -> int:
    """Keep a digest (its papers, in order) as the one of `source` on `day`,
    replacing an earlier copy of that day; its papers are added or updated.
    One transaction. How many of its papers were new to the archive."""
    return add_pieces(archive, source, day, digest, lambda keep: keep(list(digest.papers)), kind)


Feed = Callable[[Callable[[list[Paper]], None]], bool | None]
"""Hands a digest's papers, a piece at a time, to the function it is given;
False if it could not give them all (the digest is then not kept)."""


class Unfinished(Exception):
    """A digest's papers could not all be given: nothing of it is kept."""


def add_pieces(
    archive: Archive,
    source: str,
    day: str,
    digest: Digest,
    feed: Feed,
    kind: Kind,
    packing: Callable[[Paper], bytes] = pack_kept,
) -> int:
    """`add_digest` for papers that come a piece at a time (`feed`), none kept
    after its piece is written: a 100,000-paper file never whole in memory.
    Still one transaction: raises `Unfinished`, and keeps nothing, when the
    feed could not give every paper. `packing` is `pack` for papers that are
    not kept in memory after (a file read in pieces)."""
    now = archive.clock()
    label = digest.source or source  # where each paper was read from, as the cache said
    listed: list[tuple[int, str | None]] = []
    with archive.transaction() as db:
        before = _next_row(db)
        new: set[int] = set()

        def keep(piece: list[Paper]) -> None:
            found = [p if p.source else msgspec.structs.replace(p, source=label) for p in piece]
            papers = _identified(db, found)
            rows = _upsert(db, papers, now, packing)
            new.update(row for row in rows.values() if row >= before)
            listed.extend((rows[p.id], p.announce) for p in papers)

        if feed(keep) is False:
            raise Unfinished(source)
        db.execute(
            "INSERT INTO digests (source, day, title, kind, added) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (source, day) DO UPDATE SET title = excluded.title,"
            " kind = excluded.kind, added = excluded.added",
            (source, day, digest.title, kind, now),
        )
        number = archive.digest_number(source, day)  # this transaction's connection
        assert number is not None, "the digest was just written"
        db.execute("DELETE FROM listed WHERE digest = ?", (number,))
        db.executemany(
            "INSERT INTO listed VALUES (?, ?, ?, ?)",
            ((number, n, row, announce) for n, (row, announce) in enumerate(listed)),
        )
    return len(new)


def _identified(db: sqlite3.Connection, papers: list[Paper]) -> list[Paper]:
    """One row per paper whichever id a sighting knows it by: a paper seen
    first without its arXiv id (a copied page: a title id) takes it when a
    sighting brings it, and a later title-id sighting finds that row."""
    arxiv = {alt: p.id for p in papers if not p.id.startswith("t:") and (alt := p.alt_id)}
    for part in batches(list(arxiv), 450):
        marks = ",".join("?" * len(part))
        for (old,) in db.execute(f"SELECT id FROM papers WHERE id IN ({marks})", part).fetchall():
            db.execute("UPDATE OR IGNORE papers SET id = ? WHERE id = ?", (arxiv[old], old))
    titled = [p.id for p in papers if p.id.startswith("t:")]
    known: dict[str, str] = {}
    for part in batches(titled, 900):
        marks = ",".join("?" * len(part))
        known.update(
            db.execute(
                f"SELECT alt_id, id FROM papers WHERE alt_id IN ({marks}) AND id NOT LIKE 't:%'",
                part,
            ).fetchall()
        )
    if not known:
        return papers
    return [msgspec.structs.replace(p, id=known[p.id]) if p.id in known else p for p in papers]


def _upsert(
    db: sqlite3.Connection,
    papers: list[Paper],
    now: float,
    packing: Callable[[Paper], bytes] = pack_kept,
) -> dict[str, int]:
    """Add or update papers (a later sighting fills what it lacks from the
    earlier one); each paper's row, by id. A batch at a time, so that a
    100,000-paper file holds a batch's packed rows, not all of them (250 MB)."""
    rows: dict[str, int] = {}
    for part in batches(_each_once(papers), UPSERT_BATCH):
        ids = [p.id for p in part]
        marks = ",".join("?" * len(ids))
        known = dict(db.execute(f"SELECT id, data FROM papers WHERE id IN ({marks})", ids))
        latest = [updated(unpack(known[p.id]), p) if p.id in known else p for p in part]
        # An update and an insert, not an upsert: with AUTOINCREMENT an upsert
        # that updates uses up a row number all the same, and each digest
        # fetched again would push later papers' rows (and the index) further.
        db.executemany(
            "UPDATE papers SET alt_id = ?, published = ?, upvotes = ?, sort_title = ?,"
            " title = ?, imported = 0, announce = ?, seen = ?, data = ? WHERE id = ?",
            ((*_row(p, now, packing)[1:], p.id) for p in latest if p.id in known),
        )
        _insert(db, (_row(p, now, packing) for p in latest if p.id not in known), imported=0)
        found = dict(db.execute(f"SELECT id, row FROM papers WHERE id IN ({marks})", ids))
        chunk = [found[i] for i in ids]
        db.execute(f"DELETE FROM categories WHERE paper IN ({marks})", chunk)
        _categorise(db, ((found[p.id], p) for p in latest))
        rows.update(found)
    return rows


UPSERT_BATCH = 900
"""Papers written at a time (SQLite takes up to 999 parameters a statement)."""


def _each_once(papers: list[Paper]) -> list[Paper]:
    """Each paper once, where first seen, its copies merged: the last of a
    digest's copies wins, the earlier ones filling what it lacks."""
    copies = Counter(p.id for p in papers)
    if all(count == 1 for count in copies.values()):
        return papers
    merged: dict[str, Paper] = {}
    for paper in papers:
        older = merged.get(paper.id)
        merged[paper.id] = paper if older is None else updated(older, paper)
    return list(merged.values())


def import_papers(archive: Archive, papers: Sequence[Paper]) -> int:
    """Add papers that came with no digest (`reader import`), skipping those
    the archive already has; one transaction. How many were new."""
    now = archive.clock()
    with archive.transaction() as db:
        first = _next_row(db)
        fresh = _unknown(db, papers)
        _insert(db, (_row(p, now) for p in fresh.values()), imported=1)  # packed as written
        added = dict(db.execute("SELECT id, row FROM papers WHERE row >= ?", (first,)))
        _categorise(db, ((row, fresh[pid]) for pid, row in added.items()))
        return len(added)


def _unknown(db: sqlite3.Connection, papers: Sequence[Paper]) -> dict[str, Paper]:
    """The papers whose id the archive lacks, by id, the first copy of each.
    Asked first rather than skipped by INSERT OR IGNORE, which uses up a row
    number for each paper it skips (an import run again would use a million)."""
    known: set[str] = set()
    for part in batches([p.id for p in papers], UPSERT_BATCH):
        marks = ",".join("?" * len(part))
        known.update(i for (i,) in db.execute(f"SELECT id FROM papers WHERE id IN ({marks})", part))
    fresh: dict[str, Paper] = {}
    for paper in papers:
        if paper.id not in known:
            fresh.setdefault(paper.id, paper)
    return fresh


def _insert(db: sqlite3.Connection, rows: Iterable[tuple[object, ...]], imported: int) -> None:
    """New papers (`_row`s), each given the next row."""
    db.executemany(
        "INSERT INTO papers"
        " (id, alt_id, published, upvotes, sort_title, title, imported, announce, seen, data)"
        f" VALUES (?, ?, ?, ?, ?, ?, {int(imported)}, ?, ?, ?)",
        rows,
    )


def _next_row(db: sqlite3.Connection) -> int:
    found = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'papers'").fetchone()
    return int(found[0]) + 1 if found else 1


def updated(older: Paper, newer: Paper) -> Paper:
    """A paper seen again: what the newer copy says, and what only the older knew."""
    fills = {
        name: getattr(older, name)
        for name in Paper.__struct_fields__
        if getattr(newer, name) in (None, "", ()) and getattr(older, name) not in (None, "", ())
    }
    fills.pop("announce", None)  # an announcement belongs to its day
    return msgspec.structs.replace(newer, **fills) if fills else newer


def _row(paper: Paper, now: float, packing: Callable[[Paper], bytes] = pack) -> tuple[object, ...]:
    return (
        paper.id,
        paper.alt_id,
        paper.published or "",
        paper.upvotes,
        sort_key(paper.title),
        fresh(paper.title),  # binding it would cache its UTF-8 in a paper kept on screen
        paper.announce,
        now,
        packing(paper),
    )


def _categorise(db: sqlite3.Connection, papers: Iterable[tuple[int, Paper]]) -> None:
    db.executemany(
        "INSERT OR IGNORE INTO categories VALUES (?, ?)",
        ((category.lower(), row) for row, paper in papers for category in paper.categories),
    )
