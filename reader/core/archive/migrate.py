"""Bringing in, once, what reader kept before it had an archive: every digest
in the cache and every file opened before. The same is done when a damaged
archive was set aside: the new one is made from them.

Each digest goes in with its own transaction, so a start killed halfway has
kept what it had done; the archive says it is done (`MIGRATED`) only at the
end, and a second start adds nothing twice (a digest replaces its copy).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import DigestError, SpecError
from ..models import Digest
from ..sources.specs import Spec, parse_spec
from ..state.places import Places
from ..state.store import StateStore
from .handle import MIGRATED, ArchiveHandle, Progress


def migrate(
    handle: ArchiveHandle,
    store: StateStore,
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> int:
    """Add the cache's digests and the files opened before, if not done yet;
    then index them. How many digests went in."""
    from ..sources.cache import cached_files, read_cached

    if not handle.needs_migration():
        return 0
    files = cached_files()
    opened = [Path(r.path) for r in Places(store).recent()]
    opened = [path for path in opened if path.exists()]
    total, added = len(files) + len(opened), 0
    for done, path in enumerate(files, 1):
        cached = read_cached(path)
        if cached is not None and (spec := _spec(cached.spec, today)) is not None:
            handle.add(spec, cached.digest, "fetched", today)
            added += 1
        if progress is not None:
            progress(done, total, "the cache")
    for done, path in enumerate(opened, len(files) + 1):
        digest = _read(path, today)
        if digest is not None:
            handle.add(Spec("file", str(path)), digest, "opened", today)
            added += 1
        if progress is not None:
            progress(done, total, "files opened before")
    handle.archive.set_meta(MIGRATED, str(handle.clock()))
    handle.catch_up(progress)
    return added


def _spec(text: str, today: date | None) -> Spec | None:
    try:
        return parse_spec(text, today)
    except SpecError:
        return None


def _read(path: Path, today: date | None) -> Digest | None:
    """A file opened before, whole (a mailbox: all its digests)."""
    from ..formats.load import load_digest
    from ..formats.sniff import kind_of

    try:
        if kind_of(path) is not None:
            from ..formats.mailbox import load_all

            return load_all(path)
        return load_digest(path, today=today)
    except (DigestError, OSError):
        return None  # gone or broken since: nothing to keep
