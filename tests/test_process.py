"""The installed `reader` starts in a real terminal, paints, and quits cleanly."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from reader.core.state.store import StateStore
from tests.support.terminal import Terminal


def reader_command() -> list[str]:
    found = shutil.which("reader", path=os.path.dirname(sys.executable))
    return [found] if found else [sys.executable, "-m", "reader"]


def test_bare_reader_opens_the_sample_and_saves_on_quit(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    env = {
        **os.environ,
        "READER_STATE": str(state),
        "TERM": "xterm-256color",
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG_DIR": str(tmp_path / "c"),
    }
    term = Terminal(reader_command(), env)
    try:
        assert term.wait_for("Sparse Attention Budgets"), term.screen_text[-2000:]
        assert term.wait_for("8 papers · 8 unread · 0 starred")
        term.send("s")
        assert term.wait_for("8 papers · 8 unread · 1 starred")
        term.send("q")
    finally:
        code = term.close()
    assert code == 0
    assert len(StateStore(state).starred_ids) == 1
