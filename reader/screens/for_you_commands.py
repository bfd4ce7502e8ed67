"""For you (`f`) and similar papers (`m`): ranking that learns from the stars.

Held by the main screen. The model is trained in a worker; scikit-learn is
imported there on first use, never at startup. Results come back to the
screen in messages and are taken in by the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgspec.structs import replace
from textual.message import Message

from ..core.models import Paper
from ..core.reading.foryou import Ranked as Result
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

    def __init__(self, host: Host) -> None:
        self.host = host
        self.session = host.session

    def toggle(self) -> None:
        if self.session.view.for_you:
            self.session.for_you_off()
            self.host.refresh_view(by_user=True)
            return
        self.retrain()

    def sort_next(self) -> None:
        """`O`: the next order of the cycle."""
        self.sort(self.session.view.next_order())

    def sort(self, order: Order) -> None:
        """Sort the list; For you trains first (and falls back to digest order
        with a notice when there are too few stars)."""
        if order == "for-you":
            if not self.session.view.for_you:
                self.retrain()
            return
        self.session.view = replace(self.session.view, order=order)
        self.host.refresh_view(by_user=True)

    def rerank_if_stale(self) -> None:
        """A new digest in For you order: rank its papers too."""
        if self.session.view.for_you and self.session.for_you.stale(self.session.papers):
            self.retrain()

    def retrain(self) -> None:
        papers = self.session.papers
        if self.session.digest is None:
            return
        self.session.activity = "training For you"
        self.host.update_status()
        for_you, post = self.session.for_you, self.host.screen.post_message
        in_thread(self.host, lambda: post(Ranked(for_you.train(papers))), "rank")

    def ranked(self, result: Result) -> None:
        if not self.session.take_ranked(result):
            self.host.screen.notify(self.session.for_you.notice, timeout=5)
        self.host.refresh_view()

    # --- similar papers ------------------------------------------------------------

    def similar(self) -> None:
        paper = self.host.paper_list.highlighted
        if paper is None or self.session.digest is None:
            return
        self.session.activity = "finding similar papers"
        self.host.update_status()
        for_you, papers, post = (
            self.session.for_you,
            self.session.papers,
            self.host.screen.post_message,
        )

        def find() -> None:
            corpus = for_you.corpus_for(papers)
            post(SimilarFound(corpus, paper, [found for found, _ in corpus.similar(paper)]))

        in_thread(self.host, find, "similar")

    def similar_found(self, message: SimilarFound) -> None:
        self.session.for_you.corpus = message.corpus
        if not message.similar:
            self.session.activity = ""
            self.host.screen.notify("No similar papers found in the cache.", timeout=3)
            self.host.update_status()
            return
        self.host.show_opened(self.session.show_similar(message.paper, message.similar))

    def leave_similar(self) -> bool:
        """Back to the digest shown before `m`; False if not in a similar list."""
        previous = self.session.leave_similar()
        if previous is None:
            return False
        self.host.show_opened(previous)
        return True
