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
from ..errors import DigestError, FetchError
from ..formats.load import BIG, load_digest, peek_digest
from ..models import Digest, Paper, merge
from ..state.places import Places
from ..state.store import StateStore
from .specs import Spec

if TYPE_CHECKING:
    from ..config import Config
    from .cache import Cached
    from .remote import Fetcher

FALLBACK_DAYS = 7
"""How far back a bare `reader` looks for a day with papers (weekends are empty)."""
DEFAULT_REFRESH_AFTER = 30 * 60.0


def sample_digest_path() -> Path:
    """The small digest shipped with the package, for a first run."""
    # A file beside the modules, as the stylesheet is (importlib.resources
    # costs every start a few milliseconds to say the same for a directory).
    return Path(__file__).resolve().parents[2] / "samples" / "sample-digest.txt"


# --- files opened before --------------------------------------------------------------


def remember(store: StateStore, digest: Digest) -> None:
    """Record that a digest file was opened, for the offline fallback and the Inbox."""
    path = Path(digest.source)
    if not path.exists() or path.resolve() == sample_digest_path().resolve():
        return
    if path.parent.name.startswith("reader-stdin-"):
        return  # a digest piped in: its file goes when reader ends
    Places(store).opened_file(path, digest.date)


# --- merging ---------------------------------------------------------------------------


def link_identities(store: StateStore, papers: Sequence[Paper]) -> None:
    """Let state made under a paper's title id follow it to its arXiv id.

    Only title ids that carry state need linking now, so a large digest costs
    nothing when none do. (Marks made on an arXiv-id paper are linked when
    they are made, so that a pasted copy of the page shows them too.)
    """
    titled = store.title_ids()
    if not titled:
        return
    store.link(
        (alt, p.id) for p in papers if not p.id.startswith("t:") and (alt := p.alt_id) in titled
    )


def library(store: StateStore, *, today: date | None = None) -> Digest:
    """Every paper reader knows: all cached digests and remembered files, each once."""
    from .cache import all_cached

    digests = [c.digest for c in all_cached()]
    for entry in Places(store).recent():
        path = Path(entry.path)
        if path.is_file() or path.is_dir():  # a Maildir is a folder
            try:
                digests.append(load_digest(path, today=today))
            except DigestError:
                continue
    if not digests:
        return Digest(source="library", papers=(), title="Library")
    merged = merge(digests)
    link_identities(store, merged.papers)
    return merged


def inbox(store: StateStore, *, today: date | None = None) -> Digest:
    """Unread papers from every cached digest and remembered file, newest first."""
    merged = library(store, today=today)
    unread = [p for p in merged.papers if not store.is_read(p.id)]
    unread.sort(key=lambda p: p.published or "", reverse=True)
    return Digest(source="inbox", papers=tuple(unread), title="Inbox")


# --- opening specs -------------------------------------------------------------------------


class Opened(msgspec.Struct, frozen=True):
    """A digest ready to show, and what the user should be told about it."""

    digest: Digest
    notices: tuple[str, ...] = ()
    final: bool = True
    """False for a cached copy that is being refreshed in the background."""
    spec: Spec | None = None
    """The spec actually shown (a bare `reader` may fall back to an earlier day)."""


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

    def http(self) -> Fetcher:
        if self.fetcher is None:
            from .remote import fetcher_for

            self.fetcher = fetcher_for(self.config)
        return self.fetcher

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()

    def open_file(self, spec: Spec, emit: Callable[[Opened], None] | None = None) -> Opened:
        from ..formats.sniff import kind_of

        if kind_of(spec.path) is not None and not self.whole_mailboxes:  # one digest a day
            from ..formats.mailbox import load_entry

            digest, key = load_entry(spec.path, spec.part or None)
            if self.remember_files:
                remember(self.store, msgspec.structs.replace(digest, source=str(spec.path)))
            shown = Spec("file", spec.value, part=key)
            return Opened(digest, digest.notices, spec=shown)

        def first(partial: Digest) -> None:
            if emit is not None:
                emit(Opened(partial, final=False, spec=spec))

        digest = load_digest(spec.path, today=self.today, first=first if emit else None)
        if self.remember_files:
            remember(self.store, digest)
        return Opened(digest, digest.notices, spec=spec)

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
            return Opened(partial, final=False, spec=spec)
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
        return keep_fetched(spec, digest, cached)

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
            return self.open_file(spec, emit)
        if spec.kind == "inbox":
            return Opened(inbox(self.store, today=self.today), spec=spec)
        if spec.implicit:
            return self.open_default(date.fromisoformat(spec.value), emit, progress)
        return self.open_remote(spec, emit, progress)


def keep_fetched(spec: Spec, digest: Digest, cached: Cached | None) -> Opened:
    """Cache a freshly fetched digest, unless it is empty where the copy had papers.

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
    return Opened(digest, spec=spec)


def offline_notice(cached: Cached, error: FetchError) -> str:
    return f"Offline, showing copy from {cached.when} ({error.message})."


def _spec_of(cached: Cached) -> Spec | None:
    from ..errors import SpecError
    from .specs import parse_spec

    try:
        return parse_spec(cached.spec)
    except SpecError:
        return None
