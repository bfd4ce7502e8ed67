"""Which papers of a digest are shown: toggles, the live filter, a pinned set."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from typing import TYPE_CHECKING, Any, Literal, get_args, overload

import msgspec

if TYPE_CHECKING:
    from ..query.matching import Matcher

from ..columns import Columnar, Listed, each_of, id_list, published_of, upvotes_of
from ..models import Paper
from ..state.marks import Marks
from ..text import sort_key

REPLACEMENTS = frozenset({"replace", "replace-cross"})

Order = Literal["digest", "upvotes", "date", "title", "for-you"]
Switch = Literal["unread_only", "starred_only", "hide_replacements", "watched_only"]
"""The view's on/off switches (`u`, `S`, `x`, `W`)."""
ORDERS: tuple[Order, ...] = get_args(Order)
"""The sort orders, in the order one key cycles through them."""
ORDER_NAMES: dict[Order, str] = {
    "digest": "digest order",
    "upvotes": "most upvoted",
    "date": "newest first",
    "title": "by title",
    "for-you": "for you",
}


class View(msgspec.Struct, frozen=True):
    """The user's current way of looking at a digest."""

    unread_only: bool = False
    starred_only: bool = False
    hide_replacements: bool = False
    watched_only: bool = False
    filter_text: str = ""
    only_ids: frozenset[str] | None = None
    """When set, only these papers (e.g. those starred in a triage run)."""
    order: Order = "digest"
    """How the papers are sorted; it holds through filters and switches."""

    @property
    def for_you(self) -> bool:
        """Sorted by predicted interest."""
        return self.order == "for-you"

    def next_order(self) -> Order:
        """The order after this one, in the cycle of one key (`O`)."""
        return ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]

    def toggled(self, name: Switch) -> View:
        """This view with one of its boolean switches flipped."""
        return msgspec.structs.replace(
            self,
            unread_only=self.unread_only ^ (name == "unread_only"),
            starred_only=self.starred_only ^ (name == "starred_only"),
            hide_replacements=self.hide_replacements ^ (name == "hide_replacements"),
            watched_only=self.watched_only ^ (name == "watched_only"),
        )

    def labels(self, search: str = "") -> list[str]:
        """What the header says of the view; `search` names the saved search
        whose query is the filter, if any."""
        labels = []
        if self.unread_only:
            labels.append("unread only")
        if self.starred_only:
            labels.append("starred only")
        if self.hide_replacements:
            labels.append("replacements hidden")
        if self.watched_only:
            labels.append("watched only")
        if search:
            labels.append(f"search “{search}”")
        elif self.filter_text:
            labels.append(f"filter “{self.filter_text}”")
        if self.only_ids is not None:
            labels.append("starred in triage (Esc shows all)")
        return labels


class Subset(Sequence[Paper]):
    """Some papers of a digest, by index, without a list of 100,000 references.

    Building such a list touches every paper object (reference counts), which
    costs about 10 ms per filter keystroke at 100,000 papers; the list widget
    only ever reads the rows on screen.
    """

    __slots__ = ("_columnar", "_indices", "_papers", "in_digest_order")

    def __init__(
        self, papers: Sequence[Paper], indices: Sequence[int], *, in_digest_order: bool = True
    ) -> None:
        self._papers = papers
        self._indices = indices
        self.in_digest_order = in_digest_order
        self._columnar = papers if isinstance(papers, Columnar) else None
        """The archive's papers, whose next rows are not the subset's."""

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, position: int) -> Paper: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[Paper]: ...
    def __getitem__(self, position: int | slice) -> Paper | Sequence[Paper]:
        if isinstance(position, slice):
            return Subset(
                self._papers, self._indices[position], in_digest_order=self.in_digest_order
            )
        index = self._indices[position]
        if self._columnar is not None:  # this paper alone: the screen decodes its rows together
            return self._columnar.read(index, (index,))
        return self._papers[index]

    def __iter__(self) -> Iterator[Paper]:
        return each_of(self._papers, self._indices)  # the rows wanted, not their blocks


def _digest_of(papers: Sequence[Paper]) -> Sequence[Paper] | None:
    """The whole digest that `papers` are in digest order of, if known."""
    if isinstance(papers, Subset):
        return papers._papers if papers.in_digest_order else None
    # A digest's papers are a tuple, or the archive's.
    return papers if isinstance(papers, tuple | Columnar) else None


def listed(papers: Sequence[Paper], positions: Sequence[int]) -> list[Listed]:
    """What the rows at `positions` (those in range) show: the papers, or
    for an archive's, their titles and columns read in one query (the rows a
    screen is about to show), none decoded that was not already."""
    chosen = [n for n in positions if 0 <= n < len(papers)]
    if isinstance(papers, Subset):
        return listed(papers._papers, [int(papers._indices[n]) for n in chosen])
    if isinstance(papers, Columnar):
        return papers.listed(chosen)
    return [papers[n] for n in chosen]


def ids_of(papers: Sequence[Paper]) -> Sequence[str]:
    """The ids of `papers`, in order, without decoding an archive's papers."""
    if isinstance(papers, Subset):
        ids = ids_of(papers._papers)
        return [ids[i] for i in papers._indices]
    return id_list(papers)


def place_of(papers: Sequence[Paper], paper_id: str) -> int | None:
    """Where the paper `paper_id` is among `papers`, if it is."""
    ids = ids_of(papers)
    try:
        return ids.index(paper_id)
    except ValueError:
        return None


def locate(papers: Sequence[Paper], before: Sequence[Paper], position: int) -> int | None:
    """Where the paper at `position` of `before` is in `papers`: -1 if absent.

    In O(log n) when both are in digest order over one digest (a filter
    changing); None when that cannot be told quickly.
    """
    digest = _digest_of(before)
    if digest is None or digest is not _digest_of(papers):
        return None
    # int(): a filter's indices may be an array's, and a screen's place is an int.
    wanted = int(before._indices[position]) if isinstance(before, Subset) else position
    if isinstance(papers, Subset):
        found = bisect_left(papers._indices, wanted)
        return found if found < len(papers) and papers._indices[found] == wanted else -1
    return wanted


class Ordering:
    """A sort order over one digest, computed once: each paper's place in it.

    Sorting the rows of each filter keystroke then sorts integers, and the
    unfiltered list is a ready permutation.
    """

    __slots__ = ("perm", "rank")

    def __init__(self, perm: list[int]) -> None:
        self.perm = perm
        rank = [0] * len(perm)
        for position, index in enumerate(perm):
            rank[index] = position
        self.rank = rank

    def sort(self, indices: Sequence[int]) -> list[int]:
        return sorted(indices, key=self.rank.__getitem__)


def ordering(
    papers: Sequence[Paper], order: Order, scores: Mapping[str, float] | None = None
) -> Ordering | None:
    """The papers sorted by `order` (None for digest order). Ties keep digest
    order; papers without upvotes, a date or a score come last. Read from
    columns: an archive's papers are not decoded."""
    key: Callable[[int], Any]
    if order == "title":
        if isinstance(papers, Columnar):
            return Ordering(papers.title_order())
        titles = [sort_key(p.title) for p in papers]
        return Ordering(sorted(range(len(papers)), key=titles.__getitem__))
    if order == "upvotes":
        votes = upvotes_of(papers)
        key = votes.__getitem__
    elif order == "date":
        key = published_of(papers).__getitem__  # a stable sort: equal dates keep digest order
    elif order == "for-you" and scores:
        ids = id_list(papers)
        key = lambda i: scores.get(ids[i], float("-inf"))  # noqa: E731
    else:
        return None
    return Ordering(sorted(range(len(papers)), key=key, reverse=True))


def select(
    papers: Sequence[Paper],
    view: View,
    store: Marks,
    matcher: Matcher | None,
    order: Ordering | None = None,
    watched: Set[str] = frozenset(),
) -> Sequence[Paper]:
    """The papers the view shows, in digest order or in `order` (made for
    `papers`). The filter must parse (`query.parse`); `watched` are the ids
    the watch list marks."""
    indices: Sequence[int] = range(len(papers))
    if view.filter_text.strip():  # the query engine is imported only for a filter
        from ..query.language import And, parse
        from ..query.matching import Matcher

        query = parse(view.filter_text)
        if query != And(()):
            indices = (matcher or Matcher(papers, None)).matching(query, store)
    if view.unread_only or view.starred_only or view.watched_only or view.only_ids is not None:
        ids = id_list(papers)
        for wanted in _wanted(view, store, watched):
            indices = [i for i in indices if wanted(ids[i])]
    if view.hide_replacements:
        announce = (
            papers.announce_list() if isinstance(papers, Columnar) else [p.announce for p in papers]
        )
        indices = [i for i in indices if announce[i] not in REPLACEMENTS]
    if order is not None:
        chosen = order.perm if isinstance(indices, range) else order.sort(indices)
        return Subset(papers, chosen, in_digest_order=False)
    return papers if isinstance(indices, range) else Subset(papers, indices)


def _wanted(view: View, store: Marks, watched: Set[str]) -> list[Callable[[str], bool]]:
    """What the view's switches keep, each as a test of an id."""
    tests: list[Callable[[str], bool]] = []
    if view.unread_only:
        read = store.read_ids
        tests.append(lambda i: i not in read)
    if view.starred_only:
        tests.append(store.starred_ids.__contains__)
    if view.watched_only:
        tests.append(watched.__contains__)
    if view.only_ids is not None:
        tests.append(view.only_ids.__contains__)
    return tests
