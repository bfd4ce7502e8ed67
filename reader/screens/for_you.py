"""For you (`f`) and similar papers (`m`): ranking that learns from the stars.

The model is trained in a worker; scikit-learn is imported there on first use,
never at startup. The screen only receives scores and papers in messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgspec.structs import replace
from textual import on, work
from textual.message import Message

from ..data.models import Digest, Paper
from ..data.sources.opener import Opened, library
from ..data.sources.specs import Spec
from ..data.view import View
from .source_actions import SourceActions

if TYPE_CHECKING:
    from ..data.rank import Corpus


class ForYouActions(SourceActions):
    """Sorts by predicted interest and finds papers like the highlighted one."""

    view: View
    _scores: dict[str, float] | None
    _corpus: Corpus | None
    _before_similar: Opened | None
    _for_you_notice: str

    @dataclass
    class Ranked(Message):
        """A freshly trained model's scores for the digest's papers."""

        corpus: Corpus
        stars: int
        scores: dict[str, float]

    @dataclass
    class SimilarFound(Message):
        """Papers most like `paper`, from every cached digest."""

        corpus: Corpus
        paper: Paper
        similar: list[Paper]

    def set_view(self, view: View) -> None:
        raise NotImplementedError

    def _corpus_for(self, papers: tuple[Paper, ...]) -> Corpus:
        """The vectorised corpus, rebuilt only when the digest brings new papers."""
        from ..data.rank import Corpus

        corpus = self._corpus
        if corpus is None or any(p.id not in corpus.row for p in papers):
            corpus = Corpus([*library(self.store).papers, *papers])
        return corpus

    # --- For you -------------------------------------------------------------

    def action_for_you(self) -> None:
        if self.view.for_you:
            self._scores = None
            self.set_view(replace(self.view, for_you=False))
            return
        self.retrain()

    def retrain(self) -> None:
        if self.digest is not None:
            self._activity = "training For you"
            self.update_status()
            self._train(self.digest.papers)

    # `description` is given so Textual does not repr() the arguments (100,000 papers).
    @work(thread=True, exclusive=True, group="rank", exit_on_error=False, description="train")
    def _train(self, papers: tuple[Paper, ...]) -> None:
        corpus = self._corpus_for(papers)
        stars = corpus.train(self.store.starred_ids, self.store.read_ids)
        scores = corpus.rank(papers, stars).scores if stars else {}
        self.post_message(self.Ranked(corpus, stars, scores))

    @on(Ranked)
    def _ranked(self, message: Ranked) -> None:
        from ..data.rank import MIN_STARS

        self._corpus = message.corpus
        self._activity = ""
        if message.stars < MIN_STARS:
            have = self.store.starred_count
            self._for_you_notice = (
                f"For you needs at least {MIN_STARS} starred papers (you have {have}); "
                "showing digest order."
            )
            self.notify(self._for_you_notice, timeout=5)
            self._scores = None
            self.set_view(replace(self.view, for_you=False))
            return
        self._for_you_notice = ""
        self._scores = message.scores
        self.set_view(replace(self.view, for_you=True))

    def reasons_for(self, paper: Paper) -> list[str]:
        """Why this paper ranks where it does, when For you is on."""
        if not self.view.for_you or self._corpus is None:
            return []
        return self._corpus.reasons(paper)

    # --- similar papers ------------------------------------------------------------

    def action_similar(self) -> None:
        paper = self.paper_list.highlighted
        if paper is None or self.digest is None:
            return
        self._activity = "finding similar papers"
        self.update_status()
        self._find_similar(paper, self.digest.papers)

    @work(thread=True, exclusive=True, group="similar", exit_on_error=False, description="similar")
    def _find_similar(self, paper: Paper, papers: tuple[Paper, ...]) -> None:
        corpus = self._corpus_for(papers)
        similar = [found for found, _ in corpus.similar(paper)]
        self.post_message(self.SimilarFound(corpus, paper, similar))

    @on(SimilarFound)
    def _similar_found(self, message: SimilarFound) -> None:
        self._corpus = message.corpus
        self._activity = ""
        if not message.similar:
            self.notify("No similar papers found in the cache.", timeout=3)
            self.update_status()
            return
        if self._before_similar is None and self.digest is not None:
            self._before_similar = Opened(self.digest, spec=self.shown_spec)
        title = f"Similar to “{message.paper.title[:60]}” (Esc returns)"
        digest = Digest(source="similar", papers=(message.paper, *message.similar), title=title)
        self._loaded(self.Loaded(Opened(digest, spec=Spec("file", "similar"))))

    def leave_similar(self) -> bool:
        """Back to the digest shown before `m`; False if not in a similar list."""
        if self._before_similar is None:
            return False
        previous, self._before_similar = self._before_similar, None
        self._loaded(self.Loaded(previous))
        return True
