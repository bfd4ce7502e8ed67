"""Opening sources: files, remote specs with their cache, the Inbox, the sample.

Everything here is plain Python, run by the UI in a worker and by the CLI
directly. Results are reported through callbacks so that a cached copy can
be shown at once and replaced when the fresh copy arrives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..dates import utc_today
from ..errors import DigestError, FetchError, StateError
from ..formats.load import BIG, load_digest, peek_digest
from ..models import Digest
from ..state.places import Places
from ..state.store import StateStore
from .identities import link_archived
from .specs import Spec

if TYPE_CHECKING:
    from ..archive.handle import ArchiveHandle
    from ..config import Config
    from .cache import Cached
    from .remote import Fetcher

FALLBACK_DAYS = 7
"""How far back a bare `reader` looks for a day with papers (weekends are empty)."""
DEFAULT_REFRESH_AFTER = 30 * 60.0
FIRST_SCREEN = 200
"""Papers of the Inbox or the library shown before the rest is counted."""
ARCHIVE_FROM = 32 * 1024 * 1024
"""Files opened larger than this go into the archive as they are read, and
are shown from it: their papers, in memory, would take 2-3 times the file."""


def sample_digest_path() -> Path:
    """The small digest shipped with the package, for a first run."""
    # A file beside the modules, as the stylesheet is (importlib.resources
    # costs every start a few milliseconds to say the same for a directory).
    return Path(__file__).resolve().parents[2] / "samples" / "sample-digest.txt"


# --- files opened before --------------------------------------------------------------


def keepable(path: Path) -> bool:
    """False for a file not to keep as opened: the sample, a digest piped in."""
    if not path.exists() or path.resolve() == sample_digest_path().resolve():
        return False
    return not path.parent.name.startswith("reader-stdin-")  # its file goes when reader ends


def remember(store: StateStore, digest: Digest) -> bool:
    """Record that a digest file was opened, for the offline fallback; False
    for a file not to keep (`keepable`)."""
    path = Path(digest.source)
    if not keepable(path):
        return False
    Places(store).opened_file(path, digest.date)
    return True


# --- opening specs -------------------------------------------------------------------------


class Opened(msgspec.Struct, frozen=True):
    """A digest ready to show, and what the user should be told about it."""

    digest: Digest
    notices: tuple[str, ...] = ()
    final: bool = True
    """False for a cached copy that is being refreshed in the background."""
    spec: Spec | None = None
    """The spec actually shown (a bare `reader` may fall back to an earlier day)."""
    added: int = 0
    """Papers fetched that were new to the archive."""
    partial: bool = False
    """The first papers of many, shown while the rest are read: the counts are
    not known yet."""


class Opener(msgspec.Struct):
    """Opens specs with cache-first display, background refresh and fallbacks."""

    store: StateStore
    fetcher: Fetcher | None = None
    """Made on first use: importing the HTTP client is not free at startup."""
    today: date | None = None
    """Reference day for yearless dates in pasted pages."""
    refresh_after: float = DEFAULT_REFRESH_AFTER
    config: Config | None = None
    """Limits for fetches (deadline, size); the defaults when None."""
    remember_files: bool = True
    """Whether opened files join the Inbox, For you and exports: opening in the
    app, yes; listing by script (`reader list`), no."""
    whole_mailboxes: bool = False
    """Whether an mbox or Maildir opens as all its digests at once (`reader list`,
    `export`), or as one digest a day that `[` and `]` step through (the app)."""
    archive: ArchiveHandle | None = None
    """Where every digest fetched or opened is kept, and the Inbox and the
    library read from: the default place when first needed, if None."""
    archive_from: int = ARCHIVE_FROM
    """Files opened larger than this (bytes) go into the archive as they are
    read, and are shown from it (`_keep_file`)."""
    filed: list[tuple[Spec, Digest]] = msgspec.field(default_factory=list)
    """Files opened whose papers are not yet in the archive (`file_away`):
    a large one takes seconds, after it is shown."""

    def keep(self) -> ArchiveHandle:
        """The archive handle, made for the default place on first use."""
        if self.archive is None:
            from ..archive.handle import default_handle

            self.archive = default_handle()
        return self.archive

    def file_away(self) -> None:
        """Put the files opened into the archive, and index what came (in a worker)."""
        handle = self.keep()
        while self.filed:
            spec, digest = self.filed.pop(0)
            handle.add(spec, digest, "opened", self.today)
        handle.catch_up()

    def http(self) -> Fetcher:
        if self.fetcher is None:
            from .remote import fetcher_for

            self.fetcher = fetcher_for(self.config)
        return self.fetcher

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()
        if self.archive is not None:
            self.archive.close()

    def open_file(
        self,
        spec: Spec,
        emit: Callable[[Opened], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Opened:
        from ..formats.sniff import kind_of

        if kind_of(spec.path) is not None and not self.whole_mailboxes:  # one digest a day
            from ..formats.mailbox import load_entry

            digest, key = load_entry(spec.path, spec.part or None)
            shown = Spec("file", spec.value, part=key)
            if self.remember_files and remember(
                self.store, msgspec.structs.replace(digest, source=str(spec.path))
            ):
                self.filed.append((shown, digest))
            return Opened(digest, digest.notices, spec=shown)

        def first(partial: Digest) -> None:
            if emit is not None:
                emit(Opened(partial, final=False, spec=spec, partial=True))

        if self.remember_files and _size(spec.path) > self.archive_from:
            kept = self._keep_file(spec, first if emit else None, progress)
            if kept is not None:
                return kept
        digest = load_digest(spec.path, today=self.today, first=first if emit else None)
        if self.remember_files and remember(self.store, digest):
            self.filed.append((spec, digest))
        return Opened(digest, digest.notices, spec=spec)

    def _keep_file(
        self,
        spec: Spec,
        first: Callable[[Digest], None] | None,
        progress: Callable[[int], None] | None,
    ) -> Opened | None:
        """A large file opened: into the archive a piece at a time, and shown
        from there (`ArchiveHandle.add_file`). None when it cannot be read so,
        or the archive cannot take it: it is then read into memory, as a
        small one is, and filed away later (or the archive's error told)."""
        import sqlite3

        if not keepable(spec.path):
            return None
        try:
            digest = self.keep().add_file(spec, self.today, first, progress)
        except (StateError, sqlite3.Error, OSError):
            return None  # the in-memory way, whose filing away says what failed
        if digest is None:
            return None
        remember(self.store, digest)
        return Opened(digest, spec=spec)

    def preview(self, specs: Sequence[Spec]) -> Opened | None:
        """Something to show at once, before the app starts; None if it would take long.

        A small file is read whole (final); a large one gives its first papers;
        a remote source gives its cached copy. The background load does the rest.
        A file that cannot be read raises `DigestError` here, before any screen.
        """
        for spec in specs:
            if spec.kind == "file" and len(specs) > 1:
                self.open_file(spec)  # only to refuse a bad one now; the worker opens them all
        if len(specs) != 1:
            return None
        spec = specs[0]
        if spec.kind in ("inbox", "library"):  # the first screen; the worker counts the rest
            first = self.keep().view(spec.kind, self.store.read_ids, limit=FIRST_SCREEN)
            return Opened(first, final=False, spec=spec, partial=True)
        if spec.kind == "file":
            from ..formats.sniff import kind_of

            if kind_of(spec.path) is not None and not spec.part:
                from ..formats.mailbox import newest_quick

                newest = newest_quick(spec.path)  # the rest is read in the worker
                return Opened(newest, final=False, spec=spec) if newest else None
            try:
                size = spec.path.stat().st_size
            except OSError as error:
                raise DigestError(spec.value, None, f"cannot read: {error.strerror}") from None
            partial = peek_digest(spec.path) if size > BIG else None
            if partial is None:  # small, or not a JSON array: read whole, naming any problem
                return self.open_file(spec)
            return Opened(partial, final=False, spec=spec, partial=True)
        if spec.is_remote and not spec.implicit:
            from .cache import read_cache

            cached = read_cache(spec.text)
            if cached is not None:
                fresh = cached.age < self.refresh_after
                return Opened(cached.digest, final=fresh, spec=spec)
        return None

    def open_remote(
        self,
        spec: Spec,
        emit: Callable[[Opened], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Opened:
        """Cached copy first (through `emit`), then a fresh one if it is stale."""
        from .cache import read_cache

        cached = read_cache(spec.text)
        if cached is not None:
            if cached.age < self.refresh_after:
                return Opened(cached.digest, spec=spec)
            if emit is not None:
                emit(Opened(cached.digest, final=False, spec=spec))
        try:
            digest = self.http().fetch(spec, progress)
        except FetchError as error:
            if cached is None:
                raise
            return Opened(cached.digest, (offline_notice(cached, error),), spec=spec)
        return self.keep_fetched(spec, digest, cached)

    def keep_fetched(self, spec: Spec, digest: Digest, cached: Cached | None) -> Opened:
        """Cache a freshly fetched digest and keep it in the archive, unless it
        is empty where the copy had papers.

        An empty answer for a day or listing that had papers is a glitch, not news:
        papers are not withdrawn from a day. The copy is kept, and the user told.
        """
        from .cache import write_cache

        if not digest.papers and cached is not None and cached.digest.papers:
            notice = (
                f"{spec.text}: the server answered with no papers; "
                f"keeping the copy from {cached.when} ({len(cached.digest.papers)} papers)."
            )
            return Opened(cached.digest, (notice,), spec=spec)
        write_cache(spec.text, digest)
        added = self.keep().add(spec, digest, "fetched", self.today) if digest.papers else 0
        if spec.kind == "arxiv":  # the day it is, which [ and ] step from
            from ..archive.handle import key_of

            spec = msgspec.structs.replace(spec, part=key_of(spec, digest, self.today)[1])
        return Opened(digest, spec=spec, added=added)

    def open_view(self, spec: Spec, emit: Callable[[Opened], None] | None = None) -> Opened:
        """The Inbox or the library, from the archive: its first screen through
        `emit` at once, then every paper (their columns: papers are decoded
        as they are shown)."""
        handle = self.keep()
        read = self.store.read_ids
        if emit is not None:
            first = handle.view(spec.kind, read, limit=FIRST_SCREEN)
            emit(Opened(first, final=False, spec=spec, partial=True))
        digest = handle.view(spec.kind, read)
        link_archived(self.store, digest.papers)
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
        from .cache import all_cached

        for cached in all_cached():
            if cached.digest.papers:
                return Opened(
                    cached.digest, (offline_notice(cached, error),), spec=_spec_of(cached)
                )
        for entry in Places(self.store).recent():
            path = Path(entry.path)
            if path.is_file():
                try:
                    opened = self.open_file(Spec("file", str(path)))
                except DigestError:
                    continue
                notice = f"Offline: the last digest you opened ({error.message})."
                return Opened(opened.digest, (notice,), spec=opened.spec)
        sample = Spec("file", str(sample_digest_path()))
        notice = (
            "Offline: the sample digest that comes with reader, as nothing is cached yet "
            f"({error.message})."
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
            return self.open_file(spec, emit, progress)
        if spec.kind in ("inbox", "library"):
            return self.open_view(spec, emit)
        if spec.kind == "arxiv" and spec.part:  # a day the archive keeps
            kept = self.keep().arxiv_day(spec)
            if kept is None:
                raise FetchError(spec.text, f"the archive holds no listing of {spec.part}")
            return Opened(kept, spec=spec)
        if spec.implicit:
            return self.open_default(date.fromisoformat(spec.value), emit, progress)
        return self.open_remote(spec, emit, progress)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it says why


def offline_notice(cached: Cached, error: FetchError) -> str:
    return f"Offline, showing copy from {cached.when} ({error.message})."


def _spec_of(cached: Cached) -> Spec | None:
    from ..errors import SpecError
    from .specs import parse_spec

    try:
        return parse_spec(cached.spec)
    except SpecError:
        return None
