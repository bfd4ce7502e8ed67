"""`reader list --format json` prints what the app shows, for the same filter,
sort and watch list, on a real-shaped digest: both go through `OpenDigest`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from msgspec.structs import replace

from reader.core.config import Config, Watch
from reader.core.state.store import StateStore
from tests.pilot.helpers import make_app, ready, wait_until
from tests.support import realshape

CASES = [
    ("ti:learning OR abs:gradient", "upvotes", False),
    ("-is:read upvotes:>20", "title", False),
    ("", "date", True),
    ("is:starred OR attention", "digest", True),
]


@pytest.mark.parametrize(("query", "order", "watched"), CASES)
async def test_list_json_is_the_apps_view(
    tmp_path: Path, state_path: Path, query: str, order: str, watched: bool
) -> None:
    data = realshape.papers(80, seed=31)
    data[5]["authors"].append("Kenji Mori")
    data[40]["authors"].insert(0, "Kenji Mori")
    digest = realshape.write(tmp_path / "day.json", data)
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "config.toml").write_text(
        '[watch]\nauthors = ["Kenji Mori"]\nkeywords = ["spectral operator"]\n'
    )
    store = StateStore(state_path)
    ids = [paper["id"] for paper in data]
    store.set_field(ids[::7], "starred", True)
    store.set_field(ids[::3], "read", True)
    store.close()

    argv = ["list", str(digest), "--format", "json", "--sort", order, "--state", str(state_path)]
    argv += [f"--query={query}"] if query else []
    argv += ["--watched"] if watched else []
    env = {**os.environ, "READER_CONFIG_DIR": str(config_dir)}
    listed = subprocess.run(
        [sys.executable, "-m", "reader", *argv], capture_output=True, text=True, env=env
    )
    assert listed.returncode == 0, listed.stderr
    printed = [row["id"] for row in json.loads(listed.stdout or "[]")]

    watch = Watch(authors=("Kenji Mori",), keywords=("spectral operator",))
    app = make_app([digest], state_path, config=Config(watch=watch))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        view = replace(screen.session.view, order=order, watched_only=watched)
        screen.session.view = view
        if query:
            screen.filters.show(query)
            await wait_until(pilot, lambda: screen.session.view.filter_text == query, "filter")
        else:
            screen.refresh_view()
        await wait_until(pilot, lambda: screen.shown_view == screen.session.view, "the rows")
        shown = [paper.id for paper in screen.paper_list.papers]
    assert printed == shown
    assert printed, "the case selects some papers"
    if watched and not query:
        assert {ids[5], ids[40]} <= set(printed)  # the watched author's two papers
