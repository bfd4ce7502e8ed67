"""Corrupt, foreign, unreadable and unwritable state files: clear words, nothing lost."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.data import store as store_module
from reader.data.store import SCHEMA_VERSION, StateError, StateStore
from tests.conftest import SAMPLE
from tests.pilot.helpers import make_app, ready

DAMAGED = {
    "truncated": b'{"meta": {"1": {"schema": 2}}, "papers": {"1": {"id": "a", "rea',
    "not json": b"PK\x03\x04 this is a zip file",
    "wrong shape": b'{"papers": {"1": ["not", "an", "object"]}}',
    "wrong types": b'{"papers": {"1": {"id": "a", "read": "yes"}}}',
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_damaged_files_are_kept_aside_and_named(tmp_path: Path, kind: str) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(DAMAGED[kind])
    store = StateStore(state)
    aside = next(tmp_path.glob("state.json.corrupt-*"))
    assert aside.read_bytes() == DAMAGED[kind]
    assert store.notice is not None and str(aside) in store.notice
    assert "started with empty state" in store.notice
    store.close()


def test_a_newer_schema_is_refused_by_the_cli(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    content = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 5}}, "papers": {}})
    state.write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "mark", "--star", "x", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "newer reader" in result.stderr
    assert state.read_text() == content


def test_an_unreadable_file_is_an_error_not_a_reset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"papers": {}}')

    def denied(self: object) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(store_module.AtomicJSONStorage, "read", denied)
    with pytest.raises(StateError, match="permission denied"):
        StateStore(state)
    assert state.read_text() == '{"papers": {}}'


def test_a_full_disk_keeps_changes_in_memory_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state.json"
    store = StateStore(state, flush_delay=0.01)
    store.toggle("a", "starred")
    store.flush()
    before = state.read_bytes()

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write", full)
    store.toggle("b", "starred")
    store.flush()
    assert store.write_error is not None and "No space left on device" in store.write_error
    assert state.read_bytes() == before  # the old file is untouched
    monkeypatch.undo()
    store.flush()
    assert store.write_error is None
    store.close()
    assert StateStore(state).starred_ids == {"a", "b"}


def test_a_file_damaged_during_a_session_is_kept_aside(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    store = StateStore(state)
    store.toggle("a", "starred")
    store.flush()
    state.write_text("garbage written by some other program")
    store.toggle("b", "starred")
    store.flush()
    aside = next(tmp_path.glob("state.json.corrupt-*"))
    assert aside.read_text() == "garbage written by some other program"
    assert store.notice is not None and str(aside) in store.notice
    store.close()
    assert StateStore(state).starred_ids == {"a", "b"}


async def test_the_app_tells_the_user(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(DAMAGED["truncated"])
    app = make_app([SAMPLE], state)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("corrupt-" in m and "empty state" in m for m in messages)
