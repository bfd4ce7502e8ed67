"""A process writing state is killed with SIGKILL at random moments.

After every kill the file must be valid and load, and every change the
writer reported as flushed must be in it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.core.state.store import StateStore

WRITER = r"""
import sys, time
from pathlib import Path
from reader.core.state.store import StateStore

store = StateStore(Path(sys.argv[1]), flush_delay=0.0)
start = int(sys.argv[2])
for n in range(start, start + 100000):
    store.set_field([f"paper-{n}"], "read", True)
    if n % 7 == 0:
        store.toggle(f"paper-{n}", "starred")
    store.flush()
    print(n, flush=True)
"""


def test_kill_9_never_leaves_a_broken_file(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    rng = random.Random(1234)
    next_start = 0
    for _ in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(state), str(next_start)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the writer is up and has flushed once
        assert first.strip(), "the writer did not start"
        time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        remaining = proc.stdout.read()
        proc.wait()
        flushed = [int(line) for line in (first + remaining).split()]
        store = StateStore(state)
        assert store.notice is None, store.notice
        for n in flushed:
            assert store.is_read(f"paper-{n}"), f"flushed change {n} was lost"
        store.close()
        next_start = flushed[-1] + 1
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
