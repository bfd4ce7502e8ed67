"""What a command group needs of the screen that holds it.

The groups (`PaperCommands`, `SourceCommands`, `ForYouCommands`,
`SearchCommands`, `WatchCommands`, `FilterCommands`) are plain objects held by
the main screen. They call back into it only through this protocol, so that
none of them imports the screen (no import runs in a circle). Textual's own
API (notify, workers, timers, the app) they reach as `host.screen`, typed
as Textual types it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from textual.screen import Screen

from ..core.config import Config
from ..core.errors import ConfigError
from ..core.models import Paper
from ..core.reading.session import Session
from ..core.sources.opener import Opened
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList


class Host(Protocol):
    """The main screen, as its command groups see it."""

    session: Session

    @property
    def screen(self) -> Screen[object]:
        """The screen itself: Textual's notify, run_worker, set_timer and app."""

    @property
    def paper_list(self) -> PaperList: ...

    @property
    def detail(self) -> PaperDetail: ...

    def current(self) -> Paper | None:
        """The highlighted paper; says so when there is none."""

    def show_opened(self, opened: Opened) -> None:
        """Show papers opened: a cached copy first, then the final result."""

    def refresh_view(self, *, by_user: bool = False) -> None:
        """Recompute the rows for the session's view."""

    def update_status(self) -> None: ...

    def state_changed(self) -> None:
        """Markers, counts and the detail pane follow a change of marks."""

    def watched_changed(self) -> None:
        """The watch list's marks changed: show them."""


def in_thread(host: Host, work: Callable[[], object], group: str) -> None:
    """Run `work` on a thread; a newer run in the same group cancels this one.

    `description` is given so that Textual does not repr() the work's arguments
    (with 100,000 papers that took seconds).
    """
    host.screen.run_worker(
        work, thread=True, exclusive=True, group=group, exit_on_error=False, description=group
    )


def config_changed(host: Host, edit: Callable[[], Config]) -> Config | None:
    """The config after `edit` (through tomlkit, comments kept), or None, said in a notice."""
    try:
        return edit()
    except ConfigError as error:
        host.screen.notify(str(error), title="Config", severity="error", timeout=10)
        return None
