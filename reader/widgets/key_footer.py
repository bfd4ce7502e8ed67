"""The key footer: Textual's, fitted to the terminal's width."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

SPARE = (
    "paper('undo')",
    "rank('toggle')",
    "source('inbox')",
    "toggle_view('unread_only')",
    "paper('triage')",
    "paper('next_unread')",
)
"""Actions whose keys a narrow footer leaves out, first to last (they stay in `?`)."""
PALETTE = 12
"""Cells kept for the palette key, docked on the right."""


class KeyFooter(Footer):
    """Compact below 100 columns, and showing only whole keys: the spare ones
    go first, so that at 80 columns Star, Read, Open, Filter, Help and Quit show."""

    _composed_for = 0
    """The width the keys were chosen for."""

    def compose(self) -> ComposeResult:
        width = self._composed_for = self.app.size.width
        self.set_reactive(Footer.compact, width < 100)
        self.set_class(width < 100, "-compact")
        keys = list(super().compose())
        extra = 2 if width < 100 else 3  # the padding around a key and its description

        def cells(key: FooterKey) -> int:
            return cell_len(key.key_display) + cell_len(key.description) + extra

        shown = [
            k for k in keys if isinstance(k, FooterKey) and "-command-palette" not in k.classes
        ]
        budget = width - PALETTE
        spare = [k for action in SPARE for k in shown if k.action == action]
        dropped = set()
        total = sum(cells(k) for k in shown)
        while total > budget and spare:
            key = spare.pop(0)
            dropped.add(id(key))
            total -= cells(key)
        yield from (k for k in keys if id(k) not in dropped)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_for:
            self.call_after_refresh(self.recompose)
