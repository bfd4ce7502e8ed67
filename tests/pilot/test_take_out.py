"""Notes, tags, links, export and the command palette, in the app."""

from __future__ import annotations

import json
from pathlib import Path

from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, TextArea

from reader.app import ReaderApp
from reader.core.sources.specs import Spec
from reader.screens.dialogs import ConfirmScreen
from reader.screens.editors import ChoiceScreen, NoteScreen, PromptScreen
from reader.widgets.paper_detail import PaperDetail
from tests.pilot.helpers import make_app, plain, ready, wait_until
from tests.support.fixtures_paths import FIXTURES


def _offers(app: ReaderApp, prompt: str) -> bool:
    """The command palette shows a match for `prompt`, highlighted."""
    if not isinstance(app.screen, CommandPalette):
        return False
    commands = app.screen.query_one(CommandList)
    highlighted = commands.highlighted
    if highlighted is None or not commands.option_count:
        return False
    return prompt in str(commands.get_option_at_index(highlighted).prompt)


async def test_note_and_tags_then_filter_by_tag(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        first = screen.paper_list.papers[0]
        await pilot.press("N")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one(TextArea).insert("Lead: Ana. [b]not markup[/b]")
        await pilot.press("ctrl+s")
        assert app.store.record(first.id).note == "Lead: Ana. [b]not markup[/b]"
        await pilot.press("number_sign")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"reading-group theory", "enter")
        assert app.store.record(first.id).tags == ("reading-group", "theory")
        body = str(screen.query_one(PaperDetail).query_one("#detail-body").render())
        assert "#reading-group" in body and "[b]not markup[/b]" in body
        # Completion of the tag being typed.
        await pilot.press("j", "number_sign", *"rea")
        box = app.screen.query_one(Input)
        # The suggester answers asynchronously: wait for its answer, not for a time.
        await wait_until(pilot, lambda: box._suggestion.endswith("reading-group"), "a suggestion")
        await pilot.press("right", "enter")
        assert app.store.record(screen.paper_list.papers[1].id).tags == ("reading-group",)
        await pilot.press("slash", *"#reading-group", "enter")
        assert len(screen.paper_list.papers) == 2
        await pilot.press("z")  # undo the last tagging
        await pilot.press("escape", "slash", *"#reading-group", "enter")
        assert len(screen.paper_list.papers) == 1


async def test_export_from_the_app(page: Path, state_path: Path, tmp_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("s", "j", "s", "S", "e")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("6")  # JSON
        await app.workers.wait_for_complete()
        await pilot.pause()
    files = list((tmp_path / "exports").glob("reader-shown-*.json"))
    assert len(files) == 1
    rows = json.loads(files[0].read_text())
    assert len(rows) == 2 and all(r["starred"] for r in rows)


async def test_links_pdf_and_bibtex(state_path: Path) -> None:
    app = make_app([FIXTURES / "hf-day.json"], state_path)
    opened: list[str] = []
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        import webbrowser

        original = webbrowser.open
        webbrowser.open = lambda url, new=0: opened.append(url) or True  # type: ignore[assignment]
        try:
            await pilot.press("o")
            assert isinstance(app.screen, ChoiceScreen)
            labels = [label for label, _ in app.screen.options]
            assert labels[0].startswith("Abstract page") and any("GitHub" in x for x in labels)
            await pilot.press("enter")
            await pilot.press("p")
            await pilot.press("y", "4")
            await pilot.press("Y")
            await app.workers.wait_for_complete()
        finally:
            webbrowser.open = original
    assert opened == ["https://arxiv.org/abs/2611.20417", "https://arxiv.org/pdf/2611.20417"]
    assert copied[0] == "https://github.com/example-lab/tidal-memory"
    assert copied[1].startswith("@misc{okonkwo2026tidal,")


async def test_palette_runs_commands_without_keys(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"mark all read")
        await wait_until(pilot, lambda: _offers(app, "Mark every shown"), "the palette's match")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        assert len(app.store.read_ids) == 34
        await pilot.press("ctrl+p", *"go to date")
        await wait_until(pilot, lambda: _offers(app, "Go to date"), "the palette's match")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the prompt")
        prompt = app.screen
        prompt.query_one(Input).value = "2026-02-30"
        await pilot.press("enter")
        # A date that cannot be: the dialog stays, saying why.
        assert app.screen is prompt
        assert "has no day 30" in plain(prompt.query_one("#answers"))
        prompt.query_one(Input).value = "2026-11-27"
        await pilot.press("enter")
        # Offline: the day cannot be fetched, so the page stays, and so does its name.
        titles = [p.title for p in screen.paper_list.papers]
        await wait_until(pilot, lambda: not screen.session.activity, "the fetch to fail")
        assert screen.session.specs == [Spec("file", str(page))]
        assert "Nov 27" not in screen.status.title and "2026-11-27" not in screen.status.title
        assert [p.title for p in screen.paper_list.papers] == titles
        assert any(m.title.startswith("Could not open") for m in app.messages)


async def test_theme_is_remembered(page: Path, state_path: Path) -> None:
    app = make_app([page], state_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await pilot.pause()
    app.store.close()
    again = make_app([page], state_path)
    async with again.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert again.theme == "nord"
        nord = again.get_theme("nord")
        assert nord is not None and nord.background is not None
        assert again.screen.styles.background == Color.parse(nord.background)
