"""The main screen: the paper list beside (or above) the detail pane."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from msgspec.structs import replace
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input
from textual.worker import get_current_worker

from ..bindings import MAIN_BINDINGS
from ..data.models import Digest, Paper
from ..data.search import SearchIndex
from ..data.sources.opener import Opened, Opener
from ..data.sources.specs import Spec
from ..data.state.store import Change, Record, StateStore
from ..data.view import View, select
from ..widgets.filter_input import FilterInput
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList
from ..widgets.status_bar import Status, StatusBar
from .for_you import ForYouActions

if TYPE_CHECKING:
    from .triage import TriageResult

LARGE = 5000
"""Digests larger than this are filtered in a worker."""

WIDE = 100
"""Terminals at least this wide show the panes side by side."""


class Stoppable(Protocol):
    def stop(self) -> object: ...


Schedule = Callable[[float, Callable[[], None]], Stoppable]
"""Calls a function after some seconds; what it returns can cancel the call."""


class MainScreen(ForYouActions):
    """Owns the digest, the view over it, and the keys that change state."""

    BINDINGS = MAIN_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    def __init__(
        self,
        store: StateStore,
        opener: Opener,
        specs: list[Spec],
        *,
        read_after: float,
        keymap: dict[str, str],
        hide_replacements: bool = False,
        initial: Opened | None = None,
        schedule: Schedule | None = None,
    ) -> None:
        super().__init__()
        self.schedule: Schedule = schedule or self.set_timer
        """The clock behind auto-read; tests give one they advance by hand."""
        self.initial = initial
        """Papers read before the app started, shown in the first frame."""
        self.store = store
        self.opener = opener
        self.specs = specs
        self.read_after = read_after
        self.keymap = keymap
        self.view = View(hide_replacements=hide_replacements)
        self.shown_view: View | None = None
        self._scores: dict[str, float] | None = None
        self._corpus = None
        self._before_similar: Opened | None = None
        self._for_you_notice = ""
        """The view whose rows are on screen (large digests catch up in a worker)."""
        self.digest: Digest | None = None
        self.shown_spec: Spec | None = None
        """The spec on screen: for day navigation (a bare `reader` may show an earlier day)."""
        self._before_inbox: list[Spec] | None = None
        self._index: SearchIndex | None = None
        self._digest_ids: frozenset[str] = frozenset()
        self._dwell: Stoppable | None = None
        self._error = ""
        self._notice = ""
        self._activity = ""
        self._seen_external = store.external_version
        self._seen_notice = store.notice

    # --- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Textual sets the breakpoint class on the first resize, after the first
        # frame; set it now, so the first frame has its layout and no restyle.
        width = self.app.size.width
        _, chosen = max(point for point in self.HORIZONTAL_BREAKPOINTS if point[0] <= width)
        self.update_classes(
            {name: name == chosen for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False
        )
        yield StatusBar(id="status", markup=False)
        with Horizontal(id="panes"):
            yield PaperList(id="papers")
            yield PaperDetail(id="detail")
        # The filter box (hidden until `/`) and the key footer (a widget per key)
        # are mounted after the first frame: `_mount_rest`.

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    @property
    def filter_input(self) -> FilterInput:
        """The filter box, mounted at once if a key asks for it before `_mount_rest`."""
        box = next(self.query("#filter").results(FilterInput), None)
        if box is None:
            box = self._new_filter()
            self.mount(box, after="#panes")
        return box

    @staticmethod
    def _new_filter() -> FilterInput:
        return FilterInput(
            placeholder="Filter title, abstract, authors…  (Enter keeps, Esc clears)", id="filter"
        )

    def on_mount(self) -> None:
        self.paper_list.set_state(self.store.read_ids, self.store.starred_ids)
        self.paper_list.focus()
        if self.store.notice:
            self.notify(self.store.notice, title="State file", severity="warning", timeout=15)
        self.set_interval(1.0, self._check_store)
        self.call_after_refresh(self._mount_rest)
        if self.initial is not None:
            self._loaded(self.Loaded(self.initial))
            if self.initial.final:
                return
        self.reload()

    async def _mount_rest(self) -> None:
        """The hidden filter box and the key footer, once the papers are on screen:
        their styling (a dozen key widgets) is not what a user waits for at startup."""
        from textual.widgets import Footer

        if not self.query("#filter"):
            await self.mount(self._new_filter(), after="#panes")
        await self.mount(Footer())
        self.refresh_bindings()  # the footer lists keys when bindings are announced

    # --- the view ------------------------------------------------------------

    def shown(self) -> list[Paper]:
        """The papers in the list right now, in order."""
        return list(self.paper_list.papers)

    def refresh_view(self) -> None:
        """Recompute the rows, keeping the cursor on the same paper.

        Large digests are filtered in a worker, so typing never waits for a search.
        """
        papers = self.digest.papers if self.digest else ()
        default = self.view == View(hide_replacements=self.view.hide_replacements)
        # Narrowing a search over few candidates is quicker here than in a worker.
        cheap = self._index is not None and self._index.cheap(self.view.filter_text)
        if len(papers) > LARGE and not default and not cheap:
            self._select_in_background(papers, self.view)
            return
        scores = self._scores if self.view.for_you else None
        self._show_selected(self.view, select(papers, self.view, self.store, self._index, scores))

    # `description` is given so Textual does not repr() the arguments (100,000 papers).
    @work(thread=True, exclusive=True, group="select", exit_on_error=False, description="filter")
    def _select_in_background(self, papers: Sequence[Paper], view: View) -> None:
        scores = self._scores if view.for_you else None
        shown = select(papers, view, self.store, self._index, scores)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_selected, view, shown)

    def _show_selected(self, view: View, shown: Sequence[Paper]) -> None:
        if view != self.view:
            return  # the user has typed on; a newer search is coming
        self.shown_view = view
        self.paper_list.show(shown, keep=self.paper_list.highlighted)
        self.update_status()

    def set_view(self, view: View) -> None:
        self.view = view
        self.refresh_view()

    def update_status(self) -> None:
        bar = self.query_one(StatusBar)
        if self.digest is None:
            bar.show(
                Status(title="reader", activity=self._activity or "loading", error=self._error)
            )
            return
        spec = self.shown_spec
        title = spec.label if spec is not None and spec.kind != "file" else ""
        bar.show(
            Status(
                title=title or self.digest.title or spec.label if spec else self.digest.title,
                total=len(self.digest.papers),
                unread=len(self._digest_ids) - len(self.store.read_ids & self._digest_ids),
                starred=len(self.store.starred_ids & self._digest_ids),
                shown=len(self.paper_list.papers),
                views=self.view.labels(),
                activity=self._activity,
                notice=" ".join(n for n in (self._notice, self._for_you_notice) if n),
                error=self.store.write_error or self._error,
            )
        )

    def _check_store(self) -> None:
        """Once a second: show save errors, and marks made by another reader."""
        if self.store.external_version != self._seen_external:
            self._seen_external = self.store.external_version
            self.refresh_view()
            self._state_changed()
        if self.store.notice != self._seen_notice:
            self._seen_notice = self.store.notice
            if self.store.notice:
                self.notify(self.store.notice, title="State file", severity="warning", timeout=15)
        if self.store.write_error:
            self.update_status()

    # --- highlight, detail and auto-read ---------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        self._show_detail(message.paper, settle=message.initial)
        self._stop_dwell()
        paper = message.paper
        if paper is None or message.initial or self.read_after <= 0:
            return
        if not self.store.is_read(paper.id):
            self._dwell = self.schedule(self.read_after, lambda: self._dwelt(paper))

    def _stop_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def _dwelt(self, paper: Paper) -> None:
        """The paper stayed in the detail pane long enough to count as read."""
        self._dwell = None
        if self.paper_list.highlighted is not paper or self.app.screen is not self:
            return
        if self.store.set_field([paper.id], "read", True, undoable=False):
            self._state_changed()

    def _show_detail(self, paper: Paper | None, *, settle: bool = False) -> None:
        record = self.store.record(paper.id) if paper is not None else Record()
        reasons = self.reasons_for(paper) if paper is not None else []
        self.detail.show(paper, record, reasons, settle=settle)

    def _state_changed(self) -> None:
        """Markers and counts follow a change in the store."""
        self.paper_list.refresh()
        paper = self.paper_list.highlighted
        if paper is not None:
            self.detail.record = self.store.record(paper.id)
        self.update_status()

    # --- actions: state ----------------------------------------------------------

    def _current(self) -> Paper | None:
        paper = self.paper_list.highlighted
        if paper is None:
            self.notify("No paper is selected.", severity="warning")
        return paper

    def _follow(self, paper: Paper) -> None:
        """A paper known by an arXiv id keeps its marks under its title id too."""
        if not paper.id.startswith("t:") and (alt := paper.alt_id):
            self.store.link([(alt, paper.id)])

    def action_star(self) -> None:
        if (paper := self._current()) is not None:
            self._follow(paper)
            self.store.toggle(paper.id, "starred")
            self._state_changed()
            if self.view.for_you:
                self.retrain()  # keep the model current; the list re-sorts when it is done

    def action_toggle_read(self) -> None:
        if (paper := self._current()) is not None:
            self._stop_dwell()
            self._follow(paper)
            self.store.toggle(paper.id, "read")
            self._state_changed()

    def action_undo(self) -> None:
        changes = self.store.undo()
        if changes is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        self._state_changed()
        self._describe_undo(changes)

    def _describe_undo(self, changes: list[Change]) -> None:
        ids = {change.paper_id for change in changes}
        if len(ids) > 1:
            self.notify(f"Undone: a change to {len(ids)} papers.", timeout=3)
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
        index = self.paper_list.index_of(first.paper_id)
        if index is not None:
            self.paper_list.move_to(index)
        self.notify(f"Undone: {verb}.", timeout=2)

    def action_mark_all_read(self) -> None:
        unread = [p.id for p in self.paper_list.papers if p.id not in self.store.read_ids]
        if not unread:
            self.notify("Every shown paper is already read.", timeout=3)
            return

        def confirmed(answer: bool | None) -> None:
            if answer:
                changed = self.store.set_field(unread, "read", True)
                self._state_changed()
                self.notify(f"Marked {len(changed)} papers read. z undoes.", timeout=3)

        noun = "paper" if len(unread) == 1 else "papers"
        from .dialogs import ConfirmScreen

        self.app.push_screen(ConfirmScreen(f"Mark {len(unread)} shown {noun} read?"), confirmed)

    # --- actions: moving and viewing ---------------------------------------------------

    def action_next_unread(self) -> None:
        papers = self.paper_list.papers
        if not papers:
            return
        start, count, read = self.paper_list.cursor, len(papers), self.store.read_ids
        for step in range(1, count + 1):
            index = (start + step) % count
            if papers[index].id not in read:
                self.paper_list.move_to(index)
                if index <= start:
                    self.notify("Wrapped to the top.", timeout=2)
                return
        self.notify("No unread papers here.", timeout=3)

    def action_unread_only(self) -> None:
        self.set_view(self.view.toggled("unread_only"))

    def action_starred_only(self) -> None:
        self.set_view(self.view.toggled("starred_only"))

    def action_hide_replacements(self) -> None:
        self.set_view(self.view.toggled("hide_replacements"))

    def action_filter(self) -> None:
        box = self.filter_input
        box.add_class("-shown")
        # Now, not after the keys already queued (as `focus()` would): they are the query.
        self.set_focus(box)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.set_view(replace(self.view, filter_text=event.value.strip()))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        if not self.filter_input.value.strip():
            self.filter_input.remove_class("-shown")
        self.paper_list.focus()

    def key_escape(self) -> None:
        """Esc drops a pinned set, else clears the filter (from the input or the list)."""
        if self.leave_similar():
            return
        if self.view.only_ids is not None:
            self.set_view(replace(self.view, only_ids=None))
        elif self.view.filter_text or self.query("#filter.-shown"):
            self.filter_input.remove_class("-shown")
            self.filter_input.value = ""
            self.set_view(replace(self.view, filter_text=""))
            self.paper_list.focus()

    def show_tag(self, tag: str) -> None:
        """Filter the list to one tag."""
        self.filter_input.value = f"#{tag}"
        self.filter_input.add_class("-shown")

    # --- actions: links, triage, help ---------------------------------------------------

    def action_triage(self) -> None:
        papers = self.paper_list.papers
        if not any(p.id not in self.store.read_ids for p in papers):
            self.notify("No unread papers to triage here.", timeout=3)
            return
        from .triage import TriageScreen

        self.app.push_screen(TriageScreen(papers, self.store), self._triage_done)

    def _triage_done(self, result: TriageResult | None) -> None:
        if result is not None and result.show_only is not None:
            self.view = replace(self.view, only_ids=frozenset(result.show_only))
        self.refresh_view()
        if result is not None and result.last is not None:
            index = self.paper_list.index_of(result.last.id)
            if index is not None:
                self.paper_list.move_to(index)
        self._state_changed()

    def action_quit(self) -> None:
        self.app.exit()

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap))
