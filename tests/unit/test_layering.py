"""The core (parsing, models, store, sources) never imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reader.data.models import Paper
from reader.data.parsers import load_digest
from reader.data.sources import default_source, remember, sample_digest_path
from reader.data.store import StateStore
from tests.conftest import TODAY


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, reader.data as d\n"
        "for m in pkgutil.iter_modules(d.__path__):\n"
        "    importlib.import_module('reader.data.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_papers_are_frozen() -> None:
    paper = Paper.create(title="x")
    try:
        paper.title = "y"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Paper must be immutable")


def test_bare_reader_opens_the_newest_digest_opened_before(
    tmp_path: Path, state_path: Path
) -> None:
    store = StateStore(state_path)
    assert default_source(store) == sample_digest_path()
    newer, older = tmp_path / "newer.txt", tmp_path / "older.txt"
    for path, day in ((newer, "Nov 20"), (older, "Oct 2")):
        path.write_text(f"Daily Papers\n\n{day}\n\nT {day}\n\nA.\n\n• 1 author\n·\n{day}\n")
    remember(store, load_digest(newer, today=TODAY))
    remember(store, load_digest(older, today=TODAY))  # opened last, but older
    assert default_source(store) == newer.resolve()
    store.close()
    reopened = StateStore(state_path)
    assert default_source(reopened) == newer.resolve()
    newer.unlink()
    assert default_source(reopened) == older.resolve()
