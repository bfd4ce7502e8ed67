"""The checks that let the JSON formats decode straight into structs.

msgspec decodes bytes into typed structs in C; what it cannot know is whether
the text holds control characters that must be made visible. One scan of the
bytes says so, and only suspicious digests take the careful way field by field.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from ..dates import iso_day

_SUSPICIOUS = (
    (b"\\", re.compile(rb"\\[bfrtu]")),
    (b"\x7f", None),
    (b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
    (b"\xe2", re.compile(rb"\xe2(?:\x80[\x8b\x8e\x8f\xaa-\xae]|\x81[\xa0\xa6-\xa9])")),
    (b"\xd8\x9c", None),  # U+061C
    (b"\xef\xbb\xbf", None),  # U+FEFF
)


class FastPathError(ValueError):
    """The data does not fit the fast path; `index` is the paper at fault, if known."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


def index_of(message: str) -> int | None:
    match = re.search(r"at `\$\[(\d+)\]", message)
    return int(match.group(1)) if match else None


def _suspicious(data: bytes) -> bool:
    return any(
        lead in data and (pattern is None or pattern.search(data) is not None)
        for lead, pattern in _SUSPICIOUS
    )


def decode_scanned(box: list[bytes], decoder: msgspec.json.Decoder[Any]) -> tuple[Any, bool, bool]:
    """Decode and scan the bytes in `box`; on success the box is emptied."""
    data = box[0]
    try:
        decoded = decoder.decode(data)
    except msgspec.ValidationError as error:
        raise FastPathError(str(error), index_of(str(error))) from None
    except msgspec.DecodeError as error:
        raise FastPathError(str(error), None) from None
    plain = not _suspicious(data)
    newlines = b"\\" in data and b"\\n" in data  # memchr first: the pair search is slower
    box.clear()
    return decoded, plain, newlines


def checked_day(days: dict[str, str], value: str, number: int) -> str:
    """`iso_day(value)` for paper `number`, checked once per distinct value (a
    digest has few dates); FastPathError if it is no date."""
    day = days.get(value)
    if day is None:
        try:
            day = days[value] = iso_day(value)
        except ValueError:
            raise FastPathError(f"'published' is not an ISO date: {value[:40]!r}", number) from None
    return day
