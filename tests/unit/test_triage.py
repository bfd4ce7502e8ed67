"""The triage session: decisions, the later-queue and undo, on a real store."""

from __future__ import annotations

import pytest

from reader.core.models import Paper
from reader.core.reading.marking import Marking
from reader.core.reading.triage import TriageSession
from reader.core.state.store import StateStore

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def papers(n: int) -> list[Paper]:
    return [Paper.create(title=f"Paper {i}", id=f"2511.{i:05d}") for i in range(n)]


def test_decisions_and_summary(store: StateStore) -> None:
    items = papers(5)
    store.set_field([items[1].id], "read", True)  # already read: not in the queue
    ticks = iter([0.0, 60.0])
    session = TriageSession(items, Marking(store), clock=lambda: next(ticks))
    assert session.total == 4 and session.current is items[0]
    session.decide("star")
    session.decide("later")
    session.decide("read")
    session.decide("read")
    assert session.current is items[2]  # the deferred paper comes back once
    session.decide("later")  # a second "later" moves on without requeueing
    assert session.done
    summary = session.summary()
    # Papers, each once, by their last decision: items[2] was deferred twice.
    assert (summary.decided, len(summary.starred), summary.read, summary.deferred) == (
        3,
        1,
        2,
        1,
    )
    assert summary.seconds == 60.0 and summary.per_minute == 3.0
    assert store.is_starred(items[0].id) and store.is_read(items[0].id)
    assert not store.is_read(items[2].id)
    assert store.is_read(items[3].id) and not store.is_starred(items[3].id)


def test_undo_walks_back_through_the_run(store: StateStore) -> None:
    items = papers(4)
    session = TriageSession(items, Marking(store))
    session.decide("star")
    session.decide("later")
    session.decide("read")
    assert len(session.queue) == 5
    session.undo()
    assert session.current is items[2] and not store.is_read(items[2].id)
    session.undo()
    assert session.current is items[1] and len(session.queue) == 4
    session.undo()
    assert session.current is items[0]
    assert not store.starred_ids and not store.read_ids
    assert session.undo() is None


def test_the_summary_counts_papers_by_their_last_decision(store: StateStore) -> None:
    items = papers(7)
    session = TriageSession(items, Marking(store))
    for _ in range(14):  # "later" on every card, and again when each comes back
        session.decide("later")
    assert session.done
    summary = session.summary()
    assert (summary.total, summary.decided, summary.deferred) == (7, 0, 7)
    assert not store.read_ids


def test_a_deferred_paper_decided_later_is_not_deferred(store: StateStore) -> None:
    items = papers(5)
    session = TriageSession(items, Marking(store))
    for kind in ("star", "later", "later", "later", "later", "read", "read", "read", "later"):
        session.decide(kind)  # type: ignore[arg-type]
    assert session.done
    summary = session.summary()
    # 1 starred, 3 of the deferred read when they came back, 1 left unread.
    assert (summary.decided, len(summary.starred), summary.read, summary.deferred) == (4, 1, 3, 1)
    assert summary.decided + summary.deferred == summary.total
    assert len(store.read_ids) == 4
