"""The state file as TinyDB sees it: one database in memory, saved under a lock.

`StateFile` is the TinyDB storage (safe reads, atomic replacement). `SharedFile`
is the middleware in front of it: TinyDB's table operations change the copy in
memory only, so a keypress never waits for the disk; `save` takes the file lock,
re-reads the file, lets the store take in what another process wrote, and
replaces the file atomically. The store decides when to save (it coalesces
changes on its writer thread) and how records merge (the later change wins).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.middlewares import Middleware
from tinydb.storages import Storage

from .storage import (
    Signature,
    atomic_write,
    file_signature,
    fingerprint,
    parse_state,
    read_regular,
    real_target,
    stale_temps,
)

LOCK_TIMEOUT = 5.0
"""How long a writer waits for another process holding the state file's lock
before it says so (a command) or tries again later (the app)."""

Found = tuple[bytes, Signature]
"""A file's bytes and the signature of exactly what was read."""


class StateFile(Storage):
    """TinyDB storage for the state file: safe reads, atomic replacement."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)

    def read_bytes(self) -> Found | None:
        """The file's bytes with their signature, or None if there is no file."""
        return read_regular(self.path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        found = self.read_bytes()
        return None if found is None else parse_state(found[0])

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write(self.path, orjson.dumps(data))

    def close(self) -> None:
        """Nothing is held open between writes."""


class SharedFile(Middleware):
    """TinyDB middleware: the database in memory, saved to a file other processes share."""

    storage: StateFile

    def __init__(self, storage_cls: type[StateFile] = StateFile) -> None:
        super().__init__(storage_cls)
        self.cache: dict[str, dict[str, Any]] = {}
        self._print: bytes | None = None
        """Fingerprint of the file's contents as last read or written here."""
        self._sig: Signature | None = None

    @property
    def path(self) -> Path:
        return self.storage.path

    # --- TinyDB's side: everything happens in memory ------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        return self.cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.cache = data

    def close(self) -> None:
        """The store saves before it closes; nothing else is held."""

    # --- the file's side -----------------------------------------------------------

    def adopt(self, data: dict[str, dict[str, Any]], found: Found | None) -> None:
        """Start from what the file held (`data`, already checked and migrated)."""
        self.cache = data
        if found is not None:
            self.remember(*found)

    def remember(self, raw: bytes, sig: Signature | None) -> None:
        self._print = fingerprint(raw)
        self._sig = sig

    def forget(self) -> None:
        """The file was set aside: whatever is there next is news."""
        self._print = None
        self._sig = None

    def may_have_changed(self) -> bool:
        """A cheap hint (the signature) that another process wrote the file."""
        return file_signature(self.path) != self._sig

    def changed(self) -> Found | None:
        """The file's bytes if they differ from what was last read or written here.

        Compared by content, not signature: an inode can be reused with the
        same size and time, and a mark must never be taken as merged unseen.
        """
        found = self.storage.read_bytes()
        if found is None:
            return None
        raw, sig = found
        if fingerprint(raw) == self._print:
            self._sig = sig
            return None
        return found

    def save(
        self,
        prepare: Callable[[Found | None], None],
        wait: Callable[[str], None] | None = None,
    ) -> None:
        """Under the file lock: re-read, `prepare` the tables, replace the file.

        `prepare` gets what another process wrote since this one last looked
        (None if nothing) and brings the tables up to date. Without `wait`, a
        lock held elsewhere for `LOCK_TIMEOUT` raises filelock's Timeout;
        with it, the save waits as long as it takes, saying so once.
        """
        from filelock import FileLock  # only writers need it

        lock = FileLock(self.lock_path())
        _acquire(lock, wait, self.path)
        try:
            prepare(self.changed())
            data = orjson.dumps(self.cache)
            atomic_write(self.path, data)
            self.remember(data, file_signature(self.path))
        finally:
            lock.release()

    def lock_path(self) -> str:
        return str(lock_path(self.path))

    def remove_stale_temps(self) -> None:
        """Delete temporary files left by writes that were killed.

        Only under the file lock, when no write of this file is under way; a
        lock held elsewhere means someone is writing, so try another time.
        """
        if not stale_temps(self.path):
            return
        from filelock import FileLock, Timeout

        try:
            with FileLock(self.lock_path(), timeout=0):
                for path in stale_temps(self.path):
                    with contextlib.suppress(OSError):
                        path.unlink()
        except (Timeout, OSError):
            return


def lock_path(path: Path) -> Path:
    """The lock of the state file `path`: named by its real file (a symlink and
    its target share one), and kept in this machine's temporary folder, not
    beside the file: a synced folder would carry the lock to other machines,
    and a sync tool replacing it under a writer would let two write at once."""
    import hashlib
    import tempfile

    real = os.path.realpath(real_target(path))
    name = hashlib.blake2b(real.encode(), digest_size=12).hexdigest()
    folder = Path(tempfile.gettempdir()) / f"reader-locks-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{Path(real).name}-{name}.lock"


def _acquire(lock: Any, wait: Callable[[str], None] | None, path: Path) -> None:
    """Take the file lock; with `wait`, for as long as it takes, saying so once."""
    from filelock import Timeout

    told = False
    while True:
        try:
            lock.acquire(timeout=LOCK_TIMEOUT)
            return
        except Timeout:
            if wait is None:
                raise
            if not told:
                wait(
                    f"waiting for another reader to release the state file {path} "
                    f"(it has held its lock for {LOCK_TIMEOUT:g} s)…"
                )
                told = True
