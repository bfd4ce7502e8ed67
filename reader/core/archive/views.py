"""Views of the archive as sequences of papers: the Inbox and the library.

A view holds its papers' rows and the columns that lists, sorts and filters
read (`columns.Columnar`); a paper is decoded when it is read (the rows on
screen, a phrase's candidates), a block at a time, the latest blocks kept. A
year of Daily Papers (110,000 papers) or a million imported ones open in the
time their columns take to read, and hold a few columns in memory, not the
papers' text.

Its word index is the archive's (`ArchiveIndex`), on disk and grown as
papers arrive: a view answers a word with the archive's answer, taken at its
rows (`ViewIndex`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence, Set
from typing import TYPE_CHECKING, overload

from ..models import Paper
from .columns import Columns, columns, ordered_rows, rows_in_category

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .index import ArchiveIndex
    from .store import Archive

INBOX = "row IN (SELECT paper FROM listed)"
"""The papers of every digest fetched or opened (not those only imported)."""
LIBRARY = "1"
"""Every paper of the archive."""
BLOCK = 128
"""Papers decoded together: the rows of a screen, or a little more."""
BLOCKS_KEPT = 64
"""Blocks kept decoded (8,192 papers): scrolling back costs nothing."""


class ArchivePapers(Sequence[Paper]):
    """Papers of the archive in a view's order, decoded as they are read.
    Thread-safe: the UI reads rows while a worker filters."""

    def __init__(
        self, archive: Archive, columns: Columns, where: str, index: ArchiveIndex | None = None
    ) -> None:
        self.archive = archive
        self.word_index = index
        """The archive's word index, which a filter over this view asks."""
        self.columns = columns
        self.where = where
        """The SQL condition that chose these papers (for orders read in SQL)."""
        self._blocks: OrderedDict[int, list[Paper]] = OrderedDict()
        self._lock = threading.Lock()
        self._place: NDArray[np.int64] | None = None
        self._ids: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self.columns)

    @overload
    def __getitem__(self, position: int) -> Paper: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[Paper]: ...
    def __getitem__(self, position: int | slice) -> Paper | Sequence[Paper]:
        if isinstance(position, slice):
            return [self[n] for n in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        number, offset = divmod(position, BLOCK)
        with self._lock:
            block = self._blocks.get(number)
            if block is not None:
                self._blocks.move_to_end(number)
                return block[offset]
        block = self._decode(number)
        with self._lock:
            block = self._blocks.setdefault(number, block)  # another thread's, if first
            while len(self._blocks) > BLOCKS_KEPT:
                self._blocks.popitem(last=False)
        return block[offset]

    def _decode(self, number: int) -> list[Paper]:
        span = slice(number * BLOCK, (number + 1) * BLOCK)
        rows = self.columns.rows[span]
        found = self.archive.papers_by_row(rows)
        # A paper pruned by another process since the view opened keeps its place.
        return [
            found.get(row) or _gone(pid)
            for row, pid in zip(rows, self.columns.ids[span], strict=True)
        ]

    def __iter__(self) -> Iterator[Paper]:
        """Every paper, a block at a time (an export reads a view whole)."""
        for start in range(0, len(self), BLOCK):
            yield from self._decode(start // BLOCK)

    def each(self, positions: Sequence[int]) -> Iterator[Paper]:
        """The papers at `positions` (a filter's answer, scattered over the view),
        a batch of rows at a time, without decoding the blocks they are in."""
        rows, ids = self.columns.rows, self.columns.ids
        for start in range(0, len(positions), 500):
            chosen = positions[start : start + 500]
            found = self.archive.papers_by_row([rows[n] for n in chosen])
            for n in chosen:
                yield found.get(rows[n]) or _gone(ids[n])

    # --- columns (`columns.Columnar`) ----------------------------------------------

    def id_list(self) -> Sequence[str]:
        return self.columns.ids

    def id_set(self) -> frozenset[str]:
        """The ids as a set, made once (a million: 100 ms, so in a worker)."""
        with self._lock:
            if self._ids is None:
                self._ids = frozenset(self.columns.ids)
            return self._ids

    def upvote_list(self) -> Sequence[int]:
        return self.columns.upvotes

    def published_list(self) -> Sequence[str]:
        return self.columns.published

    def announce_list(self) -> Sequence[str | None]:
        return self.columns.announces

    def title_order(self) -> list[int]:
        rows = ordered_rows(self.archive, self.where, "sort_title, row")
        return self.places_of_rows(rows)

    def category_places(self, wanted: str) -> list[int]:
        return self.places_of_rows(rows_in_category(self.archive, wanted))

    def view_index(self, index: ArchiveIndex) -> ViewIndex:
        return ViewIndex(index, self.archive, self)

    def row_array(self) -> NDArray[np.int64]:
        import numpy as np

        return np.asarray(self.columns.rows, dtype=np.int64)

    def places_of_rows(self, rows: Sequence[int]) -> list[int]:
        """Where the papers of `rows` are in this view (rows not in it left out)."""
        import numpy as np

        with self._lock:
            if self._place is None:
                mine = self.row_array()
                place = np.full(int(mine.max(initial=0)) + 1, -1, dtype=np.int64)
                place[mine] = np.arange(len(mine))
                self._place = place
            place = self._place
        wanted = np.asarray(rows, dtype=np.int64)
        wanted = wanted[wanted < len(place)]
        found = place[wanted]
        result: list[int] = found[found >= 0].tolist()
        return result


def _gone(paper_id: str) -> Paper:
    """A paper removed (pruned) by another process since the view opened."""
    return Paper.create(id=paper_id, title="(no longer in the archive)")


def inbox(
    archive: Archive, read: Set[str], index: ArchiveIndex | None, limit: int | None = None
) -> ArchivePapers:
    """The Inbox: the unread papers of every digest fetched or opened, newest
    first (the first `limit` of them, for a first screen)."""
    return ArchivePapers(archive, columns(archive, INBOX, limit, skip=read), INBOX, index)


def library(
    archive: Archive, index: ArchiveIndex | None, limit: int | None = None
) -> ArchivePapers:
    """The library: every paper the archive holds, newest first."""
    return ArchivePapers(archive, columns(archive, LIBRARY, limit), LIBRARY, index)


class ViewIndex:
    """The archive's word index, answering for one view's papers."""

    def __init__(self, index: ArchiveIndex, archive: Archive, papers: ArchivePapers) -> None:
        self._index = index
        self._archive = archive
        self._rows = papers.row_array()
        self._last = int(self._rows.max(initial=0))

    @property
    def ready(self) -> bool:
        """True once every row of the view is indexed."""
        return self._index.ready and self._index.rows > self._last

    def build(self) -> None:
        """Index what the archive holds and the index does not yet (papers that
        arrived since: none, mostly), then read the index."""
        self._index.load()
        if self._index.rows <= self._last:
            self._index.catch_up(self._archive)

    def word(self, word: str, fields: int) -> NDArray[np.bool_]:
        found: NDArray[np.bool_] = self._index.word(word, fields)[self._rows]
        return found
