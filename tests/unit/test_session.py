"""The reading session, without an app: opening, the view, marks, days and the Inbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from reader.core.reading.session import Session
from reader.core.sources.opener import Opened, Opener
from reader.core.sources.specs import Spec, parse_spec
from reader.core.state.store import StateStore
from tests import realshape
from tests.conftest import TODAY

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def opened_session(tmp_path: Path, count: int = 12) -> Session:
    digest = realshape.write(tmp_path / "d.json", realshape.papers(count, authors=7))
    store = StateStore(tmp_path / "state.json")
    session = Session(store, Opener(store, today=TODAY), [Spec("file", str(digest))])
    result = session.open_all(False, lambda _: None, lambda _: None, lambda: False)
    assert isinstance(result, Opened)
    session.loaded(result)
    return session


def test_opening_shows_every_paper_and_counts(tmp_path: Path) -> None:
    session = opened_session(tmp_path)
    assert session.digest is not None and len(session.papers) == 12
    status = session.status(shown=12)
    assert (status.total, status.unread, status.starred) == (12, 12, 0)
    assert session.activity == "" and session.error == ""


def test_a_source_that_cannot_be_opened_is_an_error_message(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    missing = Spec("file", str(tmp_path / "nowhere.json"))
    session = Session(store, Opener(store), [missing])
    result = session.open_all(False, lambda _: None, lambda _: None, lambda: False)
    assert isinstance(result, str) and "nowhere.json" in result
    session.failed(result)
    assert session.empty_text.startswith("Could not open: ")
    assert session.status(0).error == result


def test_marks_views_and_undo(tmp_path: Path) -> None:
    session = opened_session(tmp_path)
    first, second = session.papers[:2]
    assert session.toggle(first, "starred") is True
    assert session.toggle(second, "read") is True
    assert session.status(12).starred == 1 and session.status(12).unread == 11
    session.view = session.view.toggled("starred_only")
    assert list(session.select(session.view)) == [first]
    session.view = replace(session.view.toggled("starred_only"), unread_only=True)
    assert second not in session.select(session.view)
    undone = session.undo()
    assert undone is not None and not session.store.is_read(second.id)
    assert session.mark_read(session.unread_among(session.papers)) == 12
    assert session.next_unread(session.papers, 0) is None


def test_next_unread_wraps(tmp_path: Path) -> None:
    session = opened_session(tmp_path, count=4)
    for paper in session.papers[1:3]:
        session.toggle(paper, "read")
    assert session.next_unread(session.papers, 0) == 3
    assert session.next_unread(session.papers, 3) == 0  # wrapped to the top


def test_the_filter_matches_long_author_lists(tmp_path: Path) -> None:
    session = opened_session(tmp_path)
    name = session.papers[7].authors[-1]
    session.view = replace(session.view, filter_text=name.split()[-1])
    assert session.papers[7] in session.select(session.view)


def test_days_step_and_the_inbox_comes_and_goes(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    day = parse_spec("hf:2026-11-27")
    session = Session(store, Opener(store), [day])
    session.shown_spec = day
    assert session.step(-1) is None and session.specs == [parse_spec("hf:2026-11-26")]
    session.toggle_inbox()
    assert session.specs == [Spec("inbox")]
    session.toggle_inbox()
    assert session.specs == [parse_spec("hf:2026-11-26")]
    files = Session(store, Opener(store), [Spec("file", "a.json")])
    assert files.step(+1) == "a.json is one digest: there is no day before or after it."
    listing = Session(store, Opener(store), [parse_spec("arxiv:cs.LG")])
    message = listing.step(-1)
    assert message is not None and message.startswith("An arXiv listing is today's only")


def test_a_move_that_fails_leaves_the_digest_and_its_name(tmp_path: Path) -> None:
    from reader.core.models import Digest, Paper

    store = StateStore(tmp_path / "state.json")
    day = parse_spec("hf:2026-11-27")
    session = Session(store, Opener(store), [day])
    shown = Digest(source="hf:2026-11-27", papers=(Paper.create(title="A paper"),))
    session.loaded(Opened(shown, spec=day))
    assert session.step(-1) is None  # to the 26th, which is opening
    assert session.status(1).title == day.label  # the header names what is shown
    assert session.failed("offline") is True
    assert session.specs == [day] and session.shown_spec == day and session.digest is shown
    assert session.status(1).title == day.label and not session.status(1).error
    # Go to date, offline: the same.
    session.open_specs([parse_spec("hf:2026-11-20")])
    assert session.failed("offline") and session.specs == [day]
    assert session.step(-1) is None and session.specs == [parse_spec("hf:2026-11-26")]


def test_an_empty_list_says_why(tmp_path: Path) -> None:
    from reader.core.models import Digest

    session = opened_session(tmp_path, count=3)
    session.view = replace(session.view, filter_text="zzzz")
    assert session.empty_text == "No papers match the filter. Esc clears it."
    session.view = replace(session.view, filter_text="", starred_only=True)
    assert session.empty_text == "No papers in this view (starred only)."
    day = parse_spec("hf:2026-11-28")
    session.loaded(Opened(Digest(source="hf", papers=()), spec=day))
    assert "No papers for this day" in session.empty_text and "[ and ]" in session.empty_text
    session.loaded(Opened(Digest(source="x.json", papers=()), spec=Spec("file", "x.json")))
    assert session.empty_text == "This digest has no papers."


def test_sort_orders_cycle_and_hold_through_filters_and_switches(tmp_path: Path) -> None:
    from reader.core.reading.view import ORDERS, locate
    from reader.core.text import sort_key

    session = opened_session(tmp_path, count=40)
    papers = session.papers
    seen = []
    for _ in ORDERS:
        seen.append(session.next_order())
        session.sort_by(seen[-1])
    assert seen == [*ORDERS[1:], ORDERS[0]]  # one key goes round every order

    session.sort_by("upvotes")
    by_votes = list(session.select(session.view))
    votes = [p.upvotes or 0 for p in by_votes]
    assert votes == sorted(votes, reverse=True) and len(by_votes) == 40
    # Equal upvotes keep digest order.
    for a, b in zip(by_votes, by_votes[1:], strict=False):
        if a.upvotes == b.upvotes:
            assert papers.index(a) < papers.index(b)
    assert session.status(40).order == "most upvoted"

    # A filter and a switch narrow the rows; the order holds.
    word = papers[0].abstract.split()[3]
    session.view = replace(session.view, filter_text=word)
    filtered = list(session.select(session.view))
    assert filtered == [p for p in by_votes if p in filtered] and filtered
    session.store.toggle(filtered[0].id, "read")
    session.view = session.view.toggled("unread_only")
    unread = list(session.select(session.view))
    assert unread == [p for p in filtered if p is not filtered[0]]
    # A sorted list is not in digest order: the cursor is found by search, not bisection.
    assert (
        locate(
            session.select(session.view), session.select(replace(session.view, filter_text="")), 0
        )
        is None
    )

    session.view = replace(session.view, filter_text="", unread_only=False)
    session.sort_by("title")
    keys = [sort_key(p.title) for p in session.select(session.view)]
    assert keys == sorted(keys) and keys != [sort_key(p.title) for p in papers]
    session.sort_by("date")
    days = [p.published or "" for p in session.select(session.view)]
    assert days == sorted(days, reverse=True)
    session.sort_by("digest")
    assert session.select(session.view) is papers
    assert session.status(40).order == ""


def test_stepping_before_daily_papers_began_says_so(tmp_path: Path) -> None:
    store = StateStore(tmp_path / "state.json")
    session = Session(store, Opener(store), [parse_spec("hf:2023-05-01")])
    session.shown_spec = session.specs[0]
    assert session.step(-1) == "Daily Papers began in May 2023: there is no earlier digest."
    assert session.specs == [parse_spec("hf:2023-05-01")]
    assert session.step(+1) is None and session.specs == [parse_spec("hf:2023-05-02")]
