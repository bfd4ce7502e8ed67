"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.data.config import Config
from reader.data.sources.opener import Opener
from reader.data.sources.specs import Spec
from reader.data.state.store import StateStore
from reader.screens.main import MainScreen
from tests.conftest import TODAY


def make_app(
    sources: Sequence[Path],
    state: Path,
    *,
    read_after: float = 0,
    keys: dict[str, str] | None = None,
    specs: list[Spec] | None = None,
) -> ReaderApp:
    store = StateStore(state, flush_delay=0.01)
    opener = Opener(store, today=TODAY)
    chosen = specs if specs is not None else [Spec("file", str(path)) for path in sources]
    return ReaderApp(store, opener, chosen, config=Config(keys=keys or {}), read_after=read_after)


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the digest has loaded; return the main screen."""
    for _ in range(300):
        screen = pilot.app.screen
        if isinstance(screen, MainScreen) and (screen.digest is not None or screen._error):
            await pilot.pause()
            await detail_settled(pilot, screen)
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the digest never loaded")


async def detail_settled(pilot: Pilot[None], screen: MainScreen) -> None:
    """Wait for the detail pane: new rows show their first paper once things are still."""
    for _ in range(300):
        if screen.detail.settled:
            return
        await pilot.pause(0.01)
    raise AssertionError("the detail pane never settled")


def titles(screen: MainScreen) -> list[str]:
    return [p.title for p in screen.paper_list.papers]
