"""Building postings from papers' text, a segment at a time: tokens numbered
as they are met (an archive's builder numbers on from its vocabulary), the
(token, field, position) postings sorted once by numpy, the letter bitmaps
set from the bytes. No text is kept."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING

from ..models import Paper
from ..text import fold, searchable
from .postings import (
    CHUNK,
    FIELD_BITS,
    LETTERS,
    OWNER_BITS,
    PAIRS,
    SEGMENT,
    WIDTH,
    Postings,
    Segment,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


class _Numbering(dict[str, int]):
    """Numbers tokens in order of first sight: looking one up numbers it if new,
    so a whole chunk's tokens are numbered by one C-level `map`."""

    def __missing__(self, token: str) -> int:
        number = self[token] = len(self)
        return number


def fields_of(paper: Paper) -> tuple[str, str, str]:
    """A paper's title, authors and abstract as the filter reads them
    (`searchable`: LaTeX accents also as shown), casefolded: the field order
    of postings."""
    return (
        fold(searchable(paper.title)),
        fold(searchable(" ".join(paper.authors))),
        fold(searchable(paper.abstract)),
    )


class Builder:
    """Builds segments of postings, numbering tokens as it meets them: a
    builder that starts from an archive's vocabulary numbers on where it ends."""

    def __init__(self, tokens: Iterable[str] = ()) -> None:
        self._numbering = _Numbering()
        for token in tokens:
            self._numbering[token] = len(self._numbering)
        self.known = len(self._numbering)
        """Tokens numbered before this builder: the new ones come after."""

    def new_tokens(self) -> list[str]:
        """The tokens this builder numbered, in order."""
        return list(self._numbering)[self.known :]

    def segment(self, base: int, papers: Sequence[Paper | None]) -> Segment:
        """The segment of the positions `base`… held by `papers` (None: no paper
        there), `CHUNK` papers at a time.

        Per token only C code runs (`str.split`, a dict lookup through `map`);
        the (token, field, paper) postings are sorted once by numpy (which
        lets go of the GIL). No text is kept.
        """
        import numpy as np

        assert base % SEGMENT == 0 and len(papers) <= SEGMENT
        letters = np.zeros((3, PAIRS + LETTERS, WIDTH), dtype=np.uint8)
        pending: list[NDArray[np.int64]] = []
        shift = OWNER_BITS + FIELD_BITS
        numbering = self._numbering
        for begin in range(0, len(papers), CHUNK):
            chunk = [
                fields_of(p) if p is not None else ("", "", "")
                for p in papers[begin : begin + CHUNK]
            ]
            for field in range(3):
                texts = [fields[field] for fields in chunk]
                _letter_bits(texts, begin, letters[field])
                per_paper = [text.split() for text in texts]
                # In steps of 64 papers: one C call holds the GIL, and the UI waits for it.
                numbers = np.concatenate(
                    [
                        np.fromiter(
                            map(
                                numbering.__getitem__,
                                chain.from_iterable(per_paper[step : step + 64]),
                            ),
                            dtype=np.int64,
                        )
                        for step in range(0, len(per_paper), 64)
                    ]
                )
                owners = np.repeat(np.arange(begin, begin + len(texts)), list(map(len, per_paper)))
                pending.append(numbers << shift | field << OWNER_BITS | owners)
        return _segment(base, pending, letters)

    def postings(self, segments: list[Segment], size: int) -> Postings:
        """Postings of `segments` over this builder's whole vocabulary."""

        # The tokens anew, from one string: those `split` made are scattered over
        # the allocator's arenas among the garbage of the build, and would keep
        # about 150 MB of them from being given back at 100,000 papers.
        text = "\n".join(self._numbering) + "\n" if self._numbering else ""
        self._numbering = _Numbering()
        return Postings(text, offsets_of(text), segments, size)


def offsets_of(vocabulary: str) -> NDArray[np.int64]:
    """Where each token of a newline-joined vocabulary begins, and its end."""
    import numpy as np

    raw = np.frombuffer(vocabulary.encode("utf-32-le"), dtype=np.uint32)
    offsets: NDArray[np.int64] = np.r_[0, np.flatnonzero(raw == 10) + 1].astype(np.int64)
    return offsets


def _segment(base: int, pending: list[NDArray[np.int64]], letters: NDArray[np.uint8]) -> Segment:
    """A segment from its (token, field, paper) postings: sorted, each once."""
    import numpy as np

    keys = np.concatenate(pending) if pending else np.zeros(0, dtype=np.int64)
    keys.sort()
    keys = keys[np.r_[True, keys[1:] != keys[:-1]][: len(keys)]]  # each once
    ids = keys >> (OWNER_BITS + FIELD_BITS)
    # Where each token's run begins (none when the papers hold no text at all).
    firsts = np.r_[0, np.flatnonzero(np.diff(ids)) + 1][: len(ids)]
    owners = (keys & ((1 << (OWNER_BITS + FIELD_BITS)) - 1)).astype(np.uint16)
    tokens = ids[firsts].astype(np.int32)
    return Segment(base, tokens, np.r_[firsts, len(ids)].astype(np.int32), owners, letters)


def _letter_bits(texts: list[str], begin: int, letters: NDArray[np.uint8]) -> None:
    """Set the letter and letter-pair bits of positions `begin`... from their texts."""
    import numpy as np

    if not texts:
        return
    other = LETTERS + 1
    encoded = [t.encode("utf-8", "surrogatepass") + b"\0" for t in texts]
    blob = b"".join(encoded)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    # The NUL's code is "other", so no pair spans two papers.
    codes = np.frombuffer(blob, dtype=np.uint8) - np.uint8(97)  # a-z: 0-25
    codes = np.minimum(codes, np.uint8(LETTERS)).astype(np.int32)  # else 26
    paper = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    seen = np.zeros(other * other * len(texts), dtype=bool)
    seen[(codes[:-1] * other + codes[1:]) * len(texts) + paper[:-1]] = True
    grid = seen.reshape(other, other, len(texts))
    columns = slice(begin // 8, (begin + len(texts) + 7) // 8)
    pairs = grid[:LETTERS, :LETTERS].reshape(PAIRS, len(texts))
    letters[:PAIRS, columns] = np.packbits(pairs, axis=1)
    letters[PAIRS:, columns] = np.packbits(grid[:LETTERS].any(axis=1), axis=1)
