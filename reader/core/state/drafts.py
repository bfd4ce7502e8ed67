"""Notes written and left unsaved: kept in the state file's metadata, so that
Esc (or a quit) loses nothing, and `N` brings the text back."""

from __future__ import annotations

from .marks import Marks

KEY = "drafts"


class Drafts:
    """Unsaved note text, by paper id."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks

    def _all(self) -> dict[str, str]:
        return self.marks.meta_as(KEY, dict[str, str], {})

    def get(self, paper_id: str) -> str | None:
        return self._all().get(paper_id)

    def keep(self, paper_id: str, text: str) -> None:
        self.marks.set_meta(KEY, {**self._all(), paper_id: text})

    def drop(self, paper_id: str) -> None:
        drafts = self._all()
        if drafts.pop(paper_id, None) is not None:
            self.marks.set_meta(KEY, drafts)
