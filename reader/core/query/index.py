"""Live filtering over title, abstract and authors.

What it answers: the indices of the papers whose searchable text (title,
authors, abstract) contains every query word, case-insensitively, in digest
order: exactly what a plain `word in text.casefold()` loop answers. At
100,000 papers that text is 150 MB, and touching every paper's text costs
20-50 ms per keystroke on its own, so the index never reads it at all.

Design note, for whoever maintains this next.

Why a word index answers a substring search exactly: a query word holds no
whitespace (the query is split on it), so wherever it occurs in a paper's
text, it occurs inside one whitespace-delimited token. The papers containing
the word are therefore the union of the papers of every distinct token
(of the whole digest) that contains it. There are far fewer distinct tokens
than papers' text: about 150,000 tokens (1.3 MB) for 100,000 real-shaped
papers (150 MB), so finding the tokens that contain a word is a `str.find`
scan of the vocabulary, a millisecond or two.

Data layout (`_Built`, made once per digest in a worker, `_build`):
- `vocabulary`: every distinct casefolded token, joined by newlines (which no
  query word holds), `offsets` where each begins, and `tokens` as a list.
- `segments`: the postings, per 8,192 papers (`_Segment`): the tokens the
  segment's papers hold, ascending, and for each, which of its papers hold it
  and in which field (uint16, CSR: 13 bits of paper, 2 of field). Building
  them segment by segment means nothing is held twice: about 45 MB at 100,000
  real-shaped papers, against 150 MB of text before.
- `pairs`, `singles`: packed bits, one per paper, for each field and each
  letter pair and letter: a one- or two-letter word of a-z is answered from
  them alone (`_exact`), since such a word matches thousands of tokens.

What is searched (issue #18): each field as `text.searchable` gives it, the
text as written and, when it holds LaTeX accents, as shown too (after a NUL
that no query holds), so "rössler" finds `R\\"ossler`; the query engine's
per-paper reading (`query.judge`) reads the same.

Fields (issue #18): `word(w, fields)` answers `ti:`, `abs:` and `au:` words
from the same postings, keeping only those of the fields asked for; a bare
word asks for all three, which is the plain search (a word holds no
whitespace, so it is in the text exactly when it is in one of its fields).

How narrowing works: the index keeps the answers of the last 64 words asked
for (`_known`): their tokens and papers, per fields. Typing one more letter
makes the new word contain the old one, so its tokens are among the old
word's tokens: they are filtered in Python (a few hundred strings), not found
again. A word that is unchanged keeps its papers. Any other edit searches
afresh.

Segments are numbered by position: a digest's papers here (`SearchIndex`,
built in memory when a digest not in the archive opens), the archive's rowids
in `reader.core.archive.index` (`ArchiveIndex`, kept on disk, grown as papers
arrive). Both answer words through `Postings`, built by `Builder`.

Until the index is built (seconds at 100,000 papers, in a worker), the query
engine reads every paper's text instead (`matching`), and the header says
"indexing". The history of this design, and what the tests pin, is in
docs/search-index.md.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any, Protocol

import msgspec

from ..models import Paper
from ..text import fold, searchable

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
_KNOWN = 64
"""Words whose answers are kept, so that typing on narrows them."""


class _Word(msgspec.Struct, frozen=True):
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
    pair (26 × first + second), rows 676-701 a letter."""

    base: int
    tokens: NDArray[np.int32]
    starts: NDArray[np.int32]
    owners: NDArray[np.uint16]
    letters: NDArray[np.uint8]
    """Shape (3, 702, WIDTH)."""
    mapping: Any = None
    """The file the postings and letters are mapped from (the archive's), whose
    pages are let go after each look-up (`done`); None for one in memory."""

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

    def look_up(self, word: str, fields: int, wider: _Word | None) -> _Word:
        """The tokens and positions of `word`; from those of a word it contains, if any."""
        import numpy as np

        if exact(word):
            return _Word(word, fields, None, self.bits(word, fields))
        if wider is not None and wider.tokens is not None:  # its tokens hold every one of ours
            tokens = self.token_list()
            ids = np.fromiter(
                (t for t in wider.tokens.tolist() if word in tokens[t]), dtype=np.int64
            )
        else:
            ids = holders(self.vocabulary, self.offsets, word)
        return _Word(word, fields, ids, self.papers_of(ids, fields))

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
            rows = segment.letters[chosen, row]
            packed = rows[0].copy()
            for other in rows[1:]:  # the fields asked for, any of them
                packed |= other
            segment.done()
            count = min(SEGMENT, self.size - segment.base)
            papers[segment.base : segment.base + count] = np.unpackbits(packed, count=count)
        return papers


class WordIndex(Protocol):
    """What the query engine asks of an index: a digest's own (`SearchIndex`),
    or the archive's answering for a view (`archive.views.ViewIndex`)."""

    @property
    def ready(self) -> bool: ...

    def build(self) -> None:
        """Make it ready (in a worker)."""
        ...

    def word(self, word: str, fields: int) -> NDArray[np.bool_]:
        """Which positions hold `word` in any of `fields`."""
        ...


class Words:
    """Word lookups with the answers of the last words kept, so that typing on
    narrows them (thread-safe): the part of an index that queries use."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, int], _Word] = {}
        self._lock = threading.Lock()

    def postings(self) -> Postings | None:
        """What is built so far; None until it is."""
        raise NotImplementedError

    @property
    def ready(self) -> bool:
        """True once the index exists; until then a search reads every paper's text."""
        return self.postings() is not None

    def word(self, word: str, fields: int) -> NDArray[np.bool_]:
        """Which positions hold `word` (casefolded, no whitespace) in any of
        `fields`; only once `ready`. A word just asked for is answered again at
        once, and one that contains it is found among its tokens."""
        built = self.postings()
        assert built is not None, "the index is not built yet"
        key = (word, fields)
        with self._lock:
            known = self._known.get(key)
            if known is not None and len(known.papers) != built.size:
                known = None  # the index grew since
                self._known.clear()
            wider = None
            if known is None:
                wider = max(
                    (
                        w
                        for (text, where), w in self._known.items()
                        if where == fields and w.tokens is not None and text in word
                    ),
                    key=lambda w: len(w.word),
                    default=None,
                )
        if known is None:
            known = built.look_up(word, fields, wider)
        with self._lock:
            self._known.pop(key, None)
            self._known[key] = known  # the newest last
            while len(self._known) > _KNOWN:
                del self._known[next(iter(self._known))]
        return known.papers


class SearchIndex(Words):
    """Case-insensitive substring search over one digest's titles, authors and
    abstracts, field by field, built in memory. Thread-safe."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        super().__init__()
        self._papers = papers
        self._built: Postings | None = None
        self._building = threading.Lock()

    def __len__(self) -> int:
        return len(self._papers)

    def postings(self) -> Postings | None:
        return self._built

    def build(self) -> None:
        """Build the index (in a worker: seconds at 100,000 papers)."""
        with self._building:
            if self._built is None:
                builder = Builder()
                papers = self._papers
                segments = [
                    builder.segment(base, papers[base : base + SEGMENT])
                    for base in range(0, len(papers), SEGMENT)
                ]
                self._built = builder.postings(segments, len(papers))


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
