"""The command line says what it did, and refuses what it cannot do, before
doing anything: ids in every spelling, config mistakes, unreadable files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.state.store import StateStore
from tests.conftest import SAMPLE
from tests.support import realshape
from tests.support.cli import run


@pytest.mark.parametrize(
    "spelling",
    [
        "2405.13786v1",
        "2405.13786",
        "arXiv:2405.13786",
        "https://arxiv.org/abs/2405.13786v2",
        "https://arxiv.org/pdf/2405.13786v1.pdf",
        "http://export.arxiv.org/abs/2405.13786",
        "https://huggingface.co/papers/2405.13786",
    ],
)
def test_mark_takes_every_spelling_of_an_id(spelling: str, tmp_path: Path) -> None:
    data = realshape.papers(2, authors=5, seed=6)
    data[0]["id"] = "2405.13786"
    digest = realshape.write(tmp_path / "day.json", data)
    env = {"READER_STATE": str(tmp_path / "state.json")}
    marked = run("mark", "--star", spelling, env=env)
    assert marked.returncode == 0 and "1 of 1 papers changed" in marked.stdout
    rows = json.loads(run("list", str(digest), "--format", "json", env=env).stdout)
    assert [row["starred"] for row in rows] == [True, False]
    again = run("mark", "--star", spelling, "2405.13786", env=env)
    assert "0 of 1 papers changed" in again.stdout  # one paper, already starred


def test_old_style_ids_are_marked_as_listed(tmp_path: Path) -> None:
    digest = realshape.write(
        tmp_path / "old.json", [{"id": "math/0601001", "title": "An Old Paper"}]
    )
    env = {"READER_STATE": str(tmp_path / "state.json")}
    assert run("mark", "--read", "https://arxiv.org/abs/math/0601001v3", env=env).returncode == 0
    rows = json.loads(run("list", str(digest), "--format", "json", env=env).stdout)
    assert rows[0]["read"] is True


def test_config_mistakes_are_said_with_the_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(
        '# mine\nread_aftr = 5\n\n[keys]\nnosuchcommand = "x"\nstar = "j"\n'
    )
    env = {"READER_CONFIG_DIR": str(config), "READER_STATE": str(tmp_path / "s.json")}
    listed = run("list", str(SAMPLE), env=env)
    assert listed.returncode == 0
    assert f"{config / 'config.toml'}:2: unknown setting 'read_aftr'" in listed.stderr
    assert "did you mean 'read_after'?" in listed.stderr
    app = run(str(SAMPLE), env=env)  # refused before the screen opens
    assert app.returncode == 1
    assert f"{config / 'config.toml'}:6: star = 'j' is already the key of cursor_down" in (
        app.stderr
    )


def test_files_that_cannot_be_read_are_refused_before_the_screen(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    page = tmp_path / "saved.html"
    page.write_text("<!DOCTYPE html>\n<html><body>Daily Papers</body></html>\n")
    for path, words in ((empty, "the file is empty"), (page, "a saved web page (HTML)")):
        out = run(str(path))
        assert out.returncode == 1 and words in out.stderr and "Traceback" not in out.stderr
    assert "reader hf:YYYY-MM-DD" in run("list", str(page)).stderr


def test_help_names_every_kind_of_source() -> None:
    usage = run("--help").stdout
    assert "mbox" in usage and "Maildir" in usage and ".eml" in usage and "standard input" in usage


def test_a_digest_can_be_piped_in(tmp_path: Path) -> None:
    listed = run("list", "-", "--format", "json", stdin=SAMPLE.read_bytes())
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 8
    nothing = run("list", "-", stdin=b"")
    assert nothing.returncode == 1 and "empty" in nothing.stderr


def test_export_refuses_a_missing_folder_unless_asked(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    env = {"READER_STATE": str(state)}
    digest = realshape.write(tmp_path / "day.json", realshape.papers(4, seed=13))
    assert run("list", str(digest), "--remember", env=env).returncode == 0
    ids = [row["id"] for row in json.loads(run("list", str(digest), "--format", "json").stdout)]
    run("mark", "--star", ids[0], env=env)
    target = tmp_path / "no" / "such" / "starred.bib"
    refused = run("export", "-o", str(target), env=env)
    assert refused.returncode == 1 and f"the folder {target.parent} does not exist" in (
        refused.stderr
    )
    assert not target.parent.exists()
    made = run("export", "-o", str(target), "--parents", env=env)
    assert made.returncode == 0 and target.read_text().startswith("@misc{")


def test_an_export_that_misses_stars_says_which(tmp_path: Path) -> None:
    digest = realshape.write(tmp_path / "listed.json", realshape.papers(5, seed=12))
    env = {
        "READER_STATE": str(tmp_path / "state.json"),
        "READER_ARCHIVE": str(tmp_path / "archive.sqlite3"),
    }
    # Listed on another machine, into another archive: this one never saw them.
    elsewhere = {**env, "READER_ARCHIVE": str(tmp_path / "elsewhere.sqlite3")}
    listed = run("list", str(digest), "--format", "json", env=elsewhere).stdout
    ids = [row["id"] for row in json.loads(listed)]
    marked = run("mark", "--star", *ids[:3], env=env)
    assert marked.returncode == 0 and "not in the archive" in marked.stderr
    out = run("export", "--starred", "--format", "bibtex", env=env)
    assert out.returncode == 0 and out.stdout == ""
    assert "3 starred papers are not in the archive" in out.stderr
    assert all(i in out.stderr for i in ids[:3])
    assert "reader export FILE --starred" in out.stderr
    named = run("export", str(digest), "--starred", env=env)
    assert named.stdout.count("@misc{") == 3 and "warning" not in named.stderr
    store = StateStore(tmp_path / "state.json")
    assert len(store.starred_ids) == 3
    store.close()


def test_bindings_are_listed_in_aligned_columns() -> None:
    from reader.bindings import all_bindings

    lines = run("--bindings").stdout.splitlines()
    tooltips = [b.tooltip for b in all_bindings()]
    starts = {line.index(tooltip) for line, tooltip in zip(lines, tooltips, strict=True)}
    assert len(starts) == 1, "every description starts in one column (b / shift+space too)"


def test_serve_names_a_taken_port_and_its_holder_before_announcing() -> None:
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        out = run("serve", "--port", str(port))
    assert out.returncode == 1 and "is served at" not in out.stdout
    assert f"cannot listen on 127.0.0.1 port {port}" in out.stderr
    assert f"held by process {os.getpid()}" in out.stderr  # this test's own process
    assert "Traceback" not in out.stderr
