"""Reading digest files: formats are told apart by content, never by extension.

Every failure is a `DigestError` that names the file and, where it can, the line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import DigestError
from ..models import Digest, Paper
from .page import parse_page
from .reader_json import parse_json

if TYPE_CHECKING:
    from .fast import Buffer


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM allowed), naming the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DigestError(source, line, "the file is not valid UTF-8 text") from None


def parse_text(text: str, source: str, *, today: date | None = None) -> Digest:
    """Parse digest text in whichever supported format it is written."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DigestError(source, line, "the file contains a NUL byte; it is not a text digest")
    head = text.lstrip()[:1]
    if head in ("[", "{"):
        return parse_json(text, source)
    if head == "<":
        from .feeds import parse_feed

        return parse_feed(text, source)
    from .mail import looks_like_body

    if looks_like_body(text):
        from .mail import parse_body

        return parse_body(text, source)
    from .sniff import looks_like_mail

    if looks_like_mail(text[:4096].encode("utf-8", "replace")):
        from .mailbox import parse_eml

        return parse_eml(text.encode("utf-8"), source)
    return parse_page(text, source, today=today)


BIG = 4 * 1024 * 1024
"""Files larger than this show their first papers before the rest is read."""

FIRST_BATCH = 300


def _first_items(data: bytes) -> list[Any]:
    """The first few elements of a JSON array, read from its head only."""
    import json  # large JSON files only; the standard decoder reads a prefix item by item

    text = data[: 4 * 1024 * 1024].decode("utf-8", "ignore")
    decoder = json.JSONDecoder()
    items: list[Any] = []
    try:
        position = text.index("[") + 1
        while len(items) < FIRST_BATCH:
            while text[position] in " \t\r\n,":
                position += 1
            if text[position] == "]":
                break
            item, position = decoder.raw_decode(text, position)
            items.append(item)
    except (ValueError, IndexError, RecursionError):
        pass  # a head that does not decode: the full parse names the problem and line
    return items


def peek_digest(path: str | Path) -> Digest | None:
    """The first papers of a large JSON digest, read from its head only; else None."""
    source = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(4 * 1024 * 1024)
    except OSError:
        return None
    from .hf import looks_like_hf, parse_hf  # JSON files only

    items = _first_items(head)
    if not items:
        return None
    try:
        return parse_hf(items, source) if looks_like_hf(items) else parse_json("", source, items)
    except DigestError:
        return None


def parse_json_bytes(
    box: list[bytes], source: str, first: Callable[[Digest], None] | None = None
) -> Digest:
    """A JSON digest from bytes: the C fast path when it fits, else the careful one.

    Both give the same papers; the careful path also finds the line of an error.
    The bytes come in a one-item list that the fast path empties as soon as it
    has decoded them, so a 160 MB file is not held alongside its papers.
    """
    from .fast import FastPathError  # JSON files only: a page needs none of it
    from .hf import decode_hf, looks_like_hf, parse_hf
    from .reader_json import decode_papers

    data = box[0]
    head = _first_items(data)
    hf = looks_like_hf(head)
    if first is not None and len(data) > BIG and head:
        try:
            partial = parse_hf(head, source) if hf else parse_json("", source, head)
        except DigestError:
            pass  # the full parse below reports it properly
        else:
            first(partial)
    is_array = data.lstrip()[:1] == b"["
    del data
    if is_array:
        try:
            given = cast("list[Buffer]", box)  # the same list, emptied once decoded
            papers = decode_hf(given, source) if hf else decode_papers(given, source)
        except FastPathError as error:
            if not box:
                raise DigestError(source, None, str(error)) from None
        else:
            return Digest(source=source, papers=tuple(papers))
    return parse_json(decode(box[0], source), source)


def stream_digest(path: Path, sink: Callable[[list[Paper]], None]) -> bool:
    """Give a large JSON digest's papers to `sink` a piece at a time, the file
    mapped rather than read, so that neither its bytes nor its papers are
    ever held whole (a 100,000-paper file goes into the archive this way).

    False when the file is not an array that the fast path reads whole in
    pieces, or holds a paper it refuses: what `sink` was given is then to be
    undone, and `load_digest` reads the file, naming any problem and its line.
    """
    import mmap

    from .fast import FastPathError
    from .hf import decode_hf, looks_like_hf
    from .reader_json import decode_papers

    source = str(path)
    try:
        with (
            open(path, "rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            head = _first_items(data[: 4 * 1024 * 1024])
            if not head:  # not an array (or a head that does not decode)
                return False
            decode = decode_hf if looks_like_hf(head) else decode_papers
            try:
                decode([data], source, sink)
            except (FastPathError, DigestError):
                return False
    except (OSError, ValueError):  # unreadable, or empty (mmap refuses): read it whole
        return False
    return True


def load_digest(
    path: str | Path,
    *,
    today: date | None = None,
    first: Callable[[Digest], None] | None = None,
) -> Digest:
    """Read and parse the digest at `path`; `first` may see its first papers early."""
    source = str(path)
    from .sniff import kind_of

    if kind_of(Path(path)) is not None:  # an mbox file or a Maildir folder: every digest
        from .mailbox import load_all

        return load_all(Path(path))
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DigestError(source, None, "no such file") from None
    except IsADirectoryError:
        raise DigestError(
            source, None, "is a directory, not a digest file (nor a Maildir folder)"
        ) from None
    except OSError as error:
        raise DigestError(source, None, f"cannot read: {error.strerror}") from None
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{") and b"\x00" not in data[:4096]:
        box = [data]
        del data
        return parse_json_bytes(box, source, first)
    from .sniff import looks_like_mail

    if looks_like_mail(data):  # a saved mail: `email` decodes it, whatever its charset
        from .mailbox import parse_eml

        return parse_eml(data, source)
    return parse_text(decode(data, source), source, today=today)
