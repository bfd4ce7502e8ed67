"""The key footer: Textual's, fitted to the terminal's width."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

SPARE = ("undo", "for_you", "inbox", "unread_only", "triage", "next_unread")
"""Binding ids whose keys a narrow footer leaves out, first to last (they stay in `?`)."""
PALETTE = 12
"""Cells kept for the palette key, docked on the right."""


class KeyFooter(Footer):
    """Compact below `wide_at` columns, and showing only whole keys: the spare
    ones go first, so that at 80 columns Star, Read, Open, Filter, Help and Quit show."""

    _composed_for = 0
    """The width the keys were chosen for."""

    def __init__(self, *, wide_at: int) -> None:
        super().__init__()
        self.wide_at = wide_at

    def _dropped(self, width: int, compact: bool) -> set[str]:
        """The actions of the spare keys that do not fit in `width` cells."""
        extra = 2 if compact else 3  # the padding around a key and its description
        shown: dict[str, Binding] = {}  # one key per action, as the footer shows them
        for _, binding, _, _ in self.screen.active_bindings.values():
            if binding.show:
                shown.setdefault(binding.action, binding)

        def cells(binding: Binding) -> int:
            key = self.app.get_key_display(binding)
            return cell_len(key) + cell_len(binding.description) + extra

        total = sum(cells(binding) for binding in shown.values())
        spare = [b for name in SPARE for b in shown.values() if b.id == name]
        dropped = set()
        while total > width - PALETTE and spare:
            binding = spare.pop(0)
            dropped.add(binding.action)
            total -= cells(binding)
        return dropped

    def compose(self) -> ComposeResult:
        width = self._composed_for = self.app.size.width
        compact = width < self.wide_at
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        dropped = self._dropped(width, compact)
        yield from (w for w in super().compose() if getattr(w, "action", None) not in dropped)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._composed_for:
            self.call_after_refresh(self.recompose)
