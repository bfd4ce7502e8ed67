"""`reader` run as a user runs it: a fresh process, its output as text."""

from __future__ import annotations

import os
import subprocess
import sys


def run(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m reader ARGS`, with `env` on top of this process's environment."""
    out = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        input=stdin,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    return subprocess.CompletedProcess(
        out.args, out.returncode, out.stdout.decode(), out.stderr.decode()
    )
