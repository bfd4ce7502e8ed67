"""The one-line header: which digest, how many papers, what is going on."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..data.session import Status


def _short(title: str, width: int) -> str:
    """The title cut to a quarter of the line."""
    if cell_len(title) > width // 4:
        return title[: max(8, width // 4) - 1] + "…"
    return title


def status_text(status: Status, width: int = 1000) -> Text:
    """The header for a terminal `width` cells wide: in words when they fit,
    else abbreviated so that the counts and the view still show at 80 columns."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if status.error and not status.total:
        line.append(status.error, style="bold red")
        return line
    watched = f" · {status.watched} watched" if status.watched else ""
    full = [
        (status.title, "bold"),
        (
            f"  {status.total} papers · {status.unread} unread · {status.starred} starred"
            + watched,
            "",
        ),
        (f"   sorted: {status.order}" if status.order else "", "bold"),
    ]
    if status.views:
        full.append(
            (f"   showing {status.shown} of {status.total}: {', '.join(status.views)}", "bold")
        )
    if status.problem:  # what the user is typing cannot be read: it must show
        full.append((f"   {status.problem}", "bold yellow"))
        if sum(cell_len(text) for text, _ in full) > width:
            full = [(_short(status.title, width), "bold"), (f"  {status.problem}", "bold yellow")]
    elif sum(cell_len(text) for text, _ in full) > width:
        # Short: the title cut, and what is shown before the counts.
        full = [(_short(status.title, width), "bold")]
        watched = f" · {status.watched}◆" if status.watched else ""
        if status.views:
            full.append((f"  {status.shown}/{status.total}: {', '.join(status.views)}", "bold"))
            full.append((f"  {status.unread} unread · {status.starred}★{watched}", ""))
        else:
            full.append(
                (f"  {status.total} · {status.unread} unread · {status.starred}★{watched}", "")
            )
        if status.order:
            full.append((f"  ⇅ {status.order}", "bold"))
    for text, style in full:
        line.append(text, style=style)
    if status.activity:
        line.append(f"   ⟳ {status.activity}", style="italic")
    if status.notice:
        line.append(f"   {status.notice}", style="bold yellow")
    if status.error:
        line.append(f"   {status.error}", style="bold red")
    return line


class StatusBar(Widget):
    """Shows a `Status` (bound to the screen's); paper text in it is never markup."""

    DEFAULT_CSS = """
    StatusBar {
        width: 1fr;
        height: 1;
    }
    """

    status: reactive[Status] = reactive(Status(), layout=False, init=False)

    def render(self) -> Text:
        # One docked line: a new status repaints it, and never lays out the screen.
        return status_text(self.status, self.size.width)
