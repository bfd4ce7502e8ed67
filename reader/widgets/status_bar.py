"""The one-line header: which digest, how many papers, what is going on."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..core.reading.status import Status


def cut_words(text: str, width: int, more: str = "…") -> str:
    """`text` in at most `width` cells, cut only between words and ended with
    `more`: "Dec 11" never becomes "Dec 1…", which reads as another day."""
    if cell_len(text) <= width:
        return text
    indent = text[: len(text) - len(text.lstrip(" "))]
    text, width = text.lstrip(" "), width - len(indent)
    room = width - cell_len(more)
    kept = ""
    for word in text.split(" "):
        longer = f"{kept} {word}" if kept else word
        if cell_len(longer) > room:
            break
        kept = longer
    if not kept:  # one word longer than the room: keep its start, marked as cut
        kept = set_cell_size(text, max(0, room))
    return indent + kept.rstrip(" ,;:(") + more


def status_text(status: Status, width: int = 1000, more_key: str = "M") -> Text:
    """The header for a terminal `width` cells wide: in words when they fit,
    else abbreviated so that the counts and the view still show at 80 columns.
    A notice or error that does not fit is cut between words and says that
    `more_key` (the Messages screen) shows it whole."""
    line = Text(no_wrap=True, overflow="ellipsis")
    more = f"… ({more_key}: messages)"
    if status.error and not status.total:
        line.append(cut_words(status.error, width, more), style="bold red")
        return line
    watched = f" · {status.watched} watched" if status.watched else ""
    plus = "+" if status.partial else ""  # the first papers of many: more are counted
    full = [
        (status.title, "bold"),
        (
            f"  {status.total}{plus} papers · {status.unread}{plus} unread · "
            f"{status.starred} starred" + watched,
            "",
        ),
        (f"   sorted: {status.order}" if status.order else "", "bold"),
    ]
    if status.views:
        full.append(
            (f"   showing {status.shown} of {status.total}: {', '.join(status.views)}", "bold")
        )
    short_title = cut_words(status.short_title or status.title, max(12, width // 4))
    if status.problem:  # what the user is typing cannot be read: it must show
        full.append((f"   {status.problem}", "bold yellow"))
        if sum(cell_len(text) for text, _ in full) > width:
            full = [(short_title, "bold"), (f"  {status.problem}", "bold yellow")]
    elif sum(cell_len(text) for text, _ in full) > width:
        # Short: the title abbreviated, and what is shown before the counts.
        full = [(short_title, "bold")]
        watched = f" · {status.watched}◆" if status.watched else ""
        if status.views:
            full.append((f"  {status.shown}/{status.total}: {', '.join(status.views)}", "bold"))
            full.append((f"  {status.unread} unread · {status.starred}★{watched}", ""))
        else:
            full.append(
                (
                    f"  {status.total}{plus} · {status.unread}{plus} unread · "
                    f"{status.starred}★{watched}",
                    "",
                )
            )
        if status.order:
            full.append((f"  ⇅ {status.order}", "bold"))
    for text, style in full:
        line.append(text, style=style)
    tail = [
        (f"   ⟳ {status.activity}" if status.activity else "", "italic"),
        (f"   {status.notice}" if status.notice else "", "bold yellow"),
        (f"   {status.error}" if status.error else "", "bold red"),
    ]
    for text, style in tail:
        room = width - line.cell_len
        if text and room > 0:
            line.append(cut_words(text, room, more if style != "italic" else "…"), style=style)
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
    more_key = "M"
    """The key of the Messages screen, where a notice cut here reads whole."""

    def render(self) -> Text:
        # One docked line: a new status repaints it, and never lays out the screen.
        return status_text(self.status, self.content_size.width or self.size.width, self.more_key)
