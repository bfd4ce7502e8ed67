"""For you: ranking learnt from the reader's stars, and papers like one.

The corpus (every paper reader knows, vectorised) is built in a worker and
kept while the digests bring no new papers; each star retrains on it. The app
and `reader list --sort for-you` rank through this one class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec

from ..models import Paper
from ..state.marks import Marks
from .view import ids_of

if TYPE_CHECKING:
    from .rank import Corpus


class Ranked(msgspec.Struct, frozen=True):
    """A freshly trained model's scores for the papers shown."""

    corpus: Corpus
    stars: int
    """The starred papers the model learnt from: those whose text it has."""
    scores: dict[str, float]


class ForYou:
    """The model behind For you and similar papers: trained in a worker (`train`,
    `similar`), taken in on the UI thread (`take`)."""

    def __init__(self, marks: Marks, library: Callable[[], Sequence[Paper]]) -> None:
        self.marks = marks
        self.library = library
        """Every paper reader knows beside the digest shown: what the model learns from."""
        self.corpus: Corpus | None = None
        self.scores: dict[str, float] | None = None
        """The newest scores, while For you is on; None when it is off."""
        self._too_few: tuple[int, int] | None = None
        """When training last found too few stars: (stars with text, starred papers)."""

    def corpus_for(self, papers: Sequence[Paper]) -> Corpus:
        """The vectorised corpus (in a worker), rebuilt only when `papers` are new to it."""
        from .rank import Corpus

        corpus = self.corpus
        if corpus is None or any(i not in corpus.row for i in ids_of(papers)):
            corpus = Corpus([*self.library(), *papers])
        return corpus

    def train(self, papers: Sequence[Paper]) -> Ranked:
        """Train on the stars and score `papers` (in a worker)."""
        corpus = self.corpus_for(papers)
        stars = corpus.train(self.marks.starred_ids, self.marks.read_ids)
        scores = corpus.rank(papers, stars).scores if stars else {}
        return Ranked(corpus, stars, scores)

    def take(self, result: Ranked) -> bool:
        """Take a trained model in; False (and `notice` says why) if stars are too few."""
        from .rank import MIN_STARS

        self.corpus = result.corpus
        if result.stars < MIN_STARS:
            self._too_few = (result.stars, self.marks.starred_count)
            self.scores = None
            return False
        self._too_few = None
        self.scores = result.scores
        return True

    def rank(self, papers: Sequence[Paper]) -> tuple[dict[str, float] | None, str]:
        """Scores of `papers` at once, or None and why (`reader list --sort for-you`)."""
        if not self.take(self.train(papers)):
            return None, self.notice
        return self.scores, ""

    @property
    def notice(self) -> str:
        """Why For you could not rank, while that still holds: too few stars (the
        count kept up to date), or stars whose text it lacks (until the stars change)."""
        if self._too_few is None:
            return ""
        from .rank import MIN_STARS, too_few

        usable, starred_then = self._too_few
        starred = self.marks.starred_count
        if (starred_then < MIN_STARS and starred >= MIN_STARS) or (
            starred_then >= MIN_STARS and starred != starred_then
        ):
            return ""  # the cause went: `f` tries again
        return too_few(min(usable, starred), starred)

    def off(self) -> None:
        self.scores = None

    def stale(self, papers: Sequence[Paper]) -> bool:
        """For you is on, and some of `papers` have no score yet."""
        scores = self.scores
        return scores is not None and any(i not in scores for i in ids_of(papers))

    def reasons(self, paper: Paper) -> list[str]:
        """Why this paper ranks where it does (while For you is on)."""
        if self.scores is None or self.corpus is None:
            return []
        return self.corpus.reasons(paper)
