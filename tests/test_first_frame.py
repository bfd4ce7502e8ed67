"""The first frame imports only what it shows: the query engine, numpy, the
HTTP client, tomlkit, the mail readers and the rest come when first needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE

FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
import reader.__main__  # as `reader` starts: the launcher first
from reader.app import ReaderApp
from reader.core.config import Config
from reader.core.sources.opener import Opener
from reader.core.sources.specs import Spec
from reader.core.state.store import StateStore

async def first_frame() -> None:
    store = StateStore(Path(sys.argv[2]))
    opener = Opener(store)
    specs = [Spec("file", sys.argv[1])]
    app = ReaderApp(store, opener, specs, config=Config(), initial=opener.preview(specs))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("\\n".join(sorted(sys.modules)))
    store.close()

asyncio.run(first_frame())
"""

LATER = (
    "reader.core.query.language",
    "reader.core.query.matching",
    "reader.core.query.index",
    "reader.core.query.postings",
    "reader.core.query.building",
    "reader.core.query.watch",
    "reader.core.export",
    "reader.core.formats.mailbox",
    "reader.core.formats.feeds",
    "reader.core.sources.remote",
    "reader.core.sources.http",
    "reader.core.config_edit",
    "reader.providers",
    "numpy",
    "sklearn",
    "httpx",
    "feedparser",
    "tomlkit",
    "tomllib",
    "mailbox",
    "email",
    "argcomplete",
    "filelock",
    "csv",
)


def test_the_first_frame_imports_nothing_it_does_not_show(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(SAMPLE), str(tmp_path / "state.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    loaded = set(out.stdout.split())
    assert "reader.screens.main" in loaded  # the frame was drawn
    assert not loaded & set(LATER), sorted(loaded & set(LATER))
