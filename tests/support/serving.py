"""Starting a real `reader serve` for a test: a free port, the printed address."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(*args: str, env: dict[str, str]) -> tuple[subprocess.Popen[str], str, int]:
    """`reader serve ARGS --port FREE`, and the address it printed (token and all)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"reader is served at (\S+)", line)
    assert found, line
    # The server logs each request to stdout: read on, so that a full pipe never
    # stalls it.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, found.group(1), port
