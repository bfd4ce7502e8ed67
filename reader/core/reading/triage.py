"""Triage: one paper at a time, one key per decision.

The session owns the queue and the history of decisions so that any number
of them can be undone; every change of a mark goes through `Marking`, the
one path of the list view's marks, with the same durability and undo.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ..models import Paper
from .marking import Marking

Kind = Literal["star", "read", "later"]


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision, with what is needed to take it back."""

    paper: Paper
    kind: Kind
    position: int
    """Where the paper stood in the queue when decided."""
    changed_store: bool
    """True when the decision pushed an undo step onto the store."""
    requeued: bool
    """True when 'later' appended the paper to the end of the queue."""


@dataclass(frozen=True, slots=True)
class Summary:
    """The outcome of a triage run."""

    total: int
    decided: int
    starred: tuple[Paper, ...]
    read: int
    """Papers marked read without a star."""
    deferred: int
    """Papers left unread for later (their last decision)."""
    seconds: float

    @property
    def per_minute(self) -> float:
        return self.decided / (self.seconds / 60) if self.seconds > 0 else 0.0


class TriageSession:
    """A queue of the unread papers shown, decided front to back."""

    def __init__(
        self,
        papers: Sequence[Paper],
        marks: Marking,
        *,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.marks = marks
        self.queue: list[Paper] = [p for p in papers if not marks.store.is_read(p.id)]
        self.total = len(self.queue)
        self.position = 0
        self.history: list[Decision] = []
        self._deferred: set[str] = set()
        self.clock = clock or time.monotonic
        """Where time comes from; replaceable for tests."""
        self.started = self.clock()
        self._ended: float | None = None

    @property
    def current(self) -> Paper | None:
        return self.queue[self.position] if self.position < len(self.queue) else None

    @property
    def done(self) -> bool:
        return self.position >= len(self.queue)

    def final(self) -> dict[str, Decision]:
        """Each paper decided on so far, by its last decision: a paper deferred,
        then starred when it came back, counts once, as starred."""
        return {decision.paper.id: decision for decision in self.history}

    @property
    def decided(self) -> int:
        """Papers starred or read so far (papers left for later do not count)."""
        return sum(1 for d in self.final().values() if d.kind != "later")

    @property
    def last_decided(self) -> Paper | None:
        return self.history[-1].paper if self.history else None

    def decide(self, kind: Kind) -> Decision | None:
        """Record a decision on the current paper and move on."""
        paper = self.current
        if paper is None:
            return None
        changed = False
        requeued = False
        if kind in ("star", "read"):
            changed = self.marks.decide(paper, star=kind == "star")
        elif paper.id not in self._deferred:
            # Later: once to the back of the queue; a second time just moves on.
            self._deferred.add(paper.id)
            self.queue.append(paper)
            requeued = True
        decision = Decision(paper, kind, self.position, changed, requeued)
        self.history.append(decision)
        self.position += 1
        if self.done:
            self._ended = self.clock()
        return decision

    def undo(self) -> Decision | None:
        """Take back the last decision and return to its paper."""
        if not self.history:
            return None
        decision = self.history.pop()
        if decision.changed_store:
            self.marks.undo()
        if decision.requeued:
            self.queue.pop()
            self._deferred.discard(decision.paper.id)
        self.position = decision.position
        self._ended = None
        return decision

    def summary(self) -> Summary:
        """The run's outcome: papers, each once, by their last decision."""
        end = self._ended if self._ended is not None else self.clock()
        final = list(self.final().values())
        return Summary(
            total=self.total,
            decided=sum(1 for d in final if d.kind != "later"),
            starred=tuple(d.paper for d in final if d.kind == "star"),
            read=sum(1 for d in final if d.kind == "read"),
            deferred=sum(1 for d in final if d.kind == "later"),
            seconds=end - self.started,
        )
