"""The filter box: Textual's Input, minus a layout of the whole screen per keystroke."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    """A one-line input of fixed width.

    Input's virtual width follows its text, and `virtual_size` is a layout
    reactive, so every keystroke laid out and repainted every widget on the
    screen (about 10 ms at 160 columns). This box's size never depends on its
    text: scrolling within it only needs the new virtual width, and a repaint.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=True)

    PLACEHOLDER = (
        'Filter: words, "a phrase", au:name ti: abs: is:unread upvotes:>10 date:>2026-11-01'
        " -word, OR  (Enter keeps, Esc clears)"
    )

    @classmethod
    def make(cls) -> FilterInput:
        return cls(placeholder=cls.PLACEHOLDER, id="filter")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def reveal(self, text: str | None = None) -> None:
        """Show the box (hidden until asked for), with `text` in it if given."""
        if text is not None:
            self.value = text
        self.add_class("-shown")

    def show_problem(self, problem: str) -> None:
        """Mark the box as holding a query that cannot be read (and say why
        on its border), or clear that."""
        self.set_class(bool(problem), "-invalid")
        self.border_subtitle = problem.removeprefix("filter: ")

    def conceal(self, *, clear: bool = False) -> None:
        self.remove_class("-shown")
        if clear:
            self.value = ""
            self.show_problem("")
