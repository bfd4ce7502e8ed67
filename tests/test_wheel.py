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
from tests.support.terminal import Terminal

pytestmark = pytest.mark.slow
"""Builds and installs a wheel: tens of seconds (`-m "not slow"` leaves it out)."""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_contains_styles_and_sample(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "reader/styles/reader.tcss" in names
    assert "reader/samples/sample-digest.txt" in names
    assert "reader/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def test_wheel_is_named_paperskim_with_its_licence_and_urls(wheel: Path) -> None:
    """The index's "reader" is another project: the distribution is paperskim."""
    assert wheel.name.startswith("paperskim-")
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert "MIT License" in archive.read(licence).decode()
    (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode()
    assert "Name: paperskim" in text and "License-Expression: MIT" in text
    for label in ("Homepage", "Issues", "Changelog"):
        assert f"Project-URL: {label}, https://" in text
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in text
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    assert "reader = reader.cli:main" in archive.read(entry_points).decode()


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
