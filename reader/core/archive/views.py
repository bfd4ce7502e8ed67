"""Views of the archive as sequences of papers: the Inbox and the library.

A view holds its papers' rows and the columns that lists, sorts and filters
read (`columns.Columnar`); a paper is decoded when it is read (the cursor's
and the rows after it, a phrase's candidates), the latest kept, while the
rows a screen shows are drawn from their titles and columns, read in one
query (`listed`), not decoded. A year of Daily Papers (110,000 papers) or a
million imported ones open in the time their columns take to read, and hold
a few columns in memory, not the papers' text.

Its word index is the archive's (`ArchiveIndex`), on disk and grown as
papers arrive: a view answers a word with the archive's answer, taken at its
rows (`ViewIndex`).
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence, Set
from concurrent.futures import Future
from typing import TYPE_CHECKING, TypeVar, overload

from ..columns import Listed, Row, Texts
from ..models import Paper
from .columns import Columns, columns, listed_columns, ordered_rows, rows_by_category
from .packing import StoredTexts, decode, decode_texts

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .index import ArchiveIndex
    from .store import Archive

_T = TypeVar("_T")

INBOX = "imported = 0"
"""The papers of every digest fetched or opened (not those only imported or
listed), read from their own index."""
LIBRARY = "1"
"""Every paper of the archive."""
AHEAD = 64
"""Papers decoded with one asked for: the rows after it, which scrolling shows next."""
KEPT = 8192
"""Papers kept decoded: scrolling back, and the cursor's paper, cost nothing."""


class ArchivePapers(Sequence[Paper]):
    """Papers of the archive in a view's order, decoded as they are read.
    Thread-safe: the UI reads rows while a worker filters."""

    def __init__(
        self,
        archive: Archive,
        columns: Columns,
        where: str,
        index: ArchiveIndex | None = None,
        categories: Future[dict[str, array[int]]] | None = None,
    ) -> None:
        self.archive = archive
        self.word_index = index
        """The archive's word index, which a filter over this view asks."""
        self.columns = columns
        self.where = where
        """The SQL condition that chose these papers (for orders read in SQL)."""
        self._kept: OrderedDict[int, Paper] = OrderedDict()
        """Papers decoded, by position, the latest used last."""
        self._lock = threading.Lock()
        self._place: NDArray[np.int64] | None = None
        self._ids: frozenset[str] | None = None
        self._categories: dict[str, NDArray[np.int64]] | None = None
        self._categorising = threading.Lock()
        self._read_categories = categories
        """Every category's rows, being read since the view began to open."""

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
        # the rows after it come next, scrolling
        return self.read(position, range(position, min(len(self), position + AHEAD)))

    def read(self, position: int, ahead: Sequence[int]) -> Paper:
        with self._lock:
            found = self._kept.get(position)
            if found is not None:
                self._kept.move_to_end(position)
                return found
        with self._lock:
            missing = [n for n in ahead if n not in self._kept]
        if missing:
            self._decoded(missing)
        with self._lock:
            found = self._kept.get(position)
        return found if found is not None else self._decoded([position])[position]

    def listed(self, positions: Sequence[int]) -> list[Listed]:
        """The papers at `positions` already decoded, the others as their
        titles and columns, read in one query: the rows a screen shows, which
        a filter scatters over the view (44 papers of 29,516 authors took 7 ms
        to decode, their titles a tenth of one)."""
        shown: dict[int, Listed] = {}
        with self._lock:
            for n in positions:
                if (paper := self._kept.get(n)) is not None:
                    shown[n] = paper
        rest = [n for n in positions if n not in shown]
        if rest:
            columns = self.columns
            rows = columns.rows
            titles = self.archive.titles([rows[n] for n in rest])
            # No title kept (a row written before titles were, or pruned meanwhile): decoded.
            untitled = [n for n in rest if titles.get(rows[n]) is None]
            if untitled:
                shown.update(self._decoded(untitled))
            for n in rest:
                title = titles.get(rows[n])
                if title is not None:
                    votes = columns.upvotes[n]
                    shown[n] = Row(
                        columns.ids[n],
                        title,
                        columns.published[n] or None,
                        None if votes < 0 else votes,
                    )
        return [shown[n] for n in positions]

    def _decoded(self, positions: Sequence[int]) -> dict[int, Paper]:
        rows, ids = self.columns.rows, self.columns.ids
        found = self.archive.papers_by_row([rows[n] for n in positions])
        # A paper pruned by another process since the view opened keeps its place.
        papers = {n: found.get(rows[n]) or _gone(ids[n]) for n in positions}
        with self._lock:
            for n, paper in papers.items():
                papers[n] = self._kept.setdefault(n, paper)  # another thread's, if first
                self._kept.move_to_end(n)
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return papers

    def __iter__(self) -> Iterator[Paper]:
        """Every paper, a batch at a time (an export reads a view whole), none kept."""
        return self.each(range(len(self)))

    def each(self, positions: Sequence[int]) -> Iterator[Paper]:
        """The papers at `positions` (a filter's answer, scattered over the view),
        a batch of rows at a time. (Reading the next batch in a thread while
        this one is decoded was slower: the two take turns at the GIL.)"""
        return self._each(positions, decode, _gone)

    def texts(self, positions: Sequence[int], field: str) -> Iterator[Texts]:
        return self._each(positions, lambda raw: decode_texts(raw, field), lambda _: StoredTexts())

    def _each(
        self, positions: Sequence[int], decoding: Callable[[bytes], _T], gone: Callable[[str], _T]
    ) -> Iterator[_T]:
        rows, ids = self.columns.rows, self.columns.ids
        for start in range(0, len(positions), 500):
            chosen = positions[start : start + 500]
            found = self.archive.inflated([rows[n] for n in chosen])
            for n in chosen:
                raw = found.get(rows[n])
                yield gone(ids[n]) if raw is None else decoding(raw)

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
        """The first call takes every category's rows (read in a thread of
        their own while the view opened: half a second at a million papers)
        to places; then none does."""
        from ..query.judge import category_matches  # the query engine is not the first frame's

        with self._categorising:
            if self._categories is None:
                pending, self._read_categories = self._read_categories, None
                read = pending.result() if pending is not None else None
                self._categories = {
                    name: self.place_array(rows)
                    for name, rows in (read or rows_by_category(self.archive)).items()
                }
            chosen = [
                places
                for name, places in self._categories.items()
                if category_matches(name, wanted)
            ]
        import numpy as np

        found: list[int] = np.concatenate(chosen).tolist() if chosen else []
        return found

    def view_index(self, index: ArchiveIndex) -> ViewIndex:
        return ViewIndex(index, self.archive, self)

    def row_array(self) -> NDArray[np.int64]:
        import numpy as np

        return np.asarray(self.columns.rows, dtype=np.int64)

    def places_of_rows(self, rows: Sequence[int]) -> list[int]:
        """Where the papers of `rows` are in this view (rows not in it left out)."""
        found: list[int] = self.place_array(rows).tolist()
        return found

    def place_array(self, rows: Sequence[int]) -> NDArray[np.int64]:
        """`places_of_rows`, as an array."""
        import numpy as np

        with self._lock:
            if self._place is None:
                mine = self.row_array()
                place = np.full(_largest(mine) + 1, -1, dtype=np.int64)
                place[mine] = np.arange(len(mine))
                self._place = place
            place = self._place
        wanted = np.asarray(rows, dtype=np.int64)
        wanted = wanted[wanted < len(place)]
        found = place[wanted]
        kept: NDArray[np.int64] = found[found >= 0]
        return kept


def _gone(paper_id: str) -> Paper:
    """A paper removed (pruned) by another process since the view opened."""
    return Paper.create(id=paper_id, title="(no longer in the archive)")


def inbox(
    archive: Archive, read: Set[str], index: ArchiveIndex | None, limit: int | None = None
) -> ArchivePapers:
    """The Inbox: the unread papers of every digest fetched or opened, newest
    first (the first `limit` of them, for a first screen)."""
    categories = None if limit is not None else categories_meanwhile(archive)
    found = columns(archive, INBOX, limit, skip=read)
    return ArchivePapers(archive, found, INBOX, index, categories)


def library(
    archive: Archive, index: ArchiveIndex | None, limit: int | None = None
) -> ArchivePapers:
    """The library: every paper the archive holds, newest first."""
    categories = None if limit is not None else categories_meanwhile(archive)
    return ArchivePapers(archive, columns(archive, LIBRARY, limit), LIBRARY, index, categories)


def listed(archive: Archive, digest: int, index: ArchiveIndex | None) -> ArchivePapers:
    """A digest the archive keeps, in its order: a large file opened, whose
    papers went into the archive rather than into memory."""
    where = f"row IN (SELECT paper FROM listed WHERE digest = {int(digest)})"
    found = listed_columns(archive, digest)
    return ArchivePapers(archive, found, where, index, categories_meanwhile(archive))


def _largest(rows: NDArray[np.int64]) -> int:
    """The largest row, 0 for none."""
    import numpy as np

    return int(np.max(rows)) if len(rows) else 0


def categories_meanwhile(archive: Archive) -> Future[dict[str, array[int]]]:
    """Every category's rows, read in a thread of their own while a view's
    columns are read: a `cat:` typed as soon as the view is on screen finds
    them ready (they took 0.5 s of the 2 s a million papers' view takes).
    Empty on failure (a closed archive at quit): they are read when asked."""
    return archive.in_background(lambda: rows_by_category(archive), {})


class ViewIndex:
    """The archive's word index, answering for one view's papers."""

    def __init__(self, index: ArchiveIndex, archive: Archive, papers: ArchivePapers) -> None:
        self._index = index
        self._archive = archive
        self._rows = papers.row_array()
        self._last = _largest(self._rows)

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
