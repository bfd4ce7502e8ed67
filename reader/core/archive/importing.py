"""`reader import`: arXiv's metadata snapshot streamed into the archive.

The file is read a line at a time and written in batches, each one
transaction: a run killed or stopped keeps every batch it wrote, and the
next run skips the papers already in (by id), so nothing is written twice.
Bad lines are skipped and named. A full disk stops the run with a message;
the archive stays as the last batch left it. Papers imported are in no
digest: they are in the library, not the Inbox.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from ..formats.snapshot import BadLine, Snapshot, paper_of
from ..models import Paper
from .handle import ArchiveHandle
from .writing import import_papers

BATCH = 2000
"""Papers a transaction writes."""
NAMED = 5
"""Bad lines named one by one; the rest are counted."""


class Imported(msgspec.Struct):
    """How an import went, so far or in all."""

    lines: int = 0
    """Lines read (blank ones aside)."""
    added: int = 0
    """Papers new to the archive."""
    known: int = 0
    """Papers the archive had already (a run done before, a digest)."""
    bad: list[str] = msgspec.field(default_factory=list)
    """The first bad lines, each "line N: why"."""
    bad_count: int = 0
    read: int = 0
    """Bytes of the file read."""
    size: int = 0
    """Bytes of the file."""
    seconds: float = 0.0
    stopped: str = ""
    """Why the run stopped before the end ("" when it read the whole file)."""


def import_snapshot(
    handle: ArchiveHandle,
    path: Path,
    *,
    progress: Callable[[Imported], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Imported:
    """Stream the snapshot at `path` into the archive, then index what came."""
    archive = handle.archive
    snapshot = Snapshot(path)
    done = Imported(size=snapshot.size)
    start = clock()
    batch: list[Paper] = []

    def write() -> None:
        added = import_papers(archive, batch)
        done.added += added
        done.known += len(batch) - added
        batch.clear()
        done.read, done.seconds = snapshot.read, clock() - start
        if progress is not None:
            progress(done)

    try:
        for number, line in snapshot:
            done.lines += 1
            try:
                batch.append(paper_of(number, line))
            except BadLine as error:
                done.bad_count += 1
                if len(done.bad) < NAMED:
                    done.bad.append(str(error))
            if len(batch) >= BATCH:
                write()
        if batch:
            write()
    except sqlite3.OperationalError as error:
        done.stopped = stopped(error, done)
    except OSError as error:  # reading the file
        done.stopped = f"{path}: cannot read: {error.strerror or error} ({done.added:,} imported)"
    finally:
        snapshot.close()
    done.read, done.seconds = snapshot.size if not done.stopped else done.read, clock() - start
    return done


def stopped(error: sqlite3.Error, done: Imported) -> str:
    """Why an import stopped, and what to do."""
    if "full" in str(error):
        return (
            f"the disk is full: {done.added:,} papers were imported and are kept; "
            "free some space and run the same command again to go on"
        )
    return f"the archive could not be written ({error}); {done.added:,} papers were imported"
