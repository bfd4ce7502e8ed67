"""`python -m bench.network`: how a fetch ends against servers that misbehave.

Each case fetches one day from the misbehaving server of the tests
(tests/hostile.py, on 127.0.0.1) in a fresh process with reader's default
limits, and reports the time to the outcome and the process's peak memory
(VmHWM, sampled). A fetch still running after `--give-up` seconds is killed
and reported as such.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support import hostile

ROOT = Path(__file__).resolve().parent.parent

FETCH = r"""
import sys, time
from reader.core.errors import FetchError
from reader.core.sources.remote import Fetcher
from reader.core.sources.specs import parse_spec

began = time.monotonic()
try:
    digest = Fetcher().fetch(parse_spec(sys.argv[1]))
    outcome = f"{len(digest.papers)} papers"
except FetchError as error:
    outcome = f"error: {error.message}"
print(f"{outcome} | {time.monotonic() - began:.1f} s")
"""

CASES = [
    ("trickles 1 byte per second", hostile.TRICKLE_BODY),
    ("sends its headers 1 byte per second", hostile.TRICKLE_HEADERS),
    ("sends a 10 GB body", hostile.ENDLESS),
    ("sends a 10 GB body with no length", hostile.ENDLESS_CHUNKED),
    ("gzip bomb (2 GB expanded)", hostile.GZIP_BOMB),
    ("429 with Retry-After: 999999", hostile.RETRY_NEXT_WEEK),
    ("redirects to another host", hostile.OTHER_HOST),
]


def peak_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.network")
    parser.add_argument("--give-up", type=float, default=90.0, help="seconds (default 90)")
    args = parser.parse_args()
    print("| server behaviour | outcome | time | peak memory |")
    print("|---|---|---|---|")
    with hostile.hostile() as server:
        env = {**os.environ, "READER_HF_BASE": server.url, "PYTHONPATH": str(ROOT)}
        for name, day in CASES:
            proc = subprocess.Popen(
                [sys.executable, "-c", FETCH, f"hf:{day}"],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            began, peak = time.monotonic(), 0
            while proc.poll() is None and time.monotonic() - began < args.give_up:
                peak = max(peak, peak_mb(proc.pid))
                time.sleep(0.05)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                outcome = f"still running | killed after {args.give_up:g} s"
            else:
                assert proc.stdout is not None
                outcome = proc.stdout.read().strip()
            print(f"| {name} | {outcome} | {peak} MB |", flush=True)


if __name__ == "__main__":
    main()
