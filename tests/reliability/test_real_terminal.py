"""In a real terminal (tmux), escape sequences from a digest never reach it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

HOSTILE = [
    {
        "title": "Innocent \x1b]0;pwned\x07 title \x1b]2;pwned-too\x1b\\ [bold]x[/bold]",
        "abstract": "\x1b[2J\x1b[H wiped? \x1b]52;c;cHduZWQ=\x07 \x1b]8;;http://e.vil\x07link",
        "authors": ["\x1b]0;pwned-author\x07"],
    },
    {"title": "Second \x9b31m paper", "abstract": "\x07\x07 bells"},
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def test_osc_title_sequences_do_not_retitle_the_terminal(tmp_path: Path) -> None:
    digest = tmp_path / "hostile.json"
    digest.write_text(json.dumps(HOSTILE))
    session = f"reader-test-{os.getpid()}"
    env = (
        f"READER_STATE={tmp_path / 'state.json'} READER_DATA_DIR={tmp_path / 'd'} "
        f"READER_CONFIG_DIR={tmp_path / 'c'} READER_CACHE={tmp_path / 'cache'} "
    )
    command = f"{env} {sys.executable} -m reader {digest}"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", command)
    try:
        tmux("select-pane", "-t", session, "-T", "original-title")
        screen = ""
        for _ in range(100):
            time.sleep(0.1)
            screen = tmux("capture-pane", "-p", "-t", session)
            if "Innocent" in screen:
                break
        assert "Innocent" in screen, screen
        subprocess.run(["tmux", "send-keys", "-t", session, "j"], check=True)
        time.sleep(0.8)
        screen = tmux("capture-pane", "-p", "-t", session)
        title = tmux("display-message", "-p", "-t", session, "#{pane_title}").strip()
        assert "pwned" not in title, title
        assert title == "original-title"
        assert "[bold]x[/bold]" in screen and "␛" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
