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

Data layout (`postings.Postings`, made by `building.Builder` in a worker):
- `vocabulary`: every distinct casefolded token, joined by newlines (which no
  query word holds), `offsets` where each begins, and `tokens` as a list.
- `segments`: the postings, per 8,192 papers (`postings.Segment`): the tokens the
  segment's papers hold, ascending, and for each, which of its papers hold it
  and in which field (uint16, CSR: 13 bits of paper, 2 of field). Building
  them segment by segment means nothing is held twice: about 45 MB at 100,000
  real-shaped papers, against 150 MB of text before.
- `pairs`, `singles`: packed bits, one per paper, for each field and each
  letter pair and letter: a one- or two-letter word of a-z is answered from
  them alone (`postings.exact`), since such a word matches thousands of tokens.

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

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from ..models import Paper
from .building import Builder
from .postings import SEGMENT, Postings, Word

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_KNOWN = 64
"""Words whose answers are kept, so that typing on narrows them."""


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
        self._known: dict[tuple[str, int], Word] = {}
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
