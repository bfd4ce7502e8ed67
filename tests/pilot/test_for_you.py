"""For you and similar papers in the app."""

from __future__ import annotations

import json
from pathlib import Path

from msgspec.structs import replace
from textual.pilot import Pilot

from reader.screens.main import MainScreen
from tests.pilot.helpers import make_app, ready, wait_until
from tests.support.topics import topic_of, topic_papers


def write_digest(tmp_path: Path) -> Path:
    path = tmp_path / "topics.json"
    path.write_text(json.dumps([p.to_json() for p in topic_papers()]))
    return path


async def settle(pilot: Pilot[None], screen: MainScreen) -> None:
    """Wait for training: its worker's end, then the message that it is done."""
    await pilot.app.workers.wait_for_complete()
    await wait_until(pilot, lambda: not screen.session.activity, "training to finish")


async def test_for_you_needs_three_stars_then_ranks(tmp_path: Path, state_path: Path) -> None:
    app = make_app([write_digest(tmp_path)], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        digest_order = [p.id for p in screen.paper_list.papers]
        await pilot.press("f")
        await settle(pilot, screen)
        assert not screen.session.view.for_you
        assert [p.id for p in screen.paper_list.papers] == digest_order
        assert "needs at least 3 starred papers" in screen.session.for_you.notice
        assert "(you have 0)" in screen.status.notice
        # Star three speech papers (they start at row 30).
        await pilot.press("end")
        screen.paper_list.move_to(30)
        await pilot.press("s", "j")
        assert "(you have 1)" in screen.status.notice  # the count stays true
        await pilot.press("s", "j", "s")
        # The cause went with the third star, and so does the notice, without another `f`.
        assert "For you" not in screen.status.notice
        await pilot.press("f")
        await settle(pilot, screen)
        assert screen.session.view.for_you
        top = screen.paper_list.papers[:10]
        assert all(topic_of(p) == "speech" for p in top)
        assert screen.paper_list.cursor is not None
        await pilot.press("g")
        body = str(screen.detail.query_one("#detail-body").render())
        assert "Why this paper" in body
        # Another star retrains; For you stays on.
        await pilot.press("G", "s")
        assert app.store.starred_count == 4
        await settle(pilot, screen)
        assert screen.session.view.for_you
        await pilot.press("f")
        assert not screen.session.view.for_you
        assert [p.id for p in screen.paper_list.papers] == digest_order


async def test_similar_papers_and_back(tmp_path: Path, state_path: Path) -> None:
    app = make_app([write_digest(tmp_path)], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.paper_list.move_to(65)
        paper = screen.paper_list.highlighted
        assert paper is not None
        await pilot.press("m")
        await settle(pilot, screen)
        shown = screen.paper_list.papers
        assert shown[0].id == paper.id and len(shown) == 21
        assert all(topic_of(p) == topic_of(paper) for p in shown)
        await pilot.press("escape")
        assert len(screen.paper_list.papers) == 90


async def test_similar_papers_ignore_the_view_and_esc_brings_it_back(
    tmp_path: Path, state_path: Path
) -> None:
    """Similar papers come in order of similarity whatever the view; Esc restores it."""
    app = make_app([write_digest(tmp_path)], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        paper = screen.paper_list.papers[65]
        pinned = replace(
            screen.session.view, only_ids=frozenset({paper.id}), filter_text=paper.title
        )
        screen.session.view = pinned
        screen.refresh_view()
        assert list(screen.paper_list.papers) == [paper]
        await pilot.press("m")
        await settle(pilot, screen)
        shown = screen.paper_list.papers
        assert shown[0].id == paper.id and len(shown) == 21
        await pilot.press("escape")
        assert screen.session.view == pinned
        assert list(screen.paper_list.papers) == [paper]


async def test_similar_papers_keep_no_place_and_esc_returns_to_the_paper(
    tmp_path: Path, state_path: Path
) -> None:
    app = make_app([write_digest(tmp_path)], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        screen.paper_list.move_to(40)
        paper = screen.paper_list.highlighted
        await pilot.press("m")
        await settle(pilot, screen)
        await pilot.press("j", "j", "escape")
        assert screen.paper_list.highlighted is paper
        positions = app.store.get_meta("positions", {})
        assert list(positions.values()) == [paper.id]  # the digest's place only
