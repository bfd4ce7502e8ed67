"""A digest as it is read: built once per load, with everything that is worked
out from its papers (ids, the search index, the query matcher, the watch
list's marks, the sort orders), so that a new digest replaces it whole and
nothing of the last one can linger.

Used by the app's session and by `reader list`/`export` alike: what the
command line prints is what the app shows for the same view.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..columns import id_list
from ..config import Watch
from ..models import Digest, Paper
from ..sources.specs import Spec
from ..state.marks import Marks
from .view import Order, Ordering, View, ids_of, ordering, select

if TYPE_CHECKING:
    from ..query.index import WordIndex
    from ..query.matching import Matcher

LARGE = 5000
"""Digests larger than this are filtered in a worker."""
WATCH_INLINE = 2000
"""Digests up to this size are scanned for watched papers as they arrive;
larger ones in the worker that builds their index."""


class OpenDigest:
    """One digest's papers and what is worked out from them. Safe in a worker."""

    def __init__(self, digest: Digest, spec: Spec | None = None) -> None:
        self.digest = digest
        self.spec = spec
        """The spec shown (a bare `reader` may show an earlier day); None when
        several sources are merged."""
        self.papers = digest.papers
        self.ids = _id_set(digest.papers)
        self.watched: dict[str, str] = {}
        """The watch list's papers: id to why (`scan_watch`)."""
        self._index: WordIndex | None = None
        self._matcher: Matcher | None = None
        self._made = threading.Lock()
        self._orderings: dict[tuple[Order, int], Ordering | None] = {}

    def __len__(self) -> int:
        return len(self.papers)

    # --- search ---------------------------------------------------------------

    @property
    def index(self) -> WordIndex:
        """The search index, made when first asked for (and built in a worker):
        the first frame needs no search, and importing it costs startup time.
        A view of the archive asks the archive's index, which is on disk."""
        with self._made:
            if self._index is None:
                from ..archive.views import ArchivePapers

                papers = self.papers
                if isinstance(papers, ArchivePapers) and papers.word_index is not None:
                    self._index = papers.view_index(papers.word_index)
                else:
                    from ..query.index import SearchIndex

                    self._index = SearchIndex(papers)
            return self._index

    @property
    def matcher(self) -> Matcher:
        """What answers queries over these papers, made when first asked for."""
        index = self.index
        with self._made:
            if self._matcher is None:
                from ..query.matching import Matcher

                self._matcher = Matcher(self.papers, index)
            return self._matcher

    @property
    def indexed_elsewhere(self) -> bool:
        """True for a view of the archive: its index is on disk, and reading it is
        quick (the index of a digest in memory is built, in seconds)."""
        from ..archive.views import ArchivePapers

        return isinstance(self.papers, ArchivePapers) and self.papers.word_index is not None

    def indexing(self, filter_text: str) -> str:
        """While the index is being built (seconds at 100,000 papers), a filter
        reads every paper's text: say so, when it matters."""
        index = self._index
        if index is None or index.ready:
            return ""
        from ..query.language import parse, uses_text

        if not (len(self) > LARGE or uses_text(parse(filter_text))):
            return ""
        return f"indexing {len(self):,} papers for search"

    def in_background(self, view: View) -> bool:
        """True when selecting `view` may take long: do it in a worker."""
        if len(self) <= LARGE or view == View(hide_replacements=view.hide_replacements):
            return False
        from ..query.language import parse

        # With the index built, a query is a few milliseconds: quicker here than in a worker.
        return not self.matcher.cheap(parse(view.filter_text))

    # --- the view ---------------------------------------------------------------

    def ordering(self, order: Order, scores: Mapping[str, float] | None = None) -> Ordering | None:
        """The papers sorted by `order`, computed once (For you: once per scores)."""
        key = (order, id(scores) if order == "for-you" else 0)
        if key not in self._orderings:
            if order == "for-you":  # only the newest scores are kept
                self._orderings = {k: v for k, v in self._orderings.items() if k[0] != order}
            self._orderings[key] = ordering(self.papers, order, scores)
        return self._orderings[key]

    def select(
        self, view: View, marks: Marks, scores: Mapping[str, float] | None = None
    ) -> Sequence[Paper]:
        """The papers `view` shows, in its order (safe in a worker)."""
        matcher = self.matcher if view.filter_text else None  # no search, no index
        if matcher is not None and self.indexed_elsewhere and not self.index.ready:
            self.index.build()  # the archive's: read from disk, not built
        order = self.ordering(view.order, scores)
        return select(self.papers, view, marks, matcher, order, self.watched.keys())

    # --- the watch list -----------------------------------------------------------

    def scan_watch(self, watch: Watch) -> dict[str, str]:
        """Which papers the watch list marks, and why: a small digest by reading
        its papers, a large one through its index (in a worker)."""
        if not watch:
            return {}
        from ..query.watch import scan

        return scan(self.papers, watch, self.matcher if len(self) > WATCH_INLINE else None)


def _id_set(papers: Sequence[Paper]) -> frozenset[str]:
    from ..archive.views import ArchivePapers

    if isinstance(papers, ArchivePapers):
        return papers.id_set()  # made in the worker that opened the view
    return frozenset(id_list(papers))


def next_where(papers: Sequence[Paper], start: int, wanted: Callable[[str], bool]) -> int | None:
    """The next of `papers` after `start` whose id is `wanted`, wrapping; None
    if none is. Read from ids: an archive's papers are not decoded."""
    ids = ids_of(papers)
    count = len(ids)
    for step in range(1, count + 1):
        index = (start + step) % count
        if wanted(ids[index]):
            return index
    return None
