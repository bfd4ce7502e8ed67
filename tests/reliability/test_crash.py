"""Crash safety: a run of triage actions is killed with SIGKILL at random moments.

After every kill the state file is valid, and every action older than
`DURABILITY` seconds before the kill is in it. The child does not flush by
hand: the store's own background writer is what is being tested.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.core.state.store import DURABILITY, FLUSH_DELAY, StateStore

CHILD = r"""
import random, sys, time
from pathlib import Path
from reader.core.state.store import StateStore

store = StateStore(Path(sys.argv[1]))
rng = random.Random(int(sys.argv[2]))
log = open(sys.argv[3], "a", buffering=1)
for n in range(1000):
    paper = f"2611.{rng.randrange(200):05d}"
    kind = rng.choice(["star", "read", "read", "undo"])
    if kind == "undo":
        changes = store.undo()
        # Log what the undo restored, so the parent can replay it exactly.
        for change in changes or []:
            log.write(f"{time.time()} set {change.paper_id} {change.field} {int(change.before)}\n")
        continue
    field = "starred" if kind == "star" else "read"
    value = store.toggle(paper, field)
    log.write(f"{time.time()} set {paper} {field} {int(value)}\n")
    time.sleep(rng.uniform(0.0005, 0.004))
log.write("done\n")
"""


def replay(log: Path, before: float) -> tuple[dict[tuple[str, str], bool], set[tuple[str, str]]]:
    """State as of `before`, and the (paper, field) pairs touched after it."""
    state: dict[tuple[str, str], bool] = {}
    recent: set[tuple[str, str]] = set()
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 5:
            continue  # "done", or a line cut by the kill
        stamp, _, paper, field, value = parts
        key = (paper, field)
        if float(stamp) <= before:
            state[key] = value == "1"
        else:
            recent.add(key)
    return state, recent


def run_rounds(tmp_path: Path, rounds: int, seed: int) -> int:
    state_file = tmp_path / "state.json"
    log = tmp_path / "actions.log"
    rng = random.Random(seed)
    checked = 0
    for round_number in range(rounds):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(state_file), str(rng.randrange(10**6)), str(log)],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        time.sleep(rng.uniform(0.3, 2.5))
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = StateStore(state_file)
        assert store.notice is None, f"round {round_number}: {store.notice}"
        expected, recent = replay(log, killed_at - DURABILITY)
        for (paper, field), value in expected.items():
            if (paper, field) in recent:
                continue  # changed again within the last second: either value may be on disk
            actual = store.is_starred(paper) if field == "starred" else store.is_read(paper)
            assert actual == value, f"round {round_number}: {paper} {field} lost"
            checked += 1
        # What the next round starts from is what survived, not what was logged.
        keys = set(expected) | recent
        with log.open("w") as handle:
            for paper, field in sorted(keys):
                actual = store.is_starred(paper) if field == "starred" else store.is_read(paper)
                handle.write(f"0 set {paper} {field} {int(actual)}\n")
        store.close()
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    return checked


def test_durability_is_a_named_setting() -> None:
    assert FLUSH_DELAY < DURABILITY == 1.0


def test_sigkill_during_triage_loses_nothing_older_than_a_second(
    tmp_path: Path, stress: bool
) -> None:
    checked = run_rounds(tmp_path, 60 if stress else 6, seed=2026)
    assert checked > 50
