"""Every key in the contract, driven through the real app with Pilot."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding

from reader.core.state.store import StateStore
from reader.screens.dialogs import ConfirmScreen, HelpScreen
from reader.widgets.paper_detail import PaperDetail
from reader.widgets.paper_list import PaperList
from tests.conftest import SAMPLE
from tests.pilot.helpers import (
    ManualTimers,
    detail_settled,
    make_app,
    ready,
    titles,
    wait_until,
)

SIZE = (120, 36)


async def test_moving_around(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 20)) as pilot:
        screen = await ready(pilot)
        papers = screen.paper_list
        assert len(papers.papers) == 34 and papers.cursor == 0
        await pilot.press("j", "j", "down")
        assert papers.cursor == 3
        await pilot.press("k", "up")
        assert papers.cursor == 1
        await pilot.press("G")
        assert papers.cursor == 33
        await pilot.press("g")
        assert papers.cursor == 0
        await pilot.press("end")
        assert papers.cursor == 33
        await pilot.press("home", "pagedown")
        page = papers.cursor
        assert 10 < page < 20
        await pilot.press("pagedown")
        after = papers.cursor
        assert after > page
        await pilot.press("pageup")
        assert papers.cursor == after - page  # a page is the same size both ways
        assert screen.detail.paper is papers.papers[after - page]


async def test_star_read_and_the_status_counts(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.paper_list.papers[0]
        await pilot.press("s")
        assert app.store.is_starred(first.id)
        await pilot.press("r")
        assert app.store.is_read(first.id)
        status = str(screen.query_one("#status").render())
        assert "34 papers · 33 unread · 1 starred" in status
        assert screen.detail.record.starred and screen.detail.record.read
        await pilot.press("s", "r")
        assert not app.store.is_starred(first.id) and not app.store.is_read(first.id)


async def test_marks_persist_across_a_restart(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", "j", "s", "j", "s", "j", "r", "j", "r", "z")
    app.store.close()
    app2 = make_app([page], state_path)
    async with app2.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        papers = screen.paper_list.papers
        store = app2.store
        assert [store.is_starred(p.id) for p in papers[:5]] == [True, True, True, False, False]
        assert [store.is_read(p.id) for p in papers[:5]] == [False, False, False, True, False]
        status = str(screen.query_one("#status").render())
        assert "33 unread · 3 starred" in status


async def test_next_unread_skips_read_papers_and_wraps(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        ids = [p.id for p in screen.paper_list.papers]
        app.store.set_field(ids[1:3], "read", True)
        await pilot.press("n")
        assert screen.paper_list.cursor == 3
        app.store.set_field(ids[4:], "read", True)
        await pilot.press("n")
        assert screen.paper_list.cursor == 0
        app.store.set_field(ids[:1] + ids[3:4], "read", True)
        await pilot.press("n")
        assert screen.paper_list.cursor == 0


async def test_unread_only_and_starred_only(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("r", "j", "s", "j", "s")
        await pilot.press("u")
        assert len(screen.paper_list.papers) == 33
        await pilot.press("S")
        assert len(screen.paper_list.papers) == 2
        await pilot.press("u")
        assert len(screen.paper_list.papers) == 2
        await pilot.press("S")
        assert len(screen.paper_list.papers) == 34
        assert "showing" not in str(screen.query_one("#status").render())


async def test_filter_box_comes_after_the_first_frame_or_when_asked(
    page: Path, state_path: Path
) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        box = screen.query_one("#filter")  # mounted once the papers were on screen
        assert not box.display
        # A `/` that comes before that mount gets the box at once, and keeps its keys.
        await box.remove()
        assert not screen.query("#filter")
        await pilot.press("slash", *"koopman")
        assert screen.query_one("#filter").display
        assert titles(screen) == [
            "Spectral Limits of Koopman Operators Learned from Short Trajectories"
        ]
        await pilot.press("escape")
        assert len(titles(screen)) == 34
        assert not screen.query_one("#filter").display


async def test_keys_sent_in_one_burst_act_in_order(page: Path, state_path: Path) -> None:
    """Keys sent in one burst (a paste, tmux send-keys "jjs/neural") act in order:
    the commands before `/` on the list, none of the letters after it ("n" next
    unread, "e" export)."""
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        papers = screen.paper_list.papers
        for key in ["j", "j", "s", "slash", *"neural", "slash", "x"]:
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await wait_until(pilot, lambda: screen.session.view.filter_text == "neural/x", "the burst")
        assert screen.is_current  # no export dialog
        assert app.store.starred_ids == {papers[2].id}
        assert app.store.read_ids == set()
        assert screen.filters.box().value == "neural/x"  # a "/" in the box is text
        assert screen.session.view.filter_text == "neural/x"


async def test_enter_in_a_burst_gives_the_next_keys_back_to_the_list(
    page: Path, state_path: Path
) -> None:
    """`/the⏎u` in one burst: the filter keeps "the", and `u` is the command."""
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        for key in ["slash", *"the", "enter", "u"]:
            character = {"slash": "/", "enter": "\r"}.get(key, key)
            app.post_message(events.Key(key, character))
        await wait_until(
            pilot,
            lambda: screen.session.view.unread_only and screen.session.view.filter_text == "the",
            f"u after the filter (the box holds {screen.filters.box().value!r})",
        )
        assert screen.filters.box().value == "the"
        assert app.focused is screen.paper_list


async def test_live_filter_and_escape(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"koopman")
        assert titles(screen) == [
            "Spectral Limits of Koopman Operators Learned from Short Trajectories"
        ]
        assert "showing 1 of 34" in str(screen.query_one("#status").render())
        await pilot.press("escape")
        assert len(titles(screen)) == 34
        # Matches abstracts too, and Enter keeps the filter while the list takes keys.
        await pilot.press("slash", *"reykjavik", "enter")
        assert titles(screen) == [
            r"Mamba-Style State Spaces Forecast Lorenz $\mathcal{L}_{96}$ Chaos"
        ]
        await pilot.press("s")
        assert app.store.is_starred(screen.paper_list.papers[0].id)
        await pilot.press("escape")
        assert len(titles(screen)) == 34
        await pilot.press("slash", *"zzzz-no-such")
        assert titles(screen) == []
        await pilot.press("escape")


async def test_open_uses_the_browser_for_web_links_only(
    page: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        assert len(opened) == 1
        assert opened[0].startswith("https://arxiv.org/search/?")
        assert "Valuing+a+Random+Policy" in opened[0]
        await wait_until(
            pilot,
            lambda: any(n.title == "Opened in the browser" for n in app._notifications),
            "the notice",
        )


async def test_with_no_browser_the_link_is_copied_and_said(
    page: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH or in a container `webbrowser.open` finds no browser and returns False."""
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: False)
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("p")  # the PDF: a page copied from a browser has none
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: app.clipboard.startswith("https://"), "a copy")
        messages = [str(n.message) for n in app._notifications]
        assert any("No browser could be opened here" in m and app.clipboard in m for m in messages)
        titles = [n.title for n in app._notifications]
        assert "Opened in the browser" not in titles  # never says it opened what it did not


async def test_open_refuses_other_schemes(
    tmp_path: Path, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    digest = tmp_path / "d.json"
    digest.write_text('[{"title": "Bad link", "url": "file:///etc/passwd"}]')
    app = make_app([digest], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
    assert opened and opened[0].startswith("https://arxiv.org/search/")
    assert "file:" not in opened[0]


async def test_undo_repeatedly(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        ids = [p.id for p in screen.paper_list.papers]
        await pilot.press("s", "j", "r", "j", "s")
        await pilot.press("z")
        assert not app.store.is_starred(ids[2])
        await pilot.press("z")
        assert not app.store.is_read(ids[1])
        assert screen.paper_list.cursor == 1  # the cursor follows the undone paper
        await pilot.press("z")
        assert not app.store.starred_ids
        await pilot.press("z")  # nothing left: no error


async def test_mark_all_read_confirms_and_undoes(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert not app.store.read_ids
        await pilot.press("slash", *'"(1"', "enter")  # parentheses group, unless quoted
        shown = {p.id for p in screen.paper_list.papers}
        assert 1 < len(shown) < 34
        await pilot.press("A", "y")
        assert set(app.store.read_ids) == shown
        await pilot.press("z")
        assert not app.store.read_ids


async def test_help_lists_every_binding(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        lines = [strip.text for strip in keys.render_lines(keys.content_region.reset_offset)]
        text = "\n".join(lines)
        for phrase in ("Star or unstar", "Undo the last", "Mark every shown paper read"):
            assert phrase in text
        # A long description wraps within its own column, never under the keys.
        wrapped = next(n for n, line in enumerate(lines) if line.lstrip().startswith("/ "))
        column = lines[wrapped].index("Filter")
        assert lines[wrapped + 1][:column].strip() == ""
        assert "Esc clears" in lines[wrapped] + lines[wrapped + 1]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_quit_saves(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", "q")
    app.store.close()
    assert len(StateStore(state_path).starred_ids) == 1


async def test_auto_read_after_dwell_but_not_when_skimming(page: Path, state_path: Path) -> None:
    timers = ManualTimers()
    app = make_app([page], state_path, read_after=1.0, timers=timers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        ids = [p.id for p in screen.paper_list.papers]
        assert not timers.pending, "the startup row must not be auto-read"
        for _ in range(5):
            await pilot.press("j")
        # Skimming: each move cancelled the dwell of the paper before.
        assert [t.delay for t in timers.pending] == [1.0] and len(timers.timers) == 5
        timers.elapse()
        assert app.store.read_ids == {ids[5]}
        # An explicit "mark unread" is not undone by the dwell timer.
        await pilot.press("j", "k")
        await pilot.press("r")
        timers.elapse()
        assert not app.store.is_read(ids[5])


async def test_a_filter_draws_its_rows_before_the_detail_and_counts_as_a_move(
    page: Path, state_path: Path
) -> None:
    """The paper a filter reaches is laid out in the detail pane once the rows
    are drawn (10-20 ms a keystroke should not pay), and auto-read counts it."""
    timers = ManualTimers()
    app = make_app([page], state_path, read_after=1.0, timers=timers)
    reached: list[PaperList.Highlighted] = []

    def hook(message: object) -> None:
        if isinstance(message, PaperList.Highlighted):
            reached.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        screen = await ready(pilot)
        papers = list(screen.paper_list.papers)
        wanted = papers[7]
        word = max(wanted.title.split(), key=len)
        reached.clear()
        await pilot.press("slash", *word)
        await wait_until(pilot, lambda: screen.shown_view == screen.session.view, "the rows")
        assert reached and reached[-1].paper is not None
        assert all(m.with_rows and m.by_user for m in reached), reached
        assert screen.paper_list.highlighted is not None
        assert screen.paper_list.highlighted.id == reached[-1].paper.id
        await detail_settled(pilot, screen)
        assert screen.detail.paper is screen.paper_list.highlighted
        assert [t.delay for t in timers.pending] == [1.0]  # its dwell began
        # A move of the cursor is not "with rows": it shows at once when resting.
        reached.clear()
        await pilot.press("escape", "j")
        assert reached and not reached[-1].with_rows and reached[-1].by_user


async def test_auto_read_zero_means_off(page: Path, state_path: Path) -> None:
    timers = ManualTimers()
    app = make_app([page], state_path, read_after=0, timers=timers)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("j")
        assert not timers.timers
        assert not app.store.read_ids


async def test_digest_text_is_shown_literally(tmp_path: Path, state_path: Path) -> None:
    digest = tmp_path / "hostile.json"
    digest.write_text(
        '[{"title": "[bold]x[/bold] \\u001b]0;pwned\\u0007 [link=http://e.vil]y[/link]",'
        ' "abstract": "[red]z[/red] \\u001b[2J done", "authors": ["[i]A[/i]"]}]'
    )
    app = make_app([digest], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        body = str(screen.detail.query_one("#detail-body").render())
        assert "[bold]x[/bold]" in body and "[red]z[/red]" in body and "[i]A[/i]" in body
        assert "\x1b" not in body and "\x07" not in body
        assert "␛]0;pwned␇" in body
        lines = [screen.paper_list.render_line(y).text for y in range(3)]
        assert any("[bold]x[/bold]" in line for line in lines)
        assert not any("\x1b" in line for line in lines)


async def test_a_broken_digest_shows_a_clear_error(tmp_path: Path, state_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("Daily Papers\n\nNov 3\n\nTitle\n\n• 2 authors\n·\nnonsense\n")
    app = make_app([bad], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        status = str(screen.query_one("#status").render())
        assert f"{bad}:9" in status
        assert screen.paper_list.papers == ()


async def test_narrow_terminal_stacks_the_panes(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await ready(pilot)
        papers, detail = screen.paper_list, screen.query_one(PaperDetail)
        assert detail.region.y > papers.region.y
        assert papers.region.width == detail.region.width
    app = make_app([SAMPLE], state_path)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.query_one(PaperDetail).region.x > screen.paper_list.region.x


async def test_a_remapped_key(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path, keys={"star": "f"})
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        assert app.store.is_starred(screen.paper_list.papers[0].id)


async def test_space_pages_the_detail_pane_from_the_list(tmp_path: Path, state_path: Path) -> None:
    from tests.support import realshape

    digest = realshape.write(
        tmp_path / "long.json", realshape.papers(3, authors=40, abstract_length=6000)
    )
    app = make_app([digest], state_path)
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        detail = screen.detail
        assert detail.max_scroll_y > 0, "the abstract must be longer than the pane"
        await pilot.press("space")
        assert detail.scroll_y > 0 and screen.paper_list.has_focus
        first_page = detail.scroll_y
        await pilot.press("space")
        assert detail.scroll_y > first_page
        await pilot.press("b")
        assert detail.scroll_y == first_page
        unfocused = detail.styles.border_left
        await pilot.press("tab")
        assert detail.has_focus and detail.styles.border_left != unfocused  # focus shows


async def test_reopening_a_digest_puts_the_cursor_where_it_was(
    page: Path, state_path: Path, tmp_path: Path
) -> None:
    app = make_app([page], state_path, read_after=1.0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press(*"jjjjj")
        fifth = screen.paper_list.highlighted
        await pilot.press("q")
    app.store.close()
    timers = ManualTimers()
    again = make_app([page], state_path, read_after=1.0, timers=timers)
    async with again.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert fifth is not None and screen.paper_list.cursor == 5
        assert screen.paper_list.highlighted is not None
        assert screen.paper_list.highlighted.id == fifth.id
        assert screen.detail.paper is screen.paper_list.highlighted
        assert not timers.pending, "a restored paper is not read by dwelling on it"
    again.store.close()
    # Another digest keeps its own place, and an unknown one starts at the top.
    other = tmp_path / "other.json"
    other.write_text('[{"title": "Only paper"}, {"title": "Second paper"}]')
    third = make_app([other], state_path)
    async with third.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.paper_list.cursor == 0


async def test_every_binding_reaches_a_command(page: Path, state_path: Path) -> None:
    """Each key's action names a method of the screen, or of the command group
    it hands over to (`paper('star')` is `screen.papers.star`)."""
    from textual.actions import parse

    from reader.bindings import MAIN_BINDINGS

    app = make_app([page], state_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        groups = {
            "paper": screen.papers,
            "source": screen.sources,
            "rank": screen.for_you,
            "watch": screen.watching,
            "search": screen.searches,
        }
        for binding in MAIN_BINDINGS:
            assert isinstance(binding, Binding)
            _, name, arguments = parse(binding.action)
            assert callable(getattr(screen, f"action_{name}", None)), binding.action
            if name in groups:
                assert callable(getattr(groups[name], str(arguments[0]), None)), binding.action


async def test_a_paper_reached_by_a_filter_auto_reads(tmp_path: Path, state_path: Path) -> None:
    from tests.support import realshape

    data = realshape.papers(30, authors=8, seed=5)
    data[-1]["authors"][0] = "Miriam Gotlieb"
    digest = realshape.write(tmp_path / "day.json", data)
    timers = ManualTimers()
    app = make_app([digest], state_path, read_after=2.0, timers=timers)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert not timers.pending
        await pilot.press("slash", *"au:gotlieb", "enter")
        await wait_until(pilot, lambda: len(screen.paper_list.papers) == 1, "the one match")
        reached = screen.paper_list.highlighted
        assert reached is not None and reached.authors[0] == "Miriam Gotlieb"
        assert timers.pending, "the paper the filter reached waits to be read"
        timers.elapse()
        assert app.store.is_read(reached.id)
