"""Commands on sources: opening them in the background, and moving between them.

Held by the main screen. The worker runs the session's `open_all` off the UI
thread and reports through messages, which the screen takes in.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from ..core.collector import give_back, settle
from ..core.errors import StateError
from ..core.reading.digest import WATCH_INLINE, OpenDigest
from ..core.sources.opener import Opened
from .host import in_thread

if TYPE_CHECKING:
    from .for_you_commands import ForYouCommands
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

    def __init__(self, host: Host) -> None:
        self.host = host
        self.session = host.session
        self.refreshing = False
        """ctrl+r asked for this load: its end is said."""

    def reload(self, force: bool = False) -> None:
        """Open the session's specs again, in the background; `force` (ctrl+r)
        fetches a fresh copy even when the cached one is recent, and says so."""
        self.refreshing = force
        self.session.activity = "opening " + ", ".join(spec.text for spec in self.session.specs)
        self.host.update_status()
        in_thread(self.host, lambda: self._load(force), "load")

    def _load(self, force: bool) -> None:
        """Open every spec off the UI thread; cached copies are shown first."""
        worker = get_current_worker()
        post = self.host.screen.post_message

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

    def show(self, opened: Opened, for_you: ForYouCommands) -> None:
        """Show papers opened: a cached copy first, then the final result (a digest
        opened anew puts the cursor back where the reader left it: `Session.keep`)."""
        self.session.loaded(opened, current=self.session.current)
        if opened.final:
            self.announce(len(opened.digest.papers))
            self.settle_later()
            for_you.rerank_if_stale()
            for notice in opened.notices:
                self.host.screen.notify(notice, severity="warning", timeout=8)
        else:  # the first papers of a large digest: their index, once they are on screen
            self.host.screen.call_after_refresh(lambda: self.index_now(self.session.digest))
        self.host.watched_changed()

    def announce(self, papers: int) -> None:
        """After ctrl+r, say that the digest was read or fetched again."""
        if not self.refreshing:
            return
        self.refreshing = False
        local = all(spec.kind in ("file", "inbox") for spec in self.session.specs)
        verb = "Read again" if local else "Fetched again"
        names = ", ".join(spec.label for spec in self.session.specs)
        self.host.screen.notify(f"{verb}: {names}, {papers} papers.", timeout=4)

    def failed(self, error: str) -> None:
        """Nothing could be opened: the list says why if it is empty, and so does a
        notice. A digest on screen stays, and so does the header that names it."""
        self.refreshing = False
        kept = self.session.failed(error)
        if self.session.digest is None:
            self.host.paper_list.empty_text = self.session.empty_text
            self.host.paper_list.refresh()
        title = "Could not open; still showing this digest" if kept else "Could not open"
        self.host.screen.notify(error, title=title, severity="error", timeout=30)
        self.host.update_status()

    def settle_later(self) -> None:
        """Once the papers are on screen: calm the collector, build the search index.

        Not at once: a collection holds the GIL, and with it the thread that
        writes the first frame to the terminal.
        """
        digest = self.session.digest
        if digest is not None:
            self.host.screen.set_timer(SETTLE_AFTER_LOAD, lambda: self._settle(digest))

    def _settle(self, digest: OpenDigest) -> None:
        settle()
        if digest is self.session.digest:  # not another digest since
            self.index_now(digest)

    def index_now(self, digest: OpenDigest | None) -> None:
        """Build the search index in a worker: the first papers of a large digest
        get theirs at once, so that a filter typed while the rest loads never
        imports numpy or indexes on the UI thread (250 ms, the loader running).
        A large digest's watched papers are looked up in it, there too."""
        if digest is None:
            return
        host, screen, watch = self.host, self.host.screen, self.session.watch
        opener = self.session.opener

        def build() -> None:
            digest.index.build()
            give_back()  # the build's buffers
            digest.matcher.prepare()
            screen.app.call_from_thread(host.update_status)  # "indexing …" goes
            if len(digest) > WATCH_INLINE and watch:  # keywords are looked up in the index
                found = digest.scan_watch(watch)
                screen.app.call_from_thread(self.take_watched, digest, found)
            if opener.filed:  # the files opened join the archive, now that searching works
                try:
                    opener.file_away()
                except (StateError, sqlite3.Error, OSError) as error:
                    message = f"Could not keep the papers in the archive: {error}"
                    screen.app.call_from_thread(
                        screen.notify, message, title="Archive", severity="error", timeout=15
                    )

        screen.run_worker(
            build, thread=True, group="index", exit_on_error=False, description="index"
        )

    def take_watched(self, digest: OpenDigest, found: dict[str, str]) -> None:
        """A scan of the watch list, shown if it is of the digest still shown."""
        if digest is self.session.digest:
            digest.watched = found
            self.host.watched_changed()

    # --- moving between sources ---------------------------------------------------

    def step(self, delta: int) -> None:
        problem = self.session.step(delta)
        if problem is not None:
            self.host.screen.notify(problem, timeout=4)
            return
        self.reload()

    def inbox(self) -> None:
        self.session.toggle_inbox()
        self.reload()

    def library(self) -> None:
        """Every paper of the archive (from the palette; `reader library` starts there)."""
        from ..core.sources.specs import Spec

        self.session.open_specs([Spec("library")])
        self.reload()

    def go_to_date(self) -> None:
        from ..core.errors import SpecError
        from ..core.sources.specs import Spec, parse_spec

        def spec_of(value: str) -> Spec:
            text = value.strip()
            return parse_spec(text if text.startswith("hf") else f"hf:{text}")

        def problem(value: str) -> str | None:
            if not value.strip():
                return None  # nothing: the dialog closes
            try:
                spec_of(value)
            except SpecError as error:
                return str(error)
            return None

        def chosen(value: str | None) -> None:
            if value and value.strip():
                self.session.open_specs([spec_of(value)])
                self.reload()

        from .editors import PromptScreen

        self.host.screen.app.push_screen(
            PromptScreen(
                "Go to date",
                placeholder="YYYY-MM-DD, week:2026-W48 or month:2026-11",
                check=problem,
            ),
            chosen,
        )
