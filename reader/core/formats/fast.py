"""The checks that let the JSON formats decode straight into structs.

msgspec decodes bytes into typed structs in C; what it cannot know is whether
the text holds control characters that must be made visible. One scan of the
bytes says so, and only suspicious digests take the careful way field by field.
"""

from __future__ import annotations

import mmap
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

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


T = TypeVar("T")
Buffer = bytes | mmap.mmap
"""A digest's bytes: read, or a file mapped (`load.stream_digest`)."""


class FastPathError(ValueError):
    """The data does not fit the fast path; `index` is the paper at fault, if known."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


def index_of(message: str) -> int | None:
    match = re.search(r"at `\$\[(\d+)\]", message)
    return int(match.group(1)) if match else None


def _suspicious(data: Buffer) -> bool:
    return any(
        lead in data and (pattern is None or pattern.search(data) is not None)
        for lead, pattern in _SUSPICIOUS
    )


PIECE = 512 * 1024
"""Bytes of a large array decoded in one call: a few milliseconds, so that the
UI thread, waiting for the GIL, answers keys while a large digest loads."""
_FIRST_KEY = re.compile(rb'\s*\[\s*(\{)\s*"([^"\\]{1,40})"\s*:')


def _pieces(data: Buffer) -> list[tuple[int, int]] | None:
    """Cut a JSON array of objects into runs of whole items, about PIECE bytes each.

    A cut is made where one object ends and the next begins with the first
    item's first key. A cut that is not really between items (inside a string
    or a nested object) leaves a piece that cannot decode, so it is noticed.
    None when the data is small or not shaped so.
    """
    if len(data) <= PIECE:
        return None
    first = _FIRST_KEY.match(data)
    end = data.rfind(b"]")
    if first is None or end < 0 or data[end + 1 :].strip():
        return None
    between = re.compile(rb'\}\s*,\s*(\{)\s*"' + re.escape(first.group(2)) + rb'"\s*:')
    pieces = []
    start = first.start(1)
    while True:
        found = between.search(data, start + PIECE, end)
        if found is None:
            pieces.append((start, end))
            return pieces
        pieces.append((start, found.start() + 1))
        start = found.start(1)


def _decode(data: Buffer, decoder: msgspec.json.Decoder[Any], offset: int = 0) -> Any:
    try:
        return decoder.decode(data)
    except msgspec.ValidationError as error:
        # Say which item of the whole array, not of the piece.
        index = index_of(str(error))
        if index is None:
            raise FastPathError(str(error), None) from None
        message = str(error).replace(f"$[{index}]", f"$[{index + offset}]")
        raise FastPathError(message, index + offset) from None
    except msgspec.DecodeError as error:
        raise FastPathError(str(error), None) from None


Finish = Callable[[list[Any], bool, bool], list[T]]
"""Makes papers of decoded items: given them, whether the bytes were plain (no
control characters) and whether they held escaped newlines."""


def decode_scanned(
    box: list[Buffer],
    decoder: msgspec.json.Decoder[Any],
    finish: Finish[T],
    sink: Callable[[list[T]], None] | None = None,
) -> list[T]:
    """Decode, scan and finish the bytes in `box`, piece by piece when they are
    many, so that what the decoder makes and the mapping drops (a fresh copy of
    every author name, say) is freed before the next piece; on success the box
    is emptied. A FastPathError names the item of the whole array.

    With a `sink`, each piece's papers go to it and none are kept (a file
    streamed into the archive, mapped: each piece's pages are let go once
    decoded); data that cannot be cut into pieces is then a FastPathError."""
    data = box[0]
    done: list[T] = []
    count = 0
    for start, end in _pieces(data) or ():
        piece = b"[" + data[start:end] + b"]"
        try:
            items = _decode(piece, decoder, count)
        except FastPathError as error:
            if error.index is not None or sink is not None:
                raise
            done = []  # a bad cut, or bad data: the whole decode says which
            break
        plain = not _suspicious(piece)
        newlines = b"\\" in piece and b"\\n" in piece
        try:
            papers = finish(items, plain, newlines)
        except FastPathError as error:
            index = None if error.index is None else error.index + count
            raise FastPathError(str(error), index) from None
        count += len(papers)
        if sink is None:
            done += papers
        else:
            sink(papers)
            _let_go(data, start, end)
        time.sleep(0)  # let the UI thread take its turn
    else:
        if done or (sink is not None and count):
            box.clear()
            return done
    if sink is not None:
        raise FastPathError("the array cannot be read in pieces", None)
    items = _decode(data, decoder)
    plain = not _suspicious(data)
    newlines = b"\\" in data and b"\\n" in data  # memchr first: the pair search is slower
    box.clear()
    return finish(items, plain, newlines)


def _let_go(data: Buffer, start: int, end: int) -> None:
    """Drop a mapped file's pages of a piece decoded from memory: the rest
    of a 200 MB file need not join them."""
    if isinstance(data, mmap.mmap):
        first = start - start % mmap.PAGESIZE
        data.madvise(mmap.MADV_DONTNEED, first, end - end % mmap.PAGESIZE - first)


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
