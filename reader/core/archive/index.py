"""The archive's word index: the filter's postings (`query.postings`), kept on
disk beside the archive and grown as papers arrive, never rebuilt when a
view opens.

Positions are the archive's rows (never reused). Each segment of 8,192 rows
is one file, memory-mapped when read; the last, partial segment is built
again when papers join it. The vocabulary is one file of tokens; a manifest
names the files of each generation, and is replaced last, atomically: a
process killed while it grows the index leaves the previous one whole (and
the next catch-up builds what is missing). Only one process grows the index
at a time (a file lock); readers take the manifest they find.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

import msgspec
import orjson

from ..models import Paper
from ..query.building import Builder, offsets_of
from ..query.index import Words
from ..query.postings import SEGMENT, Postings, Segment
from ..state.storage import atomic_write
from .packing import unpack

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .store import Archive

_HEADER = 4  # int64s: tokens, starts, owners, letters
KEPT_MAPPED = 160 * 1024 * 1024
"""An index on disk up to this size keeps the pages it has read (a year of
Daily Papers: 77 MB); a larger one (a million papers: 670 MB) lets go of
them after each look-up, so that they do not stay in the process's memory."""


class Manifest(msgspec.Struct):
    archive: str = ""
    """The identity of the archive file indexed (`Archive.identity`)."""
    rows: int = 0
    """Rows indexed: positions `[0, rows)`."""
    tokens: int = 0
    generation: int = 0
    files: list[str] = msgspec.field(default_factory=list)
    """A file per segment, in order."""
    vocabulary: str = ""


class ArchiveIndex(Words):
    """Substring search over every paper of the archive (thread-safe)."""

    def __init__(self, folder: Path, archive: str) -> None:
        super().__init__()
        self.folder = folder
        self.archive = archive
        """The identity of the archive file this index is for: the index of
        another (an archive set aside, a new one made) is not read."""
        self._postings: Postings | None = None
        self._manifest = Manifest()
        self._reading = threading.Lock()

    def postings(self) -> Postings | None:
        return self._postings

    @property
    def rows(self) -> int:
        """Positions answered: every row below this is indexed."""
        return self._manifest.rows

    def load(self) -> None:
        """Read the manifest and map its files (cheap: the postings are read as
        words are looked up). Files another process has just replaced are
        found again through its new manifest."""
        for attempt in range(3):
            manifest = self._read_manifest()
            with self._reading:
                if manifest.generation == self._manifest.generation and self._postings is not None:
                    return
                try:
                    self._postings = self._mapped(manifest)
                except FileNotFoundError:
                    if attempt == 2:
                        raise
                    continue
                self._manifest = manifest
                return

    def _mapped(self, manifest: Manifest) -> Postings:
        import numpy as np

        vocabulary, offsets = "", np.zeros(1, dtype=np.int64)
        if manifest.vocabulary:
            vocabulary = (self.folder / manifest.vocabulary).read_text(encoding="utf-8")
            kept = self.folder / _offsets_name(manifest)
            if kept.exists():
                offsets = np.memmap(kept, dtype=np.int64, mode="r")
            else:  # an index from before they were kept
                offsets = offsets_of(vocabulary)
        paths = [self.folder / name for name in manifest.files]
        # A small index's pages are kept once read: letting go of them after each
        # look-up made the next one fault them in again (0.6 ms of a keystroke's 2
        # at 100,000 papers). A large one's would keep hundreds of MB resident.
        let_go = sum(path.stat().st_size for path in paths) > KEPT_MAPPED
        segments = [_map(path, number * SEGMENT, let_go) for number, path in enumerate(paths)]
        return Postings(vocabulary, offsets, segments, manifest.rows)

    def _read_manifest(self) -> Manifest:
        """The manifest, or an empty one if there is none for this archive."""
        try:
            found = msgspec.json.decode((self.folder / "manifest.json").read_bytes(), type=Manifest)
        except (FileNotFoundError, msgspec.DecodeError):
            return Manifest(self.archive)
        if found.archive != self.archive:  # generations go on: no file name is used twice
            return Manifest(self.archive, generation=found.generation)
        return found

    def behind(self, archive: Archive) -> int:
        """How many rows the archive has that the index has not taken in."""
        return max(0, archive.last_row() + 1 - max(1, self._read_manifest().rows))  # no row 0

    def catch_up(
        self, archive: Archive, progress: Callable[[int, int], None] | None = None
    ) -> bool:
        """Index the archive's rows that are not yet (in a worker: about 10 s per
        100,000 papers); True if it grew. `progress` hears (rows done, rows in all)."""
        from filelock import FileLock

        self.folder.mkdir(parents=True, exist_ok=True)
        with FileLock(self.folder / "lock"):
            manifest = self._read_manifest()
            last = archive.last_row()
            if last < manifest.rows:
                self._reload()
                return False
            builder = Builder(_tokens(self.folder, manifest))
            files = list(manifest.files)
            generation = manifest.generation + 1
            first = manifest.rows // SEGMENT
            for number in range(first, last // SEGMENT + 1):
                base = number * SEGMENT
                papers = _Stored(archive, base, min(SEGMENT, last + 1 - base))
                name = f"segment-{number:06d}-{generation}.bin"
                _write(self.folder / name, builder.segment(base, papers))
                files[number:] = [name]
                if progress is not None:
                    progress(min(base + SEGMENT, last + 1), last + 1)
            tokens = builder.new_tokens()
            vocabulary = manifest.vocabulary
            if tokens:
                vocabulary = f"vocabulary-{generation}.txt"
                text = _vocabulary_text(self.folder, manifest) + "".join(t + "\n" for t in tokens)
                atomic_write(self.folder / vocabulary, text.encode())
                offsets = f"offsets-{generation}.bin"
                atomic_write(self.folder / offsets, offsets_of(text).tobytes())
            new = Manifest(
                self.archive, last + 1, manifest.tokens + len(tokens), generation, files, vocabulary
            )
            atomic_write(self.folder / "manifest.json", orjson.dumps(msgspec.to_builtins(new)))
            _remove_unlisted(self.folder, new)
        self._reload()
        return True

    def _reload(self) -> None:
        """Read the index again if this process reads it: a file opened in the
        app, which searches its own index, leaves the archive's unread (its
        vocabulary alone is 20 MB at 100,000 papers)."""
        if self._postings is not None:
            self.load()


class _Stored(Sequence[Paper | None]):
    """The papers at `count` rows from `base` (None: no paper there), read and
    decoded a slice at a time as the builder takes them: a whole segment
    decoded at once held 60 MB at its peak."""

    def __init__(self, archive: Archive, base: int, count: int) -> None:
        self._archive, self._base, self._count = archive, base, count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Paper | None: ...
    @overload
    def __getitem__(self, index: slice) -> list[Paper | None]: ...
    def __getitem__(self, index: int | slice) -> Paper | None | list[Paper | None]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self._count)
        first = self._base + start
        papers: list[Paper | None] = [None] * max(0, stop - start)
        for row, data in self._archive.rows_between(first, self._base + stop - 1):
            papers[row - first] = unpack(data)
        return papers


def _offsets_name(manifest: Manifest) -> str:
    """Where each token of the manifest's vocabulary begins (`offsets_of`), kept
    beside it: worked out at every load, it cost 80 MB for a moment."""
    return manifest.vocabulary.replace("vocabulary-", "offsets-").replace(".txt", ".bin")


def _vocabulary_text(folder: Path, manifest: Manifest) -> str:
    if not manifest.vocabulary:
        return ""
    text = (folder / manifest.vocabulary).read_text(encoding="utf-8")
    return text


def _tokens(folder: Path, manifest: Manifest) -> list[str]:
    return _vocabulary_text(folder, manifest).split("\n")[: manifest.tokens]


def _write(path: Path, segment: Segment) -> None:
    """A segment as one file: a header of lengths, then each array."""
    import numpy as np

    # A segment of no text (rows of papers pruned, or never given) keeps no
    # letters: its bitmaps would be 2 MB of zeros.
    letters = segment.letters.reshape(-1) if len(segment.tokens) else segment.letters[:, :0]
    arrays: list[NDArray[np.generic]] = [
        segment.tokens,
        segment.starts,
        segment.owners,
        letters.reshape(-1),
    ]
    header = np.array([len(a) for a in arrays], dtype=np.int64)
    parts = [header.tobytes()]
    for array in arrays:
        data = array.tobytes()
        parts.append(data + b"\0" * (-len(data) % 8))  # each array starts 8-aligned
    atomic_write(path, b"".join(parts))


def _map(path: Path, base: int, let_go: bool = True) -> Segment:
    """A segment file: its tokens and where their postings start read into
    memory (each look-up searches them all), its postings and letters views of
    the file, memory-mapped, whose pages are let go after each look-up if
    `let_go` (else they stay, as read)."""
    import mmap

    import numpy as np

    with path.open("rb") as file:
        mapping = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    lengths = np.frombuffer(mapping, dtype=np.int64, count=_HEADER).tolist()
    offset = 8 * _HEADER
    arrays: list[NDArray[np.generic]] = []
    for count, kind in zip(lengths, (np.int32, np.int32, np.uint16, np.uint8), strict=True):
        arrays.append(np.frombuffer(mapping, dtype=kind, count=count, offset=offset))
        size = count * np.dtype(kind).itemsize
        offset += size + (-size % 8)
    tokens, starts, owners, letters = arrays
    segment = Segment(
        base,
        tokens.copy(),  # type: ignore[arg-type]
        starts.copy(),  # type: ignore[arg-type]
        owners,  # type: ignore[arg-type]
        letters.reshape(3, -1, SEGMENT // 8),  # type: ignore[arg-type]
        mapping if let_go else None,  # the arrays hold the mapping open either way
    )
    segment.done()  # what reading the tokens mapped
    return segment


def _remove_unlisted(folder: Path, manifest: Manifest) -> None:
    """Files of earlier generations, now that the manifest no longer names them."""
    keep = {*manifest.files, manifest.vocabulary, _offsets_name(manifest), "manifest.json", "lock"}
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith("."):
            path.unlink(missing_ok=True)
