"""The app while the sync tool works: the state file replaced by another
machine's version, and a conflicted copy appearing beside it, are merged
and shown without moving the cursor; nothing made here meanwhile is lost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reader.app import ReaderApp
from reader.core.config import Config
from reader.core.sources.opener import Opener
from reader.core.sources.specs import Spec
from reader.core.state.store import StateStore
from tests.conftest import TODAY
from tests.pilot.helpers import ready, wait_until
from tests.support.machines import Machine

T = 1_796_000_000.0


def app_on(page: Path, state: Path) -> tuple[ReaderApp, StateStore]:
    """The app on this machine (id aaaa1111), its clock an hour ahead."""
    store = StateStore(state, flush_delay=0.01, clock=lambda: T + 3600, machine="aaaa1111")
    app = ReaderApp(
        store, Opener(store, today=TODAY), [Spec("file", str(page))], config=Config(), read_after=0
    )
    return app, store


def other_machine(folder: Path, copy_of: Path) -> Machine:
    """Machine B, its clock an hour behind, its marks changed with the real
    command line, starting from a copy of this machine's file as the sync
    tool brought it."""
    machine = Machine("b", folder, -3600)
    machine.state.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(copy_of, machine.state)
    return machine


def arrive(source: Path, target: Path) -> None:
    """The sync tool puts another machine's file in place: a new file renamed over."""
    temp = target.with_name(".syncthing.state.json.tmp")
    shutil.copy(source, temp)
    os.replace(temp, target)


async def test_the_file_replaced_by_another_machines_is_merged_in_place(
    page: Path, tmp_path: Path
) -> None:
    state = tmp_path / "sync" / "state.json"
    app, store = app_on(page, state)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        ids = [p.id for p in screen.paper_list.papers]
        await pilot.press("s")  # star the first paper here
        await wait_until(pilot, lambda: state.exists() and ids[0] in state.read_text(), "saved")
        other = other_machine(tmp_path / "b", state)
        assert other.run(T, "mark", "--unstar", ids[0])[0] == 0  # B saw the star: off
        assert other.run(T, "mark", "--star", ids[10])[0] == 0
        assert other.run(T, "mark", "--note", "read this on the train", ids[11])[0] == 0
        await pilot.press("j", "j", "j", "j", "j")
        await pilot.press("r")  # here, meanwhile: the sixth paper read
        cursor = screen.paper_list.cursor
        assert cursor == 5 and store.is_read(ids[5])
        await wait_until(pilot, lambda: ids[5] in state.read_text(), "saved")
        arrive(other.state, state)
        await wait_until(pilot, lambda: store.is_starred(ids[10]), "B's marks merged")
        await pilot.pause()
        assert screen.paper_list.cursor == cursor  # the cursor stayed
        assert not store.is_starred(ids[0])  # B's later change won over the faster clock
        assert store.is_read(ids[5])  # nothing made here meanwhile is lost
        assert store.record(ids[11]).note == "read this on the train"
        row = screen.paper_list.render_line(10 - screen.paper_list.scroll_offset.y).text
        assert "★" in row
        first = screen.paper_list.render_line(0 - screen.paper_list.scroll_offset.y).text
        assert "★" not in first
        # The merge is written back for the sync tool to carry to B.
        await wait_until(
            pilot,
            lambda: ids[5] in state.read_text() and ids[10] in state.read_text(),
            "the merged file saved",
        )
    store.close()
    again = StateStore(state, machine="aaaa1111", clock=lambda: T)
    assert again.is_read(ids[5]) and again.is_starred(ids[10]) and not again.is_starred(ids[0])
    again.close()


async def test_a_conflicted_copy_appearing_is_merged_said_and_put_away(
    page: Path, tmp_path: Path
) -> None:
    state = tmp_path / "sync" / "state.json"
    app, store = app_on(page, state)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        ids = [p.id for p in screen.paper_list.papers]
        await pilot.press("j", "j", "s")
        await wait_until(pilot, lambda: state.exists(), "saved")
        other = other_machine(tmp_path / "b", state)
        assert other.run(T, "mark", "--read", *ids[20:23])[0] == 0
        assert other.run(T, "mark", "--tag", "to-cite", ids[2])[0] == 0
        name = "state.sync-conflict-20261203-142501-ABCDEFG.json"
        shutil.copy(other.state, state.parent / name)
        await wait_until(pilot, lambda: store.is_read(ids[22]), "the copy merged")
        await wait_until(
            pilot, lambda: (state.parent / "merged" / name).exists(), "the copy put away"
        )
        assert not (state.parent / name).exists()
        assert screen.paper_list.cursor == 2 and store.is_starred(ids[2])
        assert store.record(ids[2]).tags == ("to-cite",)
        await wait_until(
            pilot,
            lambda: any(
                f"Merged 4 marks from the conflicted copy {name}" in m.text for m in app.messages
            ),
            "the merge said",
        )
    store.close()
