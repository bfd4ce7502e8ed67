"""Where arXiv digest mails are kept: a saved mail (`.eml`), an mbox file, a
Maildir folder. The standard library's `email` and `mailbox` read them
(headers, quoted-printable, base64, multipart); `mail.parse_body` reads the
digest inside.

An mbox or Maildir holds many digests, one a day. The app shows one at a
time (`load_entry`), the newest first, and steps through the others in date
order (`neighbour`); `reader list` and `export` read them all (`load_all`).
Only the newest is parsed at once: the index of the others (`index`) reads
their headers, in a worker.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import mmap
import os
import threading
from email.message import EmailMessage, Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from ..errors import DigestError
from ..models import Digest, merge
from .mail import looks_like_body, parse_body
from .sniff import Kind, kind_of


class Entry(msgspec.Struct, frozen=True):
    """One digest of a mailbox: its key there and its mail's date."""

    key: str
    sent: float
    """The mail's Date header (seconds since the epoch; 0 when missing)."""


def _body(message: Message) -> str | None:
    """The mail's plain text, decoded (quoted-printable, base64, charsets)."""
    if not isinstance(message, EmailMessage):
        return None
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown charset, a broken encoding
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", "replace") if isinstance(payload, bytes) else None
    return content if isinstance(content, str) else None


def _sent(message: Message) -> float:
    try:
        return parsedate_to_datetime(str(message["date"])).timestamp()
    except (TypeError, ValueError, IndexError):
        return 0.0


def _day(message: Message) -> str | None:
    sent = _sent(message)
    if not sent:
        return None
    from datetime import UTC, datetime

    return datetime.fromtimestamp(sent, UTC).date().isoformat()


def parse_message(message: Message, source: str, where: str = "") -> Digest:
    """The digest in one mail; a DigestError when it holds none."""
    body = _body(message)
    if body is None or not looks_like_body(body):
        subject = " ".join(str(message["subject"] or "(no subject)").split())[:80]
        raise DigestError(
            source,
            None,
            f"this mail (“{subject}”) is not an arXiv digest: expected arXiv's daily listing "
            "mail, a plain-text body of 'arXiv:ID' entries between dashed lines",
        )
    return parse_body(body, source, mail_date=_day(message), where=where)


def parse_eml(data: bytes, source: str) -> Digest:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return parse_message(message, source)


def _open(path: Path, kind: Kind) -> mailbox.Mailbox[Any]:
    """The mailbox, its mails read with the modern policy (`EmailMessage`)."""

    def factory(handle: BinaryIO) -> EmailMessage:
        return email.message_from_binary_file(handle, policy=email.policy.default)

    # Any message factory works (the library documents it); its stubs ask for its own types.
    if kind == "maildir":
        return mailbox.Maildir(path, factory=factory, create=False)  # type: ignore[arg-type]
    return mailbox.mbox(path, factory=factory, create=False)  # type: ignore[arg-type]


class _Indexed:
    """A mailbox read once: its digests in date order, and the mailbox kept open
    with its table of contents (finding the mails of a 30 MB mbox again would
    take as long as reading one), while the mailbox is unchanged."""

    def __init__(self, entries: list[Entry], box: mailbox.Mailbox[Any]) -> None:
        self.entries = entries
        self.box = box
        self.keys = {str(k): k for k in box.iterkeys()}  # an mbox's keys are numbers


_INDEX: dict[tuple[str, int, int], _Indexed] = {}
_LOCK = threading.Lock()


def _stamp(path: Path, kind: Kind) -> tuple[str, int, int]:
    """What changes when the mailbox does: its file, or its folders' times."""
    if kind == "maildir":
        times = [(path / sub).stat().st_mtime_ns for sub in ("cur", "new")]
        return str(path.resolve()), max(times), sum(times)
    status = path.stat()
    return str(path.resolve()), status.st_mtime_ns, status.st_size


def _indexed(path: Path) -> _Indexed:
    kind = kind_of(path)
    if kind is None:
        raise DigestError(str(path), None, "not an mbox file or a Maildir folder")
    stamp = _stamp(path, kind)
    with _LOCK:
        known = _INDEX.get(stamp)
        if known is not None:
            return known
        box = _open(path, kind)
        entries = []
        count = 0
        for key, message in box.iteritems():
            count += 1
            body = _body(message)
            if body is not None and looks_like_body(body):
                entries.append(Entry(str(key), _sent(message)))
        if not entries:
            box.close()
            what = "Maildir folder" if kind == "maildir" else "mbox file"
            raise DigestError(
                str(path),
                None,
                f"no arXiv digest among the {count} mails of this {what}: expected arXiv's "
                "daily listing mails (plain-text bodies of 'arXiv:ID' entries)",
            )
        order = {entry.key: n for n, entry in enumerate(entries)}
        entries.sort(key=lambda e: (e.sent, order[e.key]))
        for old in [k for k in _INDEX if k[0] == stamp[0]]:  # an older state of this mailbox
            _INDEX.pop(old).box.close()
        found = _INDEX[stamp] = _Indexed(entries, box)
        return found


def index(path: Path) -> list[Entry]:
    """The mailbox's digests in date order (oldest first); other mails are left
    out. Reads every mail once (a worker's job), then is kept while unchanged."""
    return _indexed(path).entries


def load_entry(path: Path, key: str | None = None) -> tuple[Digest, str]:
    """One digest of the mailbox (the newest without `key`), and its key."""
    indexed = _indexed(path)
    entries = indexed.entries
    chosen = next((e for e in entries if e.key == key), entries[-1])
    with _LOCK:
        message = indexed.box[indexed.keys[chosen.key]]
    place = entries.index(chosen) + 1
    subject = " ".join(str(message["subject"] or "").split())[:60]
    where = f" (mail {place} of {len(entries)}, “{subject}”, counting lines of its text)"
    digest = parse_message(message, str(path), where)
    title = f"{digest.title} (mail {place} of {len(entries)})"
    return msgspec.structs.replace(digest, title=title), chosen.key


def neighbour(path: Path, key: str, delta: int) -> str | None:
    """The key of the digest `delta` places from `key` in date order; None past the ends."""
    entries = index(path)
    keys = [e.key for e in entries]
    if key not in keys:
        return None
    place = keys.index(key) + delta
    return keys[place] if 0 <= place < len(keys) else None


def load_all(path: Path) -> Digest:
    """Every digest of the mailbox, oldest first, each paper once."""
    digests = [load_entry(path, entry.key)[0] for entry in index(path)]
    merged = merge(digests)
    return msgspec.structs.replace(merged, source=str(path), title=f"{path.name}: every digest")


def newest_quick(path: Path) -> Digest | None:
    """The newest digest, read without reading the whole mailbox (for the first
    frame): the last mail of an mbox, the latest-delivered mail of a Maildir.
    None when that is not a digest; the full open then finds the right one."""
    kind = kind_of(path)
    try:
        if kind == "mbox":
            with (
                open(path, "rb") as handle,
                mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
            ):
                start = data.rfind(b"\nFrom ") + 1
                raw = data[start:]
            raw = raw.split(b"\n", 1)[1] if raw.startswith(b"From ") else raw
        elif kind == "maildir":
            files = [p for sub in ("new", "cur") for p in (path / sub).iterdir() if p.is_file()]
            if not files:
                return None
            raw = max(files, key=lambda p: (p.name.split(".")[0], os.path.getmtime(p))).read_bytes()
        else:
            return None
        digest = parse_eml(raw, str(path))
    except (OSError, ValueError, DigestError):
        return None
    return digest
