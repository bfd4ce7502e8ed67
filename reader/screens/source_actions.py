"""Opening sources in the background, and moving between them.

The main screen inherits this: it keeps the worker, its messages and the
day/Inbox navigation apart from layout and per-paper state.
"""

from __future__ import annotations

from dataclasses import dataclass

from msgspec.structs import replace
from textual import on, work
from textual.message import Message
from textual.worker import get_current_worker

from ..data.collector import settle
from ..data.errors import DigestError, FetchError
from ..data.models import Digest
from ..data.search import SearchIndex
from ..data.sources.opener import Opened, Opener, link_identities, merge
from ..data.sources.specs import Spec
from ..widgets.paper_list import PaperList
from .paper_actions import PaperActions

SETTLE_AFTER_LOAD = 0.2
"""Seconds after a load before collecting garbage and building the search index."""


class SourceActions(PaperActions):
    """Loads `specs` with a worker; `[`, `]`, `i` and `ctrl+r` change what is loaded."""

    opener: Opener
    specs: list[Spec]
    shown_spec: Spec | None
    digest: Digest | None
    _before_inbox: list[Spec] | None
    _index: SearchIndex | None
    _digest_ids: frozenset[str]
    _error: str
    _notice: str
    _activity: str

    @property
    def paper_list(self) -> PaperList:
        raise NotImplementedError

    def refresh_view(self) -> None:
        raise NotImplementedError

    def update_status(self) -> None:
        raise NotImplementedError

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

    # --- loading -------------------------------------------------------------

    def reload(self, force: bool = False) -> None:
        """Open `self.specs` again, in the background."""
        self._activity = "opening " + ", ".join(spec.text for spec in self.specs)
        self.update_status()
        self.load(force)

    # `description` is given so Textual does not repr() the arguments (100,000 papers).
    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="load")
    def load(self, force: bool = False) -> None:
        """Open every spec off the UI thread; cached copies are shown first."""
        worker = get_current_worker()
        opener = replace(self.opener, refresh_after=0) if force else self.opener
        results: list[Opened] = []
        errors: list[str] = []
        for spec in self.specs:
            self.post_message(self.Activity(f"opening {spec.text}"))

            def emit(opened: Opened) -> None:
                if not worker.is_cancelled:
                    self.post_message(self.Loaded(opened))

            def progress(count: int, spec: Spec = spec) -> None:
                self.post_message(self.Activity(f"fetching {spec.text}: {count} papers so far"))

            try:
                results.append(opener.open(spec, emit, progress))
            except (DigestError, FetchError) as error:
                errors.append(str(error))
            if worker.is_cancelled:
                return
        if not results:
            self.post_message(self.LoadFailed("; ".join(errors)))
            return
        merged = merge([r.digest for r in results])
        link_identities(self.store, merged.papers)
        notices = tuple(n for r in results for n in r.notices) + tuple(errors)
        shown = results[0].spec if len(results) == 1 else None
        self.post_message(self.Loaded(Opened(merged, notices, True, shown)))

    @on(Activity)
    def _activity_changed(self, message: Activity) -> None:
        self._activity = message.text
        self.update_status()

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        opened = message.opened
        self.digest = opened.digest
        self.shown_spec = opened.spec or self.shown_spec
        self._index = SearchIndex(opened.digest.papers)
        self._digest_ids = frozenset(p.id for p in opened.digest.papers)
        self._error = ""
        if opened.final:
            # Not before the papers are on screen: a collection holds the GIL,
            # and with it the thread that writes the first frame to the terminal.
            index = self._index
            self.set_timer(SETTLE_AFTER_LOAD, lambda: self._after_load(index))
            self._activity = ""
            self._notice = " ".join(opened.notices)
            for notice in opened.notices:
                self.notify(notice, severity="warning", timeout=8)
        if (
            self.shown_spec is not None
            and self.shown_spec.kind == "hf"
            and not opened.digest.papers
        ):
            self.paper_list.empty_text = "No papers for this day. [ and ] step through days."
        else:
            self.paper_list.empty_text = "No papers match."
        self.refresh_view()

    @on(LoadFailed)
    def _load_failed(self, message: LoadFailed) -> None:
        self._activity = ""
        self._error = message.error
        if self.digest is None:
            self.paper_list.empty_text = f"Could not open: {message.error}"
            self.paper_list.refresh()
        self.notify(message.error, title="Could not open", severity="error", timeout=30)
        self.update_status()

    # --- moving between sources ---------------------------------------------------

    def _step(self, delta: int) -> None:
        spec = self.shown_spec
        if spec is None or not spec.can_step or len(self.specs) != 1:
            self.notify("[ and ] step through days of a Hugging Face digest (hf:DATE).", timeout=4)
            return
        new = spec.step(delta)
        if new is None:
            self.notify("There is no later digest yet.", timeout=3)
            return
        self.specs = [new]
        self.shown_spec = new
        self.reload()

    def open_specs(self, specs: list[Spec]) -> None:
        """Show other sources (from the palette's "Go to date…", for example)."""
        self.specs = specs
        self.shown_spec = specs[0] if len(specs) == 1 else None
        self._before_inbox = None
        self.reload()

    def action_previous_day(self) -> None:
        self._step(-1)

    def action_next_day(self) -> None:
        self._step(+1)

    def action_inbox(self) -> None:
        if self._before_inbox is not None:
            self.specs, self._before_inbox = self._before_inbox, None
            self.shown_spec = None
        else:
            self._before_inbox = self.specs
            self.specs = [Spec("inbox")]
            self.shown_spec = Spec("inbox")
        self.reload()

    def action_refresh(self) -> None:
        self.reload(force=True)

    def _after_load(self, index: SearchIndex) -> None:
        """Settle a freshly loaded digest: calm the collector, prepare search."""
        settle()
        self.run_worker(
            index.build, thread=True, group="index", exit_on_error=False, description="index"
        )
