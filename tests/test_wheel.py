"""The wheel carries the stylesheet and runs from a fresh virtual environment."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.terminal import Terminal


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("reader-*.whl")
    return built


def test_wheel_contains_styles_and_sample(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "reader/styles/reader.tcss" in names
    assert "reader/samples/sample-digest.txt" in names
    assert "reader/py.typed" in names


def test_installed_wheel_starts_the_app(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = {
        **os.environ,
        "READER_STATE": str(tmp_path / "state.json"),
        "TERM": "xterm-256color",
        "READER_DATA_DIR": str(tmp_path / "d"),
        "READER_CONFIG_DIR": str(tmp_path / "c"),
    }
    env.pop("PYTHONPATH", None)
    # Run from elsewhere so the checkout's styles/ cannot be picked up by accident.
    term = Terminal([str(env_dir / "bin" / "reader")], env, cwd=str(tmp_path))
    try:
        assert term.wait_for("Sparse Attention Budgets", timeout=60), term.screen_text[-2000:]
        term.send("q")
    finally:
        assert term.close() == 0
