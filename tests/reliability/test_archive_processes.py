"""The archive shared and interrupted: the app and several commands at once
meet no lock error, and SIGKILL during an import or a fetch leaves every
committed digest whole and no digest half written."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reader.core.archive.handle import ArchiveHandle
from reader.core.query.index import SearchIndex
from reader.core.query.postings import ALL_FIELDS
from tests.support import realshape, snapshots
from tests.support.server import running
from tests.support.terminal import Terminal
from tests.test_process import reader_command


def env_in(home: Path, **more: str) -> dict[str, str]:
    return {
        **os.environ,
        "READER_DATA_DIR": str(home / "data"),
        "READER_CONFIG_DIR": str(home / "config"),
        "READER_CACHE": str(home / "cache"),
        "TERM": "xterm-256color",
        **more,
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*reader_command(), *args], capture_output=True, text=True, timeout=300, env=env
    )


def check_whole(archive: Path, expected_sizes: dict[str, int] | None = None) -> int:
    """The file is sound; each digest has all its papers. How many papers it holds."""
    with sqlite3.connect(archive) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        digests = db.execute(
            "SELECT d.day, count(l.paper) FROM digests d LEFT JOIN listed l USING (digest)"
            " GROUP BY d.digest"
        ).fetchall()
        for day, count in digests:
            if expected_sizes is not None:
                assert count == expected_sizes[day], f"digest {day} half written: {count}"
        orphans = db.execute(
            "SELECT count(*) FROM listed WHERE paper NOT IN (SELECT row FROM papers)"
        ).fetchone()[0]
        assert orphans == 0
        total: int = db.execute("SELECT count(*) FROM papers").fetchone()[0]
    db.close()
    return total


def test_the_app_and_several_commands_share_the_archive(tmp_path: Path) -> None:
    env = env_in(tmp_path, READER_STATE=str(tmp_path / "state.json"))
    files = []
    for n in range(3):
        papers = realshape.papers(300, seed=20 + n)
        for k, paper in enumerate(papers):
            paper["id"] = f"2612.{n}{k:04d}"
        files.append(realshape.write(tmp_path / f"digest-{n}.json", papers))
    snapshot = snapshots.write(tmp_path / "snapshot.jsonl.gz", 4000)
    with running() as server:
        env["READER_HF_BASE"] = server.url
        assert run(env, "fetch", "hf:2026-11-27").returncode == 0
        term = Terminal([*reader_command(), "inbox"], env)
        try:
            assert term.wait_for("3 papers · 3 unread"), term.screen_text[-2000:]
            commands = [
                ["import", str(snapshot)],
                ["fetch", "hf:2026-11-26"],
                *[["list", str(path), "--format", "json"] for path in files],
                ["list", "library", "--query", "neural", "--format", "json"],
                ["mark", "--star", "2612.00001", "2612.10002"],
                ["archive", "stats"],
            ]
            results: list[subprocess.CompletedProcess[str]] = []

            def each(argv: list[str]) -> None:
                results.append(run(env, *argv))

            threads = [threading.Thread(target=each, args=(argv,)) for argv in commands]
            for thread in threads:
                thread.start()
            for _ in range(6):  # the app reads its Inbox again meanwhile
                term.send("\x12")  # ctrl+r
                time.sleep(0.2)
            for thread in threads:
                thread.join()
            for done in results:
                assert done.returncode == 0, (done.args, done.stderr)
                assert "locked" not in done.stderr, done.stderr
            term.send("\x12")
            assert term.wait_for("133 papers · 133 unread"), term.screen_text[-2000:]
            term.send("q")
        finally:
            assert term.close() == 0
    total = check_whole(tmp_path / "data" / "archive.sqlite")
    assert total == 4000 + 3 + 130 + 900


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.core.archive.handle import ArchiveHandle
    from reader.core.models import Digest, Paper
    from reader.core.sources.specs import Spec

    home, start = Path(sys.argv[1]), int(sys.argv[2])
    handle = ArchiveHandle(home / "archive.sqlite", home / "archive-index")
    for day in range(start, start + 40):
        size = 500 + day * 37 % 900
        papers = tuple(
            Paper.create(
                id=f"2611.{day:02d}{n:03d}", title=f"Paper {n} of day {day}",
                abstract="word " * 200, authors=[f"Author {n}"] * 30,
            )
            for n in range(size)
        )
        spec = Spec("arxiv", "cs.LG", part=f"2026-10-{day:02d}")
        handle.add(spec, Digest("arxiv:cs.LG", papers, spec.part), "fetched")
        print(spec.part, flush=True)
    """
)


@pytest.mark.slow
def test_sigkill_while_digests_are_written_leaves_none_half_written(
    tmp_path: Path, stress: bool
) -> None:
    """A fetch's last step, keeping a digest, killed at random moments: each
    digest in the archive afterwards is whole."""
    expected = {f"2026-10-{day:02d}": 500 + day * 37 % 900 for day in range(1, 41)}
    rng = random.Random(7)
    kills = 0
    for _ in range(12 if stress else 5):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path), "1"],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.wait()
        check_whole(tmp_path / "archive.sqlite", expected)
    assert kills >= 3


@pytest.mark.slow
def test_sigkill_during_an_import_keeps_whole_batches_and_the_rest_comes_after(
    tmp_path: Path, stress: bool
) -> None:
    snapshot = snapshots.write(tmp_path / "snapshot.jsonl", 20_000)
    env = env_in(tmp_path)
    rng = random.Random(3)
    counts = []
    for _ in range(8 if stress else 4):
        child = subprocess.Popen(
            [*reader_command(), "import", str(snapshot)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 2.5))
        child.send_signal(signal.SIGKILL)
        child.wait()
        counts.append(check_whole(tmp_path / "data" / "archive.sqlite"))
        assert counts[-1] % 2000 == 0 or counts[-1] == 20_000  # whole batches only
    done = run(env, "import", str(snapshot))
    assert done.returncode == 0, done.stderr
    assert check_whole(tmp_path / "data" / "archive.sqlite") == 20_000
    assert f"{20_000 - counts[-1]:,} papers imported, {counts[-1]:,} already" in done.stdout
    # The index grown across the kills answers as one built at once.
    handle = ArchiveHandle(
        tmp_path / "data" / "archive.sqlite", tmp_path / "data" / "archive-index"
    )
    try:
        handle.index.load()
        papers = handle.view("library", frozenset()).papers
        rows = papers.row_array()  # type: ignore[attr-defined]
        decoded = list(papers)
        memory = SearchIndex(decoded)
        memory.build()
        for word in ("neural", "kenji", "ö", "xy", "graph", "straße"):
            found = handle.index.word(word, ALL_FIELDS)[rows]
            assert (found == memory.word(word, ALL_FIELDS)).all(), word
    finally:
        handle.close()
    listed = run(env, "list", "library", "--query", "id:2301.", "--format", "json")
    assert len(json.loads(listed.stdout)) == len({p.id for p in decoded if "2301." in p.id})


def test_commands_starting_together_on_a_new_archive_wait_for_each_other(tmp_path: Path) -> None:
    """Switching a file to WAL takes it whole, and SQLite says "locked" at
    once, without waiting as for a write, when another process is writing it:
    eight commands started together on a new data directory failed now and
    then (`reader mark`: "the archive … is locked"). Here another connection
    writes the file while the archive opens: it must wait, then open."""
    from reader.core.archive.store import Archive

    path = tmp_path / "archive.sqlite"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE first_process (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")  # writing: the other may read, not switch the file
    holder.execute("INSERT INTO first_process VALUES (1)")
    released = threading.Event()

    def release() -> None:
        released.wait(30)
        holder.execute("COMMIT")

    threading.Thread(target=release, daemon=True).start()
    opened: list[Archive] = []
    failed: list[BaseException] = []

    def open_archive() -> None:
        try:
            opened.append(Archive(path))
        except BaseException as error:
            failed.append(error)

    opening = threading.Thread(target=open_archive)
    opening.start()
    opening.join(0.5)  # still waiting, not failed: the other process holds the file
    assert not failed and not opened
    released.set()
    opening.join(60)
    assert not failed, failed
    assert opened[0].db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    opened[0].close()
    holder.close()
