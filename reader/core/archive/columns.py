"""A view's papers as columns, read from the archive without decoding a
paper: rows, ids, dates, upvotes, announcements; and the orders and the
categories a view asks SQL for."""

from __future__ import annotations

from array import array
from collections.abc import Set
from operator import itemgetter

from .store import Archive


def columns(
    archive: Archive, where: str, limit: int | None = None, skip: Set[str] = frozenset()
) -> Columns:
    """The rows (and the columns a view sorts and filters by, without
    decoding a paper) of the papers `where` holds, newest first, less those
    of the ids in `skip`; the first `limit` only, if given (what a screen
    shows at once)."""
    query = (
        f"SELECT row, id, published, ifnull(upvotes, -1), announce FROM papers WHERE {where}"
        " ORDER BY published DESC, row DESC"
    )
    found = Columns()
    cursor = archive.db.execute(query)
    size = 20_000 if limit is None else min(limit, 1000)
    while batch := cursor.fetchmany(size):
        if skip:
            batch = [found for found in batch if found[1] not in skip]
        found.extend(batch)
        if limit is not None and len(found) >= limit:
            found.cut(limit)
            break
    return found


def listed_columns(archive: Archive, digest: int) -> Columns:
    """The columns of a digest's papers, in the digest's order (a file opened)."""
    query = (
        "SELECT p.row, p.id, p.published, ifnull(p.upvotes, -1), l.announce"
        " FROM listed l JOIN papers p ON p.row = l.paper WHERE l.digest = ? ORDER BY l.position"
    )
    found = Columns()
    cursor = archive.db.execute(query, (digest,))
    while batch := cursor.fetchmany(20_000):
        found.extend(batch)
    return found


def ordered_rows(archive: Archive, where: str, order: str) -> list[int]:
    """The rows of the papers `where` holds, in `order` (a sort read in SQL)."""
    query = f"SELECT row FROM papers WHERE {where} ORDER BY {order}"
    return [row for (row,) in archive.db.execute(query)]


def rows_by_category(archive: Archive) -> dict[str, array[int]]:
    """Every category (folded: `cs.lg`) and the rows of its papers, each read
    in one pass that runs in C (two million pairs: about a second)."""
    found: dict[str, array[int]] = {}
    names = [name for (name,) in archive.db.execute("SELECT DISTINCT category FROM categories")]
    for name in names:
        rows = array("q")
        query = "SELECT paper FROM categories WHERE category = ?"
        rows.extend(map(itemgetter(0), archive.db.execute(query, (name,))))
        found[name] = rows
    return found


class Columns:
    """Papers of a view as columns, in its order: what lists, sorts and filters
    need without decoding a paper. Compact: a million papers' columns take
    about 100 MB (their ids, mostly), their text stays on disk."""

    def __init__(self) -> None:
        self.rows = array("q")
        self.ids: list[str] = []
        self.published: list[str] = []
        """Each day one string, shared."""
        self.upvotes = array("q")
        """-1 where unknown."""
        self.announces: list[str | None] = []
        self._days: dict[str, str] = {}

    def extend(self, found: list[tuple[int, str, str, int, str | None]]) -> None:
        """Add a batch of (row, id, published, upvotes or -1, announce), each
        column in one pass that runs in C (a million papers: a tenth of the time)."""
        if not found:
            return
        rows, ids, published, upvotes, announces = zip(*found, strict=True)
        share = self._days.setdefault
        self.rows.extend(rows)
        self.ids.extend(ids)
        self.published.extend(map(share, published, published))
        self.upvotes.extend(upvotes)
        self.announces.extend(share(a, a) if a else None for a in announces)

    def __len__(self) -> int:
        return len(self.rows)

    def cut(self, size: int) -> None:
        """Keep the first `size` papers."""
        del self.rows[size:], self.ids[size:], self.published[size:]
        del self.upvotes[size:], self.announces[size:]
