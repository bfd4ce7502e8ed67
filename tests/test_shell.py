"""What a shell user meets: completion, `reader paths`, `reader export SOURCE`
and the permissions of what it writes, run as real processes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.core.text import latex_to_unicode
from tests.support.queries import STARRED, TITLES, marked_day
from tests.test_cli import run

READER = Path(sys.executable).with_name("reader")


def completions(line: str, tmp_path: Path) -> list[str]:
    """What `reader` answers the shell for `line` (argcomplete's protocol)."""
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
        "_ARGCOMPLETE_IFS": "\n",
    }
    done = subprocess.run(
        [sys.executable, "-m", "reader"], env=env, cwd=tmp_path, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return [word.strip() for word in out.read_text().split("\n") if word.strip()]


def test_completion_scripts_for_each_shell() -> None:
    for shell, mark in (("bash", "complete -o"), ("zsh", "#compdef reader"), ("fish", "complete")):
        done = run("completion", shell)
        assert done.returncode == 0 and mark in done.stdout and "reader" in done.stdout
    assert run("completion", "tcsh").returncode == 2


def test_completion_knows_subcommands_flags_and_sources(tmp_path: Path) -> None:
    (tmp_path / "digest.json").write_text("[]")
    first = completions("reader ", tmp_path)
    for word in ("list", "export", "completion", "paths", "hf:", "arxiv:", "inbox", "digest.json"):
        assert word in first, (word, first)
    assert completions("reader li", tmp_path) == ["library", "list"]
    assert completions("reader im", tmp_path) == ["import"]
    assert "--sort" in completions("reader list --so", tmp_path)
    assert completions("reader list --sort u", tmp_path) == ["upvotes"]
    assert "--watched" in completions("reader list hf --wa", tmp_path)
    assert "arxiv:cs.LG" in completions("reader arxiv:cs.L", tmp_path)
    assert "arxiv:cs.CL+stat.ML" in completions("reader list arxiv:cs.CL+stat.M", tmp_path)
    assert "hf:week:" in completions("reader export hf:w", tmp_path)
    assert completions("reader completion f", tmp_path) == ["fish"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_through_the_installed_script(tmp_path: Path) -> None:
    if not READER.exists():
        pytest.skip(f"needs the reader command beside {sys.executable}")
    script = tmp_path / "reader.bash"
    script.write_text(run("completion", "bash").stdout)
    probe = (
        f"source {script}; COMP_LINE='reader list --so'; COMP_POINT=${{#COMP_LINE}}; "
        "COMP_WORDS=(reader list --so); COMP_CWORD=2; _python_argcomplete reader; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{READER.parent}:{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == ["--sort"], done.stderr


def test_paths_say_where_and_why(tmp_path: Path) -> None:
    done = run("paths", env={"READER_CACHE": str(tmp_path / "c")})
    assert done.returncode == 0
    lines = {line.split()[0]: line for line in done.stdout.splitlines()}
    assert set(lines) == {"state", "archive", "index", "config", "cache", "exports", "machine"}
    assert re.fullmatch(
        r"machine +[0-9a-f]{8}  \(this machine's random id, kept in .*machine-id\)",
        lines["machine"],
    )
    assert str(tmp_path / "c" / "digests") in lines["cache"] and "$READER_CACHE" in lines["cache"]
    assert "$READER_CONFIG_DIR" in lines["config"]  # the test suite sets it (conftest)
    assert "$READER_DATA_DIR" in lines["archive"]  # conftest sets it
    archived = run("paths", env={"READER_ARCHIVE": str(tmp_path / "papers.sqlite")}).stdout
    assert re.search(
        rf"archive +{re.escape(str(tmp_path / 'papers.sqlite'))} +chosen by \$READER_ARCHIVE",
        archived,
    )
    assert str(tmp_path / "papers-index") in archived
    flagged = run("paths", "--state", str(tmp_path / "s.json")).stdout
    assert f"{tmp_path / 's.json'}" in flagged and "chosen by --state" in flagged


def test_config_keeps_the_state_in_a_synced_folder(tmp_path: Path) -> None:
    from reader.core.state.store import StateStore

    home = tmp_path / "home"
    config = tmp_path / "config" / "config.toml"  # READER_CONFIG_DIR (conftest)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('read_after = 2\nstate = "~/Sync/reader/state.json"\n', encoding="utf-8")
    synced = home / "Sync" / "reader" / "state.json"
    synced.parent.mkdir(parents=True)
    env = {"HOME": str(home)}
    where = run("paths", env=env)
    assert where.returncode == 0, where.stderr
    line = next(line for line in where.stdout.splitlines() if line.startswith("state"))
    assert str(synced) in line and f"chosen by config.toml ({config}:2)" in line
    marked = run("mark", "--star", "2405.13786", env=env)
    assert marked.returncode == 0, marked.stderr
    store = StateStore(synced)
    assert store.is_starred("2405.13786")  # in the synced folder, not the data directory
    store.close()
    assert not (tmp_path / "data" / "state.json").exists()
    # --state and READER_STATE still win, and say so.
    other = tmp_path / "other.json"
    assert "chosen by --state" in run("paths", "--state", str(other), env=env).stdout
    told = run("paths", env={**env, "READER_STATE": str(other)}).stdout
    assert f"{other}" in told and "chosen by $READER_STATE" in told
    # A relative path is beside config.toml; a value that is no path is refused.
    config.write_text('state = "marks.json"\n', encoding="utf-8")
    assert str(config.parent / "marks.json") in run("paths", env=env).stdout
    config.write_text("\nstate = 3\n", encoding="utf-8")
    refused = run("mark", "--star", "2405.13786", env=env)
    assert refused.returncode == 1  # a config error, as for every other setting
    assert f"{config}:2: 'state' is the path" in refused.stderr
    assert run("paths", env=env).returncode == 1


@pytest.fixture
def day(tmp_path: Path, state_path: Path) -> Path:
    # and a star from another digest
    return marked_day(tmp_path, state_path, "2999.00001")


def test_export_takes_sources_like_list(day: Path, state_path: Path) -> None:
    state = ["--state", str(state_path)]
    starred = run("export", str(day), "--format", "json", *state)
    assert starred.returncode == 0, starred.stderr
    assert [row["id"] for row in json.loads(starred.stdout)] == [STARRED]
    every = json.loads(run("export", str(day), "--all", "--format", "json", *state).stdout)
    shown = [" ".join(latex_to_unicode(title).split()) for title in TITLES]  # as the app shows
    assert [shown.index(row["title"]) for row in every] == [0, 1, 2, 3, 4]
    missing = run("export", "no-such-file.json", *state)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    bad = run("export", "hf:2026-13-01", *state)
    assert bad.returncode == 2 and "month 13" in bad.stderr


def test_exported_files_have_ordinary_permissions(day: Path, state_path: Path) -> None:
    out = day.with_name("out.csv")
    mask = os.umask(0o022)
    try:
        done = run(
            "export",
            str(day),
            "--all",
            "--format",
            "csv",
            "-o",
            str(out),
            "--state",
            str(state_path),
        )
    finally:
        os.umask(mask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert len(list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))) == 5
