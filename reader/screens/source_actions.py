"""Commands on sources: opening them in the background, and moving between them.

Held by the main screen. The worker runs the session's `open_all` off the UI
thread and reports through messages, which the screen takes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from ..data.collector import give_back, settle
from ..data.search import SearchIndex
from ..data.session import WATCH_INLINE
from ..data.sources.opener import Opened
from .host import in_thread

if TYPE_CHECKING:
    from .host import Host

SETTLE_AFTER_LOAD = 0.2
"""Seconds after a load before collecting garbage and building the search index."""


@dataclass
class Loaded(Message):
    """Papers to show: a cached copy first, then the final result."""

    opened: Opened


@dataclass
class LoadFailed(Message):
    """Nothing could be shown."""

    error: str


@dataclass
class Activity(Message):
    """Progress of background work, for the status line ("" when done)."""

    text: str


class SourceCommands:
    """Loads the session's specs in a worker; `[`, `]`, `i`, `ctrl+r` change what is loaded."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.session = screen.session

    def reload(self, force: bool = False) -> None:
        """Open the session's specs again, in the background."""
        self.session.activity = "opening " + ", ".join(spec.text for spec in self.session.specs)
        self.screen.update_status()
        in_thread(self.screen, lambda: self._load(force), "load")

    def _load(self, force: bool) -> None:
        """Open every spec off the UI thread; cached copies are shown first."""
        worker = get_current_worker()
        post = self.screen.post_message

        def emit(opened: Opened) -> None:
            if not worker.is_cancelled:
                post(Loaded(opened))

        def progress(text: str) -> None:
            post(Activity(text))

        result = self.session.open_all(force, emit, progress, lambda: worker.is_cancelled)
        if isinstance(result, Opened):
            post(Loaded(result))
        elif result is not None:
            post(LoadFailed(result))

    def failed(self, error: str) -> None:
        """Nothing could be opened: the list says why if it is empty, and so does a notice."""
        self.session.failed(error)
        if self.session.digest is None:
            self.screen.paper_list.empty_text = self.session.empty_text
            self.screen.paper_list.refresh()
        self.screen.notify(error, title="Could not open", severity="error", timeout=30)
        self.screen.update_status()

    def settle_later(self) -> None:
        """Once the papers are on screen: calm the collector, build the search index.

        Not at once: a collection holds the GIL, and with it the thread that
        writes the first frame to the terminal.
        """
        index = self.session.index
        if index is not None:
            self.screen.set_timer(SETTLE_AFTER_LOAD, lambda: self._settle(index))

    def _settle(self, index: SearchIndex) -> None:
        settle()
        self.index_now(index)

    def index_now(self, index: SearchIndex | None) -> None:
        """Build the search index in a worker: the first papers of a large digest
        get theirs at once, so that a filter typed while the rest loads never
        imports numpy or indexes on the UI thread (250 ms, the loader running)."""
        if index is None:
            return
        screen = self.screen

        matcher = self.session.matcher
        large = len(index) > WATCH_INLINE

        def build() -> None:
            index.build()
            give_back()  # the build's buffers
            if matcher is not None and matcher.index is index:
                matcher.prepare()
            screen.app.call_from_thread(screen.update_status)  # "indexing …" goes
            if large and self.session.watch:  # keywords are looked up in the index
                screen.app.call_from_thread(screen.watched_rescan)

        screen.run_worker(
            build, thread=True, group="index", exit_on_error=False, description="index"
        )

    # --- moving between sources ---------------------------------------------------

    def step(self, delta: int) -> None:
        problem = self.session.step(delta)
        if problem is not None:
            self.screen.notify(problem, timeout=4)
            return
        self.reload()

    def inbox(self) -> None:
        self.session.toggle_inbox()
        self.reload()

    def go_to_date(self) -> None:
        def chosen(value: str | None) -> None:
            if not value:
                return
            from ..data.errors import SpecError
            from ..data.sources.specs import parse_spec

            text = value.strip()
            try:
                spec = parse_spec(text if text.startswith("hf") else f"hf:{text}")
            except SpecError as error:
                self.screen.notify(str(error), severity="error")
                return
            self.session.open_specs([spec])
            self.reload()

        from .editors import PromptScreen

        self.screen.app.push_screen(
            PromptScreen("Go to date", placeholder="YYYY-MM-DD, week:2026-W48 or month:2026-11"),
            chosen,
        )
