"""Which digest to open, and the memory of digests opened before."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from .models import Digest, Paper
from .parsers import load_digest
from .store import StateStore

RECENT_KEY = "recent"
RECENT_LIMIT = 50


def sample_digest_path() -> Path:
    """The small digest shipped with the package, for a first run."""
    return Path(str(resources.files("reader") / "samples" / "sample-digest.txt"))


def recent_sources(store: StateStore) -> list[dict[str, Any]]:
    """Digests opened before, newest digest first (then most recently opened)."""
    entries = [e for e in store.get_meta(RECENT_KEY, []) if isinstance(e, dict)]
    return sorted(
        entries,
        key=lambda e: (str(e.get("date") or ""), float(e.get("opened") or 0)),
        reverse=True,
    )


def default_source(store: StateStore) -> Path:
    """The newest digest opened before that still exists, else the sample."""
    for entry in recent_sources(store):
        path = Path(str(entry.get("path", "")))
        if path.is_file():
            return path
    return sample_digest_path()


def remember(store: StateStore, digest: Digest) -> None:
    """Record that `digest` was opened, so a bare `reader` opens it next time."""
    path = Path(digest.source)
    if not path.is_file() or path.resolve() == sample_digest_path().resolve():
        return
    resolved = str(path.resolve())
    entries = [e for e in store.get_meta(RECENT_KEY, []) if e.get("path") != resolved]
    entries.append({"path": resolved, "date": digest.date, "opened": time.time()})
    store.set_meta(RECENT_KEY, entries[-RECENT_LIMIT:])


def merge(digests: Sequence[Digest]) -> Digest:
    """One digest from several, in order, each paper once (by id)."""
    if len(digests) == 1:
        return digests[0]
    seen: set[str] = set()
    papers: list[Paper] = []
    for digest in digests:
        for paper in digest.papers:
            if paper.id not in seen:
                seen.add(paper.id)
                papers.append(paper)
    dates = [d.date for d in digests if d.date]
    return Digest(
        source=", ".join(d.source for d in digests),
        papers=tuple(papers),
        date=max(dates) if dates else None,
        title=f"{len(digests)} digests",
    )


def load_sources(paths: Sequence[Path], *, today: date | None = None) -> Digest:
    """Load and merge the digests at `paths`; raises `DigestError`."""
    return merge([load_digest(path, today=today) for path in paths])
