"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.core.config import Config
from reader.core.sources.opener import Opener
from reader.core.sources.specs import Spec
from reader.core.state.store import StateStore
from reader.screens.main import MainScreen
from tests.conftest import TODAY


class ManualTimers:
    """A clock for auto-read that moves only when the test says: no waiting on time."""

    class Timer:
        def __init__(self, delay: float, callback: Callable[[], None]) -> None:
            self.delay = delay
            self.callback = callback
            self.stopped = False

        def stop(self) -> None:
            self.stopped = True

    def __init__(self) -> None:
        self.timers: list[ManualTimers.Timer] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> ManualTimers.Timer:
        timer = self.Timer(delay, callback)
        self.timers.append(timer)
        return timer

    @property
    def pending(self) -> list[ManualTimers.Timer]:
        return [timer for timer in self.timers if not timer.stopped]

    def elapse(self) -> None:
        """Let every pending timer's time pass."""
        for timer in self.pending:
            timer.stopped = True
            timer.callback()


def make_app(
    sources: Sequence[Path],
    state: Path,
    *,
    read_after: float = 0,
    keys: dict[str, str] | None = None,
    specs: list[Spec] | None = None,
    timers: ManualTimers | None = None,
    config: Config | None = None,
) -> ReaderApp:
    store = StateStore(state, flush_delay=0.01)
    opener = Opener(store, today=TODAY)
    chosen = specs if specs is not None else [Spec("file", str(path)) for path in sources]
    return ReaderApp(
        store,
        opener,
        chosen,
        config=config or Config(keys=keys or {}),
        read_after=read_after,
        schedule=timers,
    )


async def wait_until(pilot: Pilot[None], condition: Callable[[], object], what: str) -> None:
    """Let the app run until `condition()` holds (a bounded number of turns)."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never happened: {what}")


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the digest has loaded; return the main screen."""

    def loaded() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, MainScreen) and bool(
            screen.session.digest is not None or screen.session.error
        )

    await wait_until(pilot, loaded, "the digest loaded")
    screen = pilot.app.screen
    assert isinstance(screen, MainScreen)
    await pilot.pause()
    await detail_settled(pilot, screen)
    return screen


async def detail_settled(pilot: Pilot[None], screen: MainScreen) -> None:
    """Wait for the detail pane: new rows show their first paper once things are still."""
    await wait_until(pilot, lambda: screen.detail.settled, "the detail pane settled")


def titles(screen: MainScreen) -> list[str]:
    return [p.title for p in screen.paper_list.papers]


def plain(widget: object, width: int = 100) -> str:
    """What a `Static` shows, as plain text (its content drawn `width` cells wide)."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)  # type: ignore[attr-defined]
    return console.export_text()
