"""Where the hand-written fixture files live."""

from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"
