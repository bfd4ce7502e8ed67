"""The state store on real files: persistence, undo, timing and damage."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from tinydb import TinyDB

from reader.core.errors import StateError
from reader.core.state.store import FLUSH_DELAY, SCHEMA_VERSION, StateStore


def reopen(path: Path) -> StateStore:
    return StateStore(path)


def test_marks_survive_a_restart(state_path: Path) -> None:
    store = StateStore(state_path)
    store.toggle("2511.00001", "starred")
    store.toggle("t:abc", "read")
    store.close()
    again = reopen(state_path)
    assert again.is_starred("2511.00001") and not again.is_read("2511.00001")
    assert again.is_read("t:abc") and not again.is_starred("t:abc")
    again.close()


def test_file_is_plain_tinydb_keyed_by_paper_id(state_path: Path) -> None:
    store = StateStore(state_path)
    store.set_field(["a", "b"], "read", True)
    store.toggle("b", "starred")
    store.close()
    with TinyDB(state_path) as db:
        docs = {doc["id"]: doc for doc in db.table("papers").all()}
        assert set(docs) == {"a", "b"}
        assert docs["b"]["starred"] is True and docs["b"]["read"] is True
        assert db.table("meta").all()[0]["schema"] == SCHEMA_VERSION
        # Only state is stored, never paper content.
        assert set(docs["a"]) == {
            "id",
            "read",
            "starred",
            "note",
            "tags",
            "t_read",
            "t_starred",
            "t_note",
            "t_tags",
            "s_read",  # the stamp of its one change, which merging needs
        }


def test_changes_reach_the_disk_within_one_second(state_path: Path, store: StateStore) -> None:
    start = time.monotonic()
    store.toggle("x", "starred")
    while time.monotonic() - start < 1.0:
        if state_path.exists() and "x" in state_path.read_text():
            break
        time.sleep(0.02)
    else:
        pytest.fail("the change was not on disk within one second")
    assert FLUSH_DELAY < 1.0


def test_undo_steps_back_one_action_at_a_time(state_path: Path) -> None:
    store = StateStore(state_path)
    store.toggle("a", "starred")
    store.set_field(["a", "b", "c"], "read", True)
    store.toggle("b", "starred")
    assert store.undo() is not None
    assert not store.is_starred("b")
    changes = store.undo()
    assert changes is not None and len(changes) == 3
    assert not store.read_ids
    assert store.is_starred("a")
    store.undo()
    assert not store.is_starred("a")
    assert store.undo() is None
    store.close()
    assert not reopen(state_path).starred_ids


def test_non_undoable_changes_are_not_undone(store: StateStore) -> None:
    store.toggle("a", "starred")
    store.set_field(["a"], "read", True, undoable=False)
    store.undo()
    assert store.is_read("a") and not store.is_starred("a")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"papers": {"1": {"id": "a", "re', "not valid JSON"),
        (b"hello", "not valid JSON"),
        (b"[1, 2, 3]", "not valid JSON"),
        (b'{"papers": {"1": {"id": 5}}}', "not a reader state file"),
        (b'{"papers": []}', "not a reader state file"),
    ],
)
def test_a_damaged_file_is_kept_aside(state_path: Path, content: bytes, reason: str) -> None:
    state_path.write_bytes(content)
    store = StateStore(state_path)
    assert store.notice is not None and reason in store.notice
    aside = [p for p in state_path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes() == content
    assert str(aside[0]) in store.notice
    assert not store.read_ids
    store.toggle("new", "read")
    store.close()
    assert aside[0].read_bytes() == content
    assert reopen(state_path).is_read("new")


def test_a_newer_schema_is_refused_and_left_alone(state_path: Path) -> None:
    content = json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION + 1}}, "papers": {}})
    state_path.write_text(content)
    with pytest.raises(StateError, match="newer reader"):
        StateStore(state_path)
    assert state_path.read_text() == content


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_an_unreadable_file_is_an_error(state_path: Path) -> None:
    state_path.write_text("{}")
    state_path.chmod(0)
    with pytest.raises(StateError, match="permission"):
        StateStore(state_path)


def test_a_failed_write_is_reported_and_retried(tmp_path: Path) -> None:
    target = tmp_path / "dir" / "state.json"
    store = StateStore(target, flush_delay=0.01)
    # Make the directory unusable: a file where the directory should be.
    (tmp_path / "dir").write_text("not a directory")
    store.toggle("a", "read")
    store.flush()
    assert store.write_error is not None and "could not save" in store.write_error
    (tmp_path / "dir").unlink()
    store.flush()
    assert store.write_error is None
    store.close()
    assert reopen(target).is_read("a")


def test_nothing_is_created_until_a_change(state_path: Path) -> None:
    store = StateStore(state_path)
    store.close()
    assert not state_path.exists()


def test_notes_and_tags_are_kept_and_undoable(state_path: Path) -> None:
    store = StateStore(state_path)
    assert store.set_note("a", "  Read section 3 first.  ")
    assert store.set_tags("a", "#Reading-Group, theory reading-group")
    store.set_tags("b", ["theory"])
    assert store.record("a").tags == ("reading-group", "theory")
    assert store.all_tags() == ["reading-group", "theory"]
    store.undo()
    assert store.record("b").tags == ()
    store.close()
    again = StateStore(state_path)
    assert again.record("a").note == "Read section 3 first."
    assert again.record("a").tags == ("reading-group", "theory")
    again.close()


def test_a_version_1_file_is_migrated(state_path: Path) -> None:
    version_1 = {
        "meta": {"1": {"schema": 1, "recent": []}},
        "papers": {
            "1": {
                "id": "2511.00001",
                "read": True,
                "starred": True,
                "t_read": 5.0,
                "t_starred": 6.0,
            }
        },
    }
    state_path.write_text(json.dumps(version_1))
    store = StateStore(state_path)
    assert store.notice is None
    assert store.is_read("2511.00001") and store.is_starred("2511.00001")
    assert store.record("2511.00001").note == "" and store.record("2511.00001").tags == ()
    store.set_note("2511.00001", "migrated")
    store.close()
    data = json.loads(state_path.read_text())
    assert data["meta"]["1"]["schema"] == SCHEMA_VERSION == 3
    assert data["papers"]["1"]["note"] == "migrated"
    assert data["papers"]["1"]["t_read"] == 5.0


def test_the_file_is_a_tinydb_database_with_stable_document_ids(tmp_path: Path) -> None:
    """Any TinyDB can read the state: a `papers` table (one document per paper) and a
    `meta` table; a paper keeps its document id as other papers change."""
    from tinydb import Query, TinyDB

    state = tmp_path / "state.json"
    store = StateStore(state, flush_delay=0.01)
    store.toggle("2611.00001", "starred")
    store.toggle("2611.00002", "read")
    store.set_meta("theme", "nord")
    store.flush()
    with TinyDB(state) as db:
        first = db.table("papers").get(Query().id == "2611.00001")
        assert first is not None and first["starred"] is True
        first_id = first.doc_id
        assert [d["id"] for d in db.table("papers").search(Query().read == True)] == [  # noqa: E712
            "2611.00002"
        ]
        assert db.table("meta").get(doc_id=1)["theme"] == "nord"
    store.toggle("2611.00003", "starred")
    store.toggle("2611.00001", "read")
    store.close()
    with TinyDB(state) as db:
        again = db.table("papers").get(Query().id == "2611.00001")
        assert again is not None and again.doc_id == first_id and again["read"] is True
        assert len(db.table("papers")) == 3


def test_metadata_stays_one_document(tmp_path: Path) -> None:
    """A file whose metadata sits under another document id still ends with one."""
    state = tmp_path / "state.json"
    state.write_text('{"meta": {"7": {"schema": 2, "theme": "nord"}}, "papers": {}}')
    store = StateStore(state)
    assert store.get_meta("theme") == "nord"
    store.set_meta("theme", "gruvbox")
    store.close()
    meta = json.loads(state.read_text())["meta"]
    assert list(meta) == ["1"] and meta["1"]["theme"] == "gruvbox"
    assert StateStore(state).get_meta("theme") == "gruvbox"
