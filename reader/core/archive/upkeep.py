"""Keeping the archive tidy, and saying what it holds: pruning old papers
that no mark keeps, its size, its sources, and how each subscription's last
refresh went."""

from __future__ import annotations

import msgspec

from .store import Archive, batches


def record_fetch(archive: Archive, source: str, papers: int, new: int, error: str = "") -> None:
    """Keep how the refresh of a subscription went (`reader subscriptions`)."""
    now = archive.clock()
    with archive.transaction() as db:
        if error:
            db.execute(
                "INSERT INTO fetches (source, tried, error) VALUES (?, ?, ?)"
                " ON CONFLICT (source) DO UPDATE SET tried = excluded.tried,"
                " error = excluded.error",
                (source, now, error),
            )
        else:
            db.execute(
                "INSERT OR REPLACE INTO fetches VALUES (?, ?, ?, ?, ?, '')",
                (source, now, now, papers, new),
            )


def fetches(archive: Archive) -> dict[str, FetchRow]:
    """How each subscription's last refresh went, by its source."""
    rows = archive.db.execute("SELECT * FROM fetches").fetchall()
    return {row[0]: FetchRow(*row) for row in rows}


def by_source(archive: Archive) -> list[tuple[str, int, int, str, str]]:
    """(source, digests, papers, first day, last day) of each source, most
    papers first; papers that came only by `reader import` as "(imported)"."""
    found = archive.db.execute(
        "SELECT d.source, count(DISTINCT d.digest), count(DISTINCT l.paper),"
        " min(d.day), max(d.day) FROM digests d LEFT JOIN listed l USING (digest)"
        " GROUP BY d.source"
    ).fetchall()
    (imported,) = archive.db.execute(
        "SELECT count(*) FROM papers WHERE imported = 1 AND row NOT IN (SELECT paper FROM listed)"
    ).fetchone()
    rows = [(str(s), int(d), int(p), str(a or ""), str(b or "")) for s, d, p, a, b in found]
    if imported:
        rows.append(("(imported)", 0, int(imported), "", ""))
    return sorted(rows, key=lambda row: -row[2])


def oldest(archive: Archive) -> tuple[str, str]:
    """The oldest day a digest is of, and the oldest date a paper was published."""
    (day,) = archive.db.execute("SELECT min(day) FROM digests WHERE day != ''").fetchone()
    (published,) = archive.db.execute(
        "SELECT min(published) FROM papers WHERE published != ''"
    ).fetchone()
    return str(day or ""), str(published or "")


def prune(archive: Archive, before: str, keep: set[str]) -> int:
    """Remove the papers that no digest of `before` or later holds, that
    were last seen (fetched, opened, imported) before it, and that are not
    in `keep` (the ids with a mark, tag or note); digests left empty go
    too. How many papers went."""
    with archive.transaction() as db:
        db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (id TEXT PRIMARY KEY)")
        db.execute("DELETE FROM kept")
        db.executemany("INSERT OR IGNORE INTO kept VALUES (?)", ((i,) for i in keep))
        gone = [
            row
            for (row,) in db.execute(
                "SELECT row FROM papers p WHERE p.id NOT IN (SELECT id FROM kept)"
                " AND (p.alt_id IS NULL OR p.alt_id NOT IN (SELECT id FROM kept))"
                " AND (p.imported = 0 OR p.seen < ?) AND NOT EXISTS (SELECT 1"
                " FROM listed l JOIN digests d ON d.digest = l.digest"
                " WHERE l.paper = p.row AND d.day >= ?)",
                (_epoch(before), before),
            )
        ]
        for part in batches(gone, 900):
            marks = ",".join("?" * len(part))
            db.execute(f"DELETE FROM listed WHERE paper IN ({marks})", part)
            db.execute(f"DELETE FROM categories WHERE paper IN ({marks})", part)
            db.execute(f"DELETE FROM papers WHERE row IN ({marks})", part)
        db.execute("DELETE FROM digests WHERE digest NOT IN (SELECT digest FROM listed)")
    return len(gone)


def vacuum(archive: Archive) -> None:
    archive.db.execute("VACUUM")


def sizes(archive: Archive) -> dict[str, int]:
    """Bytes on disk: the database and its journal."""
    sizes = {}
    for suffix in ("", "-wal"):
        path = archive.path.with_name(archive.path.name + suffix)
        sizes[suffix or "db"] = path.stat().st_size if path.exists() else 0
    return sizes


class FetchRow(msgspec.Struct, frozen=True):
    """The last refresh of a subscription."""

    source: str
    tried: float
    fetched: float | None
    """When it last succeeded (epoch seconds); None if it never did."""
    papers: int
    """Papers its last success brought."""
    new: int
    """Of them, new to the archive."""
    error: str
    """Why the last try failed; empty if it succeeded."""


def _epoch(day: str) -> float:
    """The first second of `day` (UTC), as `seen` counts."""
    from datetime import UTC, date, datetime

    start = datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC)
    return start.timestamp()
