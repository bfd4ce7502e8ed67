"""The archive as a process uses it: opened when first needed (a start that
shows one file never opens it), filled as digests are fetched and opened,
its index kept up, and filled once from what reader kept before it had one.

Which digest a sighting is: a source and a day (`key_of`). Daily Papers are
one source, `hf`, a digest a day (weeks and months are their own sources); an
arXiv listing is its spec (`arxiv:cs.LG+stat.ML`), a digest per announcement
day, so that yesterday's stays when today's arrives; an arXiv search is its
spec, a digest per day it was fetched; a file is `file:` and its resolved
path, a digest per day it states (a mailbox: per mail).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Set
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ..dates import utc_today
from ..models import Digest, Paper
from ..sources.specs import Spec
from ..state.marks import Marks
from .store import Archive, Kind

if TYPE_CHECKING:
    from .index import ArchiveIndex

Progress = Callable[[int, int, str], None]
"""(done, in all, what): how far a long step has come."""
MIGRATED = "migrated"
"""The archive's meta key saying the cache and the files opened before are in."""


def key_of(spec: Spec, digest: Digest, today: date | None = None) -> tuple[str, str]:
    """The archive's source and day for a digest opened from `spec`."""
    day = digest.date or (today or utc_today()).isoformat()
    if spec.kind == "hf":
        return ("hf" if spec.period == "day" else f"hf:{spec.period}", spec.value)
    if spec.kind == "arxiv":
        return spec.text, spec.part or day
    if spec.kind == "arxiv-query":
        return spec.text, day
    place = str(spec.path.resolve())
    return f"file:{place}", spec.part or digest.date or ""


def default_handle() -> ArchiveHandle:
    """The archive at its place (`READER_ARCHIVE`, else the data directory)."""
    from ..locations import archive_file, archive_index

    path = archive_file()
    return ArchiveHandle(path, archive_index(path))


class ArchiveHandle:
    """The archive file and its word index, opened when first used; shared by
    a process's threads."""

    def __init__(self, path: Path, index: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.index_folder = index
        self.clock = clock
        self._archive: Archive | None = None
        self._index: ArchiveIndex | None = None
        self._opening = threading.Lock()
        self.notice: str | None = None
        """What had to be done to open it (a damaged file set aside)."""

    @property
    def archive(self) -> Archive:
        """The archive, opened on first use. Raises StateError."""
        with self._opening:
            if self._archive is None:
                self._archive = Archive(self.path, clock=self.clock)
                self.notice = self._archive.notice
            return self._archive

    @property
    def index(self) -> ArchiveIndex:
        """The word index, for the archive open now (a new archive, a new index)."""
        archive = self.archive
        with self._opening:
            if self._index is None:
                from .index import ArchiveIndex  # numpy and the query engine: not at startup

                self._index = ArchiveIndex(self.index_folder, archive.identity)
            return self._index

    def add(self, spec: Spec, digest: Digest, kind: Kind, today: date | None = None) -> int:
        """Keep a digest fetched or opened (its papers, in order); how many of
        its papers were new to the archive."""
        from .writing import add_digest

        source, day = key_of(spec, digest, today)
        return add_digest(self.archive, source, day, digest, kind=kind)

    def add_file(
        self,
        spec: Spec,
        today: date | None = None,
        first: Callable[[Digest], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Digest | None:
        """Keep a large JSON file opened, read a piece at a time straight into
        the archive, and give it back as a view of the archive, in its order:
        neither its bytes nor its papers are ever in memory whole (a
        100,000-paper file: 600 MB otherwise). None, keeping nothing, when it
        cannot be read so (`load_digest` reads it, and names any problem).
        `first` sees the first papers, while the rest are read; `progress`
        hears how many are in so far. A file unchanged since it was last kept
        (its size and time) is not read again: the archive has it."""
        from ..formats.load import stream_digest
        from .packing import pack
        from .writing import Unfinished, add_pieces

        shell = Digest(source=str(spec.path), papers=())
        source, day = key_of(spec, shell, today)
        archive = self.archive
        facts = spec.path.stat()
        stamp, stamp_key = f"{facts.st_size}:{facts.st_mtime_ns}", f"file read:{source}#{day}"
        if archive.get_meta(stamp_key) == stamp:
            kept = self._listing(source, day, shell.source)
            if kept is not None:
                return kept

        def feed(keep: Callable[[list[Paper]], None]) -> bool:
            done = 0

            def kept(piece: list[Paper]) -> None:
                nonlocal done
                keep(piece)
                if first is not None and not done:
                    first(Digest(source=shell.source, papers=tuple(piece)))
                done += len(piece)
                if progress is not None:
                    progress(done)

            return stream_digest(spec.path, kept)

        try:
            add_pieces(archive, source, day, shell, feed, "opened", pack)
        except Unfinished:
            return None
        archive.set_meta(stamp_key, stamp)
        return self._listing(source, day, shell.source)

    def _listing(self, source: str, day: str, shown: str) -> Digest | None:
        """A digest the archive keeps, as a view in its order, named `shown`;
        None if it has none (or none of its papers are left)."""
        from . import views

        number = self.archive.digest_number(source, day)
        if number is None:
            return None
        papers = views.listed(self.archive, number, self.index)
        if not len(papers):
            return None
        papers.id_set()  # here, in the worker that opens it
        return Digest(source=shown, papers=papers)

    def shelve(self, digest: Digest) -> int:
        """Keep a digest's papers in the library only: a file listed, not
        opened (`reader list`), whose papers are not news for the Inbox."""
        from .writing import import_papers

        return import_papers(self.archive, digest.papers)

    def catch_up(self, progress: Progress | None = None) -> None:
        """Index the papers that arrived since the index last grew."""

        def told(done: int, total: int) -> None:
            if progress is not None:
                progress(done, total, "indexing")

        self.index.catch_up(self.archive, told)

    # --- what is read from it ------------------------------------------------------

    def view(self, kind: str, read: Set[str], limit: int | None = None) -> Digest:
        """The Inbox (the unread papers of every digest fetched or opened) or the
        library (every paper), newest first: papers decoded as they are read."""
        from . import views

        archive, index = self.archive, self.index
        if kind == "inbox":
            papers = views.inbox(archive, read, index, limit)
        else:
            papers = views.library(archive, index, limit)
        papers.id_set()  # here, in the worker that opens it: a million take 100 ms
        return Digest(kind, papers, title=kind.capitalize())

    def arxiv_day(self, spec: Spec) -> Digest | None:
        """The listing of `spec` on its day (`spec.part`) as the archive keeps it."""
        return self.archive.digest(spec.text, spec.part)

    def arxiv_step(self, spec: Spec, delta: int) -> Spec | None:
        """The listing's day before or after the one of `spec` that the archive
        holds; None if there is none."""
        days = self.archive.days(spec.text)
        if not days:
            return None
        here = spec.part or days[-1]
        if delta < 0:
            earlier = [d for d in days if d < here]
            return msgspec.structs.replace(spec, part=earlier[-1]) if earlier else None
        later = [d for d in days if d > here]
        return msgspec.structs.replace(spec, part=later[0]) if later else None

    def marked(self, marks: Marks, which: str = "any") -> list[Paper]:
        """The papers of the ids with state (`which`: "starred", "read", or
        "any" mark, tag or note), newest first: what exports and For you read
        after their digests' files and cache entries are gone."""
        if which == "starred":
            ids: Iterable[str] = marks.starred_ids
        elif which == "read":
            ids = marks.read_ids
        else:
            ids = marks.ids()
        papers = self.archive.by_ids(ids)
        papers.sort(key=lambda p: p.published or "", reverse=True)
        return papers

    def corpus(self, marks: Marks) -> list[Paper]:
        """What For you learns from: the papers starred and read, and a sample
        of the others (the unlabelled it weighs lightly), never the whole archive."""
        from ..reading.rank import NEGATIVE_SAMPLE

        known = self.archive.by_ids([*marks.starred_ids, *marks.read_ids])
        return known + self.archive.sample(2 * NEGATIVE_SAMPLE)

    def needs_migration(self) -> bool:
        return self.archive.get_meta(MIGRATED) is None

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
