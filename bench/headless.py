"""The real app headless (`run_test`): per-key times with the precision of
the event loop itself.

A key goes straight to its binding (or, for the filter, into the filter
box); the time runs until the screen has settled and the frame the key
causes has been drawn. `pilot.press` has a floor of about 60 ms a key (it
waits for idle and for animations), which is why keys skip it.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path


async def key_timings(
    path: Path,
    keys: list[str],
    setup: list[str] | None = None,
    records: int = 0,
    typing: bool = False,
    burst: bool = False,
    archive: Path | None = None,
) -> list[float]:
    """Seconds per key: dispatched to its binding, handled, settled, its frame drawn.

    `pilot.press` has a floor of about 60 ms a key (it waits for idle and for
    animations), so keys go straight to the binding dispatch instead; when
    `typing`, characters go into the focused filter and the time runs until
    the filtered rows are on screen (the search runs in a worker).

    The archive is the bench's own (`archive`, else one kept in bench/.data
    across runs, so that a large file is read into it once), never the user's.
    """
    from reader.app import ReaderApp
    from reader.core.archive.handle import ArchiveHandle
    from reader.core.config import Config
    from reader.core.sources.opener import Opener
    from reader.core.sources.specs import Spec
    from reader.core.state.store import StateStore
    from reader.screens.main import MainScreen

    with tempfile.TemporaryDirectory() as tmp_dir:
        store = StateStore(Path(tmp_dir) / "state.json")
        if records:
            store.set_field((f"2499.{n:05d}" for n in range(records)), "read", True)
            store.flush()
        folder = archive or Path(__file__).parent / ".data" / "headless-archive"
        handle = ArchiveHandle(folder / "archive.sqlite", folder / "archive-index")
        opener = Opener(store, archive=handle)
        app = ReaderApp(store, opener, [Spec("file", str(path))], config=Config(read_after=0))
        times: list[float] = []
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(6000):
                screen = app.screen
                if (
                    isinstance(screen, MainScreen)
                    and screen.session.digest is not None
                    and not (screen.session.activity)
                ):
                    break
                await pilot.pause(0.01)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for _ in range(6000):  # the search index is built in a worker after loading
                digest = screen.session.digest
                if digest is None or digest.index.ready:
                    break
                await pilot.pause(0.01)
            if setup:
                await pilot.press(*setup)
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            if burst:  # the whole query at once: one time, to the last key's answer
                started = time.perf_counter()
                for key in keys:
                    screen.filters.box().insert_text_at_cursor(key)
                wanted = screen.filters.box().value.strip()
                while (
                    screen.session.view.filter_text != wanted
                    or screen.shown_view != screen.session.view
                ):
                    await asyncio.sleep(0.0005)
                await pilot._wait_for_screen()
                app.screen._on_timer_update()
                keys = []
                times.append(time.perf_counter() - started)
            for key in keys:
                started = time.perf_counter()
                if typing:
                    app.collector.touch()
                    screen.filters.box().insert_text_at_cursor(key)
                    wanted = screen.filters.box().value.strip()
                    session = screen.session
                    # Done when the rows are those of the new filter, or when the
                    # header says why it cannot be read (the rows then stay).
                    while session.typed != wanted or not (
                        session.query_error
                        or (
                            screen.session.view.filter_text == wanted
                            and screen.shown_view == screen.session.view
                        )
                    ):
                        await asyncio.sleep(0.0005)
                else:
                    # What the key event does on its way in (ReaderApp.on_event),
                    # then what the app does with it: the binding's action.
                    app.collector.touch()
                    await app._check_bindings(key)
                await pilot._wait_for_screen()
                # The frame this key causes, now rather than at the next tick of
                # the screen's 60 Hz update timer: layout if needed, repaint, output.
                app.screen._on_timer_update()
                times.append(time.perf_counter() - started)
        store.close()
    return times
