"""Live filtering over title, abstract and authors.

What it answers: the indices of the papers whose searchable text (title,
authors, abstract) contains every query word, case-insensitively, in digest
order: exactly what a plain `word in text.casefold()` loop answers. At
100,000 papers that text is 160 MB, and touching every paper's text costs
20-50 ms per keystroke on its own, so the index avoids it where it can.

Design note, for whoever maintains this next.

Data layout (`_Built`, made once per digest in a worker):
- `text`: every paper's searchable text, casefolded and UTF-8 encoded, one
  paper after another, each ended by a NUL; a byte-string match here is a
  character-string match in the paper, and no match can span two papers.
  It is a `bytearray` appended to chunk by chunk: no size is guessed in
  advance. (An anonymous shared mmap sized from a guess and grown with
  `resize()` raised SIGBUS on Linux as soon as real author lists outgrew it.)
- `data`: the same bytes seen by numpy, for gathers at many offsets at once.
- `starts`: where each paper's text begins; one more entry marks the end.
- `pairs`: 26 x 26 rows of packed bits, one bit per paper: row 26a + b says
  which papers contain the letters a, b next to each other. `singles`: the
  same for single letters.

Why letter pairs: single letters are in almost every paper, so they prune
nothing; pairs are the cheapest thing that prunes well (676 rows of 12.5 KB
at 100,000 papers, 8.5 MB), and they answer a one- or two-letter word exactly
(`_exact`), with no text read at all. A longer word is looked for only in the
papers holding all of its pairs (`_present`); trigrams would prune more but
cost 26 times the memory.

How narrowing works: each result (`_Result`) remembers, per word, where in
`text` it was first found in each matching paper. When the user types one
more letter, the new word contains the old one (`_narrows`), so the new word
can start no earlier than where the old one was found minus its shift in the
new word: `_find` checks that very place for all papers at once with numpy
gathers, and runs a real `find` only from there on, and only where the check
failed. Deleting letters or editing the middle of a word is not narrowing: it
searches afresh (bitmaps first).

What the tests pin (tests/unit/test_search.py): a hypothesis test types
random query sequences, a key at a time, over random texts (letters, "é",
"ß", spaces, dots) and compares every keystroke with the plain loop; fixed
cases cover casefolding ("STRASSE" finds "straße", "ﬁ"), other scripts, and
a word split across two papers (never a match); a shape test counts which
papers' text each keystroke reads (none for one or two letters, only
pair-holders for the third, none for narrowing). tests/reliability/
test_real_shapes.py builds it over real-sized author lists.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING

import msgspec

from .models import Paper

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_LETTERS = 26
_CHUNK = 512  # papers per step of the build (its arrays stay in cache); a multiple of 8


class _Result(msgspec.Struct, frozen=True):
    """The last search: its words, the matching papers and where each word was found."""

    words: tuple[bytes, ...]
    indices: NDArray[np.int64]
    positions: tuple[NDArray[np.int64] | None, ...]
    """Per word, the buffer offset of its first occurrence in each match; None when
    the bitmaps alone answered."""


class _Built(msgspec.Struct, frozen=True):
    text: bytearray
    data: NDArray[np.uint8]
    """The same bytes, seen by numpy."""
    starts: NDArray[np.int64]
    """Offset of each paper's text; one more entry marks the end of the last."""
    pairs: NDArray[np.uint8]
    """Packed bits: row 26 × first + second says which papers hold that letter pair."""
    singles: NDArray[np.uint8]


def _letter(byte: int) -> int:
    """0-25 for a-z, else -1."""
    code = byte - 97
    return code if 0 <= code < _LETTERS else -1


def _encode(word: str) -> bytes:
    return word.encode("utf-8", "surrogatepass")


class SearchIndex:
    """Case-insensitive, all-words-must-match search over one digest. Thread-safe."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = papers
        self._built: _Built | None = None
        self._last: _Result | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._papers)

    @property
    def ready(self) -> bool:
        """True once the index exists; until then the first search builds it."""
        return self._built is not None

    def build(self) -> None:
        """Build the index now (from a worker), not on the first keystroke."""
        self._index()

    def _index(self) -> _Built:
        with self._lock:
            if self._built is None:
                self._built = _build(self._papers)
            return self._built

    def _narrows(self, words: list[bytes]) -> _Result | None:
        """The previous result, if `words` can only match a subset of it."""
        last = self._last
        if last is None:
            return None
        # Every old word is contained in a new word at the same place.
        if len(last.words) <= len(words) and all(
            old in new for old, new in zip(last.words, words, strict=False)
        ):
            return last
        return None

    def cheap(self, query: str) -> bool:
        """True when `matches(query)` will not touch many papers' text: run it inline."""
        if not self.ready:
            return False
        words = [_encode(word) for word in query.casefold().split()]
        last = self._narrows(words)
        if last is not None and len(last.indices) <= 20_000:
            return True
        # Bitmaps answer short words; a longer word narrows from known positions.
        known = last.positions if last is not None else ()
        return all(
            _exact(word) or (number < len(known) and known[number] is not None)
            for number, word in enumerate(words)
        )

    def matches(self, query: str) -> list[int]:
        """Indices of papers containing every word of `query`, in digest order."""
        import numpy as np

        words = [_encode(word) for word in query.casefold().split()]
        if not words:
            return list(range(len(self._papers)))
        built = self._index()
        last = self._narrows(words)
        indices: NDArray[np.int64] | None = None
        hints: list[tuple[NDArray[np.int64], int] | None] = [None] * len(words)
        if last is not None:
            indices = last.indices
            for number, old in enumerate(last.words):
                found = last.positions[number]
                if found is not None:
                    hints[number] = (found, words[number].find(old))
        positions: list[NDArray[np.int64] | None] = []

        def keep(mask: NDArray[np.bool_]) -> None:
            """Drop papers from the running result, and from what is known about them."""
            nonlocal indices, positions, hints
            assert indices is not None
            indices = indices[mask]
            positions = [p if p is None else p[mask] for p in positions]
            hints = [h if h is None else (h[0][mask], h[1]) for h in hints]

        for number, word in enumerate(words):
            present = _present(built, word, len(self._papers))
            if indices is None:
                indices = (
                    np.flatnonzero(present) if present is not None else np.arange(len(self._papers))
                )
            elif present is not None:
                keep(present[indices])
            if _exact(word):
                positions.append(None)  # the bitmaps answered exactly
                continue
            found = _find(built, word, indices, hints[number])
            hit = found >= 0
            keep(hit)
            positions.append(found[hit])
        assert indices is not None
        self._last = _Result(tuple(words), indices, tuple(positions))
        result: list[int] = indices.tolist()
        return result


def _exact(word: bytes) -> bool:
    """True when the bitmaps alone decide `word`: one or two letters."""
    return len(word) <= 2 and all(_letter(byte) >= 0 for byte in word)


def _present(built: _Built, word: bytes, count: int) -> NDArray[np.bool_] | None:
    """Papers that may contain `word` (all of its letter pairs), or None if unknown."""
    import numpy as np

    rows = [
        built.pairs[_letter(a) * _LETTERS + _letter(b)]
        for a, b in zip(word, word[1:], strict=False)
        if _letter(a) >= 0 and _letter(b) >= 0
    ]
    if not rows:
        if len(word) != 1 or _letter(word[0]) < 0:
            return None
        rows = [built.singles[_letter(word[0])]]
    bits = rows[0]
    for row in rows[1:]:
        bits = bits & row
    present: NDArray[np.bool_] = np.unpackbits(bits, count=count).view(bool)
    return present


def _find(
    built: _Built,
    word: bytes,
    indices: NDArray[np.int64],
    hint: tuple[NDArray[np.int64], int] | None,
) -> NDArray[np.int64]:
    """Offset of the first `word` in each paper of `indices`, or -1.

    With a hint (where a shorter word contained in this one at `shift` was
    found), the word can start no earlier than there; it is checked in place
    for all papers at once, and searched for further on only where it is not.
    """
    import numpy as np

    begins = built.starts[indices]
    ends = built.starts[indices + 1] - 1  # the NUL after each paper
    if hint is None:
        froms = begins
    else:
        found, shift = hint
        froms = np.maximum(found - shift, begins)
        fits = froms + len(word) <= ends
        here = np.flatnonzero(fits)
        same = np.ones(len(here), dtype=bool)
        places = froms[here]
        for offset, byte in enumerate(word):
            same &= built.data[places + offset] == byte
        result = np.full(len(indices), -1, dtype=np.int64)
        result[here[same]] = places[same]
        rest = here[~same]
        if len(rest):
            result[rest] = _search(built, word, froms[rest] + 1, ends[rest])
        return result
    return _search(built, word, froms, ends)


def _search(
    built: _Built, word: bytes, froms: NDArray[np.int64], ends: NDArray[np.int64]
) -> NDArray[np.int64]:
    import numpy as np

    find = built.text.find
    return np.fromiter(
        map(find, repeat(word), froms.tolist(), ends.tolist()), dtype=np.int64, count=len(froms)
    )


def _fold(text: str) -> str:
    """casefold(), the quick way for ASCII (where it equals lower(), at 4x the cost)."""
    return text.lower() if text.isascii() else text.casefold()


def _folded(paper: Paper) -> bytes:
    """A paper's searchable text, casefolded and NUL-terminated.

    Folded part by part: one accented author name should not send the whole
    abstract down the slow path.
    """
    return _encode(
        f"{_fold(paper.title)}\n{_fold(' '.join(paper.authors))}\n{_fold(paper.abstract)}\0"
    )


def _build(papers: Sequence[Paper]) -> _Built:
    """The text buffer, offsets and letter bitmaps, `_CHUNK` papers at a time.

    The buffer is appended to chunk by chunk (amortised growth, no size guess),
    so the text is never held twice; about 3 s and 170 MB at 100,000 papers.
    """
    import numpy as np

    count = len(papers)
    text = bytearray()
    starts = np.zeros(count + 1, dtype=np.int64)
    width = (count + 7) // 8
    pairs = np.zeros((_LETTERS * _LETTERS, width), dtype=np.uint8)
    singles = np.zeros((_LETTERS, width), dtype=np.uint8)
    other = _LETTERS + 1
    for begin in range(0, count, _CHUNK):
        chunk = [_folded(p) for p in papers[begin : begin + _CHUNK]]
        blob = b"".join(chunk)
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        np.cumsum(lengths, out=starts[begin + 1 : begin + 1 + len(chunk)])
        starts[begin + 1 : begin + 1 + len(chunk)] += len(text)
        text += blob
        # Which papers of the chunk hold each (code, next code); the NUL's code is
        # "other", so no pair spans two papers, and every letter has a successor.
        codes = np.frombuffer(blob, dtype=np.uint8) - np.uint8(97)  # a-z: 0-25
        codes = np.minimum(codes, np.uint8(_LETTERS)).astype(np.int32)  # else 26
        paper = np.repeat(np.arange(len(chunk), dtype=np.int32), lengths)
        seen = np.zeros(other * other * len(chunk), dtype=bool)
        seen[(codes[:-1] * other + codes[1:]) * len(chunk) + paper[:-1]] = True
        grid = seen.reshape(other, other, len(chunk))
        columns = slice(begin // 8, (begin + len(chunk) + 7) // 8)
        letters = grid[:_LETTERS, :_LETTERS].reshape(_LETTERS * _LETTERS, len(chunk))
        pairs[:, columns] = np.packbits(letters, axis=1)
        singles[:, columns] = np.packbits(grid[:_LETTERS].any(axis=1), axis=1)
    data = np.frombuffer(text, dtype=np.uint8)
    return _Built(text, data, starts, pairs, singles)
