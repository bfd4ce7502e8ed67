"""`reader zotero` against a stand-in for Zotero's connector on 127.0.0.1:
what each item carries, field by field, on real-shaped papers; and a Zotero
that is not running, fails or hangs: one message, exit 1, nothing marked as
sent, the marks untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.models import as_shown
from reader.core.state.store import StateStore
from tests.support.citations import SPLITS, papers, written
from tests.support.cli import run
from tests.support.zotero import not_running, zotero


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    """The citation papers in a file the archive took (`reader list` keeps them)."""
    path = written(tmp_path)
    assert run("list", str(path), "--format", "json").returncode == 0
    return path


def state_of(tmp_path: Path) -> StateStore:
    return StateStore(tmp_path / "data" / "state.json")


def test_items_carry_every_field_as_zotero_takes_it(listed: Path, tmp_path: Path) -> None:
    shown = [as_shown(p) for p in papers()]
    marked = run(
        "mark",
        "--tag",
        "to-cite",
        "--tag",
        "koopman",
        "--note",
        "Check §3.\n\nThen §4 <b>.",
        "2611.20417",
    )
    assert marked.returncode == 0, marked.stderr
    with zotero() as stand_in:
        done = run(
            "zotero",
            "2611.20417",
            "2611.20418",
            "2403.01234",
            env={"READER_ZOTERO_URL": stand_in.url},
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "sent 3 papers to Zotero"
        ping, save = stand_in.requests
    assert (ping.method, ping.path) == ("GET", "/connector/ping")
    assert (save.method, save.path) == ("POST", "/connector/saveItems")
    for request in (ping, save):
        assert request.headers["x-zotero-connector-api-version"] == "3"
    assert save.headers["content-type"] == "application/json"
    first, many, published = save.body["items"]

    assert first["itemType"] == "preprint"
    assert first["title"] == shown[0].title
    assert "Rössler" in first["title"] and "𝒪(n log n)" in first["title"]
    assert first["abstractNote"] == shown[0].abstract
    assert "\n\n" in first["abstractNote"]  # paragraphs kept,
    assert (
        "Rössler-type flows in 𝒪(n log n) time, where earlier" in first["abstractNote"]
    )  # wraps not
    assert first["date"] == "2026-11-20"
    assert first["url"] == "https://arxiv.org/abs/2611.20417"
    assert first["archiveID"] == "arXiv:2611.20417" and first["repository"] == "arXiv"
    assert "DOI" not in first
    creators = first["creators"]
    for creator, name in zip(creators, shown[0].authors, strict=True):
        assert creator["creatorType"] == "author"
        if name in SPLITS:
            family, given, suffix = SPLITS[name]
            assert creator["lastName"] == family, name
            assert creator["firstName"] == (f"{given}, {suffix}" if suffix else given), name
        else:
            assert creator == {"lastName": name, "fieldMode": 1, "creatorType": "author"}
    assert {t["tag"] for t in first["tags"]} == {"to-cite", "koopman"}
    assert first["notes"] == [{"note": "<p>Check §3.</p><p>Then §4 &lt;b&gt;.</p>"}]
    assert first["attachments"] == [
        {
            "title": "Full Text PDF",
            "url": "https://arxiv.org/pdf/2611.20417",
            "mimeType": "application/pdf",
            "snapshot": False,
        }
    ]

    assert len(many["creators"]) == 900
    assert many["creators"][899] == {
        "firstName": "Ifeoma",
        "lastName": "Okonkwo-899",
        "creatorType": "author",
    }
    assert many["tags"] == [] and many["notes"] == [] and many["attachments"] == []

    assert published["itemType"] == "journalArticle"
    assert published["DOI"] == "10.5555/tmlr.2025.0042"
    assert published["publicationTitle"] == "Trans. Mach. Learn. Res. 4 (2025) 1-22"
    assert published["extra"] == "arXiv: 2403.01234"
    assert "archiveID" not in published

    store = state_of(tmp_path)
    assert all(store.record(i).zotero for i in ("2611.20417", "2611.20418", "2403.01234"))
    store.close()


def test_a_paper_sent_before_is_not_sent_again_without_asking(listed: Path) -> None:
    with zotero() as stand_in:
        env = {"READER_ZOTERO_URL": stand_in.url}
        assert run("zotero", "2611.20417", env=env).returncode == 0
        again = run("zotero", "2611.20417", "arXiv:2403.01234", env=env)
        assert again.returncode == 0
        assert "skipped 1 paper sent to Zotero before: 2611.20417 (--again sends them again)" in (
            again.stderr
        )
        assert [i["title"] for i in stand_in.saved][-1] == "Sparse attention for long documents"
        forced = run("zotero", "--again", "2611.20417", env=env)
        assert forced.returncode == 0 and len(stand_in.saved) == 3


def test_starred_papers_go_together(listed: Path) -> None:
    assert run("mark", "--star", "2611.20419", "2403.01234").returncode == 0
    with zotero() as stand_in:
        done = run("zotero", "--starred", env={"READER_ZOTERO_URL": stand_in.url})
        assert done.returncode == 0, done.stderr
        saved = stand_in.saved
    assert sorted(i["url"] for i in saved) == [
        "https://arxiv.org/abs/2403.01234",
        "https://arxiv.org/abs/2611.20419",
    ]
    assert max(len(i["creators"]) for i in saved) == 1000


@pytest.mark.parametrize("mode", ["not running", "error", "hang"])
def test_a_zotero_that_cannot_take_them_is_said_and_nothing_is_marked(
    listed: Path, tmp_path: Path, mode: str
) -> None:
    assert run("mark", "--star", "--tag", "keep", "2611.20417").returncode == 0
    state = tmp_path / "data" / "state.json"
    before = state.read_bytes()
    env = {"READER_ZOTERO_DEADLINE": "1.5"}
    if mode == "not running":
        done = run("zotero", "2611.20417", env={**env, "READER_ZOTERO_URL": not_running()})
        expected = "Zotero is not running: nothing answers at http://127.0.0.1:"
    else:
        with zotero(mode) as stand_in:  # type: ignore[arg-type]
            done = run("zotero", "2611.20417", env={**env, "READER_ZOTERO_URL": stand_in.url})
        expected = (
            "Zotero did not save the papers (HTTP 500"
            if mode == "error"
            else "Zotero did not answer within 1.5 s"
        )
    assert done.returncode == 1
    assert expected in done.stderr and "press e to export a file" in done.stderr
    assert "Traceback" not in done.stderr
    assert state.read_bytes() == before  # nothing marked as sent, the marks as they were
    store = state_of(tmp_path)
    assert not store.record("2611.20417").zotero and store.is_starred("2611.20417")
    store.close()


def test_ids_the_archive_lacks_are_named_and_nothing_is_sent(listed: Path) -> None:
    with zotero() as stand_in:
        done = run("zotero", "2611.20417", "2501.99999", env={"READER_ZOTERO_URL": stand_in.url})
        assert stand_in.requests == []
    assert done.returncode == 1
    assert "not in the archive: 2501.99999" in done.stderr and "Nothing was sent" in done.stderr
    assert run("zotero").returncode == 2
