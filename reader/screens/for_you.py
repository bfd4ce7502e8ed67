"""For you (`f`) and similar papers (`m`): ranking that learns from the stars.

Held by the main screen. The model is trained in a worker; scikit-learn is
imported there on first use, never at startup. Results come back to the
screen in messages and are taken in by the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ..core.models import Paper
from ..core.reading.session import Ranked as Result
from ..core.reading.view import Order
from .host import in_thread

if TYPE_CHECKING:
    from ..core.reading.rank import Corpus
    from .host import Host


@dataclass
class Ranked(Message):
    """A freshly trained model's scores for the digest's papers."""

    result: Result


@dataclass
class SimilarFound(Message):
    """Papers most like `paper`, from every cached digest."""

    corpus: Corpus
    paper: Paper
    similar: list[Paper]


class ForYouCommands:
    """Sorts by predicted interest and finds papers like the highlighted one."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.session = screen.session

    def toggle(self) -> None:
        if self.session.view.for_you:
            self.session.for_you_off()
            self.screen.refresh_view(by_user=True)
            return
        self.retrain()

    def sort_next(self) -> None:
        """`O`: the next order of the cycle."""
        self.sort(self.session.next_order())

    def sort(self, order: Order) -> None:
        """Sort the list; For you trains first (and falls back to digest order
        with a notice when there are too few stars)."""
        if order == "for-you":
            if not self.session.view.for_you:
                self.retrain()
            return
        self.session.sort_by(order)
        self.screen.refresh_view(by_user=True)

    def rerank_if_stale(self) -> None:
        """A new digest in For you order: rank its papers too."""
        if self.session.needs_ranking():
            self.retrain()

    def retrain(self) -> None:
        digest = self.session.digest
        if digest is None:
            return
        self.session.activity = "training For you"
        self.screen.update_status()
        session, post = self.session, self.screen.post_message
        in_thread(self.screen, lambda: post(Ranked(session.train(digest.papers))), "rank")

    def ranked(self, result: Result) -> None:
        if not self.session.ranked(result):
            self.screen.notify(self.session.for_you_notice, timeout=5)
        self.screen.refresh_view()

    # --- similar papers ------------------------------------------------------------

    def similar(self) -> None:
        paper = self.screen.paper_list.highlighted
        digest = self.session.digest
        if paper is None or digest is None:
            return
        self.session.activity = "finding similar papers"
        self.screen.update_status()
        session, post = self.session, self.screen.post_message

        def find() -> None:
            corpus = session.corpus_for(digest.papers)
            post(SimilarFound(corpus, paper, [found for found, _ in corpus.similar(paper)]))

        in_thread(self.screen, find, "similar")

    def similar_found(self, message: SimilarFound) -> None:
        if not message.similar:
            self.session.corpus = message.corpus
            self.session.activity = ""
            self.screen.notify("No similar papers found in the cache.", timeout=3)
            self.screen.update_status()
            return
        opened = self.session.similar_digest(message.corpus, message.paper, message.similar)
        self.screen.show_opened(opened)

    def leave_similar(self) -> bool:
        """Back to the digest shown before `m`; False if not in a similar list."""
        previous = self.session.leave_similar()
        if previous is None:
            return False
        self.screen.show_opened(previous)
        return True
