"""The one-line header: which digest, how many papers, what is going on."""

from __future__ import annotations

import msgspec
from rich.text import Text
from textual.widgets import Static


class Status(msgspec.Struct, frozen=True):
    """Everything the status line shows; built by the screen."""

    title: str = "reader"
    total: int = 0
    unread: int = 0
    starred: int = 0
    shown: int = 0
    views: list[str] = msgspec.field(default_factory=list)
    activity: str = ""
    """Work in progress, such as "fetching hf:2026-11-27 (100 papers so far)"."""
    notice: str = ""
    """Something the user must know, such as an offline copy."""
    error: str = ""


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
    """Shows a `Status`; paper text in it is never markup."""

    def show(self, status: Status) -> None:
        # One docked line: its size never changes, so no layout of the screen.
        self.update(status_text(status), layout=False)
