"""The reading session, without an app: opening, the view, marks, days and the Inbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from reader.core.models import Digest, Paper
from reader.core.reading.digest import next_where
from reader.core.reading.session import SIMILAR, Session
from reader.core.reading.view import View
from reader.core.sources.opener import Opened, Opener
from reader.core.sources.specs import Spec, parse_spec
from reader.core.state.store import StateStore
from tests.conftest import TODAY
from tests.support import realshape

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def opened_session(tmp_path: Path, store: StateStore, count: int = 12) -> Session:
    digest = realshape.write(tmp_path / "d.json", realshape.papers(count, authors=7))
    session = Session(store, Opener(store, today=TODAY), [Spec("file", str(digest))])
    result = session.open_all(False, lambda _: None, lambda _: None, lambda: False)
    assert isinstance(result, Opened)
    session.loaded(result)
    return session


def test_opening_shows_every_paper_and_counts(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store)
    assert session.digest is not None and len(session.papers) == 12
    status = session.status(shown=12)
    assert (status.total, status.unread, status.starred) == (12, 12, 0)
    assert session.activity == "" and session.error == ""


def test_a_source_that_cannot_be_opened_is_an_error_message(
    tmp_path: Path, store: StateStore
) -> None:
    missing = Spec("file", str(tmp_path / "nowhere.json"))
    session = Session(store, Opener(store), [missing])
    result = session.open_all(False, lambda _: None, lambda _: None, lambda: False)
    assert isinstance(result, str) and "nowhere.json" in result
    session.failed(result)
    assert session.empty_text.startswith("Could not open: ")
    assert session.status(0).error == result


def test_marks_views_and_undo(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store)
    first, second = session.papers[:2]
    marks = session.marks  # every mark goes through this one path
    assert marks.toggle(first, "starred") is True
    assert marks.toggle(second, "read") is True
    assert session.status(12).starred == 1 and session.status(12).unread == 11
    session.view = session.view.toggled("starred_only")
    assert list(session.select(session.view)) == [first]
    session.view = replace(session.view.toggled("starred_only"), unread_only=True)
    assert second not in session.select(session.view)
    undone = marks.undo()
    assert undone is not None and not session.store.is_read(second.id)
    assert marks.note(first, "Read §3.") and marks.tags(first, "theory rg")
    assert marks.record(first).note == "Read §3." and marks.record(first).tags == ("theory", "rg")
    assert marks.mark_read(marks.unread(session.papers)) == 12
    read = session.store.read_ids
    assert next_where(session.papers, 0, lambda i: i not in read) is None


def test_next_where_wraps(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store, count=4)
    for paper in session.papers[1:3]:
        session.marks.toggle(paper, "read")
    read = session.store.read_ids
    assert next_where(session.papers, 0, lambda i: i not in read) == 3
    assert next_where(session.papers, 3, lambda i: i not in read) == 0  # wrapped


def test_the_filter_matches_long_author_lists(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store)
    name = session.papers[7].authors[-1]
    session.view = replace(session.view, filter_text=name.split()[-1])
    assert session.papers[7] in session.select(session.view)


def test_days_step_and_the_inbox_comes_and_goes(store: StateStore) -> None:
    day = parse_spec("hf:2026-11-27")
    session = Session(store, Opener(store), [day])
    assert session.step(-1) is None and session.specs == [parse_spec("hf:2026-11-26")]

    session.toggle_inbox()
    assert session.specs == [Spec("inbox")] and [p.kind for p in session.history] == ["inbox"]
    session.toggle_inbox()
    assert session.specs == [parse_spec("hf:2026-11-26")] and not session.history
    files = Session(store, Opener(store), [Spec("file", "a.json")])
    assert files.step(+1) == "a.json is one digest: there is no day before or after it."
    listing = Session(store, Opener(store), [parse_spec("arxiv:cs.LG")])
    message = listing.step(-1)
    assert message is not None and message.startswith("No earlier day of arXiv cs.LG is kept")


def test_a_move_that_fails_leaves_the_digest_and_its_name(store: StateStore) -> None:
    day = parse_spec("hf:2026-11-27")
    session = Session(store, Opener(store), [day])
    shown = Digest(source="hf:2026-11-27", papers=(Paper.create(title="A paper"),))
    session.loaded(Opened(shown, spec=day))
    assert session.step(-1) is None  # to the 26th, which is opening
    assert session.status(1).title == day.label  # the header names what is shown
    assert session.failed("offline") is True
    assert session.specs == [day] and session.shown_spec == day
    assert session.digest is not None and session.digest.digest is shown
    assert session.status(1).title == day.label and not session.status(1).error
    # Go to date, offline: the same.
    session.open_specs([parse_spec("hf:2026-11-20")])
    assert session.failed("offline") and session.specs == [day]
    assert session.step(-1) is None and session.specs == [parse_spec("hf:2026-11-26")]
    # The Inbox, offline too: back where the reader was, the way back as it was.
    session.failed("offline")
    session.toggle_inbox()
    assert session.failed("offline") and session.specs == [day] and not session.history
    # The Inbox, offline too: back where the reader was, the way back as it was.
    session.failed("offline")
    session.toggle_inbox()
    assert session.failed("offline") and session.specs == [day] and not session.history


def test_similar_papers_and_back_through_one_history(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store)
    session.view = replace(session.view, filter_text="x", order="upvotes")
    shown = session.digest
    similar = session.show_similar(session.papers[0], list(session.papers[3:6]))
    assert similar.spec == SIMILAR and session.view == View()
    session.loaded(similar)
    session.toggle_inbox()  # from the similar list to the Inbox, and back
    assert [p.kind for p in session.history] == ["similar", "inbox"]
    session.toggle_inbox()
    assert [p.kind for p in session.history] == ["similar"]
    back = session.leave_similar()
    assert back is not None and shown is not None and back.digest is shown.digest
    assert session.view.filter_text == "x" and session.view.order == "upvotes"
    assert session.leave_similar() is None and not session.history


def test_a_new_digest_is_worked_out_anew(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store, count=8)
    first = session.digest
    assert first is not None and first.ordering("title") is first.ordering("title")  # once
    session.loaded(Opened(Digest(source="y", papers=(Paper.create(title="Only"),))))
    assert session.digest is not first and session.digest is not None
    assert [p.title for p in session.select(session.view)] == ["Only"]


def test_an_empty_list_says_why(tmp_path: Path, store: StateStore) -> None:
    session = opened_session(tmp_path, store, count=3)
    session.view = replace(session.view, filter_text="zzzz")
    assert session.empty_text == "No papers match the filter. Esc clears it."
    session.view = replace(session.view, filter_text="", starred_only=True)
    assert session.empty_text == "No papers in this view (starred only)."
    day = parse_spec("hf:2026-11-28")
    session.loaded(Opened(Digest(source="hf", papers=()), spec=day))
    assert "No papers for this day" in session.empty_text and "[ and ]" in session.empty_text
    session.loaded(Opened(Digest(source="x.json", papers=()), spec=Spec("file", "x.json")))
    assert session.empty_text == "This digest has no papers."


def test_sort_orders_cycle_and_hold_through_filters_and_switches(
    tmp_path: Path, store: StateStore
) -> None:
    from reader.core.reading.view import ORDERS, locate
    from reader.core.text import sort_key

    session = opened_session(tmp_path, store, count=40)
    papers = session.papers
    seen = []
    for _ in ORDERS:
        seen.append(session.view.next_order())
        session.view = replace(session.view, order=seen[-1])
    assert seen == [*ORDERS[1:], ORDERS[0]]  # one key goes round every order

    session.view = replace(session.view, order="upvotes")
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
    session.view = replace(session.view, order="title")
    keys = [sort_key(p.title) for p in session.select(session.view)]
    assert keys == sorted(keys) and keys != [sort_key(p.title) for p in papers]
    session.view = replace(session.view, order="date")
    days = [p.published or "" for p in session.select(session.view)]
    assert days == sorted(days, reverse=True)
    session.view = replace(session.view, order="digest")
    assert session.select(session.view) is papers
    assert session.status(40).order == ""


def test_stepping_before_daily_papers_began_says_so(store: StateStore) -> None:
    session = Session(store, Opener(store), [parse_spec("hf:2023-05-01")])
    assert session.step(-1) == "Daily Papers began in May 2023: there is no earlier digest."
    assert session.specs == [parse_spec("hf:2023-05-01")]
    assert session.step(+1) is None and session.specs == [parse_spec("hf:2023-05-02")]


def test_a_filtered_place_found_again_is_a_plain_int(tmp_path: Path, store: StateStore) -> None:
    """A filter's answer is a numpy array; a place taken from it reaches the
    screen's regions, which refuse numpy's ints (`bool(np.bool_)` is not a bool)."""
    from reader.core.reading.view import locate

    session = opened_session(tmp_path, store, count=40)
    session.view = replace(session.view, filter_text="is:unread")
    filtered = session.select(session.view)
    whole = session.select(replace(session.view, filter_text=""))
    found = locate(whole, filtered, 3)
    assert type(found) is int and whole[found] is filtered[3]
