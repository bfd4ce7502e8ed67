"""Modal editors: pick one of several choices, write a note, set tags."""

from __future__ import annotations

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


class NoteScreen(ModalScreen[str | None]):
    """Edit a paper's note. Ctrl+S saves, Esc cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="note_save"),
        Binding("escape", "dismiss(None)", "Cancel", id="note_cancel"),
    ]

    def __init__(self, paper_title: str, note: str) -> None:
        super().__init__()
        self.paper_title = paper_title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(f"Note on “{self.paper_title}”", style="bold"))
            yield TextArea(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Static(Text("Ctrl+S saves, Esc cancels", style="dim"), id="answers")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


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
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(
                self.value, placeholder=self.placeholder, suggester=self.suggester, id="prompt"
            )
            yield Static(Text(self.hint, style="dim"), id="answers")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


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
