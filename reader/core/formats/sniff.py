"""What a file holds, told from its first bytes, importing nothing heavy: every
file opened at startup is asked, and `email` and `mailbox` cost time to import."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

Kind = Literal["mbox", "maildir"]
HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
MAIL_HEADERS = (b"from:", b"subject:", b"date:", b"received:", b"return-path:", b"to:")


def kind_of(path: Path) -> Kind | None:
    """ "maildir" for a Maildir folder, "mbox" for an mbox file, else None."""
    if path.is_dir():
        return "maildir" if (path / "cur").is_dir() and (path / "new").is_dir() else None
    try:
        with open(path, "rb") as handle:
            head = handle.read(5)
    except OSError:
        return None
    return "mbox" if head == b"From " else None


def looks_like_mail(data: bytes) -> bool:
    """True for a saved mail: a header block that names a sender, subject or date."""
    head = data.lstrip()[:4096]
    if not HEADER.match(head):
        return False
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0].lower()
    return any(b"\n" + name in b"\n" + block for name in MAIL_HEADERS)
