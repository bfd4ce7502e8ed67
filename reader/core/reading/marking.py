"""Every mark the reader makes goes through one path: stars and reads (undoable,
and kept under a paper's title id too), notes and their drafts, and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from ..models import Paper
from ..state.drafts import Drafts
from ..state.records import Change, Field, Record
from ..state.store import StateStore
from .view import ids_of


class Marking:
    """The reader's marks on papers, as the app and triage change them."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.drafts = Drafts(store)
        """Notes left unsaved, which `N` brings back."""

    def record(self, paper: Paper | None) -> Record:
        return self.store.record(paper.id) if paper is not None else Record()

    def toggle(self, paper: Paper, field: Literal["read", "starred"]) -> bool:
        """Flip a mark (undoable); the paper's title id keeps it too, so that a
        copy of the page without the arXiv id shows it. Returns the new value."""
        if not paper.id.startswith("t:") and (alt := paper.alt_id):
            self.store.link([(alt, paper.id)])
        return self.store.toggle(paper.id, field)

    def decide(self, paper: Paper, *, star: bool) -> bool:
        """Triage's decision: read, and starred too if `star`, as one undo step;
        True if anything changed."""
        updates: list[tuple[str, Field, bool]] = [(paper.id, "read", True)]
        if star:
            updates.insert(0, (paper.id, "starred", True))
        return bool(self.store.apply(updates))

    def dwelt(self, paper: Paper) -> bool:
        """The paper stayed on screen long enough to count as read (not undoable:
        no key asked for it); True if it changed."""
        return bool(self.store.set_field([paper.id], "read", True, undoable=False))

    def mark_read(self, ids: Iterable[str]) -> int:
        """Mark papers read as one undo step; how many changed."""
        return len(self.store.set_field(ids, "read", True))

    def unread(self, papers: Sequence[Paper]) -> list[str]:
        """The ids of the unread ones among `papers`."""
        read = self.store.read_ids
        return [i for i in ids_of(papers) if i not in read]

    def note(self, paper: Paper, text: str) -> bool:
        """Save the paper's note (undoable), its draft gone; True if it changed."""
        self.drafts.drop(paper.id)
        return self.store.set_note(paper.id, text)

    def tags(self, paper: Paper, tags: str) -> bool:
        """Replace the paper's tags (undoable); True if they changed."""
        return self.store.set_tags(paper.id, tags)

    def undo(self) -> list[Change] | None:
        return self.store.undo()
