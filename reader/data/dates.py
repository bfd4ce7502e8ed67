"""The one ISO-date normaliser every format uses."""

from __future__ import annotations

from datetime import date
from typing import Any


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
