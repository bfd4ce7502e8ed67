"""The one-line header: which digest, how many papers, what is going on."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ..data.session import Status


def status_text(status: Status) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    if status.error and not status.total:
        line.append(status.error, style="bold red")
        return line
    line.append(status.title, style="bold")
    line.append(f"  {status.total} papers · {status.unread} unread · {status.starred} starred")
    if status.views:
        line.append(
            f"   showing {status.shown} of {status.total}: {', '.join(status.views)}", style="bold"
        )
    if status.activity:
        line.append(f"   ⟳ {status.activity}", style="italic")
    if status.notice:
        line.append(f"   {status.notice}", style="bold yellow")
    if status.error:
        line.append(f"   {status.error}", style="bold red")
    return line


class StatusBar(Static):
    """Shows a `Status` (bound to the screen's); paper text in it is never markup."""

    status: reactive[Status] = reactive(Status(), layout=False, init=False)

    def watch_status(self, status: Status) -> None:
        # One docked line: its size never changes, so no layout of the screen.
        self.update(status_text(status), layout=False)
