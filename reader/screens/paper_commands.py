"""Commands on papers and their marks: star, read, undo, notes, tags, triage.

Held by the main screen (composition, not a parent class): each command works
through the session's one path for marks (`session.marks`) and tells the
screen what to show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from ..core.reading.digest import next_where
from ..core.state.records import Change
from .autoread import AutoRead

if TYPE_CHECKING:
    from .editors import NoteResult
    from .for_you_commands import ForYouCommands
    from .host import Host
    from .triage import TriageResult

UNDONE: dict[tuple[str, object], str] = {
    ("starred", True): "star",
    ("starred", False): "unstar",
    ("read", True): "mark read",
    ("read", False): "mark unread",
}
"""What an undo took back, by field and the value it had."""


class PaperCommands:
    """What the keys for the highlighted (or every shown) paper do to its marks."""

    def __init__(self, host: Host, autoread: AutoRead, for_you: ForYouCommands) -> None:
        self.host = host
        self.session = host.session
        self.marks = host.session.marks
        self.autoread = autoread
        self.for_you = for_you

    def _say(self, message: str, timeout: float = 3) -> None:
        self.host.screen.notify(message, timeout=timeout)

    # --- marks -----------------------------------------------------------------

    def star(self) -> None:
        if (paper := self.host.current()) is not None:
            self.marks.toggle(paper, "starred")
            self.host.state_changed()
            if self.session.view.for_you:
                self.for_you.retrain()  # the list re-sorts when it is done

    def toggle_read(self) -> None:
        if (paper := self.host.current()) is not None:
            self.autoread.stop()  # an explicit mark is not undone by the dwell timer
            self.marks.toggle(paper, "read")
            self.host.state_changed()

    def undo(self) -> None:
        changes = self.marks.undo()
        if changes is None:
            self._say("Nothing to undo.", 2)
            return
        self.host.state_changed()
        self._describe_undo(changes)

    def _describe_undo(self, changes: list[Change]) -> None:
        ids = {change.paper_id for change in changes}
        if len(ids) > 1:
            self._say(f"Undone: a change to {len(ids)} papers.")
            return
        first = changes[0]
        undone = not first.before if isinstance(first.before, bool) else None
        verb = UNDONE.get((first.field, undone), f"{first.field} change")
        papers = self.host.paper_list
        index = papers.index_of(first.paper_id)
        if index is not None:
            papers.move_to(index, by_user=False)  # not read again by staying on it
        self._say(f"Undone: {verb}.", 2)

    def mark_all_read(self) -> None:
        unread = self.marks.unread(self.host.paper_list.papers)
        if not unread:
            self._say("Every shown paper is already read.")
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                changed = self.marks.mark_read(unread)
                self.host.state_changed()
                self._say(f"Marked {changed} papers read. z undoes.")

        noun = "paper" if len(unread) == 1 else "papers"
        from .dialogs import ConfirmScreen

        question = ConfirmScreen(f"Mark {len(unread)} shown {noun} read?")
        self.host.screen.app.push_screen(question, confirmed)

    def next_unread(self) -> None:
        papers = self.host.paper_list
        if not papers.papers:
            return
        start, read = papers.cursor, self.session.store.read_ids
        index = next_where(papers.papers, start, lambda i: i not in read)
        if index is None:
            self._say("No unread papers here.")
            return
        papers.move_to(index)
        if index <= start:
            self._say("Wrapped to the top.", 2)

    # --- the detail pane ----------------------------------------------------------

    def page_detail(self, direction: int) -> None:
        """Page the abstract in the detail pane; the cursor stays in the list."""
        detail = self.host.detail
        if direction > 0:
            detail.scroll_page_down(animate=False)
        else:
            detail.scroll_page_up(animate=False)

    def all_authors(self) -> None:
        self.host.detail.toggle_authors()

    # --- notes and tags ------------------------------------------------------------

    def note(self) -> None:
        """Write a note; text left with Esc stays a draft that `N` brings back."""
        if (paper := self.host.current()) is None:
            return
        marks = self.marks

        def closed(result: NoteResult | None) -> None:
            if result is None:
                return
            if not result.saved:
                marks.drafts.keep(paper.id, result.text)
                self.host.screen.notify(
                    "The note is not saved: N brings the draft back.", severity="warning"
                )
            elif marks.note(paper, result.text):
                self.host.state_changed()
                self._say("Note saved. z undoes.", 2)

        from .editors import NoteScreen

        editor = NoteScreen(paper.title, marks.record(paper).note, marks.drafts.get(paper.id))
        self.host.screen.app.push_screen(editor, closed)

    def tags(self) -> None:
        if (paper := self.host.current()) is None:
            return
        marks = self.marks

        def saved(tags: str | None) -> None:
            if tags is not None and marks.tags(paper, tags):
                self.host.state_changed()
                shown = ", ".join(marks.record(paper).tags) or "none"
                self._say(f"Tags: {shown}. z undoes.", 2)

        from .editors import tags_prompt

        prompt = tags_prompt(paper.title, marks.record(paper).tags, self.session.store.all_tags())
        self.host.screen.app.push_screen(prompt, saved)

    # --- triage -------------------------------------------------------------------

    def triage(self) -> None:
        papers = self.host.paper_list.papers
        if not self.marks.unread(papers):
            self._say("No unread papers to triage here.")
            return
        from .triage import TriageScreen

        self.host.screen.app.push_screen(TriageScreen(papers, self.marks), self._triage_done)

    def _triage_done(self, result: TriageResult | None) -> None:
        host = self.host
        if result is not None and result.show_only is not None:
            view = self.session.view
            self.session.view = replace(view, only_ids=frozenset(result.show_only))
        host.refresh_view()
        if result is not None and result.last is not None:
            index = host.paper_list.index_of(result.last.id)
            if index is not None:  # back on it, but not read for staying: the reader moves first
                host.paper_list.move_to(index, by_user=False)
        host.state_changed()
