"""Time a program from process start to a text on its screen, in a pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence


def time_to_text(
    argv: Sequence[str], marker: bytes, env: dict[str, str], timeout: float = 60.0
) -> float:
    """Seconds until `marker` appears in what the program writes; then it is killed."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([master], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(master, 1 << 16)
                except OSError:
                    break
                if marker in seen:
                    return time.perf_counter() - started
        raise RuntimeError(f"{argv[-1]}: {marker!r} never appeared")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.close(master)
