"""Corrupt, foreign, unreadable and unwritable state files: clear words, nothing lost."""

from __future__ import annotations

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.errors import StateError
from reader.core.state import shared as shared_module
from reader.core.state.store import SCHEMA_VERSION, StateStore
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

    def denied(path: Path) -> bytes:
        raise PermissionError(errno.EACCES, "Permission denied")

    # Tests run as root here, where chmod 000 would not stop the read.
    monkeypatch.setattr(shared_module, "read_regular", denied)
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

    monkeypatch.setattr(shared_module, "atomic_write", full)
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


ODD = {
    "schema 0": b'{"meta": {"1": {"schema": 0}}, "papers": {}}',
    "negative schema": b'{"meta": {"1": {"schema": -3}}, "papers": {}}',
    "recent not a list": b'{"meta": {"1": {"schema": 2, "recent": "notalist"}}, "papers": {}}',
    "recent of strings": b'{"meta": {"1": {"schema": 2, "recent": ["a", "b"]}}, "papers": {}}',
    "theme not a string": b'{"meta": {"1": {"schema": 2, "theme": 7}}, "papers": {}}',
}


@pytest.mark.parametrize("kind", sorted(ODD))
def test_odd_files_are_kept_aside_not_a_traceback(tmp_path: Path, kind: str) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(ODD[kind])
    store = StateStore(state)
    aside = next(tmp_path.glob("state.json.corrupt-*"))
    assert aside.read_bytes() == ODD[kind]
    assert store.notice is not None and str(aside) in store.notice
    store.toggle("x", "starred")
    store.close()
    assert StateStore(state).starred_ids == {"x"}


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "command",
    [
        ["list", str(SAMPLE)],
        ["mark", "--star", "x"],
        ["stats"],
        ["export", "--all"],
    ],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("kind", ["truncated", "schema 0", "recent not a list"])
def test_every_command_says_when_it_sets_a_file_aside(
    tmp_path: Path, command: list[str], kind: str
) -> None:
    state = tmp_path / "state.json"
    state.write_bytes({**DAMAGED, **ODD}[kind])
    result = _cli(*command, "--state", str(state))
    assert result.returncode == 0, result.stderr
    aside = next(tmp_path.glob("state.json.corrupt-*"))
    assert str(aside) in result.stderr and "damaged" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "socket", "device"])
def test_a_state_path_that_is_not_a_regular_file_is_refused_at_once(
    tmp_path: Path, kind: str
) -> None:
    import os
    import socket

    path = tmp_path / "state.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
    else:
        path = Path("/dev/zero")
    for command in (["mark", "--star", "x"], ["list", str(SAMPLE)], ["stats"]):
        result = _cli(*command, "--state", str(path))  # a hang would hit the timeout
        assert result.returncode == 1, result.stderr
        assert "not a regular file" in result.stderr or "is a" in result.stderr, result.stderr
        assert str(path) in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(StateError, match="regular file"):
        StateStore(path)


def test_a_symlinked_state_file_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "reader-state.json"
    target.parent.mkdir()
    link = tmp_path / "state.json"
    link.symlink_to(target)
    for paper in ("a", "b"):
        store = StateStore(link)
        store.toggle(paper, "starred")
        store.close()
    assert link.is_symlink() and link.resolve() == target
    assert StateStore(target).starred_ids == {"a", "b"}


def test_the_file_keeps_its_mode_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    import os
    import stat

    state = tmp_path / "state.json"
    old_umask = os.umask(0o022)
    try:
        store = StateStore(state)
        store.toggle("a", "starred")
        store.close()
        assert stat.S_IMODE(state.stat().st_mode) == 0o644
        state.chmod(0o640)
        store = StateStore(state)
        store.toggle("b", "starred")
        store.close()
        assert stat.S_IMODE(state.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)


def test_temporary_files_left_by_a_killed_write_are_removed(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    store = StateStore(state)
    store.toggle("a", "starred")
    store.close()
    leftovers = [tmp_path / f".state.json.{n}abc.tmp" for n in range(3)]
    for path in leftovers:
        path.write_bytes(b'{"half": ')
    unrelated = tmp_path / ".other.json.1234.tmp"
    unrelated.write_bytes(b"")
    StateStore(state).close()
    assert not any(path.exists() for path in leftovers)
    assert unrelated.exists()
    assert StateStore(state).starred_ids == {"a"}


def test_a_damaged_symlinked_file_is_kept_aside_beside_its_target(tmp_path: Path) -> None:
    target = tmp_path / "dotfiles" / "reader-state.json"
    target.parent.mkdir()
    target.write_bytes(DAMAGED["truncated"])
    link = tmp_path / "state.json"
    link.symlink_to(target)
    store = StateStore(link)
    aside = next(target.parent.glob("reader-state.json.corrupt-*"))
    assert aside.read_bytes() == DAMAGED["truncated"]
    assert store.notice is not None and str(aside) in store.notice
    store.toggle("a", "starred")
    store.close()
    assert link.is_symlink() and StateStore(target).starred_ids == {"a"}
