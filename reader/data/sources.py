"""Opening sources: files, remote specs with their cache, the Inbox, the sample.

Everything here is plain Python, run by the UI in a worker and by the CLI
directly. Results are reported through callbacks so that a cached copy can
be shown at once and replaced when the fresh copy arrives.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from .cache import Cached, all_cached, read_cache, write_cache
from .models import Digest, Paper
from .parsers import DigestError, load_digest
from .remote import Fetcher, FetchError
from .specs import Spec, utc_today
from .store import StateStore

RECENT_KEY = "recent"
RECENT_LIMIT = 50
FALLBACK_DAYS = 7
"""How far back a bare `reader` looks for a day with papers (weekends are empty)."""
DEFAULT_REFRESH_AFTER = 30 * 60.0


def sample_digest_path() -> Path:
    """The small digest shipped with the package, for a first run."""
    return Path(str(resources.files("reader") / "samples" / "sample-digest.txt"))


# --- files opened before --------------------------------------------------------------


def recent_sources(store: StateStore) -> list[dict[str, Any]]:
    """Files opened before, newest digest first (then most recently opened)."""
    entries = [e for e in store.get_meta(RECENT_KEY, []) if isinstance(e, dict)]
    return sorted(
        entries,
        key=lambda e: (str(e.get("date") or ""), float(e.get("opened") or 0)),
        reverse=True,
    )


def remember(store: StateStore, digest: Digest) -> None:
    """Record that a digest file was opened, for the offline fallback and the Inbox."""
    path = Path(digest.source)
    if not path.is_file() or path.resolve() == sample_digest_path().resolve():
        return
    resolved = str(path.resolve())
    entries = [e for e in store.get_meta(RECENT_KEY, []) if e.get("path") != resolved]
    entries.append({"path": resolved, "date": digest.date, "opened": time.time()})
    store.set_meta(RECENT_KEY, entries[-RECENT_LIMIT:])


# --- merging ---------------------------------------------------------------------------


def merge(digests: Sequence[Digest]) -> Digest:
    """One digest from several, in order, each paper once (by id)."""
    if len(digests) == 1:
        return digests[0]
    seen: set[str] = set()
    papers: list[Paper] = []
    for digest in digests:
        for paper in digest.papers:
            keys = {paper.id, paper.alt_id} - {None}
            if not keys & seen:
                seen.update(k for k in keys if k)
                papers.append(paper)
    dates = [d.date for d in digests if d.date]
    return Digest(
        source=", ".join(d.source for d in digests),
        papers=tuple(papers),
        date=max(dates) if dates else None,
        title=" + ".join(d.title or d.source for d in digests),
    )


def library(store: StateStore, *, today: date | None = None) -> Digest:
    """Every paper reader knows: all cached digests and remembered files, each once."""
    digests = [c.digest for c in all_cached()]
    for entry in recent_sources(store):
        path = Path(str(entry.get("path", "")))
        if path.is_file():
            try:
                digests.append(load_digest(path, today=today))
            except DigestError:
                continue
    if not digests:
        return Digest(source="library", papers=(), title="Library")
    merged = merge(digests)
    store.link((p.alt_id, p.id) for p in merged.papers if p.alt_id)
    return merged


def inbox(store: StateStore, *, today: date | None = None) -> Digest:
    """Unread papers from every cached digest and remembered file, newest first."""
    merged = library(store, today=today)
    unread = [p for p in merged.papers if not store.is_read(p.id)]
    unread.sort(key=lambda p: p.published or "", reverse=True)
    return Digest(source="inbox", papers=tuple(unread), title="Inbox")


# --- opening specs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Opened:
    """A digest ready to show, and what the user should be told about it."""

    digest: Digest
    notices: tuple[str, ...] = ()
    final: bool = True
    """False for a cached copy that is being refreshed in the background."""
    spec: Spec | None = None
    """The spec actually shown (a bare `reader` may fall back to an earlier day)."""


@dataclass
class Opener:
    """Opens specs with cache-first display, background refresh and fallbacks."""

    store: StateStore
    fetcher: Fetcher = field(default_factory=Fetcher)
    today: date | None = None
    """Reference day for yearless dates in pasted pages."""
    refresh_after: float = DEFAULT_REFRESH_AFTER

    def open_file(self, spec: Spec) -> Opened:
        digest = load_digest(spec.path, today=self.today)
        remember(self.store, digest)
        return Opened(digest, spec=spec)

    def open_remote(
        self,
        spec: Spec,
        emit: Callable[[Opened], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Opened:
        """Cached copy first (through `emit`), then a fresh one if it is stale."""
        cached = read_cache(spec.text)
        if cached is not None:
            if cached.age < self.refresh_after:
                return Opened(cached.digest, spec=spec)
            if emit is not None:
                emit(Opened(cached.digest, final=False, spec=spec))
        try:
            digest = self.fetcher.fetch(spec, progress)
        except FetchError as error:
            if cached is None:
                raise
            return Opened(cached.digest, (offline_notice(cached, error),), spec=spec)
        write_cache(spec.text, digest)
        return Opened(digest, spec=spec)

    def open_default(
        self,
        start: date | None = None,
        emit: Callable[[Opened], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Opened:
        """A bare `reader`: today's Daily Papers, else an earlier day, else the cache."""
        day = start or utc_today()
        skipped: list[str] = []
        for back in range(FALLBACK_DAYS + 1):
            spec = Spec("hf", (day - timedelta(days=back)).isoformat(), "day")
            try:
                opened = self.open_remote(spec, emit if back == 0 else None, progress)
            except FetchError as error:
                if error.offline:
                    return self._offline_default(error)
                skipped.append(spec.value)  # e.g. a 400 for a day not yet published
                continue
            if opened.digest.papers:
                notices = list(opened.notices)
                if skipped:
                    notices.append(f"No papers yet for {', '.join(skipped)}; showing {spec.label}.")
                return Opened(opened.digest, tuple(notices), spec=spec)
            skipped.append(spec.value)
        return Opened(
            Digest(source="hf", papers=(), title="Daily Papers"),
            (f"No Daily Papers in the last {FALLBACK_DAYS + 1} days.",),
        )

    def _offline_default(self, error: FetchError) -> Opened:
        for cached in all_cached():
            if cached.digest.papers:
                return Opened(
                    cached.digest, (offline_notice(cached, error),), spec=_spec_of(cached)
                )
        for entry in recent_sources(self.store):
            path = Path(str(entry.get("path", "")))
            if path.is_file():
                try:
                    opened = self.open_file(Spec("file", str(path)))
                except DigestError:
                    continue
                notice = f"Offline ({error.message}); showing the last digest you opened."
                return Opened(opened.digest, (notice,), spec=opened.spec)
        sample = Spec("file", str(sample_digest_path()))
        notice = (
            f"Offline ({error.message}) and nothing is cached yet: "
            "showing the sample digest that comes with reader."
        )
        return Opened(load_digest(sample.path, today=self.today), (notice,), spec=sample)

    def open(
        self,
        spec: Spec,
        emit: Callable[[Opened], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Opened:
        """Open any spec; raises `DigestError` or `FetchError` when nothing can be shown."""
        if spec.kind == "file":
            return self.open_file(spec)
        if spec.kind == "inbox":
            return Opened(inbox(self.store, today=self.today), spec=spec)
        if spec.implicit:
            return self.open_default(date.fromisoformat(spec.value), emit, progress)
        return self.open_remote(spec, emit, progress)


def offline_notice(cached: Cached, error: FetchError) -> str:
    return f"Offline, showing copy from {cached.when} ({error.message})."


def _spec_of(cached: Cached) -> Spec | None:
    from .specs import SpecError, parse_spec

    try:
        return parse_spec(cached.spec)
    except SpecError:
        return None
