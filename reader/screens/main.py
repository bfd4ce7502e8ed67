"""The main screen: the paper list beside (or above) the detail pane.

It owns a plain `Session` and its widgets: state flows down, messages come up.
Its keys are declared once in `bindings.py`; each names an action method here
(Textual looks for it on the screen) that hands over, in one typed line, to
the command group that does the work (`PaperCommands`, `TakeOutCommands`,
`SourceCommands`, `ForYouCommands`, `SearchCommands`, `WatchCommands`,
`FilterCommands`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from ..bindings import MAIN_BINDINGS, key_of
from ..core.config import Config
from ..core.messages import MessageLog
from ..core.models import Paper
from ..core.reading.session import Session
from ..core.reading.status import Status
from ..core.reading.view import View
from ..core.sources.opener import Opened, Opener
from ..core.sources.specs import Spec
from ..core.state.store import StateStore
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList
from ..widgets.status_bar import StatusBar
from .autoread import AutoRead, Schedule
from .filter_commands import FilterCommands
from .for_you_commands import ForYouCommands, Ranked, SimilarFound
from .host import in_thread
from .paper_commands import PaperCommands
from .search_commands import SearchCommands
from .source_commands import Activity, Loaded, LoadFailed, SourceCommands
from .subscription_commands import SubscriptionCommands
from .take_out_commands import TakeOutCommands
from .watch_commands import WatchCommands

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
        config: Config,
        read_after: float,
        initial: Opened | None = None,
        schedule: Schedule | None = None,
        messages: MessageLog | None = None,
        refresh: bool = False,
    ) -> None:
        super().__init__()
        self.session = Session(
            store,
            opener,
            specs,
            hide_replacements=config.hide_replacements,
            searches=config.searches,
            watch=config.watch,
        )
        self.store = store
        self.initial = initial
        """Papers read before the app started, shown in the first frame."""
        self.keymap = config.keys
        self.messages = messages if messages is not None else MessageLog()
        """The app's notices, whole (the Messages screen)."""
        self.list_width = config.list_width or LIST_WIDTH
        """The list's width beside the detail pane (columns, or a share with %)."""
        self._seen_notice = store.notice
        self.shown_view: View | None = None
        """The view whose rows are on screen (large digests catch up in a worker)."""
        self.autoread = AutoRead(
            self.session.marks,
            read_after,
            schedule or self.set_timer,
            still_shown=lambda paper: (
                self.paper_list.highlighted is paper and self.app.screen is self
            ),
            changed=self.state_changed,
        )
        self.sources = SourceCommands(self)
        self.for_you = ForYouCommands(self)
        self.papers = PaperCommands(self, self.autoread, self.for_you)
        self.take_out = TakeOutCommands(self)
        self.filters = FilterCommands(self)
        self.searches = SearchCommands(self, self.filters)
        self.watching = WatchCommands(self, self.sources)
        self.subscriptions = SubscriptionCommands(self, self.sources, config.subscriptions)
        self.refresh_at_start = refresh
        """A bare `reader` with subscriptions: they are refreshed as the Inbox opens."""

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
            papers.styles.width = self.list_width if chosen == "-wide" else "1fr"
            yield papers
            yield PaperDetail(id="detail")
        # The filter box and the key footer come after the first frame: `_mount_rest`.

    def on_resize(self) -> None:  # the breakpoint class is set: -wide or -narrow
        self.paper_list.styles.width = self.list_width if self.has_class("-wide") else "1fr"

    @property
    def paper_list(self) -> PaperList:
        return self.query_one(PaperList)

    @property
    def detail(self) -> PaperDetail:
        return self.query_one(PaperDetail)

    def on_mount(self) -> None:
        self.paper_list.set_state(self.store.read_view, self.store.starred_view)
        self.paper_list.focus()
        if self.store.notice:
            self.notify(self.store.notice, title="State file", severity="warning", timeout=15)
        self.store.subscribe(self._tell_store_changed)
        self.call_after_refresh(self._mount_rest)
        if self.refresh_at_start:
            self.subscriptions.refresh()
        if self.initial is not None:
            self.show_opened(self.initial)
            if self.initial.final:
                return
        self.sources.reload()

    def _tell_store_changed(self) -> None:  # on the store's thread: posting is safe
        self.post_message(self.StoreChanged())

    async def _mount_rest(self) -> None:
        """The hidden filter box and the key footer, once the papers are on screen:
        their styling (a dozen key widgets) is not what a user waits for at startup."""
        from ..widgets.key_footer import KeyFooter

        self.filters.box()
        await self.mount(KeyFooter(wide_at=WIDE))
        self.refresh_bindings()  # the footer lists keys when bindings are announced

    def on_unmount(self) -> None:
        self.session.remember_position(self.session.current)

    # --- what is shown ---------------------------------------------------------------

    def current(self) -> Paper | None:
        """The highlighted paper; says so when there is none."""
        paper = self.paper_list.highlighted
        if paper is None:
            self.notify("No paper is selected.", severity="warning")
        return paper

    def show_opened(self, opened: Opened) -> None:
        """Show papers opened: a cached copy first, then the final result."""
        self.sources.show(opened, self.for_you)

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

    def update_status(self) -> None:
        self.status = self.session.status(len(self.paper_list.papers))

    def state_changed(self) -> None:
        """Markers, counts and the detail pane follow a change of marks."""
        self.paper_list.refresh()
        self._show_detail(self.paper_list.highlighted)
        self.update_status()

    def watched_changed(self) -> None:
        """The watch list's marks changed (or came with a new digest): show them."""
        digest = self.session.digest
        self.paper_list.set_watched(digest.watched.keys() if digest is not None else set())
        self.refresh_view()

    def _show_detail(self, paper: Paper | None, *, settle: bool = False) -> None:
        session, digest = self.session, self.session.digest
        watched = digest.watched.get(paper.id, "") if paper and digest else ""
        reasons = session.for_you.reasons(paper) if paper is not None else []
        self.detail.show(
            paper, session.marks.record(paper), reasons, watched=watched, settle=settle
        )

    # --- what comes up from workers, widgets and the store -------------------------------

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

    @on(PaperList.Highlighted)
    def _highlighted(self, message: PaperList.Highlighted) -> None:
        self.session.current = message.paper
        self._show_detail(message.paper, settle=message.with_rows)
        self.autoread.moved(message.paper, by_user=message.by_user)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value == event.input.value:  # else a burst: its last change is queued
            self.filters.typed(event.value)

    def key_escape(self) -> None:
        """Esc leaves a list of similar papers, else drops a pinned set or the filter."""
        if not self.for_you.leave_similar():
            self.filters.clear()

    # --- the keys: each a typed hand-over to its command group --------------------------

    def action_star(self) -> None:
        self.papers.star()

    def action_toggle_read(self) -> None:
        self.papers.toggle_read()

    def action_next_unread(self) -> None:
        self.papers.next_unread()

    def action_undo(self) -> None:
        self.papers.undo()

    def action_mark_all_read(self) -> None:
        self.papers.mark_all_read()

    def action_note(self) -> None:
        self.papers.note()

    def action_tags(self) -> None:
        self.papers.tags()

    def action_triage(self) -> None:
        self.papers.triage()

    def action_detail_page_down(self) -> None:
        self.papers.page_detail(1)

    def action_detail_page_up(self) -> None:
        self.papers.page_detail(-1)

    def action_all_authors(self) -> None:
        self.papers.all_authors()

    def action_open(self) -> None:
        self.take_out.open()

    def action_copy_link(self) -> None:
        self.take_out.copy_link()

    def action_open_pdf(self) -> None:
        self.take_out.open_pdf()

    def action_copy_bibtex(self) -> None:
        self.take_out.copy_bibtex()

    def action_export(self) -> None:
        self.take_out.export_shown()

    def action_zotero(self) -> None:
        self.take_out.zotero()

    def action_previous_day(self) -> None:
        self.sources.step(-1)

    def action_next_day(self) -> None:
        self.sources.step(1)

    def action_inbox(self) -> None:
        self.sources.inbox()

    def action_refresh(self) -> None:
        if [s.kind for s in self.session.specs] == ["inbox"] and self.subscriptions.subscribed:
            self.subscriptions.refresh()  # the Inbox of subscriptions: fetch them
        else:
            self.sources.reload(force=True)

    def action_for_you(self) -> None:
        self.for_you.toggle()

    def action_sort(self) -> None:
        self.for_you.sort_next()

    def action_similar(self) -> None:
        self.for_you.similar()

    def action_filter(self) -> None:
        self.filters.open()

    def action_save_search(self) -> None:
        self.searches.save()

    def action_next_watched(self) -> None:
        self.watching.next()

    def action_unread_only(self) -> None:
        self.filters.switch("unread_only")

    def action_starred_only(self) -> None:
        self.filters.switch("starred_only")

    def action_hide_replacements(self) -> None:
        self.filters.switch("hide_replacements")

    def action_watched_only(self) -> None:
        self.filters.switch("watched_only")

    def action_messages(self) -> None:
        from .messages import MessagesScreen

        self.app.push_screen(MessagesScreen(self.messages))

    def action_help(self) -> None:
        from .dialogs import HelpScreen

        self.app.push_screen(HelpScreen(self.keymap))

    def action_quit(self) -> None:
        self.app.exit()
