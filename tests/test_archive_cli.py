"""The archive from the command line, run as real processes: stars outliving
their files, the first start bringing in the cache, subscriptions, `reader
import`, pruning, and a damaged archive set aside and made again."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.core.formats.load import load_digest
from reader.core.models import Digest
from reader.core.sources.cache import write_cache
from reader.core.state.store import StateStore
from tests.support import realshape, snapshots
from tests.support.cli import run
from tests.support.server import StubServer

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def rows(*args: str, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    done = run("list", *args, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def archive_file() -> Path:
    return Path(os.environ["READER_DATA_DIR"]) / "archive.sqlite"


def test_stars_outlive_the_file_and_the_cache_they_came_from(
    page: Path, server: StubServer
) -> None:
    listed = rows(str(page))  # listing is not opening: not in the Inbox, yet kept
    ids = [str(r["id"]) for r in listed[:3]]
    assert run("mark", "--star", *ids).returncode == 0
    assert run("fetch", "hf:2026-11-27").returncode == 0
    fetched = str(rows("hf:2026-11-27")[0]["id"])
    assert run("mark", "--star", fetched).returncode == 0
    page.unlink()
    shutil.rmtree(os.environ["READER_CACHE"])
    done = run("export", "--starred", "--format", "bibtex")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("@") == 4 and "warning" not in done.stderr
    exported = json.loads(run("export", "--starred", "--format", "json").stdout)
    assert {p["id"] for p in exported} == {*ids, fetched}
    assert {p["title"] for p in exported} >= {r["title"] for r in listed[:3]}
    assert ids[0] not in {str(r["id"]) for r in rows("inbox")}  # listed, not opened
    assert ids[0] in {str(r["id"]) for r in rows("library")}


def test_the_first_start_brings_in_the_cache_and_the_files_opened_before(
    tmp_path: Path, state_path: Path
) -> None:
    days = []
    for number, day in enumerate(("2026-11-25", "2026-11-26")):
        papers = realshape.papers(40, seed=number + 3)
        for n, paper in enumerate(papers):
            paper["id"] = f"2611.{number}{n:04d}"
        digest = Digest(
            f"hf:{day}",
            tuple(load_digest(realshape.write(tmp_path / f"{day}.json", papers)).papers),
            day,
        )
        write_cache(f"hf:{day}", digest)
        days.append(digest)
    opened = tmp_path / "opened.json"
    others = realshape.papers(10, seed=9)
    for n, paper in enumerate(others):
        paper["id"] = f"2611.9{n:04d}"
    realshape.write(opened, others)
    store = StateStore(state_path)
    store.set_meta("recent", [{"path": str(opened), "date": None, "opened": 1.0}])
    store.set_field([days[0].papers[0].id], "read", True)
    store.close()
    env = {"READER_STATE": str(state_path)}
    inbox = rows("inbox", env=env)
    expected = {p.id for d in days for p in d.papers} | {p.id for p in load_digest(opened).papers}
    assert {str(r["id"]) for r in inbox} == expected - {days[0].papers[0].id}
    with sqlite3.connect(archive_file()) as db:
        added = db.execute("SELECT source, day, added FROM digests ORDER BY source, day").fetchall()
    assert [(s, d) for s, d, _ in added] == [
        (f"file:{opened.resolve()}", ""),
        ("hf", "2026-11-25"),
        ("hf", "2026-11-26"),
    ]
    assert len(rows("inbox", env=env)) == len(inbox)  # again: nothing brought in twice
    with sqlite3.connect(archive_file()) as db:
        again = db.execute("SELECT source, day, added FROM digests ORDER BY source, day").fetchall()
    assert again == added


def test_fetch_with_no_spec_refreshes_every_subscription_and_names_what_failed(
    server: StubServer, tmp_path: Path
) -> None:
    config = Path(os.environ["READER_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[subscriptions]\nsources = ["hf", "arxiv:cs.LG"]\n')
    server.behaviour.rss_status = 500
    done = run("fetch", env={"READER_TODAY": "2026-11-27"})
    assert done.returncode == 1
    assert "arxiv:cs.LG" in done.stderr and "HTTP 500" in done.stderr
    assert "1 of 2 sources failed: arxiv:cs.LG" in done.stderr
    assert "hf: " in done.stdout  # the other went on
    days = [r for r in server.behaviour.requests if r.startswith("/api/daily_papers")]
    assert any("date=2026-11-25" in r for r in days) and any("2026-11-27" in r for r in days)
    listed = run("subscriptions").stdout
    assert "hf" in listed and "papers" in listed
    assert "arxiv:cs.LG" in listed and "failed" in listed and "never" in listed
    server.behaviour.rss_status = 200
    again = run("fetch", env={"READER_TODAY": "2026-11-27"})
    assert again.returncode == 0, again.stderr
    assert "arxiv:cs.LG: 4 papers, 4 new" in again.stdout
    assert len(rows("inbox")) >= 3 + 130 + 4


def test_no_spec_and_no_subscriptions_says_how_to_add_them() -> None:
    done = run("fetch")
    assert done.returncode == 2 and "[subscriptions]" in done.stderr


def test_import_skips_and_names_bad_lines_and_runs_again_without_doubles(
    tmp_path: Path,
) -> None:
    bad = {10: "{not json", 20: "[1, 2]", 30: '{"id": "2301.99999"}'}
    bad.update({40 + n: "" if n == 3 else "{" for n in range(6)})  # more than are named
    snapshot = snapshots.write(tmp_path / "arxiv-metadata.json.gz", 600, bad=bad)
    done = run("import", str(snapshot))
    assert done.returncode == 0, done.stderr
    assert "skipped line 10: not JSON" in done.stderr
    assert "skipped line 20: not a JSON object" in done.stderr
    assert "skipped line 30: 2301.99999: no title" in done.stderr
    assert "skipped 3 more bad lines" in done.stderr
    assert "600 papers imported, 0 already in the archive, 8 bad lines skipped" in done.stdout
    again = run("import", str(snapshot))
    assert "0 papers imported, 600 already in the archive" in again.stdout
    assert rows("inbox") == []  # imported papers are in the library only
    library = rows("library", "--query", "cat:hep-th au:müller")
    assert library and all("hep-th" in r["categories"] for r in library)  # type: ignore[operator]
    old = rows("library", "--query", "id:hep-th/")
    assert old and all(str(r["id"]).startswith("hep-th/") for r in old)
    dated = rows("library", "--query", "date:2007")
    assert dated and all(str(r["published"]).startswith("2007") for r in dated)
    big = rows("library", "--query", "id:2308.00007")  # 1,500 authors, all kept
    assert len(big[0]["authors"]) == 1500  # type: ignore[arg-type]
    first = rows("library", "--query", "id:2302.00001")[0]
    assert "\n" not in str(first["title"])  # unwrapped
    stats = run("archive", "stats").stdout
    assert "(imported)" in stats and "600" in stats


def test_prune_keeps_every_marked_paper(page: Path, server: StubServer) -> None:
    assert run("fetch", "hf:2026-11-26", "hf:2026-11-27").returncode == 0
    kept = str(rows("hf:2026-11-26")[5]["id"])
    assert run("mark", "--star", kept).returncode == 0
    done = run("archive", "prune", "--older-than", "1", env={"READER_TODAY": "2026-11-28"})
    assert done.returncode == 0, done.stderr
    assert "removed 129 papers" in done.stdout
    left = {str(r["id"]) for r in rows("library")}
    assert kept in left and len(left) == 1 + 3


def test_a_damaged_archive_is_set_aside_and_made_again_from_the_cache(
    server: StubServer, state_path: Path
) -> None:
    env = {"READER_STATE": str(state_path)}
    assert run("fetch", "hf:2026-11-27", env=env).returncode == 0
    paper = str(rows("inbox", env=env)[0]["id"])
    assert run("mark", "--star", paper, env=env).returncode == 0
    marks = state_path.read_bytes()
    archive_file().write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 5000)
    for suffix in ("-wal", "-shm"):
        Path(f"{archive_file()}{suffix}").unlink(missing_ok=True)
    done = run("list", "inbox", "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    assert "was damaged" in done.stderr and ".corrupt-" in done.stderr
    assert len(json.loads(done.stdout)) == 3  # made again from the cache
    assert list(archive_file().parent.glob("archive.sqlite.corrupt-*"))
    assert state_path.read_bytes() == marks  # marks live elsewhere, untouched
    exported = run("export", "--starred", "--format", "json", env=env)
    assert [p["id"] for p in json.loads(exported.stdout)] == [paper]


def test_a_full_disk_stops_an_import_and_leaves_the_archive_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.cli import main
    from reader.core.archive import store

    snapshot = snapshots.write(tmp_path / "snapshot.jsonl", 5000)
    connect = store.Archive._connect

    def small_disk(self: store.Archive) -> sqlite3.Connection:
        connection = connect(self)
        connection.execute("PRAGMA max_page_count = 900")  # about 3.7 MB: full midway
        return connection

    monkeypatch.setattr(store.Archive, "_connect", small_disk)
    assert main(["import", str(snapshot)]) == 1
    err = capsys.readouterr().err
    assert "import stopped: the disk is full" in err and "run the same command again" in err
    monkeypatch.setattr(store.Archive, "_connect", connect)
    with sqlite3.connect(archive_file()) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    assert 0 < kept < 5000 and kept % 2000 == 0  # whole batches only
    assert main(["import", str(snapshot)]) == 0  # room again: it goes on
    assert f"{5000 - kept:,} papers imported, {kept:,} already" in capsys.readouterr().out
