"""The query engine: a parsed query answered over a whole digest at once.

Each node of the query becomes one boolean column over the digest's papers,
and AND, OR and NOT are numpy's `&`, `|` and `~` on them: at 100,000 papers a
few microseconds each. The leaves are answered from what already exists:

- text in titles, abstracts and authors from the word index (`SearchIndex`),
  field by field; a phrase is looked up word by word there, and only the
  papers holding all its words are read to check the run;
- upvotes and dates from columns made once per digest;
- ids and categories from a joined id string and a category map;
- marks, tags and notes from the store's sets and its annotated records.

Until the index is built (seconds at 100,000 papers, in a worker), text is
read paper by paper (`query.judge`), which is also the meaning the tests hold
this engine to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence, Set
from functools import cached_property
from typing import TYPE_CHECKING, cast

from ..columns import Columnar, id_list, published_of, texts_of, upvotes_of
from ..models import Paper
from ..state.marks import Marks
from ..text import fold, searchable
from .index import WordIndex
from .judge import category_matches, contains, judge, phrase_pattern
from .language import (
    And,
    Mark,
    Node,
    Not,
    Published,
    Text,
    Upvotes,
    texts,
    uses_text,
)
from .postings import ABSTRACT, ALL_FIELDS, AUTHORS, TITLE, holders

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Column = NDArray[np.bool_]

_PHRASES = 16
"""Phrases whose answers are kept: typing on after one costs nothing."""
_FIELD_BITS = {"ti": TITLE, "abs": ABSTRACT, "au": AUTHORS, "any": ALL_FIELDS}


class Columns:
    """A digest's papers as columns, each made when a query first needs it."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        self.repeated: dict[str, list[int]] = {}
        """Ids a digest lists more than once, and every place of each."""

    @cached_property
    def id_list(self) -> Sequence[str]:
        return id_list(self.papers)

    @cached_property
    def position(self) -> dict[str, int]:
        """Each paper's place by id (the store's sets and `annotated` hold
        every id a paper is known by, so its own id is enough)."""
        places: dict[str, int] = {}
        for index, pid in enumerate(self.id_list):
            if places.setdefault(pid, index) != index:
                self.repeated.setdefault(pid, [places[pid]]).append(index)
        return places

    def places(self, ids: Iterable[str]) -> list[int]:
        """Where the papers of `ids` are (a digest may list one paper twice)."""
        position, repeated = self.position, self.repeated
        found = [p for i in ids if (p := position.get(i)) is not None]
        if repeated:
            found += [p for i in repeated.keys() & set(ids) for p in repeated[i][1:]]
        return found

    @cached_property
    def upvotes(self) -> NDArray[np.int64]:
        """Upvotes, -1 where unknown."""
        import numpy as np

        return np.fromiter(upvotes_of(self.papers), dtype=np.int64, count=len(self.papers))

    @cached_property
    def days(self) -> NDArray[np.int32]:
        """Publication dates as numbers (2026-09-13 is 20260913), 0 where unknown:
        a date query compares them in a millisecond at a million papers."""
        import numpy as np

        raw = np.array(published_of(self.papers), dtype="S10")
        digits = raw.view(np.uint8).reshape(-1, 10).astype(np.int32) - 48
        weights = np.array([10**7, 10**6, 10**5, 10**4, 0, 1000, 100, 0, 10, 1], dtype=np.int32)
        found: NDArray[np.int32] = digits @ weights
        found[raw == b""] = 0
        return found

    @cached_property
    def ids(self) -> tuple[str, NDArray[np.int64]]:
        """Every id folded, joined by newlines, and where each begins."""
        import numpy as np

        folded = [i.lower() for i in self.id_list]
        starts = np.zeros(len(folded) + 1, dtype=np.int64)
        np.cumsum(np.fromiter((len(i) + 1 for i in folded), np.int64, len(folded)), out=starts[1:])
        return "\n".join(folded) + "\n", starts

    @cached_property
    def categories(self) -> dict[str, list[int]]:
        """Papers by category (folded), of papers that hold their own."""
        found: dict[str, list[int]] = {}
        for index, paper in enumerate(self.papers):
            for category in paper.categories:
                found.setdefault(category.lower(), []).append(index)
        return found

    def in_category(self, wanted: str) -> list[int]:
        """Places of the papers in category `wanted` (`cs.lg`), or in its archive (`cs`)."""
        if isinstance(self.papers, Columnar):
            return self.papers.category_places(wanted)
        return [
            place
            for category, places in self.categories.items()
            if category_matches(category, wanted)
            for place in places
        ]


class Matcher:
    """Answers queries over one digest; safe in a worker."""

    def __init__(self, papers: Sequence[Paper], index: WordIndex | None) -> None:
        self.papers = papers
        self.index = index
        self.columns = Columns(papers)
        self._phrases: dict[tuple[str, str], Column] = {}
        self._marked: dict[tuple[str, str, int, int], Column] = {}
        """Answers about marks (`is:`, `tag:`, `note:`), while the marks stay as
        they were (`Marks.version`): 4-9 ms a keystroke at 100,000 papers, saved."""

    def prepare(self) -> None:
        """Make the columns (in a worker, after the index): at 100,000 papers
        the id map alone takes 30 ms, which the first `is:` query would wait for."""
        columns = self.columns
        names = ["upvotes", "days"]
        if not isinstance(self.papers, Columnar):  # an archive's are asked for as needed
            names += ["position", "ids", "categories"]
        for name in names:
            getattr(columns, name)
        if isinstance(self.papers, Columnar):
            columns.in_category("")  # reads every category of the archive's papers, once

    def cheap(self, node: Node) -> bool:
        """True when answering `node` takes a few milliseconds: its text is in a
        built index, and any phrase in it was answered before."""
        if not uses_text(node):
            return True
        if self.index is None or not self.index.ready:
            return False
        return all((t.field, t.value) in self._phrases for t in texts(node) if t.phrase)

    def indices(self, node: Node, store: Marks) -> list[int]:
        """The papers matching `node`, in digest order."""
        return list(self.matching(node, store))

    def matching(self, node: Node, store: Marks) -> Sequence[int]:
        """`indices`, as the array the columns give (not a list of up to a
        million ints, 20 ms to make): a sequence in all but name."""
        import numpy as np

        if node == And(()):
            return range(len(self.papers))
        if uses_text(node) and (self.index is None or not self.index.ready):
            record = store.record
            return [i for i, p in enumerate(self.papers) if judge(node, p, record)]
        return cast("Sequence[int]", np.flatnonzero(self.column(node, store)))

    def column(self, node: Node, store: Marks) -> Column:
        import numpy as np

        if isinstance(node, Text):
            return self._text(node, store)
        if isinstance(node, Mark):
            return self._kept(("is", node.name), store, lambda: self._mark(node.name, store))
        if isinstance(node, Upvotes):
            votes = self.columns.upvotes
            found = votes >= (0 if node.low is None else node.low)
            return found & (votes <= node.high) if node.high is not None else found
        if isinstance(node, Published):
            return self._published(node)
        if isinstance(node, Not):
            inverse: Column = ~self.column(node.node, store)
            return inverse
        parts = [self.column(n, store) for n in node.nodes]
        if not parts:
            return np.ones(len(self.papers), dtype=bool)
        combined = parts[0].copy()
        for part in parts[1:]:
            if isinstance(node, And):
                combined &= part
            else:
                combined |= part
        return combined

    def _empty(self) -> Column:
        import numpy as np

        return np.zeros(len(self.papers), dtype=bool)

    def text(self, node: Text) -> Column:
        """Papers holding a word or phrase in titles, abstracts or authors (the
        index must be ready): the word's papers from the index; for a phrase,
        those holding all its words, each read to check the run."""
        assert self.index is not None
        bits = _FIELD_BITS[node.field]
        words = node.value.split(" ")
        found = self.index.word(words[0], bits)
        for word in words[1:]:
            found = found & self.index.word(word, bits)
        if node.phrase:
            found = self._phrase(node, found)
        return found

    def _phrase(self, node: Text, candidates: Column) -> Column:
        """Which candidates (holding every word of the phrase) hold the run:
        read with one regular expression each, and kept for the next keystroke.
        Tens of milliseconds when thousands of papers hold the words."""
        key = (node.field, node.value)
        known = self._phrases.get(key)
        if known is not None:
            return known
        found = candidates.copy()
        papers = self.papers
        within = phrase_pattern(node.value)
        one_line = phrase_pattern(node.value, one_line=True)
        fields = ("ti", "abs", "au") if node.field == "any" else (node.field,)
        places = found.nonzero()[0].tolist()
        for index, paper in zip(places, texts_of(papers, places, node.field), strict=True):
            found[index] = any(
                one_line.search(fold("\n".join(map(searchable, paper.authors))))
                if field == "au"
                else within.search(
                    fold(searchable(paper.title if field == "ti" else paper.abstract))
                )
                for field in fields
            )
        self._phrases[key] = found
        while len(self._phrases) > _PHRASES:
            del self._phrases[next(iter(self._phrases))]
        return found

    def _kept(self, what: tuple[str, str], store: Marks, answer: Callable[[], Column]) -> Column:
        """The column `answer` gives, kept while the marks do not change."""
        key = (*what, id(store), store.version)
        found = self._marked.get(key)
        if found is None:
            found = self._marked[key] = answer()
            while len(self._marked) > 16:
                del self._marked[next(iter(self._marked))]
        return found

    def _text(self, node: Text, store: Marks) -> Column:
        field = node.field
        if field in _FIELD_BITS:
            return self.text(node)
        if field in ("tag", "note"):
            return self._kept(
                (field, f"{node.phrase}:{node.value}"), store, lambda: self._annotated(node, store)
            )
        if field == "id":
            return self._ids(node)
        return self._categories(node)

    def _categories(self, node: Text) -> Column:
        found = self._empty()
        found[self.columns.in_category(node.value)] = True
        return found

    def _annotated(self, node: Text, store: Marks) -> Column:
        found = self._empty()
        if node.field == "tag":
            chosen = [pid for pid, record in store.annotated() if node.value in record.tags]
        else:
            chosen = [pid for pid, record in store.annotated() if contains(record.note, node)]
        found[self.columns.places(chosen)] = True
        return found

    def _ids(self, node: Text) -> Column:
        found = self._empty()
        found[holders(*self.columns.ids, node.value)] = True
        return found

    def _mark(self, name: str, store: Marks) -> Column:
        if name in ("starred", "read", "unread"):
            chosen = store.starred_ids if name == "starred" else store.read_ids
            found = self._among(chosen)
            return ~found if name == "unread" else found
        found = self._empty()
        annotated = store.annotated()
        ids = [pid for pid, r in annotated if (r.note if name == "noted" else r.tags)]
        found[self.columns.places(ids)] = True
        return found

    def _among(self, ids: Set[str]) -> Column:
        """Which papers' ids are in `ids`, by whichever of the two is smaller."""
        import numpy as np

        papers = self.papers
        if len(ids) < len(papers):
            found = self._empty()
            found[self.columns.places(ids)] = True
            return found
        every = self.columns.id_list
        return np.fromiter((i in ids for i in every), dtype=bool, count=len(papers))

    def _published(self, node: Published) -> Column:
        """A bound of a year or a month stands for its first or last day, as
        the dates' prefixes compare as text: `date:>2025` is after 2025's last
        day, `date:<2025-06` before June's first."""
        days = self.columns.days
        found: Column = days != 0
        if node.low is not None:
            found &= (
                (days > _day(node.low, last=True))
                if node.low_strict
                else (days >= _day(node.low, last=False))
            )
        if node.high is not None:
            found &= (
                (days < _day(node.high, last=False))
                if node.high_strict
                else (days <= _day(node.high, last=True))
            )
        return found


def _day(bound: str, *, last: bool) -> int:
    """The first (or last) day a bound covers, as a number: `2025` is
    20250000 (or 20259999), `2025-06` 20250600 (or 20250699)."""
    digits = bound.replace("-", "")
    return int(digits.ljust(8, "9" if last else "0"))
