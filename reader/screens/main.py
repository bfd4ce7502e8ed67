"""The main screen: the paper list beside (or above) the detail pane.

It owns a plain `Session` and its widgets: state flows down, messages come up.
Commands are grouped by theme in objects the screen holds (`PaperCommands`,
`SourceCommands`, `ForYouCommands`); each action is a line that hands over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from ..bindings import MAIN_BINDINGS, key_of
from ..core.config import Watch
from ..core.messages import MessageLog
from ..core.models import Paper
from ..core.reading.session import Schedule, Session, Status, Stoppable
from ..core.reading.view import View
from ..core.sources.opener import Opened, Opener
from ..core.sources.specs import Spec
from ..core.state.store import StateStore
from ..widgets.filter_input import FilterInput
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList
from ..widgets.status_bar import StatusBar
from .for_you import ForYouCommands, Ranked, SimilarFound
from .host import in_thread
from .paper_actions import PaperCommands
from .source_actions import Activity, Loaded, LoadFailed, SourceCommands
from .watching import SearchCommands, WatchCommands

WIDE = 100
"""Terminals at least this wide show the panes side by side."""
LIST_WIDTH = "60%"
"""How much of a wide terminal the list takes, unless the config's `list_width` says."""


class MainScreen(Screen[None]):
    """Shows a reading session: the list, the detail pane and the status line."""

    BINDINGS = MAIN_BINDINGS
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]

    status: reactive[Status] = reactive(Status(), layout=False, init=False)
    """What the status line shows: bound down to it, recomputed from the session."""

    @dataclass
    class StoreChanged(Message):
        """The store noticed something the user did not just do here."""

    def __init__(
        self,
        store: StateStore,
        opener: Opener,
        specs: list[Spec],
        *,
        read_after: float,
        keymap: dict[str, str],
        hide_replacements: bool = False,
        searches: dict[str, str] | None = None,
        watch: Watch | None = None,
        initial: Opened | None = None,
        schedule: Schedule | None = None,
        messages: MessageLog | None = None,
        list_width: str = "",
    ) -> None:
        super().__init__()
        self.list_width = list_width or LIST_WIDTH
        """The list's width beside the detail pane (columns, or a share with %)."""
        self.messages = messages if messages is not None else MessageLog()
        """The app's notices, whole (the Messages screen)."""
        self.session = Session(
            store,
            opener,
            specs,
            hide_replacements=hide_replacements,
            searches=searches,
            watch=watch,
        )
        self.store = store
        self.initial = initial
        """Papers read before the app started, shown in the first frame."""
        self.read_after = read_after
        self.keymap = keymap
        self.schedule: Schedule = schedule or self.set_timer
        """The clock behind auto-read; tests give one they advance by hand."""
        self.shown_view: View | None = None
        """The view whose rows are on screen (large digests catch up in a worker)."""
        self._dwell: Stoppable | None = None
        self._seen_notice = store.notice
        self.papers = PaperCommands(self)
        self.sources = SourceCommands(self)
        self.for_you = ForYouCommands(self)
        self.searches = SearchCommands(self)
        self.watching = WatchCommands(self)

    # --- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Textual sets the breakpoint class on the first resize, after the first
        # frame; set it now, so the first frame has its layout and no restyle.
        width = self.app.size.width
        _, chosen = max(point for point in self.HORIZONTAL_BREAKPOINTS if point[0] <= width)
        self.update_classes(
            {name: name == chosen for _, name in self.HORIZONTAL_BREAKPOINTS}, update=False
        )
        status = StatusBar(id="status")
        status.more_key = key_of("messages", self.keymap)
        yield status.data_bind(MainScreen.status)
        with Horizontal(id="panes"):
            papers = PaperList(id="papers")
            self._fit_list(papers, wide=chosen == "-wide")
            yield papers
            yield PaperDetail(id="detail")
        # The filter box (hidden until `/`) and the key footer (a widget per key)
        # are mounted after the first frame: `_mount_rest`.

    def _fit_list(self, papers: PaperList, *, wide: bool) -> None:
        """Beside the detail pane, the list takes `list_width`; above it, the whole width."""
        papers.styles.width = self.list_width if wide else "1fr"

    def on_resize(self) -> None:
        # Textual has set the breakpoint class (-wide or -narrow) for the new size.
        self._fit_list(self.paper_list, wide=self.has_class("-wide"))

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    @property
    def view(self) -> View:
        return self.session.view

    @property
    def filter_input(self) -> FilterInput:
        """The filter box, mounted at once if a key asks for it before `_mount_rest`."""
        box = next(self.query("#filter").results(FilterInput), None)
        if box is None:
            box = FilterInput.make()
            self.mount(box, after="#panes")
        return box

    def on_mount(self) -> None:
        self.paper_list.set_state(self.store.read_view, self.store.starred_view)
        self.paper_list.focus()
        if self.store.notice:
            self.notify(self.store.notice, title="State file", severity="warning", timeout=15)
        self.store.subscribe(self._tell_store_changed)
        self.call_after_refresh(self._mount_rest)
        if self.initial is not None:
            self.show_opened(self.initial)
            if self.initial.final:
                return
        self.sources.reload()

    async def _mount_rest(self) -> None:
        """The hidden filter box and the key footer, once the papers are on screen:
        their styling (a dozen key widgets) is not what a user waits for at startup."""
        from ..widgets.key_footer import KeyFooter

        if not self.query("#filter"):
            await self.mount(FilterInput.make(), after="#panes")
        await self.mount(KeyFooter())
        self.refresh_bindings()  # the footer lists keys when bindings are announced

    # --- what is shown ---------------------------------------------------------------

    def shown(self) -> list[Paper]:
        """The papers in the list right now, in order."""
        return list(self.paper_list.papers)

    def current(self) -> Paper | None:
        """The highlighted paper; says so when there is none."""
        paper = self.paper_list.highlighted
        if paper is None:
            self.notify("No paper is selected.", severity="warning")
        return paper

    def show_opened(self, opened: Opened) -> None:
        """Show papers opened: a cached copy first, then the final result (a digest
        opened anew puts the cursor back where the reader left it: `Session.keep`)."""
        self.session.loaded(opened, current=self.session.current)
        if opened.final:
            self.sources.announce(len(opened.digest.papers))
            self.sources.settle_later()
            self.for_you.rerank_if_stale()
            for notice in opened.notices:
                self.notify(notice, severity="warning", timeout=8)
        else:  # the first papers of a large digest: their index, once they are on screen
            self.call_after_refresh(lambda: self.sources.index_now(self.session.index))
        self.paper_list.empty_text = self.session.empty_text
        self.paper_list.set_watched(self.session.watched.keys())
        self.refresh_view()

    def refresh_view(self, *, by_user: bool = False) -> None:
        """Recompute the rows, keeping the cursor on the same paper.

        Large digests are filtered in a worker, so typing never waits for a search.
        `by_user`: the reader changed the view (a paper it reaches auto-reads).
        """
        view = self.session.view
        if self.session.in_background(view):
            in_thread(self, lambda: self._select_in_background(view, by_user), "select")
            return
        self._show_selected(view, self.session.select(view), by_user)

    def _select_in_background(self, view: View, by_user: bool) -> None:
        shown = self.session.select(view)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_selected, view, shown, by_user)

    def _show_selected(self, view: View, shown: Sequence[Paper], by_user: bool) -> None:
        if view != self.session.view:
            return  # the user has typed on; a newer search is coming
        self.shown_view = view
        self.paper_list.empty_text = self.session.empty_text
        keep = self.session.keep(shown, self.paper_list.highlighted)
        self.paper_list.show(shown, keep=keep, by_user=by_user)
        self.update_status()

    def set_view(self, view: View) -> None:
        """Show the papers of a view the reader chose."""
        self.session.view = view
        self.refresh_view(by_user=True)

    def update_status(self) -> None:
        self.status = self.session.status(len(self.paper_list.papers))

    def state_changed(self) -> None:
        """Markers and counts follow a change in the store."""
        self.paper_list.refresh()
        paper = self.paper_list.highlighted
        if paper is not None:
            self.detail.record = self.session.record(paper)
        self.update_status()

    def watched_rescan(self) -> None:
        self.watching.rescan()

    def watched_changed(self) -> None:
        self.paper_list.set_watched(self.session.watched.keys())
        self._show_detail(self.paper_list.highlighted)
        if self.session.view.watched_only:
            self.refresh_view()
        self.update_status()

    def _tell_store_changed(self) -> None:  # on the store's thread: posting is safe
        self.post_message(self.StoreChanged())

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.refresh_view()
        self.state_changed()
        if self.store.notice != self._seen_notice:
            self._seen_notice = self.store.notice
            if self.store.notice:
                self.notify(self.store.notice, title="State file", severity="warning", timeout=15)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.show_opened(message.opened)

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self.sources.failed(message.error)

    @on(Activity)
    def _activity(self, message: Activity) -> None:
        self.session.activity = message.text
        self.update_status()

    @on(Ranked)
    def _ranked(self, message: Ranked) -> None:
        self.for_you.ranked(message.result)

    @on(SimilarFound)
    def _similar_found(self, message: SimilarFound) -> None:
        self.for_you.similar_found(message)

    # --- highlight, detail and auto-read ---------------------------------------

    @on(PaperList.Highlighted)
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        paper = self.session.current = message.paper
        self._show_detail(paper, settle=message.initial)
        self.stop_dwell()
        if paper is None or message.initial or self.read_after <= 0:
            return
        if not self.store.is_read(paper.id):
            self._dwell = self.schedule(self.read_after, lambda: self._dwelt(paper))

    def _show_detail(self, paper: Paper | None, *, settle: bool = False) -> None:
        session = self.session
        watched = session.watched.get(paper.id, "") if paper is not None else ""
        reasons = session.reasons_for(paper)
        self.detail.show(paper, session.record(paper), reasons, watched=watched, settle=settle)

    def stop_dwell(self) -> None:
        if self._dwell is not None:
            self._dwell.stop()
            self._dwell = None

    def _dwelt(self, paper: Paper) -> None:
        """The paper stayed in the detail pane long enough to count as read."""
        self._dwell = None
        if self.paper_list.highlighted is not paper or self.app.screen is not self:
            return
        if self.session.dwelt(paper):
            self.state_changed()

    # --- the filter -------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.filter_input
        box.reveal()
        # Now, not after the keys already queued (as `focus()` would): they are the query.
        self.set_focus(box)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            return  # a burst: its last change is queued
        readable = self.session.filter_to(event.value.strip())
        self.filter_input.show_problem(self.session.query_error)
        if readable:
            self.refresh_view(by_user=True)
        else:  # the list stays as it was; the header and the box say what is wrong, and where
            self.update_status()

    def submit_filter(self) -> None:
        """Enter in the filter: keep it, and give the keys back to the list at
        once (the app calls this as the key comes, so that `W` after it in a
        burst is a command, not a letter of the filter)."""
        if not self.filter_input.value.strip():
            self.filter_input.conceal()
        self.set_focus(self.paper_list)

    def key_escape(self) -> None:
        """Esc drops a pinned set, else clears the filter (from the input or the list)."""
        if self.for_you.leave_similar():
            return
        view = self.session.view
        if view.only_ids is not None:
            self.set_view(replace(view, only_ids=None))
        elif view.filter_text or self.filter_input.shown:
            self.filter_input.conceal(clear=True)
            self.session.query_error = ""
            self.set_view(replace(view, filter_text=""))
            self.paper_list.focus()

    def show_filter(self, text: str) -> None:
        self.filter_input.reveal(text)

    # --- triage, help, quit --------------------------------------------------------

    def action_quit(self) -> None:
        self.app.exit()

    def on_unmount(self) -> None:
        self.session.remember_position(self.session.current)

    def action_messages(self) -> None:
        from .messages import MessagesScreen

        self.app.push_screen(MessagesScreen(self.messages))

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap))

    # --- every other binding hands over to its group -------------------------------------

    def action_paper(self, command: str, *args: object) -> None:
        """Keys of `PaperCommands`: the binding `paper('star')` calls `papers.star()`."""
        getattr(self.papers, command)(*args)

    def action_source(self, command: str, *args: object) -> None:
        """Keys of `SourceCommands`: days, the Inbox, refresh."""
        getattr(self.sources, command)(*args)

    def action_rank(self, command: str) -> None:
        """Keys of `ForYouCommands`: For you, sort orders, similar papers."""
        getattr(self.for_you, command)()

    def action_watch(self, command: str) -> None:
        """Keys of `WatchCommands`: the watch list."""
        getattr(self.watching, command)()

    def action_search(self, command: str) -> None:
        """Keys of `SearchCommands`: saved searches."""
        getattr(self.searches, command)()

    def action_toggle_view(self, name: str) -> None:
        """`u`, `S`, `x` and `W`: one of the view's switches."""
        view = self.session.view
        if name == "watched_only" and not view.watched_only and not self.session.watch:
            self.notify(
                "The watch list is empty, so no paper is watched: “Watch this author” and "
                "“Watch a keyword…” in the palette (ctrl+p) add to it.",
                timeout=6,
            )
            return
        self.set_view(view.toggled(name))

    def retrain(self) -> None:
        self.for_you.retrain()
