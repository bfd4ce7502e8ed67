"""The main screen: the paper list beside (or above) the detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from ..bindings import MAIN_BINDINGS
from ..data.models import Digest, Paper
from ..data.parsers import DigestError
from ..data.search import SearchIndex
from ..data.sources import load_sources, remember
from ..data.store import Change, StateStore
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList
from .dialogs import ConfirmScreen, HelpScreen
from .links import copy_link, open_link
from .triage import TriageResult, TriageScreen


class MainScreen(Screen[None]):
    """Owns the digest, the view over it, and the keys that change state."""

    BINDINGS = MAIN_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    @dataclass
    class Loaded(Message):
        """A digest finished loading in the background."""

        digest: Digest

    @dataclass
    class LoadFailed(Message):
        """A digest could not be loaded."""

        error: str

    def __init__(
        self,
        store: StateStore,
        sources: Sequence[Path],
        *,
        today: date | None,
        read_after: float,
        keymap: dict[str, str],
    ) -> None:
        super().__init__()
        self.store = store
        self.sources = list(sources)
        self.today = today
        self.read_after = read_after
        self.keymap = keymap
        self.digest: Digest | None = None
        self.unread_only = False
        self.starred_only = False
        self.filter_text = ""
        self.only_ids: frozenset[str] | None = None
        """When set, only these papers are shown (e.g. those starred in triage)."""
        self._index: SearchIndex | None = None
        self._digest_ids: frozenset[str] = frozenset()
        self._dwell: Timer | None = None
        self._error: str | None = None

    # --- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(Text("reader"), id="status", markup=False)
        with Horizontal(id="panes"):
            yield PaperList(id="papers")
            yield PaperDetail(id="detail")
        yield Input(
            placeholder="Filter title, abstract, authors…  (Enter keeps, Esc clears)", id="filter"
        )
        yield Footer()

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    def on_mount(self) -> None:
        self.paper_list.set_state(self.store.read_ids, self.store.starred_ids)
        self.paper_list.focus()
        if self.store.notice:
            self.notify(self.store.notice, title="State file", severity="warning", timeout=15)
        self.set_interval(1.0, self._check_store)
        self.load()

    # --- loading -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Parse the digests off the UI thread."""
        try:
            digest = load_sources(self.sources, today=self.today)
        except DigestError as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(self.Loaded(digest))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.digest = message.digest
        self._index = SearchIndex(message.digest.papers)
        self._digest_ids = frozenset(p.id for p in message.digest.papers)
        remember(self.store, message.digest)
        self.paper_list.empty_text = "No papers match."
        self.refresh_view()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self._error = message.error
        self.paper_list.empty_text = f"Could not open the digest: {message.error}"
        self.paper_list.refresh()
        self.notify(message.error, title="Could not open the digest", severity="error", timeout=30)
        self.update_status()

    # --- the view ------------------------------------------------------------

    def shown_papers(self) -> list[Paper]:
        """The digest's papers after the unread/starred toggles and the filter."""
        if self.digest is None:
            return []
        papers = self.digest.papers
        if self.filter_text and self._index is not None:
            selected: Sequence[Paper] = [papers[i] for i in self._index.matches(self.filter_text)]
        else:
            selected = papers
        if self.unread_only:
            read = self.store.read_ids
            selected = [p for p in selected if p.id not in read]
        if self.starred_only:
            starred = self.store.starred_ids
            selected = [p for p in selected if p.id in starred]
        if self.only_ids is not None:
            only = self.only_ids
            selected = [p for p in selected if p.id in only]
        return list(selected)

    def refresh_view(self) -> None:
        """Recompute the rows, keeping the cursor on the same paper."""
        self.paper_list.show(self.shown_papers(), keep=self.paper_list.highlighted)
        self.update_status()

    def update_status(self) -> None:
        status = self.query_one("#status", Static)
        if self.digest is None:
            text = self._error or "Loading…"
            status.update(Text(text, style="bold red" if self._error else ""))
            return
        total = len(self.digest.papers)
        unread = len(self._digest_ids - self.store.read_ids)
        starred = len(self._digest_ids & self.store.starred_ids)
        title = self.digest.title or Path(self.digest.source).name
        line = Text()
        line.append(title, style="bold")
        line.append(f"  {total} papers · {unread} unread · {starred} starred")
        shown = len(self.paper_list.papers)
        views = []
        if self.unread_only:
            views.append("unread only")
        if self.starred_only:
            views.append("starred only")
        if self.filter_text:
            views.append(f"filter “{self.filter_text}”")
        if self.only_ids is not None:
            views.append("starred in triage (Esc shows all)")
        if views:
            line.append(f"   showing {shown} of {total}: {', '.join(views)}", style="bold")
        if self.store.write_error:
            line.append(f"   {self.store.write_error}", style="bold red")
        status.update(line)

    def _check_store(self) -> None:
        if self.store.write_error:
            self.update_status()

    # --- highlight, detail and auto-read ---------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        self._show_detail(message.paper)
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None
        paper = message.paper
        if paper is None or message.initial or self.read_after <= 0:
            return
        if not self.store.is_read(paper.id):
            self._dwell = self.set_timer(self.read_after, lambda: self._dwelt(paper))

    def _dwelt(self, paper: Paper) -> None:
        """The paper stayed in the detail pane long enough to count as read."""
        self._dwell = None
        if self.paper_list.highlighted is not paper or self.app.screen is not self:
            return
        if self.store.set_field([paper.id], "read", True, undoable=False):
            self._state_changed()

    def _show_detail(self, paper: Paper | None) -> None:
        detail = self.detail
        if paper is not None:
            detail.set_reactive(PaperDetail.read, self.store.is_read(paper.id))
            detail.set_reactive(PaperDetail.starred, self.store.is_starred(paper.id))
        detail.paper = paper

    def _state_changed(self) -> None:
        """Markers and counts follow a change in the store."""
        self.paper_list.refresh()
        paper = self.paper_list.highlighted
        if paper is not None:
            self.detail.read = self.store.is_read(paper.id)
            self.detail.starred = self.store.is_starred(paper.id)
        self.update_status()

    # --- actions ---------------------------------------------------------------

    def _current(self) -> Paper | None:
        paper = self.paper_list.highlighted
        if paper is None:
            self.notify("No paper is selected.", severity="warning")
        return paper

    def action_star(self) -> None:
        if (paper := self._current()) is not None:
            self.store.toggle(paper.id, "starred")
            self._state_changed()

    def action_toggle_read(self) -> None:
        if (paper := self._current()) is not None:
            if self._dwell is not None:
                self._dwell.stop()
                self._dwell = None
            self.store.toggle(paper.id, "read")
            self._state_changed()

    def action_next_unread(self) -> None:
        papers = self.paper_list.papers
        if not papers:
            return
        start = self.paper_list.cursor
        count = len(papers)
        read = self.store.read_ids
        for step in range(1, count + 1):
            index = (start + step) % count
            if papers[index].id not in read:
                self.paper_list.move_to(index)
                if index <= start:
                    self.notify("Wrapped to the top.", timeout=2)
                return
        self.notify("No unread papers here.", timeout=3)

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.refresh_view()

    def action_starred_only(self) -> None:
        self.starred_only = not self.starred_only
        self.refresh_view()

    def action_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.add_class("-shown")
        filter_input.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_view()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if not filter_input.value.strip():
            filter_input.remove_class("-shown")
        self.paper_list.focus()

    def clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.remove_class("-shown")
        if filter_input.value:
            filter_input.value = ""
        self.filter_text = ""
        self.only_ids: frozenset[str] | None = None
        """When set, only these papers are shown (e.g. those starred in triage)."""
        self.refresh_view()
        self.paper_list.focus()

    def key_escape(self) -> None:
        """Esc clears the filter, from the input or from the list."""
        if self.only_ids is not None:
            self.only_ids = None
            self.refresh_view()
        elif self.filter_text or self.query_one("#filter", Input).has_class("-shown"):
            self.clear_filter()

    def action_open(self) -> None:
        if (paper := self._current()) is not None:
            open_link(self, paper)

    def action_copy_link(self) -> None:
        if (paper := self._current()) is not None:
            copy_link(self, paper)

    def action_triage(self) -> None:
        papers = self.paper_list.papers
        if not any(p.id not in self.store.read_ids for p in papers):
            self.notify("No unread papers to triage here.", timeout=3)
            return
        self.app.push_screen(TriageScreen(papers, self.store), self._triage_done)

    def _triage_done(self, result: TriageResult | None) -> None:
        if result is not None and result.show_only is not None:
            self.only_ids = frozenset(result.show_only)
        self.refresh_view()
        if result is not None and result.last is not None:
            index = self.paper_list.index_of(result.last.id)
            if index is not None:
                self.paper_list.move_to(index)
        self._state_changed()

    def action_undo(self) -> None:
        changes = self.store.undo()
        if changes is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._state_changed()
        self._describe_undo(changes)

    def _describe_undo(self, changes: list[Change]) -> None:
        first = changes[0]
        if len(changes) > 1:
            self.notify(f"Undone: {len(changes)} papers marked read.", timeout=3)
            return
        verb = {
            ("starred", True): "star",
            ("starred", False): "unstar",
            ("read", True): "mark read",
            ("read", False): "mark unread",
        }
        action = verb[(first.field, not first.before)]
        index = self.paper_list.index_of(first.paper_id)
        if index is not None:
            self.paper_list.move_to(index)
        self.notify(f"Undone: {action}.", timeout=2)

    def action_mark_all_read(self) -> None:
        papers = self.paper_list.papers
        unread = [p.id for p in papers if p.id not in self.store.read_ids]
        if not unread:
            self.notify("Every shown paper is already read.", timeout=3)
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                changed = self.store.set_field(unread, "read", True)
                self._state_changed()
                self.notify(f"Marked {len(changed)} papers read. z undoes.", timeout=3)

        noun = "paper" if len(unread) == 1 else "papers"
        self.app.push_screen(ConfirmScreen(f"Mark {len(unread)} shown {noun} read?"), confirmed)

    def action_quit(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.keymap))
