"""An mbox of arXiv digest mails in the app: newest first, `[` and `]` step
through the days, and a star follows the paper to an arXiv RSS listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.widgets.status_bar import StatusBar
from tests.pilot.helpers import make_app, ready, wait_until
from tests.support.mails import rss_listing, write_mbox

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


async def test_step_through_an_mbox_and_star_across_sources(
    tmp_path: Path, state_path: Path
) -> None:
    box = write_mbox(tmp_path / "arxiv.mbox", [20, 21, 22])
    app = make_app([box], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)

        def header() -> str:
            return str(screen.query_one(StatusBar).render())

        await wait_until(pilot, lambda: "(mail 3 of 3)" in header(), "the newest digest")
        assert "2026-01-22" in header()
        await pilot.press("left_square_bracket")
        await wait_until(pilot, lambda: "(mail 2 of 3)" in header(), "the day before")
        assert screen.paper_list.papers[0].id == "2601.21001"
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: "(mail 3 of 3)" in header(), "the next digest")
        await pilot.press("right_square_bracket")
        await wait_until(
            pilot,
            lambda: any("newest arXiv digest" in str(n.message) for n in app._notifications),
            "said at the end",
        )
        await pilot.press("j")  # Sparse Probes for Dense Retrievers, of the 22nd
        paper = screen.paper_list.highlighted
        assert paper is not None and paper.id == "2601.22002"
        await pilot.press("s")
        await pilot.press("x")  # replacements hide, as for RSS
        await wait_until(pilot, lambda: len(screen.paper_list.papers) == 4, "no replacements")
    app.store.close()  # the star is on disk before the next reader opens the file
    listing = tmp_path / "cs.IR.rss"
    listing.write_text(rss_listing("2601.22002", paper.title), encoding="utf-8")
    app = make_app([listing], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        (shown,) = screen.paper_list.papers
        assert shown.id == "2601.22002" and app.store.is_starred(shown.id)
        assert "1 starred" in str(screen.query_one(StatusBar).render())
