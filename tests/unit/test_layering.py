"""The core (parsing, models, store, sources) never imports Textual."""

from __future__ import annotations

import subprocess
import sys

from reader.data.models import Paper


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
