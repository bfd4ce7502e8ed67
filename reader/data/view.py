"""Which papers of a digest are shown: toggles, the live filter, a pinned set."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import msgspec

from .models import Paper
from .search import SearchIndex
from .state.store import StateStore

REPLACEMENTS = frozenset({"replace", "replace-cross"})


class View(msgspec.Struct, frozen=True):
    """The user's current way of looking at a digest."""

    unread_only: bool = False
    starred_only: bool = False
    hide_replacements: bool = False
    filter_text: str = ""
    only_ids: frozenset[str] | None = None
    """When set, only these papers (e.g. those starred in a triage run)."""
    for_you: bool = False
    """Sort by predicted interest instead of digest order."""

    def toggled(self, name: str) -> View:
        """This view with one of its boolean switches flipped."""
        return msgspec.structs.replace(
            self,
            unread_only=self.unread_only ^ (name == "unread_only"),
            starred_only=self.starred_only ^ (name == "starred_only"),
            hide_replacements=self.hide_replacements ^ (name == "hide_replacements"),
        )

    def labels(self) -> list[str]:
        labels = []
        if self.unread_only:
            labels.append("unread only")
        if self.starred_only:
            labels.append("starred only")
        if self.hide_replacements:
            labels.append("replacements hidden")
        if self.filter_text:
            labels.append(f"filter “{self.filter_text}”")
        if self.only_ids is not None:
            labels.append("starred in triage (Esc shows all)")
        if self.for_you:
            labels.append("for you")
        return labels


class Subset(Sequence[Paper]):
    """Some papers of a digest, by index, without a list of 100,000 references.

    Building such a list touches every paper object (reference counts), which
    costs about 10 ms per filter keystroke at 100,000 papers; the list widget
    only ever reads the rows on screen.
    """

    __slots__ = ("_indices", "_papers")

    def __init__(self, papers: Sequence[Paper], indices: Sequence[int]) -> None:
        self._papers = papers
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, position: int) -> Paper: ...
    @overload
    def __getitem__(self, position: slice) -> Sequence[Paper]: ...
    def __getitem__(self, position: int | slice) -> Paper | Sequence[Paper]:
        if isinstance(position, slice):
            return Subset(self._papers, self._indices[position])
        return self._papers[self._indices[position]]

    def __iter__(self) -> Iterator[Paper]:
        return map(self._papers.__getitem__, self._indices)


def _digest_of(papers: Sequence[Paper]) -> Sequence[Paper] | None:
    """The whole digest that `papers` are in digest order of, if known."""
    if isinstance(papers, Subset):
        return papers._papers
    return papers if isinstance(papers, tuple) else None  # a digest's papers are a tuple


def locate(papers: Sequence[Paper], before: Sequence[Paper], position: int) -> int | None:
    """Where the paper at `position` of `before` is in `papers`: -1 if absent.

    In O(log n) when both are in digest order over one digest (a filter
    changing); None when that cannot be told quickly.
    """
    digest = _digest_of(before)
    if digest is None or digest is not _digest_of(papers):
        return None
    wanted = before._indices[position] if isinstance(before, Subset) else position
    if isinstance(papers, Subset):
        found = bisect_left(papers._indices, wanted)
        return found if found < len(papers) and papers._indices[found] == wanted else -1
    return wanted


def select(
    papers: Sequence[Paper],
    view: View,
    store: StateStore,
    index: SearchIndex | None,
    scores: Mapping[str, float] | None = None,
) -> Sequence[Paper]:
    """The papers the view shows, in digest order (or by score, for you)."""
    words = view.filter_text.split()
    tags = [w[1:].lower() for w in words if w.startswith("#") and len(w) > 1]
    text = " ".join(w for w in words if not (w.startswith("#") and len(w) > 1))
    if text and index is not None:
        selected: Sequence[Paper] = Subset(papers, index.matches(text))
    else:
        selected = papers
    if tags:
        selected = [p for p in selected if all(t in store.record(p.id).tags for t in tags)]
    if view.unread_only:
        read = store.read_ids
        selected = [p for p in selected if p.id not in read]
    if view.starred_only:
        starred = store.starred_ids
        selected = [p for p in selected if p.id in starred]
    if view.hide_replacements:
        selected = [p for p in selected if p.announce not in REPLACEMENTS]
    if view.only_ids is not None:
        only = view.only_ids
        selected = [p for p in selected if p.id in only]
    if scores:
        # For you: the best first; papers the model has no score for keep digest order after.
        return sorted(selected, key=lambda p: -scores.get(p.id, float("-inf")))
    return selected
