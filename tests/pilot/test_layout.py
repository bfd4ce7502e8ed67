"""Sort orders, and the layout at 80×24 and 160×45: header, footer, list and dialogs."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets._footer import FooterKey

from reader.core.text import sort_key
from reader.screens.dialogs import HelpScreen
from reader.screens.editors import ChoiceScreen
from reader.screens.main import MainScreen
from reader.widgets.status_bar import StatusBar
from tests.pilot.helpers import make_app, ready, titles, wait_until
from tests.pilot.test_take_out import _offers
from tests.support import realshape
from tests.support.fixtures_paths import FIXTURES


def header(screen: MainScreen) -> str:
    return str(screen.query_one(StatusBar).render())


def footer_keys(screen: MainScreen) -> list[str]:
    return [key.key for key in screen.query(FooterKey) if key.display]


async def test_one_key_cycles_the_sort_orders_and_the_header_names_them(
    page: Path, state_path: Path
) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        digest_order = titles(screen)
        assert "sorted" not in header(screen)
        await pilot.press("O")
        await wait_until(pilot, lambda: screen.shown_view == screen.session.view, "the sorted rows")
        votes = [p.upvotes or -1 for p in screen.paper_list.papers]
        assert votes == sorted(votes, reverse=True) and titles(screen) != digest_order
        assert "sorted: most upvoted" in header(screen)
        # The order holds through a filter and a switch.
        await pilot.press("u", "slash", *"the", "enter")
        await wait_until(
            pilot, lambda: screen.shown_view == screen.session.view, "the filtered rows"
        )
        shown = [p.upvotes or -1 for p in screen.paper_list.papers]
        assert shown == sorted(shown, reverse=True) and 0 < len(shown) < 34
        assert "sorted: most upvoted" in header(screen) and "unread only" in header(screen)
        await pilot.press("escape", "u", "O")
        await wait_until(pilot, lambda: screen.session.view.order == "date", "newest first")
        days = [p.published or "" for p in screen.paper_list.papers]
        assert days == sorted(days, reverse=True) and "newest first" in header(screen)
        await pilot.press("O")
        keys = [sort_key(t) for t in titles(screen)]
        assert keys == sorted(keys) and "by title" in header(screen)
        # For you needs stars: it says so and goes back to digest order.
        await pilot.press("O")
        await wait_until(pilot, lambda: screen.session.for_you.notice, "the For you notice")
        assert screen.session.view.order == "digest" and titles(screen) == digest_order
        assert "sorted" not in header(screen)


async def test_the_palette_lists_every_sort_order(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"sort: newest")
        assert isinstance(app.screen, CommandPalette)
        await wait_until(pilot, lambda: _offers(app, "Sort: newest first"), "the palette's match")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.session.view.order == "date", "newest first")
        await pilot.press("ctrl+p", *"sort: digest")
        await wait_until(pilot, lambda: _offers(app, "Sort: digest order"), "the palette's match")
        await pilot.press("enter")
        await wait_until(pilot, lambda: screen.session.view.order == "digest", "digest order")


async def test_80_by_24_keeps_the_essentials(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await wait_until(pilot, lambda: footer_keys(screen), "the footer")
        keys = footer_keys(screen)
        for essential in ("s", "r", "o", "slash", "question_mark", "q"):
            assert essential in keys, keys
        # Every key shown is whole: the footer's keys fit in its width.
        shown = [k for k in screen.query(FooterKey) if k.display]
        assert sum(k.outer_size.width for k in shown) <= 80
        await pilot.press("slash", *"the", "enter", "u")
        await wait_until(pilot, lambda: "unread only" in header(screen), "the view in the header")
        line = header(screen)
        assert "24/34: unread only" in line and "34 unread" in line and len(line) <= 78
    wide = make_app([page], state_path)
    async with wide.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        await wait_until(pilot, lambda: "i" in footer_keys(screen), "the footer")
        assert {"s", "r", "n", "u", "i", "slash", "o", "f", "t", "z", "q"} <= set(
            footer_keys(screen)
        )
        assert "34 papers · 34 unread · 0 starred" in header(screen)


async def test_a_short_list_takes_only_its_rows_above_the_detail(
    tmp_path: Path, state_path: Path
) -> None:
    digest = realshape.write(tmp_path / "two.json", realshape.papers(2))
    app = make_app([digest], state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        assert screen.paper_list.size.height == 3  # two rows, and never less than three
        assert screen.detail.size.height >= 15
        await pilot.press("slash", *"zzzzq")
        await wait_until(pilot, lambda: not screen.paper_list.papers, "no match")
        assert screen.paper_list.size.height == 3  # room to say why it is empty
    many = make_app([tmp_path / "two.json"], state_path)
    many_digest = realshape.write(tmp_path / "many.json", realshape.papers(60))
    many = make_app([many_digest], state_path)
    async with many.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        panes = screen.query_one("#panes").size.height
        assert screen.paper_list.size.height == panes // 2  # half, as before, when it is long


async def test_dialogs_are_centred_and_the_link_chooser_fits_its_urls(state_path: Path) -> None:
    app = make_app([FIXTURES / "hf-day.json"], state_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        chooser = app.screen
        assert isinstance(chooser, ChoiceScreen)
        await pilot.pause()
        dialog = chooser.query_one("#dialog").region
        longest = max(len(label) for label, _ in chooser.options)
        assert dialog.width >= longest + 10 and dialog.right <= 160
        assert abs(dialog.x - (160 - dialog.right)) <= 1  # centred across
        assert abs(dialog.y - (45 - dialog.bottom)) <= 1  # and down
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause()
        help_dialog = app.screen.query_one("#dialog").region
        assert abs(help_dialog.x - (160 - help_dialog.right)) <= 1


async def test_the_list_grows_with_the_terminal_and_its_width_is_a_setting(
    page: Path, state_path: Path
) -> None:
    from reader.core.config import Config

    app = make_app([page], state_path)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        assert screen.paper_list.size.width == 96  # 60% of 160 by default
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: screen.paper_list.size.width == 80, "the whole width")
    app.store.close()
    app = make_app([page], state_path, config=Config(list_width="100"))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await ready(pilot)
        assert screen.paper_list.size.width == 100
