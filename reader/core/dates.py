"""Dates: the one ISO-date normaliser every format uses, and reader's idea of today.

Every "today" in reader comes from here, so that one setting moves them all:
`READER_TODAY=YYYY-MM-DD` makes reader take that day as today (tests run the
command line on a fixed day with it; a reader may use it to read as of
another day). `READER_NOW` (epoch seconds, or an ISO date and time) is the
clock that marks are stamped by: tests act out machines whose clocks differ.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from typing import Any

TODAY_ENV = "READER_TODAY"
NOW_ENV = "READER_NOW"


def now() -> float:
    """Epoch seconds: the clock marks are stamped by (`READER_NOW` if set)."""
    value = os.environ.get(NOW_ENV, "").strip()
    if value:
        try:
            return float(value)
        except ValueError:
            pass
        try:
            given = datetime.fromisoformat(value)
            return (given if given.tzinfo else given.replace(tzinfo=UTC)).timestamp()
        except ValueError:
            pass  # malformed: the real clock, as for READER_TODAY
    return time.time()


def _given_today() -> date | None:
    value = os.environ.get(TODAY_ENV, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None  # a malformed override is ignored rather than fatal to every command


def local_minute(epoch: float) -> str:
    """A moment as reader shows one: `2026-12-03 14:25`, local time."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch))


def utc_today() -> date:
    """Today in UTC, the time zone Hugging Face and arXiv date their digests by."""
    return _given_today() or datetime.now(UTC).date()


def local_today() -> date:
    """Today where the reader is: for what they read per day, and yearless dates
    on a page they copied."""
    return _given_today() or date.today()


def iso_day(value: str) -> str:
    """`YYYY-MM-DD` from an ISO date or timestamp; ValueError if it is neither.

    A value that already is a day comes back as the very same string.
    """
    if len(value) == 10:
        date.fromisoformat(value)  # validates; already in the form we keep
        return value
    if len(value) < 10:
        raise ValueError(f"not an ISO date: {value!r}")
    return date.fromisoformat(value[:10]).isoformat()


def iso_day_or_none(value: Any) -> str | None:
    """`iso_day`, for sources where a missing or odd date is no error."""
    if not isinstance(value, str):
        return None
    try:
        return iso_day(value)
    except ValueError:
        return None
