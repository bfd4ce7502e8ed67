"""Marks on several machines, through the real command line: machines acted
out with their own clocks and a sync folder between them, conflicted copies
of each sync tool merged and put away, and `reader merge` by hand."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.machines import Machine, World, behind, judged, marks_of, simulate

T = 1_796_000_000.0


def test_three_machines_for_three_weeks_end_with_the_same_marks_and_lose_none(
    tmp_path: Path,
) -> None:
    world = simulate(tmp_path, machines=3, days=21, changes_a_day=8, seed=3)
    finals = [marks_of(m.state) for m in world.machines]
    assert world.refused == []
    assert all(final == finals[0] for final in finals)
    assert world.wrong == [] and judged(world, finals[0]) == []
    # The history was a hard one: conflicted copies, and changes made after
    # seeing a change that a faster clock stamped later.
    assert world.conflicts_written >= 30 and behind(world) >= 10
    assert world.conflicts_merged == world.conflicts_written
    assert len(world.changes) >= 400


def test_a_change_made_after_seeing_another_wins_with_clocks_two_hours_apart(
    tmp_path: Path,
) -> None:
    """A's clock is an hour ahead, B's an hour behind. A stars; the files sync;
    B unstars; A, not yet synced, reads another paper: the sync tool writes a
    conflicted copy on A. Both machines end unstarred."""
    a = Machine("a", tmp_path / "a", +3600)
    b = Machine("b", tmp_path / "b", -3600)
    world = World([a, b], random.Random(0), now=T)
    assert a.run(T, "mark", "--star", "2611.00001")[0] == 0
    world.sync(a)
    world.sync(b)
    assert b.run(T + 60, "mark", "--unstar", "2611.00001")[0] == 0
    assert a.run(T + 120, "mark", "--read", "2611.00002")[0] == 0
    world.sync(b)
    world.sync(a)
    assert [p.name for p in a.state.parent.glob("state.sync-conflict-*.json")]
    code, out = a.run(T + 180, "stats")
    assert code == 0 and "Merged 1 mark from the conflicted copy state.sync-conflict-" in out
    world.sync(a)
    world.sync(b)
    for machine in (a, b):
        shown = marks_of(machine.state)
        assert shown["2611.00001"][1] is False, machine.name  # unstarred
        assert shown["2611.00002"][0] is True, machine.name
    assert list((a.state.parent / "merged").iterdir())


COPIES = {
    "syncthing": "state.sync-conflict-20261203-142501-ABCDEFG.json",
    "dropbox": "state (Ana's conflicted copy 2026-12-03).json",
    "nextcloud": "state (conflicted copy 2026-12-03 142501).json",
}


@pytest.mark.parametrize("tool", COPIES)
def test_each_sync_tools_conflicted_copy_is_merged_and_put_away(tmp_path: Path, tool: str) -> None:
    here = Machine("here", tmp_path / "here", 0)
    there = Machine("there", tmp_path / "there", 0)
    assert here.run(T, "mark", "--star", "2611.00001")[0] == 0
    assert there.run(T + 5, "mark", "--read", "--tag", "rl", "2611.00002", "2611.00003")[0] == 0
    copy = here.state.parent / COPIES[tool]
    copy.write_bytes(there.state.read_bytes())
    other = here.state.parent / "notes (conflicted copy).txt"  # not a copy of the state file
    other.write_text("left alone", encoding="utf-8")
    code, out = here.run(T + 10, "list", "library", "--format", "json")
    assert code == 0
    assert f"Merged 4 marks from the conflicted copy {COPIES[tool]} into state.json" in out
    assert not copy.exists() and (here.state.parent / "merged" / COPIES[tool]).exists()
    assert other.exists()
    shown = marks_of(here.state)
    assert shown["2611.00001"][1] and shown["2611.00002"][0] and shown["2611.00003"][3] == ("rl",)
    # Said once: the next command finds nothing to merge.
    assert "Merged" not in here.run(T + 20, "stats")[1]


def test_a_copy_that_cannot_be_read_is_left_where_it_is_and_named(tmp_path: Path) -> None:
    here = Machine("here", tmp_path / "here", 0)
    assert here.run(T, "mark", "--star", "2611.00001")[0] == 0
    copy = here.state.parent / "state.sync-conflict-20261203-142501-ABCDEFG.json"
    copy.write_text('{"papers": {"1": {"id": "2611.00002", "read": "yes"', encoding="utf-8")
    code, out = here.run(T + 10, "stats")
    assert code == 0
    assert f"The conflicted copy {copy} could not be read" in out and "left where it is" in out
    assert copy.exists() and not (here.state.parent / "merged").exists()
    assert marks_of(here.state)["2611.00001"][1]


def test_reader_merge_says_what_changed_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    here = Machine("here", tmp_path / "here", 0)
    there = Machine("there", tmp_path / "there", 0)
    assert here.run(T, "mark", "--star", "--note", "mine", "2611.00001")[0] == 0
    assert there.run(T + 5, "mark", "--read", "--star", "2611.00002", "2611.00003")[0] == 0
    assert there.run(T + 6, "mark", "--note", "theirs", "--tag", "to-cite", "2611.00001")[0] == 0
    copy = tmp_path / "from-there.json"
    copy.write_bytes(there.state.read_bytes())
    before = here.state.read_bytes()
    code, out = here.run(T + 10, "merge", "--dry-run", str(copy))
    assert code == 0 and here.state.read_bytes() == before
    assert out.splitlines()[0] == (
        f"{copy}: would change 2 papers starred, 2 read, 1 noted, 1 tagged"
    )
    assert "  starred:   2611.00002 2611.00003" in out
    code, out = here.run(T + 20, "merge", str(copy))
    assert code == 0 and out.splitlines()[0].startswith(f"{copy}: changed 2 papers starred")
    note = marks_of(here.state)["2611.00001"][2]
    assert note == {"mine", "theirs"}  # written apart: both kept
    code, out = here.run(T + 30, "merge", str(copy))
    assert out.strip() == f"{copy}: nothing to merge (every mark in it is here already)"
    code, out = here.run(T + 40, "merge", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot merge" in out and "nothing was changed" in out
    code, out = here.run(T + 50, "merge", str(here.state))
    assert code == 2 and "is this state file" in out


def test_reader_paths_names_the_machine_and_the_machines_in_the_file(tmp_path: Path) -> None:
    here = Machine("here", tmp_path / "here", 0)
    there = Machine("there", tmp_path / "there", 0)
    here.run(T, "mark", "--read", "2611.00001")
    there.run(T, "mark", "--read", "2611.00002")
    copy = tmp_path / "there.json"
    copy.write_bytes(there.state.read_bytes())
    here.run(T, "merge", str(copy))
    mine = (here.folder / "data" / "machine-id").read_text().strip()
    theirs = (there.folder / "data" / "machine-id").read_text().strip()
    code, out = here.run(T, "paths")
    line = next(line for line in out.splitlines() if line.startswith("machine"))
    assert line.split()[1] == mine and mine != theirs
    names = sorted([mine, theirs])
    listed = ", ".join(f"{m} (this one)" if m == mine else m for m in names)
    assert line.endswith(f"the state file has marks from 2: {listed}")
    assert "machine-id" in line and os.uname().nodename not in line
    saved = json.loads(here.state.read_text())
    assert set(saved["meta"]["1"]["machines"]) == {mine, theirs}


def test_the_real_command_merges_a_copy_over_ssh(tmp_path: Path) -> None:
    """As a user runs it: `reader mark` in one process, its file copied, and
    `reader merge` in another, each with its own data directory and clock."""

    def reader(folder: str, now: float, *args: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env.update(
            READER_DATA_DIR=str(tmp_path / folder / "data"),
            READER_STATE=str(tmp_path / folder / "state.json"),
            READER_NOW=str(now),
        )
        return subprocess.run(
            [sys.executable, "-m", "reader", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert reader("laptop", T + 3600, "mark", "--star", "2611.00001").returncode == 0
    copy = tmp_path / "laptop-state.json"
    copy.write_bytes((tmp_path / "laptop" / "state.json").read_bytes())
    done = reader("server", T - 3600, "merge", str(copy))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{copy}: changed 1 paper starred")
    assert reader("server", T - 3500, "mark", "--unstar", "2611.00001").returncode == 0
    back = tmp_path / "server-state.json"
    back.write_bytes((tmp_path / "server" / "state.json").read_bytes())
    done = reader("laptop", T + 3700, "merge", str(back))
    assert done.stdout.startswith(f"{back}: changed 1 paper unstarred"), done.stdout


def test_a_file_from_before_stamps_merges_at_the_times_it_records(tmp_path: Path) -> None:
    """A state file written by reader before stamps (schema 2): each of its
    changes counts as made at its `t_*` time, against changes stamped here."""
    here = Machine("here", tmp_path / "here", 0)
    assert here.run(T, "mark", "--star", "--read", "2611.00001")[0] == 0
    assert here.run(T + 1, "mark", "--unstar", "--unread", "2611.00001")[0] == 0
    old = {
        "id": "2611.00001",
        "read": True,
        "starred": True,
        "note": "from the old laptop",
        "tags": ["theory"],
        "t_read": T - 100,  # read before this machine's change: loses
        "t_starred": T + 100,  # starred after it: wins
        "t_note": T - 100,
        "t_tags": T - 100,
    }
    copy = tmp_path / "old-laptop.json"
    copy.write_text(json.dumps({"meta": {"1": {"schema": 2}}, "papers": {"1": old}}))
    code, out = here.run(T + 200, "merge", str(copy))
    assert code == 0, out
    assert out.splitlines()[0] == f"{copy}: changed 1 paper starred, 1 noted, 1 tagged"
    read, starred, notes, tags = marks_of(here.state)["2611.00001"]
    assert (read, starred, notes, tags) == (False, True, {"from the old laptop"}, ("theory",))
