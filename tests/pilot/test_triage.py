"""Triage mode on a copied Daily Papers page, driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from reader.screens.main import MainScreen
from reader.screens.triage import TriageScreen, TriageSummaryScreen
from reader.widgets.paper_detail import PaperDetail
from tests.pilot.helpers import make_app, plain, ready


async def test_full_triage_of_a_copied_page(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    expected_starred: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        main = await ready(pilot)
        ids = [p.id for p in main.paper_list.papers]
        await pilot.press("t")
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        card = triage.query_one(PaperDetail)
        assert card.paper is not None and card.paper.id == ids[0]
        # 34 papers: star every 5th, defer paper 1 once, read the rest.
        keys: list[str] = []
        for index in range(34):
            if index == 1:
                keys.append("l")
            elif index % 5 == 0:
                keys.append("s")
                expected_starred.add(ids[index])
            else:
                keys.append("j")
        await pilot.press(*keys)
        assert triage.session.current is not None and triage.session.current.id == ids[1]
        await pilot.press("s")
        expected_starred.add(ids[1])
        assert isinstance(app.screen, TriageSummaryScreen)
        summary = app.screen.summary
        assert summary.decided == 34 and summary.deferred == 0  # the deferred one is starred
        assert {p.id for p in summary.starred} == expected_starred
        text = plain(app.screen.query_one("#summary"))
        assert "34 of 34 papers decided: 8 starred, 26 read, 0 deferred" in text
        await pilot.press("S")
        assert isinstance(app.screen, MainScreen)
        assert {p.id for p in main.paper_list.papers} == expected_starred
        assert main.paper_list.highlighted is not None
        assert main.paper_list.highlighted.id == ids[1]
        await pilot.press("escape")
        assert len(main.paper_list.papers) == 34
    app.store.close()
    again = make_app([page], state_path)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert set(again.store.starred_ids) == expected_starred
        assert set(again.store.read_ids) == set(ids)


async def test_undo_open_copy_and_leaving(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        ids = [p.id for p in main.paper_list.papers]
        await pilot.press("t", "s", "j", "l", "s")
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        await pilot.press("z", "z", "z")
        assert triage.session.current is not None and triage.session.current.id == ids[1]
        assert app.store.starred_ids == {ids[0]} and app.store.read_ids == {ids[0]}
        copied: list[str] = []
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await pilot.press("y")
        assert copied and "Convergence+Distillation+Momentum" in copied[0]
        assert triage.session.current.id == ids[1]
        await pilot.press("escape")
        assert isinstance(app.screen, TriageSummaryScreen)
        await pilot.press("enter")
        assert app.screen is main
        assert main.paper_list.highlighted is not None
        assert main.paper_list.highlighted.id == ids[0]
        # Re-entering starts at the first unread paper.
        await pilot.press("t")
        assert isinstance(app.screen, TriageScreen)
        assert app.screen.session.current is not None
        assert app.screen.session.current.id == ids[1]
        assert app.screen.session.total == 33
        await pilot.press("q", "escape")
        assert app.screen is main


async def test_triage_follows_the_filter(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        main = await ready(pilot)
        await pilot.press("slash", *"koopman", "enter", "t")
        assert isinstance(app.screen, TriageScreen)
        assert app.screen.session.total == 1
        await pilot.press("s")
        assert isinstance(app.screen, TriageSummaryScreen)
        await pilot.press("enter", "t")
        assert app.screen is main  # nothing unread left to triage here


async def test_leaving_triage_keeps_deferred_papers_unread(
    tmp_path: Path, state_path: Path
) -> None:
    from tests.pilot.helpers import ManualTimers
    from tests.support import realshape

    seven = realshape.write(tmp_path / "seven.json", realshape.papers(7, authors=12, seed=3))
    timers = ManualTimers()
    app = make_app([seven], state_path, read_after=2.0, timers=timers)
    async with app.run_test(size=(80, 24)) as pilot:
        main = await ready(pilot)
        await pilot.press("t")
        await pilot.press(*["l"] * 14)  # later on every card, and again when each comes back
        assert isinstance(app.screen, TriageSummaryScreen)
        assert app.screen.summary.deferred == 7 and app.screen.summary.decided == 0
        text = plain(app.screen.query_one("#summary"))
        assert "0 of 7 papers decided: 0 starred, 0 read, 7 deferred" in text
        await pilot.press("enter")
        assert app.screen is main
        assert main.status.unread == 7
        # The cursor is back on the last paper deferred; staying there reads nothing.
        timers.elapse()
        assert not app.store.read_ids and main.status.unread == 7
        # Moving in the list starts auto-read again.
        await pilot.press("k")
        timers.elapse()
        assert len(app.store.read_ids) == 1


async def test_space_pages_a_long_abstract_before_it_moves_on(
    tmp_path: Path, state_path: Path
) -> None:
    from tests.pilot.helpers import wait_until
    from tests.support import realshape

    long_day = realshape.papers(3, authors=66, abstract_length=1900, seed=4)
    digest = realshape.write(tmp_path / "long.json", long_day)
    app = make_app([digest], state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("t")
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        more = triage.query_one("#triage-more")
        await wait_until(pilot, lambda: "more below" in plain(more), "the hint")
        first = triage.session.current
        pages = 0
        while triage.session.current is first:
            await pilot.press("space")
            pages += 1
            assert pages < 20
        assert pages >= 2, "space paged the abstract before it moved on"
        assert first is not None and app.store.is_read(first.id)
        # 66 authors at 80x24: the first few and a count, the abstract in view.
        card = triage.query_one(PaperDetail)
        assert " more" in plain(card.query_one("#detail-body"), 76).split("\n\n")[1]
