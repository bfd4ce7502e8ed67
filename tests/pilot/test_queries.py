"""Field queries, saved searches and the watch list, in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import load_config
from reader.screens.editors import ChoiceScreen, PromptScreen
from reader.screens.main import MainScreen
from reader.widgets.paper_detail import PaperDetail
from reader.widgets.status_bar import StatusBar
from tests.pilot.helpers import make_app, ready, wait_until
from tests.pilot.test_take_out import _offers
from tests.support.queries import EXAMPLES, TITLES, WATCH_CONFIG, WATCHED, marked_day

SIZE = (120, 36)


def header(screen: MainScreen) -> str:
    return str(screen.query_one(StatusBar).render())


def shown(screen: MainScreen) -> list[int]:
    return [TITLES.index(p.title) for p in screen.paper_list.papers]


@pytest.fixture
def day(tmp_path: Path, state_path: Path) -> Path:
    return marked_day(tmp_path, state_path)


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "config.toml"  # READER_CONFIG_DIR (conftest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(WATCH_CONFIG, encoding="utf-8")
    return path


def settled(screen: MainScreen) -> bool:
    return screen.shown_view == screen.session.view


@pytest.mark.parametrize("query", list(EXAMPLES))
async def test_every_example_query_typed_in_the_filter(
    day: Path, state_path: Path, query: str
) -> None:
    app = make_app([day], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *query)
        await wait_until(
            pilot,
            lambda: settled(screen) and shown(screen) == EXAMPLES[query],
            f"{query} finds {EXAMPLES[query]} (shows {shown(screen)})",
        )
        assert not screen.session.query_error
        await pilot.press("enter")
        assert f"filter “{query}”" in header(screen)


async def test_a_malformed_query_keeps_the_list_and_says_where(day: Path, state_path: Path) -> None:
    app = make_app([day], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"ti:retriev")
        await wait_until(pilot, lambda: shown(screen) == [0, 2], "ti:retriev")
        await pilot.press("space", *'"ranking')  # an unclosed quote
        await wait_until(pilot, lambda: "column 12" in header(screen), "the problem in the header")
        assert "this quote is never closed" in header(screen)
        assert shown(screen) == [0, 2] and screen.session.view.filter_text == "ti:retriev"
        await pilot.press('"')  # closed: the query applies, the message goes
        await wait_until(pilot, lambda: shown(screen) == [0], "the closed phrase")
        assert "column" not in header(screen)
        await pilot.press("escape")
        await wait_until(pilot, lambda: shown(screen) == [0, 1, 2, 3, 4], "all papers again")
        await pilot.press("slash", *"ti")  # a bare word so far
        await wait_until(
            pilot, lambda: settled(screen) and screen.session.view.filter_text == "ti", "ti"
        )
        before = shown(screen)
        await pilot.press(":", "(")
        await wait_until(pilot, lambda: "column 4" in header(screen), "ti:( refused")
        assert "ti: needs a word" in header(screen)
        assert shown(screen) == before and screen.session.view.filter_text == "ti"


async def test_saved_searches_from_the_palette_and_ctrl_s(
    day: Path, state_path: Path, config_path: Path
) -> None:
    app = make_app([day], state_path, config=load_config(config_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"search: cheap")
        await wait_until(pilot, lambda: _offers(app, "Search: cheap"), "the saved search")
        await pilot.press("enter")
        await wait_until(pilot, lambda: shown(screen) == [0, 2], "the saved search's papers")
        assert "search “cheap”" in header(screen)
        # Save another: type it, then ctrl+s and a name.
        await pilot.press("escape", "slash", *"upvotes:>50 -is:read", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the name prompt")
        await pilot.press(*"popular", "enter")
        await wait_until(pilot, lambda: "search “popular”" in header(screen), "named in header")
        assert shown(screen) == [3, 4]
        text = config_path.read_text(encoding="utf-8")
        assert 'popular = "upvotes:>50 -is:read"' in text
        assert "# what I look out for" in text and "# case and accents aside" in text
        assert load_config(config_path).searches["popular"] == "upvotes:>50 -is:read"


async def test_the_watch_list_marks_counts_jumps_and_explains(
    day: Path, state_path: Path, config_path: Path
) -> None:
    app = make_app([day], state_path, config=load_config(config_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert f"{len(WATCHED)} watched" in header(screen)
        assert set(screen.session.digest.watched) == {f"2609.0410{n + 1}" for n in WATCHED}
        first_row = screen.paper_list.render_line(1).text  # the second paper: watched
        assert first_row.startswith("◆")
        assert not screen.paper_list.render_line(0).text.startswith("◆")
        for place in sorted(WATCHED):
            await pilot.press("w")
            assert screen.paper_list.cursor == place
            await wait_until(pilot, lambda: screen.detail.settled, "the detail pane")
            body = str(screen.detail.query_one("#detail-body").render())
            assert f"Watched  {WATCHED[place]}" in body
        await pilot.press("W")
        await wait_until(pilot, lambda: shown(screen) == sorted(WATCHED), "watched only")
        assert "watched only" in header(screen)


async def test_watch_an_author_and_a_keyword_from_the_palette(
    day: Path, state_path: Path, config_path: Path
) -> None:
    app = make_app([day], state_path, config=load_config(config_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"watch this author")
        await wait_until(pilot, lambda: _offers(app, "Watch this author"), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the authors")
        await pilot.press("1")  # Chidi Okafor, the first paper's first author
        await wait_until(pilot, lambda: "4 watched" in header(screen), "a fourth watched paper")
        assert load_config(config_path).watch.authors[-1] == "Chidi Okafor"
        await pilot.press("ctrl+p", *"watch a keyword")
        await wait_until(pilot, lambda: _offers(app, "Watch a keyword"), "the command")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the prompt")
        await pilot.press(*"dense retrievers", "enter")
        await wait_until(pilot, lambda: "5 watched" in header(screen), "the keyword's paper")
        text = config_path.read_text(encoding="utf-8")
        assert '"graph neural", "dense retrievers"' in text and "# what I look out for" in text
        await pilot.press("g")
        await pilot.press("w")
        await wait_until(pilot, lambda: screen.detail.settled, "the detail pane")
        assert screen.paper_list.cursor == 1
        detail = screen.query_one(PaperDetail)
        assert detail.watched == "author kenji mori"
