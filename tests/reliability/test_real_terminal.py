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


SOCKET = f"reader-test-{os.getpid()}"
"""A tmux server of this test's own (`tmux -L`): other tmux servers never interfere."""


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True
    ).stdout


def wait_for_screen(session: str, text: str, timeout: float = 20) -> str:
    """The pane's text once it shows `text` (polled; fails after `timeout` s)."""
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.05)
    raise AssertionError(f"never showed {text!r}:\n{screen}")


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
        screen = wait_for_screen(session, "Innocent")
        tmux("send-keys", "-t", session, "j")
        screen = wait_for_screen(session, "␇␇ bells")  # the second paper's abstract
        title = tmux("display-message", "-p", "-t", session, "#{pane_title}").strip()
        assert "pwned" not in title, title
        assert title == "original-title"
        assert "[bold]x[/bold]" in screen and "␛" in screen
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
