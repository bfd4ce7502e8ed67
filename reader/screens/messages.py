"""The Messages screen (`M`): every notice of the session, whole and in order."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.messages import MessageLog

STYLES = {"information": "green", "warning": "yellow", "error": "bold red"}


def messages_table(log: MessageLog) -> Table | Text:
    """Time, then title and text; a long text wraps in its own column."""
    if not len(log):
        return Text("No messages yet in this session.", style="dim italic")
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="dim")
    table.add_column()
    for message in log:
        body = Text()
        if message.title:
            body.append(f"{message.title}: ", style=STYLES[message.severity])
        body.append(message.text)
        table.add_row(Text(message.clock), body)
    return table


class MessagesScreen(ModalScreen[None]):
    """What toasts and the header said, as they said it; newest at the bottom."""

    BINDINGS = [Binding("escape,q,M", "close", "Close", id="messages_close")]

    def __init__(self, log: MessageLog) -> None:
        super().__init__()
        self.log_of_messages = log

    def compose(self) -> ComposeResult:
        count = len(self.log_of_messages)
        with Vertical(id="dialog"):
            yield Static(Text(f"Messages of this session ({count})", style="bold"))
            with VerticalScroll(id="messages-scroll"):
                yield Static(messages_table(self.log_of_messages), id="messages")
            yield Static(Text("↑ ↓ scroll; Esc or q closes.", style="dim"), id="answers")

    def on_mount(self) -> None:
        scroll = self.query_one("#messages-scroll", VerticalScroll)
        scroll.focus()
        scroll.scroll_end(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
