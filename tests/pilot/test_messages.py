"""Messages that tell the truth, whole: the log, literal text, notes kept as
drafts, config warnings, and the keys that explain themselves."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from reader.core.config import Config
from reader.screens.editors import NoteScreen
from reader.screens.messages import MessagesScreen
from reader.widgets.status_bar import status_text
from tests.pilot.helpers import make_app, plain, ready, wait_until


async def test_every_notice_is_kept_whole_and_shown_literally(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    long = (
        "[ and ] step through days: [bold]this[/bold] is a notice much longer than a toast "
        "and a header at 80 columns, and its end must still be readable: THE END."
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        app.notify(long, title="Offline", severity="warning")
        await wait_until(
            pilot, lambda: any(n.message == long for n in app._notifications), "the toast"
        )
        toast = next(n for n in app._notifications if n.message == long)
        assert not toast.markup  # shown literally, brackets and all
        screen.session.notice = long
        screen.update_status()
        header = str(status_text(screen.status, 78))
        assert len(header) <= 78 and header.endswith("… (M: messages)")
        assert "THE END" not in header
        await pilot.press("M")
        assert isinstance(app.screen, MessagesScreen)
        shown = plain(app.screen.query_one("#messages"), 200)
        assert "[bold]this[/bold]" in shown and "THE END." in shown and "Offline:" in shown
        await pilot.press("escape")
        assert app.screen is screen


async def test_the_messages_key_follows_a_remapping(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path, keys={"messages": "ctrl+g"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        assert screen.query_one("#status").more_key == "ctrl+g"  # type: ignore[attr-defined]


async def test_a_note_left_with_esc_is_a_draft_that_n_brings_back(
    page: Path, state_path: Path
) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        paper = screen.paper_list.highlighted
        assert paper is not None
        await pilot.press("N")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one(TextArea).text = "Half a thought about section 3"
        await pilot.press("escape")
        assert app.screen is screen
        assert app.store.record(paper.id).note == ""  # not saved...
        assert any("N brings the draft back" in m.text for m in app.messages)  # ...but said
        await pilot.press("N")
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one(TextArea).text == "Half a thought about section 3"
        await pilot.press("ctrl+s")
        assert app.store.record(paper.id).note == "Half a thought about section 3"
        assert screen.session.marks.drafts.get(paper.id) is None
        # Esc on a note left as it was: nothing to keep, nothing said.
        said = len(app.messages)
        await pilot.press("N", "escape")
        assert len(app.messages) == said and screen.session.marks.drafts.get(paper.id) is None
    app.store.close()
    again = make_app([page], state_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert again.store.record(paper.id).note == "Half a thought about section 3"


async def test_w_with_an_empty_watch_list_says_so_and_keeps_the_list(
    page: Path, state_path: Path
) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await pilot.press("W")
        assert not screen.session.view.watched_only and len(screen.paper_list.papers) == 34
        assert any("watch list is empty" in m.text for m in app.messages)


async def test_config_warnings_are_said_at_start(page: Path, state_path: Path) -> None:
    from reader.app import ReaderApp
    from reader.core.sources.opener import Opener
    from reader.core.sources.specs import Spec
    from reader.core.state.store import StateStore

    store = StateStore(state_path)
    app = ReaderApp(
        store,
        Opener(store),
        [Spec("file", str(page))],
        config=Config(),
        warnings=["config.toml:3: unknown setting 'read_aftr', ignored"],
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert any("read_aftr" in m.text and m.title == "Config" for m in app.messages)
    store.close()


async def test_ctrl_r_on_a_file_says_it_was_read_again(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+r")
        await wait_until(
            pilot, lambda: any("Read again" in m.text for m in app.messages), "the notice"
        )
        said = next(m.text for m in app.messages if "Read again" in m.text)
        assert page.name in said and "34 papers" in said


async def test_a_long_author_list_shows_the_first_few_then_all(
    tmp_path: Path, state_path: Path
) -> None:
    from tests.support import realshape

    digest = realshape.write(tmp_path / "many.json", realshape.papers(3, authors=66, seed=2))
    app = make_app([digest], state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        body = screen.detail.query_one("#detail-body")
        people = plain(body, 76).split("\n\n")[1].split("\n2026-")[0]
        assert " more" in people and people.count("\n") <= 3  # a few lines, not seven
        await pilot.press("a")
        people = plain(body, 76).split("\n\n")[1]
        assert " more" not in people
        assert all(name in people for name in screen.session.papers[0].authors[-3:])
