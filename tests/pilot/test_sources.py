"""Live sources in the app: day navigation, the Inbox and the offline notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.core.sources.specs import Spec, parse_spec
from reader.screens.main import MainScreen
from reader.widgets.status_bar import StatusBar
from tests.pilot.helpers import detail_settled, make_app, ready, wait_until
from tests.support.server import StubServer

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def status(screen: MainScreen) -> str:
    return str(screen.query_one(StatusBar).render())


async def settle(pilot: Pilot[None], screen: MainScreen, spec: str) -> None:
    """Wait until `spec` is shown, whole."""

    def shown() -> bool:
        shown_spec = screen.session.shown_spec
        return shown_spec is not None and shown_spec.text == spec and not screen.session.activity

    await wait_until(pilot, shown, f"{spec} shown")
    await detail_settled(pilot, screen)


async def test_day_navigation(server: StubServer, state_path: Path) -> None:
    app = make_app([], state_path, specs=[parse_spec("hf:2026-11-27")])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, screen, "hf:2026-11-27")
        assert len(screen.paper_list.papers) == 3
        assert "Daily Papers Fri 2026-11-27" in status(screen)
        detail = str(screen.detail.query_one("#detail-body").render())
        assert "AI summary" in detail and "▲ 87 upvotes" in detail and "4 comments" in detail
        assert "github.com/example-lab/tidal-memory" in detail
        await pilot.press("left_square_bracket")
        await settle(pilot, screen, "hf:2026-11-26")
        assert len(screen.paper_list.papers) == 130
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot, screen, "hf:2026-11-28")
        assert not screen.paper_list.papers
        assert "No papers for this day" in screen.paper_list.empty_text


async def test_offline_notice_after_the_server_stops(server: StubServer, state_path: Path) -> None:
    app = make_app([], state_path, specs=[parse_spec("hf:2026-11-27")])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, screen, "hf:2026-11-27")
    app.store.close()
    server.shutdown()
    server.server_close()
    again = make_app([], state_path, specs=[parse_spec("hf:2026-11-27")])
    again.opener.refresh_after = 0
    async with again.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, screen, "hf:2026-11-27")
        assert len(screen.paper_list.papers) == 3
        assert "Offline, showing copy from" in status(screen)
        # Said once as a notice too, when the final result comes.
        notices = [str(n.message) for n in again._notifications]
        assert sum("Offline, showing copy from" in n for n in notices) == 1


async def test_inbox_lists_unread_from_every_cached_digest(
    server: StubServer, state_path: Path
) -> None:
    app = make_app([], state_path, specs=[parse_spec("arxiv:cs.LG")])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, screen, "arxiv:cs.LG")
        await pilot.press("r")  # read the first listing paper
        await pilot.press("x")  # hide replacements
        assert len(screen.paper_list.papers) == 2
        await pilot.press("x")
        screen.session.specs = [parse_spec("hf:2026-11-27")]
        screen.sources.reload()
        await settle(pilot, screen, "hf:2026-11-27")
        await pilot.press("i")
        await settle(pilot, screen, "inbox")
        ids = [p.id for p in screen.paper_list.papers]
        assert "2611.21001" not in ids  # read
        assert len(ids) == 3 + 3
        dates = [p.published or "" for p in screen.paper_list.papers]
        assert dates == sorted(dates, reverse=True)
        await pilot.press("i")
        await settle(pilot, screen, "hf:2026-11-27")


async def test_nothing_to_show_offline_is_explained(state_path: Path) -> None:
    app = make_app([], state_path, specs=[parse_spec("hf:2026-11-27")])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await wait_until(pilot, lambda: screen.session.error, "the error")
        assert "refused" in status(screen)
        assert "Could not open" in screen.paper_list.empty_text


async def test_bare_reader_offline_opens_the_sample(state_path: Path) -> None:
    app = make_app([], state_path, specs=[Spec("hf", "2026-11-28", implicit=True)])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await wait_until(
            pilot,
            lambda: screen.session.digest is not None and not screen.session.activity,
            "the sample, whole",
        )
        assert screen.paper_list.papers[0].title.startswith("Sparse Attention Budgets")
        assert "sample digest" in status(screen)


async def test_arxiv_days_stay_and_brackets_step_through_them(
    server: StubServer, state_path: Path
) -> None:
    from tests.support.server import listing_of

    app = make_app([], state_path, specs=[parse_spec("arxiv:cs.LG")])
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await settle(pilot, screen, "arxiv:cs.LG")
        friday = [p.id for p in screen.paper_list.papers]
        assert "arXiv cs.LG Fri 2026-11-27" in status(screen)
        await pilot.press("left_square_bracket")  # nothing kept before the first day
        assert "No earlier day of arXiv cs.LG is kept" in list(app._notifications)[-1].message
        server.behaviour.rss = listing_of("Mon, 30 Nov 2026", 3)  # Monday's listing
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "Mon 2026-11-30" in status(screen), "Monday fetched")
        monday = [p.id for p in screen.paper_list.papers]
        assert monday != friday and len(monday) == len(friday)
        await pilot.press("left_square_bracket")  # Friday, from the archive
        await wait_until(pilot, lambda: "Fri 2026-11-27" in status(screen), "Friday again")
        await detail_settled(pilot, screen)
        assert [p.id for p in screen.paper_list.papers] == friday
        assert screen.paper_list.papers[2].announce == "replace"  # its day's announcements
        requests = len(server.behaviour.requests)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: "Mon 2026-11-30" in status(screen), "Monday again")
        assert len(server.behaviour.requests) == requests  # read from the archive
        await pilot.press("right_square_bracket")
        assert "newest day of arXiv cs.LG" in list(app._notifications)[-1].message
        await pilot.press("i")  # both days' papers are in the Inbox
        await settle(pilot, screen, "inbox")
        assert set(friday) | set(monday) <= {p.id for p in screen.paper_list.papers}


async def test_a_large_file_opens_from_the_archive_and_reads_as_any(
    tmp_path: Path, state_path: Path
) -> None:
    import json

    from reader.core.archive.views import ArchivePapers
    from tests.support import realshape

    items = realshape.papers(1500)
    path = tmp_path / "large.json"
    path.write_text(json.dumps(items, indent=1, ensure_ascii=False), encoding="utf-8")
    app = make_app([path], state_path)
    app.opener.archive_from = 1  # every file counts as large
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await wait_until(
            pilot,
            lambda: (
                isinstance(screen.session.papers, ArchivePapers) and not screen.session.activity
            ),
            "the file shown from the archive",
        )
        assert [p.title for p in screen.paper_list.papers[:3]] == [
            " ".join(i["title"].split()) for i in items[:3]
        ]
        assert "1,500 papers" in status(screen) or "1500 papers" in status(screen)
        first = screen.paper_list.papers[0]
        await pilot.press("s")
        assert app.store.is_starred(first.id)
        word = " ".join(items[700]["title"].split()).split()[1].lower()
        await pilot.press("slash", *word)
        await wait_until(
            pilot,
            lambda: (
                screen.shown_view == screen.session.view and screen.session.view.filter_text == word
            ),
            f"the filter {word}",
        )
        shown = list(screen.paper_list.papers)
        assert shown and all(
            word in f"{p.title} {p.abstract} {' '.join(p.authors)}".lower() for p in shown
        )
        assert items[700]["title"].split()[0] in [p.title.split()[0] for p in shown]
