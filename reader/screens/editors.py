"""Modal editors: pick one of several choices, write a note, set tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option


class ChoiceScreen(ModalScreen[str | None]):
    """Choose one option (Enter, or its number); Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="choice_cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        """`options` are (label, value) pairs; labels are shown literally."""
        super().__init__()
        self.title_text = title
        self.options = options

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="dialog")
        # Wide enough for whole URLs, up to the screen's edge (`max-width`).
        longest = max((cell_len(label) for label, _ in self.options), default=0)
        dialog.styles.width = max(60, longest + 14)
        with dialog:
            yield Static(Text(self.title_text, style="bold"))
            yield OptionList(
                *(
                    Option(Text(f"{n}  {label}"), id=str(n - 1))
                    for n, (label, _) in enumerate(self.options, start=1)
                ),
                id="choices",
            )
            yield Static(Text("Enter or 1-9 chooses, Esc cancels", style="dim"), id="answers")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id or 0)][1])

    def on_key(self, event: object) -> None:
        key = getattr(event, "character", None)
        if key and key.isdigit() and 1 <= int(key) <= len(self.options):
            self.dismiss(self.options[int(key) - 1][1])


class NoteResult(NamedTuple):
    text: str
    saved: bool
    """False: Esc on a changed note; the text is a draft to keep, not the note."""


class NoteScreen(ModalScreen[NoteResult | None]):
    """Edit a paper's note. Ctrl+S saves; Esc leaves, keeping changed text as a draft."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note_save"),
        Binding("escape", "leave", "Cancel", id="note_cancel"),
    ]

    def __init__(self, paper_title: str, note: str, draft: str | None = None) -> None:
        super().__init__()
        self.paper_title = paper_title
        self.note = note
        self.draft = draft
        """Text written before and left unsaved: the editor starts from it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Note on “{self.paper_title}”", style="bold"))
            text = self.note if self.draft is None else self.draft
            yield TextArea(text, id="note", soft_wrap=True, show_line_numbers=False)
            hint = "Ctrl+S saves; Esc leaves (changes are kept as a draft)"
            if self.draft is not None:
                hint = "A draft, not saved yet. " + hint
            yield Static(Text(hint, style="dim"), id="answers")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(NoteResult(self.query_one(TextArea).text, True))

    def action_leave(self) -> None:
        text = self.query_one(TextArea).text
        changed = text.strip() != self.note.strip()
        self.dismiss(NoteResult(text, False) if changed else None)


class LastWordSuggester(Suggester):
    """Completes the tag being typed (the last word) from the tags in use."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(" ")
        word = last.lstrip("#")
        if not word:
            return None
        for tag in self.tags:
            if tag.startswith(word) and tag != word:
                prefix = last[: len(last) - len(word)]
                return f"{head} {prefix}{tag}" if head else f"{prefix}{tag}"
        return None


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text. Enter accepts, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="prompt_cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "Enter accepts, Esc cancels",
        suggester: Suggester | None = None,
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.suggester = suggester
        self.check = check
        """Says what is wrong with an answer (the dialog stays open), or None."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(
                self.value, placeholder=self.placeholder, suggester=self.suggester, id="prompt"
            )
            yield Static(Text(self.hint, style="dim"), id="answers")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value) if self.check is not None else None
        if problem is None:
            self.dismiss(event.value)
            return
        self.query_one("#answers", Static).update(Text(problem, style="bold red"))


def tags_prompt(paper_title: str, tags: tuple[str, ...], known: list[str]) -> PromptScreen:
    """Edit a paper's tags: space or comma separated, completed from tags in use."""
    hint = "Enter saves; → accepts a completion; Esc cancels"
    if known:
        hint += "\nIn use: " + ", ".join(known)
    return PromptScreen(
        f"Tags for “{paper_title}”",
        value=" ".join(tags),
        placeholder="reading-group theory …",
        hint=hint,
        suggester=LastWordSuggester(known),
    )
