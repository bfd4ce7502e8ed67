"""Commands on papers: marks, undo, links, notes, tags and export.

Held by the main screen (composition, not a parent class): each command works
through the screen's session and tells the screen what to show.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from io import StringIO
from typing import TYPE_CHECKING

from msgspec.structs import replace

from ..core.locations import export_dir
from ..core.models import Paper
from ..core.state.records import Change
from ..core.state.storage import atomic_write
from .links import copy_link, copy_text, open_link, open_url, pdf_url

if TYPE_CHECKING:
    from ..core.export import Format
    from .editors import NoteResult
    from .host import Host
    from .triage import TriageResult

FORMATS: list[tuple[str, str]] = [
    ("BibTeX (.bib), for reference managers", "bibtex"),
    ("Markdown (.md), a reading-group agenda", "markdown"),
    ("JSON (.json), as `reader list --format json`", "json"),
    ("CSV (.csv), for spreadsheets", "csv"),
]


class PaperCommands:
    """What the keys for the highlighted (or every shown) paper do."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.session = screen.session

    # --- marks -----------------------------------------------------------------

    def star(self) -> None:
        if (paper := self.screen.current()) is not None:
            self.session.toggle(paper, "starred")
            self.screen.state_changed()
            if self.session.view.for_you:
                self.screen.retrain()  # the list re-sorts when it is done

    def toggle_read(self) -> None:
        if (paper := self.screen.current()) is not None:
            self.screen.stop_dwell()
            self.session.toggle(paper, "read")
            self.screen.state_changed()

    def undo(self) -> None:
        changes = self.session.undo()
        if changes is None:
            self.screen.notify("Nothing to undo.", timeout=2)
            return
        self.screen.state_changed()
        self._describe_undo(changes)

    def _describe_undo(self, changes: list[Change]) -> None:
        ids = {change.paper_id for change in changes}
        if len(ids) > 1:
            self.screen.notify(f"Undone: a change to {len(ids)} papers.", timeout=3)
            return
        first = changes[0]
        verbs: dict[tuple[str, object], str] = {
            ("starred", True): "star",
            ("starred", False): "unstar",
            ("read", True): "mark read",
            ("read", False): "mark unread",
        }
        undone = not first.before if isinstance(first.before, bool) else None
        verb = verbs.get((first.field, undone), f"{first.field} change")
        papers = self.screen.paper_list
        index = papers.index_of(first.paper_id)
        if index is not None:
            papers.move_to(index, by_user=False)  # not read again by staying on it
        self.screen.notify(f"Undone: {verb}.", timeout=2)

    def mark_all_read(self) -> None:
        unread = self.session.unread_among(self.screen.paper_list.papers)
        if not unread:
            self.screen.notify("Every shown paper is already read.", timeout=3)
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                changed = self.session.mark_read(unread)
                self.screen.state_changed()
                self.screen.notify(f"Marked {changed} papers read. z undoes.", timeout=3)

        noun = "paper" if len(unread) == 1 else "papers"
        from .dialogs import ConfirmScreen

        self.screen.app.push_screen(
            ConfirmScreen(f"Mark {len(unread)} shown {noun} read?"), confirmed
        )

    def next_unread(self) -> None:
        papers = self.screen.paper_list
        if not papers.papers:
            return
        start = papers.cursor
        index = self.session.next_unread(papers.papers, start)
        if index is None:
            self.screen.notify("No unread papers here.", timeout=3)
            return
        papers.move_to(index)
        if index <= start:
            self.screen.notify("Wrapped to the top.", timeout=2)

    def page_detail(self, direction: int) -> None:
        """Page the abstract in the detail pane; the cursor stays in the list."""
        detail = self.screen.detail
        if direction > 0:
            detail.scroll_page_down(animate=False)
        else:
            detail.scroll_page_up(animate=False)

    def all_authors(self) -> None:
        self.screen.detail.toggle_authors()

    # --- triage -------------------------------------------------------------------

    def triage(self) -> None:
        papers = self.screen.paper_list.papers
        if not self.session.unread_among(papers):
            self.screen.notify("No unread papers to triage here.", timeout=3)
            return
        from .triage import TriageScreen

        self.screen.app.push_screen(TriageScreen(papers, self.session.store), self._triage_done)

    def _triage_done(self, result: TriageResult | None) -> None:
        screen = self.screen
        if result is not None and result.show_only is not None:
            view = self.session.view
            self.session.view = replace(view, only_ids=frozenset(result.show_only))
        screen.refresh_view()
        if result is not None and result.last is not None:
            index = screen.paper_list.index_of(result.last.id)
            if index is not None:  # back on it, but not read for staying: the reader moves first
                screen.paper_list.move_to(index, by_user=False)
        screen.state_changed()

    # --- links -------------------------------------------------------------------

    def open(self) -> None:
        if (paper := self.screen.current()) is not None:
            open_link(self.screen.paper_list, paper)

    def open_pdf(self) -> None:
        if (paper := self.screen.current()) is None:
            return
        url = pdf_url(paper)
        if url is None:
            self.screen.notify("This paper has no PDF link (no arXiv id is known).", timeout=3)
            return
        open_url(self.screen.paper_list, url)

    def copy_link(self) -> None:
        if (paper := self.screen.current()) is not None:
            copy_link(self.screen.paper_list, paper)

    def copy_bibtex(self) -> None:
        if (paper := self.screen.current()) is not None:
            from ..core.export import bibtex_entry

            copy_text(self.screen.paper_list, bibtex_entry(paper), "BibTeX entry")

    # --- notes and tags ------------------------------------------------------------

    def note(self) -> None:
        """Write a note; text left with Esc stays a draft that `N` brings back."""
        if (paper := self.screen.current()) is None:
            return
        store = self.session.store
        drafts = self.session.drafts

        def closed(result: NoteResult | None) -> None:
            if result is None:
                return
            if not result.saved:
                drafts.keep(paper.id, result.text)
                self.screen.notify(
                    "The note is not saved: N brings the draft back.", severity="warning"
                )
                return
            drafts.drop(paper.id)
            if store.set_note(paper.id, result.text):
                self.screen.state_changed()
                self.screen.notify("Note saved. z undoes.", timeout=2)

        from .editors import NoteScreen

        note = store.record(paper.id).note
        self.screen.app.push_screen(NoteScreen(paper.title, note, drafts.get(paper.id)), closed)

    def tags(self) -> None:
        if (paper := self.screen.current()) is None:
            return
        store = self.session.store

        def saved(tags: str | None) -> None:
            if tags is not None and store.set_tags(paper.id, tags):
                self.screen.state_changed()
                shown = ", ".join(store.record(paper.id).tags) or "none"
                self.screen.notify(f"Tags: {shown}. z undoes.", timeout=2)

        from .editors import tags_prompt

        record = store.record(paper.id)
        prompt = tags_prompt(paper.title, record.tags, store.all_tags())
        self.screen.app.push_screen(prompt, saved)

    # --- export ----------------------------------------------------------------------

    def export_shown(self) -> None:
        papers = self.screen.shown()
        if not papers:
            self.screen.notify("No papers are shown, so there is nothing to export.", timeout=3)
            return

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export(papers, fmt, "shown")  # type: ignore[arg-type]

        from .editors import ChoiceScreen

        noun = "paper" if len(papers) == 1 else "papers"
        self.screen.app.push_screen(
            ChoiceScreen(f"Export the {len(papers)} shown {noun} as", FORMATS), chosen
        )

    def export_starred_bibtex(self) -> None:
        store = self.session.store
        starred = [p for p in self.screen.shown() if store.is_starred(p.id)]
        if not starred:
            self.screen.notify("No starred papers are shown.", timeout=3)
            return
        self.export(starred, "bibtex", "starred")

    def export(self, papers: Sequence[Paper], fmt: Format, label: str) -> None:
        """Write the file in a worker and say where it went."""
        from ..core.export import EXTENSIONS, render

        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = export_dir() / f"reader-{label}-{stamp}.{EXTENSIONS[fmt]}"
        text = render(fmt, papers, self.session.store)
        screen = self.screen
        if screen.app.is_web:  # served: a download in the reader's browser, not a server file
            screen.app.deliver_text(StringIO(text), save_filename=path.name)
            screen.notify(path.name, title=f"Exported {len(papers)} papers", timeout=8)
            return

        def write() -> None:
            try:
                atomic_write(path, text.encode("utf-8"))
            except OSError as error:
                screen.app.call_from_thread(
                    screen.notify,
                    f"Could not write {path}: {error.strerror or error}",
                    severity="error",
                )
                return
            screen.app.call_from_thread(
                screen.notify, str(path), title=f"Exported {len(papers)} papers", timeout=8
            )

        screen.run_worker(write, thread=True, group="export", exit_on_error=False)
