"""Options for the reliability tests: `--stress` runs the long loops."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def stress(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--stress")) or os.environ.get("READER_STRESS") == "1"


def fuzz_examples() -> int:
    """Generated inputs per parser: 300 in a normal run, READER_FUZZ_EXAMPLES to raise it."""
    return int(os.environ.get("READER_FUZZ_EXAMPLES", "300"))
