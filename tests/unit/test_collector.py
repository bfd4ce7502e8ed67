"""Garbage collection: off while the app starts, full passes only while the user is idle."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.__main__ import main
from reader.core.collector import EVERY, IdleCollector
from tests.pilot.helpers import make_app, ready


@pytest.fixture(autouse=True)
def restore_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.enable()
    gc.set_threshold(*threshold)


def test_resume_freezes_what_startup_made_and_turns_collection_on() -> None:
    gc.unfreeze()
    gc.disable()
    IdleCollector().resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0


def test_resume_leaves_a_running_collector_alone() -> None:
    gc.unfreeze()
    IdleCollector().resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_full_passes_wait_for_a_pause_in_the_input(monkeypatch: pytest.MonkeyPatch) -> None:
    collector = IdleCollector()
    young, middle, _ = gc.get_threshold()
    collector.start()
    assert gc.get_threshold() == (young, middle, 1 << 30)
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, EVERY))
    collector.touch()
    assert not collector.tick()  # the user is typing
    collector._last_input -= 10
    assert collector.tick()
    collector.stop()
    assert gc.get_threshold() == (young, middle, _)


def test_the_command_line_turns_collection_back_on_when_it_stops_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_STATE", str(tmp_path / "state.json"))
    for name in ("READER_CONFIG_DIR", "READER_DATA_DIR", "READER_CACHE"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    assert main([str(tmp_path / "missing.txt"), "--date", "2026-11-28"]) != 0
    assert gc.isenabled()
    assert "missing.txt" in capsys.readouterr().err


async def test_the_app_turns_collection_on_after_its_first_frame(
    page: Path, state_path: Path
) -> None:
    app = make_app([page], state_path)
    gc.unfreeze()
    gc.disable()  # as `reader` does before it imports and starts the app
    async with app.run_test() as pilot:
        await ready(pilot)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
