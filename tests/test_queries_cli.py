"""`reader list --query`, `--search` and `--watched`, run as real processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.support.queries import EXAMPLES, TITLES, WATCH_CONFIG, WATCHED, marked_day
from tests.test_cli import run


@pytest.fixture
def day(tmp_path: Path, state_path: Path) -> Path:
    return marked_day(tmp_path, state_path)


def listed(day: Path, state: Path, *args: str) -> list[int]:
    """Which of the day's papers `reader list` prints, by their place in it."""
    done = run("list", str(day), "--format", "json", "--state", str(state), *args)
    assert done.returncode == 0, done.stderr
    return [TITLES.index(row["title"]) for row in json.loads(done.stdout)]


@pytest.mark.parametrize("query", list(EXAMPLES))
def test_every_example_query(day: Path, state_path: Path, query: str) -> None:
    assert listed(day, state_path, "--query", query) == EXAMPLES[query]


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("ti:(", "ti: needs a word or a “quoted phrase” right after the colon (column 4)"),
        ('abs:"counterfactual', "this quote is never closed (column 5)"),
        ("sparse OR", "OR needs a term after it (column 8)"),
        ("is:fun", "is: takes starred, read, unread, noted or tagged (column 4)"),
    ],
)
def test_a_malformed_query_exits_2_saying_what_and_where(
    day: Path, state_path: Path, query: str, said: str
) -> None:
    done = run("list", str(day), "--state", str(state_path), "--query", query)
    assert done.returncode == 2
    assert done.stdout == ""
    assert said in done.stderr and "Traceback" not in done.stderr


def config(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "config.toml").write_text(WATCH_CONFIG, encoding="utf-8")
    return {"READER_CONFIG_DIR": str(folder)}


def test_saved_searches(day: Path, state_path: Path, tmp_path: Path) -> None:
    os.environ.update(config(tmp_path))  # the isolated_dirs fixture restores it
    assert listed(day, state_path, "--search", "cheap") == [0, 2]
    unknown = run("list", str(day), "--state", str(state_path), "--search", "cheep")
    assert unknown.returncode == 2
    assert "no saved search named 'cheep'; saved searches: cheap" in unknown.stderr


def test_an_unknown_search_with_none_saved_says_where_they_go(day: Path, state_path: Path) -> None:
    done = run("list", str(day), "--state", str(state_path), "--search", "cheap")
    assert done.returncode == 2 and "[searches] in" in done.stderr


def test_a_bad_saved_search_names_itself(day: Path, state_path: Path, tmp_path: Path) -> None:
    env = config(tmp_path)
    path = Path(env["READER_CONFIG_DIR"]) / "config.toml"
    path.write_text("[searches]\nbroken = 'ti:('\n", encoding="utf-8")
    done = run("list", str(day), "--state", str(state_path), env=env)
    assert done.returncode == 1  # a config error, as for every other setting
    assert "[searches] broken = 'ti:(': ti: needs a word" in done.stderr


def test_watched_papers(day: Path, state_path: Path, tmp_path: Path) -> None:
    env = config(tmp_path)
    os.environ.update(env)
    assert listed(day, state_path, "--watched") == sorted(WATCHED)
    done = run("list", str(day), "--format", "json", "--state", str(state_path), env=env)
    reasons = {TITLES.index(r["title"]): r["watched"] for r in json.loads(done.stdout)}
    assert {k: v for k, v in reasons.items() if v} == WATCHED
    # The table marks them too.
    table = run("list", str(day), "--state", str(state_path), env=env).stdout.splitlines()
    marked = [line for line in table if line[:4].endswith("◆")]
    assert len(marked) == len(WATCHED)


def test_watched_with_an_empty_watch_list_says_so(day: Path, state_path: Path) -> None:
    done = run("list", str(day), "--state", str(state_path), "--watched")
    assert done.returncode == 0
    assert "the watch list is empty" in done.stderr
