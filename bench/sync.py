"""Machines acted out through the real command line, with a sync folder
between them (tests/support/machines.py): the figures of marks kept across
machines.

    python -m bench.sync [--machines 3] [--days 28] [--changes 10] [--seeds 3]

Each machine has its own data directory, state file and clock (one an hour
ahead, one an hour behind); each day every machine makes `--changes` changes
(`reader mark`: read, unread, star, unstar, note, tag, untag, on a few
papers, so that machines often change the same mark), now and then merges
another's file by hand (`reader merge`), and the sync tool runs at random
moments, writing a Syncthing-style conflicted copy when two machines changed
the file since they last synced. Every file is judged after every command
and every sync; at the end every machine syncs and opens reader until all
agree.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.support.machines import behind, judged, marks_of, simulate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.sync", description=__doc__)
    parser.add_argument("--machines", type=int, default=3)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--changes", type=int, default=10, help="changes a machine makes a day")
    parser.add_argument("--seeds", type=int, default=3, help="runs, each with its own history")
    args = parser.parse_args()
    print(
        "| seed | machines × days | marks changed | commands | conflicted copies "
        "written / merged | merged by hand | changes made after a later-clocked one "
        "| all machines agree | marks lost | seconds |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for seed in range(1, args.seeds + 1):
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            world = simulate(Path(folder), args.machines, args.days, args.changes, seed)
            finals = [marks_of(m.state) for m in world.machines]
            agree = all(final == finals[0] for final in finals)
            lost = len(world.wrong) + len(judged(world, finals[0])) + len(world.refused)
            lost += world.conflicts_written - world.conflicts_merged
        print(
            f"| {seed} | {args.machines} × {args.days} | {len(world.changes)} "
            f"| {world.commands} | {world.conflicts_written} / {world.conflicts_merged} "
            f"| {world.by_hand} | {behind(world)} | {'yes' if agree else 'NO'} | {lost} "
            f"| {time.perf_counter() - started:.1f} |"
        )


if __name__ == "__main__":
    main()
