"""The Textual application: loads settings and pushes the main screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual.widgets import Input
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual.command import Provider

from .core.collector import QUIET, IdleCollector
from .core.config import Config
from .core.messages import MessageLog
from .core.sources.opener import Opened, Opener
from .core.sources.specs import Spec
from .core.state.store import StateStore
from .screens.autoread import Schedule
from .screens.main import MainScreen


def stylesheet() -> Path:
    """The app's stylesheet, in a wheel (`reader/styles`) or a checkout (`styles/`)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "styles", package.parent / "styles"):
        path = candidate / "reader.tcss"
        if path.is_file():
            return path
    raise FileNotFoundError("reader.tcss is missing from this installation")


def commands_provider() -> type[Provider]:
    """The palette's provider, imported when the palette first opens."""
    from .providers import ReaderCommands

    return ReaderCommands


class ReaderApp(App[None]):
    """A keyboard-driven reader for research-paper digests."""

    TITLE = "reader"
    COMMANDS = App.COMMANDS | {commands_provider}

    def __init__(
        self,
        store: StateStore,
        opener: Opener,
        specs: list[Spec],
        *,
        config: Config | None = None,
        read_after: float | None = None,
        initial: Opened | None = None,
        schedule: Schedule | None = None,
        warnings: list[str] | None = None,
        refresh: bool = False,
    ) -> None:
        super().__init__(css_path=[stylesheet()])
        self.refresh_at_start = refresh
        """Refresh the subscriptions as the app starts (a bare `reader` that has some)."""
        self.warnings = warnings or []
        """What the config file holds that reader does not know: said at start."""
        self.schedule = schedule
        """Auto-read's clock (see `MainScreen`); None is the real one."""
        self.config = config or Config()
        self.store = store
        self.opener = opener
        self.specs = specs
        self.initial = initial
        self.read_after = self.config.read_after if read_after is None else read_after
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.collector = IdleCollector()
        self.messages = MessageLog()
        """Every notice of the session, whole (the Messages screen shows them)."""
        # Before the first frame, so that it is styled once, in the saved theme.
        saved = store.get_meta("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self._remember_theme = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseEvent)):
            self.collector.touch()
        if isinstance(event, events.Key) and not event.is_forwarded and await self._command(event):
            return
        await super().on_event(event)

    async def _command(self, key: events.Key) -> bool:
        """Run the main screen's binding for `key` now, in the order keys came.

        Textual hands a key to the focused widget and runs its binding only when
        the key bubbles back here, after the keys that came with it were handed
        on: in a burst (a paste, `tmux send-keys "/neural"`) the letters after
        `/` would all go to the list, as commands. Text boxes get keys as usual.
        """
        if not isinstance(self.screen, MainScreen):
            return False
        if isinstance(self.focused, Input):
            if key.key == "enter" and self.focused.id == "filter":
                self.screen.filters.submit()
                return True
            return False
        active = self.screen.active_bindings.get(key.key)
        if active is None or not active.enabled:
            return False
        return await self.run_action(active.binding.action, active.node)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is kept in the message log, and shown literally: its text
        comes from papers, files and servers, where `[` and `]` are not markup."""
        self.messages.add(message, title, severity)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A background task that failed says so (the message log keeps the
        error whole): its work would otherwise just never arrive."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            name = event.worker.description or event.worker.name or "a background task"
            self.notify(
                f"{name} failed: {type(error).__name__}: {error}",
                title="Something went wrong",
                severity="error",
                timeout=30,
            )

    def on_unmount(self) -> None:
        self.collector.stop()

    def get_default_screen(self) -> MainScreen:
        # The main screen is the bottom of the stack: no blank default screen
        # to style and compose first.
        return MainScreen(
            self.store,
            self.opener,
            self.specs,
            config=self.config,
            read_after=self.read_after,
            initial=self.initial,
            schedule=self.schedule,
            messages=self.messages,
            refresh=self.refresh_at_start,
        )

    def on_mount(self) -> None:
        for warning in self.warnings:
            self.notify(warning, title="Config", severity="warning", timeout=15)
        self.collector.start()
        self.call_after_refresh(self.collector.resume)
        self.set_interval(QUIET, self.collector.tick)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme picked in the palette for next time."""
        if getattr(self, "_remember_theme", False) and self.store.get_meta("theme") != theme:
            self.store.set_meta("theme", theme)
