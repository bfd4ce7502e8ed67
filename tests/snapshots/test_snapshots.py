"""SVG snapshots of the main views. Update with `pytest --snapshot-update`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.screens.triage import TriageScreen
from tests.conftest import SAMPLE
from tests.pilot.helpers import make_app, ready, wait_until
from tests.support.fixtures_paths import FIXTURES


def test_sample_digest_wide(snap_compare: Any, state_path: Path) -> None:
    app = make_app([SAMPLE], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("j", "s", "j", "r", "j")

    assert snap_compare(app, terminal_size=(120, 30), run_before=before)


def test_shared_page_narrow(snap_compare: Any, daily_page: Path, state_path: Path) -> None:
    app = make_app([daily_page], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("G")

    assert snap_compare(app, terminal_size=(80, 30), run_before=before)


def test_help_screen(snap_compare: Any, state_path: Path) -> None:
    app = make_app([SAMPLE], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app, terminal_size=(120, 36), run_before=before)


def test_triage_card(snap_compare: Any, state_path: Path) -> None:
    app = make_app([SAMPLE], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("t", "s", "j")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_triage_summary(snap_compare: Any, state_path: Path) -> None:
    app = make_app([SAMPLE], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("t")
        triage = app.screen
        assert isinstance(triage, TriageScreen)
        session = triage.session
        session.clock = lambda: session.started + 150.0
        await pilot.press("s", "j", "l", "s", "j", "j", "s", "j", "space")

    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


def test_hard_wrapped_day_80x24(snap_compare: Any, state_path: Path) -> None:
    """A Hugging Face day (abstracts hard-wrapped as the API sends them) at 80×24:
    the short list takes only its rows, the abstract reads as paragraphs."""
    app = make_app([FIXTURES / "hf-day.json"], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_page_sorted_by_upvotes_160x45(snap_compare: Any, page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)

    async def before(pilot: Pilot[None]) -> None:
        screen = await ready(pilot)
        await pilot.press("O", "j", "s")
        await wait_until(pilot, lambda: screen.shown_view == screen.session.view, "the rows")

    assert snap_compare(app, terminal_size=(160, 45), run_before=before)


def test_page_filtered_80x24(snap_compare: Any, page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("slash", *"the", "enter", "u")

    assert snap_compare(app, terminal_size=(80, 24), run_before=before)


def test_link_chooser_160x45(snap_compare: Any, state_path: Path) -> None:
    app = make_app([FIXTURES / "hf-day.json"], state_path)

    async def before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("o")

    assert snap_compare(app, terminal_size=(160, 45), run_before=before)


def test_watched_and_a_field_query_120x30(
    snap_compare: Any, state_path: Path, tmp_path: Path
) -> None:
    """Watched papers marked ◆ and counted; a field query in the header; the
    detail pane says why its paper is watched."""
    from reader.core.config import Config, Watch
    from tests.support.queries import hf_day

    config = Config(watch=Watch(authors=("Kenji Mori", "José García"), keywords=("graph",)))
    app = make_app([hf_day(tmp_path / "day.json")], state_path, config=config)

    async def before(pilot: Pilot[None]) -> None:
        screen = await ready(pilot)
        await pilot.press("slash", *"upvotes:>5 -ti:dense", "enter", "w")
        await wait_until(
            pilot,
            lambda: screen.detail.settled and screen.shown_view == screen.session.view,
            "the rows and the detail pane",
        )

    assert snap_compare(app, terminal_size=(120, 30), run_before=before)
