"""The filter's postings: which positions (a digest's papers, or the
archive's rows) hold each token, and in which field, in segments of 8,192
positions; one- and two-letter words answered from per-segment bitmaps.
Built by `building.Builder`, asked through `index.Words`; the design is
told in `index`'s docstring."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LETTERS = 26
PAIRS = LETTERS * LETTERS
CHUNK = 512  # papers per step of a build; a multiple of 8 (the bitmaps' bytes)
SEGMENT = 8192  # positions per segment of postings: a paper's place in it is 13 bits
OWNER_BITS = 13
WIDTH = SEGMENT // 8
"""Bytes of one letter bitmap of a segment."""

TITLE, AUTHORS, ABSTRACT = 1, 2, 4
"""Field bits: which parts of a paper a word is looked for in."""
ALL_FIELDS = TITLE | AUTHORS | ABSTRACT
FIELD_BITS = 2  # a posting's field (0 title, 1 authors, 2 abstract) beside its owner


class Word(msgspec.Struct, frozen=True):
    """What is known about one query word in some fields: its tokens (None
    when the bitmaps answered) and the positions that hold it."""

    word: str
    fields: int
    tokens: NDArray[np.int64] | None
    papers: NDArray[np.bool_]


class Segment(msgspec.Struct, frozen=True):
    """The postings of the `SEGMENT` positions from `base`: for its k-th token
    `tokens[k]`, the postings are `owners[starts[k]:starts[k + 1]]`, each the
    position after `base` (13 bits) and the field it is in (2 bits). `letters`
    has packed bits per field: rows 0-675 say which positions hold a letter
    pair (26 × first + second), rows 676-701 a letter. A segment with no
    tokens has no letters either, and may keep none (shape (3, 0, WIDTH))."""

    base: int
    tokens: NDArray[np.int32]
    starts: NDArray[np.int32]
    owners: NDArray[np.uint16]
    letters: NDArray[np.uint8]
    """Shape (3, 702, WIDTH)."""
    mapping: Any = None
    """The file the postings and letters are mapped from (the archive's), whose
    pages are let go after each look-up (`done`); None for one in memory, or
    one whose pages are kept (a small index)."""

    def done(self) -> None:
        """Let go of the file's pages this process mapped: they stay in the page
        cache, but not in this process's memory. (On Linux 6, a file's pages
        come in folios of up to 2 MB, and a look-up that touches each segment
        would otherwise keep the whole index resident.)"""
        if self.mapping is not None:
            import mmap

            self.mapping.madvise(mmap.MADV_DONTNEED)


class Postings(msgspec.Struct):
    """A vocabulary and segments of postings: which positions hold a word."""

    vocabulary: str
    """Every distinct token, each followed by a newline."""
    offsets: NDArray[np.int64]
    """Where each token begins in `vocabulary`; one more entry marks the end."""
    segments: list[Segment]
    size: int
    """Positions answered: `[0, size)`."""
    tokens: list[str] | None = None
    """The vocabulary as a list, made when a narrowing first needs it."""

    def token_list(self) -> list[str]:
        if self.tokens is None:
            self.tokens = self.vocabulary.split("\n")[:-1]
        return self.tokens

    def look_up(self, word: str, fields: int, wider: Word | None) -> Word:
        """The tokens and positions of `word`; from those of a word it contains, if any."""
        import numpy as np

        if exact(word):
            return Word(word, fields, None, self.bits(word, fields))
        if wider is not None and wider.tokens is not None:  # its tokens hold every one of ours
            tokens = self.token_list()
            ids = np.fromiter(
                (t for t in wider.tokens.tolist() if word in tokens[t]), dtype=np.int64
            )
        else:
            ids = holders(self.vocabulary, self.offsets, word)
        return Word(word, fields, ids, self.papers_of(ids, fields))

    def papers_of(self, ids: NDArray[np.int64], fields: int) -> NDArray[np.bool_]:
        """Which positions hold any of the tokens `ids` (ascending) in `fields`:
        the union of their postings, segment by segment."""
        import numpy as np

        papers = np.zeros(self.size, dtype=bool)
        if not len(ids):
            return papers
        wanted = np.array([fields >> f & 1 for f in range(3)] + [0], dtype=bool)
        for segment in self.segments:
            places = np.searchsorted(segment.tokens, ids)
            inside = places < len(segment.tokens)
            places = places[inside]
            places = places[segment.tokens[places] == ids[inside]]  # the tokens it holds
            if not len(places):
                continue
            begins, ends = segment.starts[places], segment.starts[places + 1]
            lengths = ends - begins
            # One gather of every posting: each token's run, laid end to end.
            shifts = np.repeat(begins - (np.cumsum(lengths) - lengths), lengths)
            owners = segment.owners[shifts + np.arange(int(lengths.sum()))]
            segment.done()
            if fields != ALL_FIELDS:
                owners = owners[wanted[owners >> OWNER_BITS]]
            papers[(owners & (SEGMENT - 1)).astype(np.int64) + segment.base] = True
        return papers

    def bits(self, word: str, fields: int) -> NDArray[np.bool_]:
        """Which positions hold a word of one or two letters a-z, from the bitmaps."""
        import numpy as np

        chosen = [f for f in range(3) if fields >> f & 1]
        row = (
            PAIRS + letter(word) if len(word) == 1 else letter(word[0]) * LETTERS + letter(word[1])
        )
        papers = np.zeros(self.size, dtype=bool)
        for segment in self.segments:
            if not len(segment.tokens):
                continue  # no text at all (rows of papers pruned): no letters either
            rows = segment.letters[chosen, row]
            packed = rows[0].copy()
            for other in rows[1:]:  # the fields asked for, any of them
                packed |= other
            segment.done()
            count = min(SEGMENT, self.size - segment.base)
            papers[segment.base : segment.base + count] = np.unpackbits(packed, count=count)
        return papers


def holders(joined: str, starts: NDArray[np.int64], word: str) -> NDArray[np.int64]:
    """Which strings of a newline-joined list hold `word` (which holds no
    newline): their numbers, ascending, each once. `starts` says where each
    begins. One `str.find` scan, in C, of the whole list."""
    import numpy as np

    places = [m.start() for m in re.finditer(re.escape(word), joined)]
    found = np.searchsorted(starts, np.array(places, dtype=np.int64), side="right") - 1
    # Each once (a word may occur twice in one); not np.unique, which
    # imports numpy.ma on a keystroke (20 ms, once).
    found.sort()
    unique: NDArray[np.int64] = (
        found[np.concatenate(([True], found[1:] != found[:-1]))] if len(found) else found
    )
    return unique


def letter(char: str) -> int:
    """0-25 for a-z, else -1."""
    code = ord(char) - 97
    return code if 0 <= code < LETTERS else -1


def exact(word: str) -> bool:
    """True when the bitmaps alone decide `word`: one or two letters a-z."""
    return len(word) <= 2 and all(letter(char) >= 0 for char in word)
