"""Shared fixtures: the real shared digest, isolated state, a ready app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reader.core.state.store import StateStore
from tests.support.server import StubServer, running

REPO = Path(__file__).resolve().parent.parent
SHARED_DIGESTS = Path(os.environ.get("READER_SHARED", REPO.parent / "shared")) / "digests"
DAILY_PAGE = SHARED_DIGESTS / "daily-papers-dec-11.txt"
SAMPLE = REPO / "reader" / "samples" / "sample-digest.txt"
CLOSED_URL = "http://127.0.0.1:9"
"""The discard port: connections are refused at once, like being offline."""
TODAY = date(2026, 11, 28)
"""A fixed 'today' so that yearless dates resolve the same on every run."""


@pytest.fixture
def daily_page() -> Path:
    """The real Daily Papers page a user copied; it lives beside the clone, not in it.

    A clean clone has no ../shared: tests that need the page skip, saying so.
    CI sets READER_REQUIRE_SHARED=1, so that there a missing page fails instead.
    """
    if not DAILY_PAGE.is_file():
        reason = f"needs the shared Daily Papers page, not found at {DAILY_PAGE}"
        if os.environ.get("READER_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return DAILY_PAGE


@pytest.fixture
def page(tmp_path: Path) -> Path:
    """A copied Daily Papers page of 34 papers, written for the project (tests/realshape.py)."""
    from tests.support.realshape import copied_page

    path = tmp_path / "daily-papers-page.txt"
    path.write_text(copied_page(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test ever touches the real user's files."""
    monkeypatch.setenv("READER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("READER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("READER_EXPORT_DIR", str(tmp_path / "exports"))
    monkeypatch.delenv("READER_STATE", raising=False)
    # No test reaches the real sites: these point at a port where nothing listens.
    for name in ("READER_HF_BASE", "READER_ARXIV_RSS_BASE", "READER_ARXIV_API_BASE"):
        monkeypatch.setenv(name, CLOSED_URL)
    monkeypatch.setenv("READER_ARXIV_INTERVAL", "0")
    # No test reads the real day: reader (and every command a test runs) takes
    # TODAY as today. A test that needs another day sets READER_TODAY itself.
    monkeypatch.setenv("READER_TODAY", TODAY.isoformat())
    yield


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


@pytest.fixture(autouse=True)
def stores_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every state store a test opens is closed when the test ends, closed by the
    test or not: a writer thread left running would go on writing after it."""
    opened: list[StateStore] = []
    original = StateStore.__init__

    def tracking(self: StateStore, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        opened.append(self)

    monkeypatch.setattr(StateStore, "__init__", tracking)
    yield
    for left in opened:
        if not left.closed:
            left.close()


@pytest.fixture
def store(state_path: Path) -> Iterator[StateStore]:
    """A state store on the test's own file, closed (so written) when the test ends."""
    opened = StateStore(state_path)
    try:
        yield opened
    finally:
        opened.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--stress", action="store_true", help="run the long reliability loops (minutes)"
    )


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[StubServer]:
    """A stub on 127.0.0.1 standing in for Daily Papers and arXiv (RSS and API)."""
    with running() as stub:
        for name in ("READER_HF_BASE", "READER_ARXIV_RSS_BASE", "READER_ARXIV_API_BASE"):
            monkeypatch.setenv(name, stub.url)
        yield stub
