"""The state file on disk: reading it safely, replacing it atomically.

TinyDB's `JSONStorage` truncates and rewrites its file in place, so a crash
mid-write leaves broken JSON. This storage writes a temporary file beside the
target, fsyncs it and renames it over the old one: a reader of the file sees
either the old state or the new one, never a mixture.

What users keep at that path is respected: a symlink is written through to its
target (the link stays), the file keeps its permissions, and anything that is
not a regular file (a FIFO, a device, a socket) is refused at once instead of
blocking forever.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import time
from pathlib import Path
from typing import Any

import orjson

Signature = tuple[int, int, int]
"""(inode, size, mtime) of a file: a cheap hint that it may have changed."""


class NotRegularFile(OSError):
    """The path names a FIFO, a device, a socket or a directory."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_regular(path: Path) -> tuple[bytes, Signature] | None:
    """The bytes of a regular file and the signature of exactly what was read.

    None if there is no file. Opening does not block (a FIFO would), and the
    file's kind is checked on the open descriptor, so nothing can be swapped in
    between the check and the read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket (or a device with nothing behind it)
            raise NotRegularFile(error.errno, "a socket or device, not a regular file") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(errno.EINVAL, _kind(info.st_mode))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks), (info.st_ino, info.st_size, info.st_mtime_ns)


def file_signature(path: Path) -> Signature | None:
    """The signature of the file now, or None if there is none."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def fingerprint(data: bytes) -> bytes:
    """What a file held, in 16 bytes: equal fingerprints, equal contents."""
    return hashlib.blake2b(data, digest_size=16).digest()


def real_target(path: Path) -> Path:
    """Where writes to `path` land: through a symlink, its target."""
    return path.resolve() if path.is_symlink() else path


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves old or new, never half.

    Through a symlink, the link's target is replaced and the link kept. An
    existing file keeps its permission bits; a new one gets the umask's.
    """
    target = real_target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    tmp = target.with_name(f"{_temp_prefix(target)}{secrets.token_hex(4)}.tmp")
    # 0o666 lets the umask choose a new file's permissions, as for any new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    # Make the rename itself durable.
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def stale_temps(path: Path, *, older_than: float = 0.0) -> list[Path]:
    """Temporary files that writes of `path` left behind (a write was killed)."""
    target = real_target(path)
    prefix = _temp_prefix(target)
    cutoff = time.time() - older_than
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime <= cutoff:
                        found.append(Path(entry.path))
    return found


def parse_state(raw: bytes) -> dict[str, dict[str, Any]] | None:
    """The database in a state file's bytes; None for an empty file (a new DB)."""
    if not raw.strip():
        return None
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the top level is not a JSON object")
    return data
