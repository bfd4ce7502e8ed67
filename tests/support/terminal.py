"""Run the real `reader` process in a pseudo-terminal, as a user would."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time
from collections.abc import Sequence

ANSI = re.compile(
    r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\x1b."
)


class Terminal:
    """A child process on a pty; `screen_text` is everything it drew, escapes removed."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        cols: int = 120,
        rows: int = 36,
        cwd: str | None = None,
    ) -> None:
        self.master, slave = pty.openpty()
        import fcntl
        import struct
        import termios

        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(
            list(argv), stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, cwd=cwd
        )
        os.close(slave)
        self.raw = b""

    def read(self, timeout: float = 0.2) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                self.raw += chunk

    @property
    def screen_text(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def wait_for(self, text: str, timeout: float = 20) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.1)
            if text in self.screen_text:
                return True
        return False

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self, timeout: float = 20) -> int:
        """Wait for the process to exit, draining its output so it never blocks on a full pty."""
        end = time.monotonic() + timeout
        try:
            while self.proc.poll() is None and time.monotonic() < end:
                self.read(0.05)
            if self.proc.poll() is None:
                self.proc.kill()
                raise AssertionError("the process did not exit:\n" + self.screen_text[-1500:])
            return self.proc.returncode
        finally:
            self.read(0.05)
            os.close(self.master)
