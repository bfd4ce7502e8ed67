"""What a command group needs of the screen that holds it.

The groups (`PaperCommands`, `SourceCommands`, `ForYouCommands`) are held by
the main screen and call back into it only through this protocol, so that
none of them imports the screen: no import runs in a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.app import App
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.worker import Worker

from ..core.models import Paper
from ..core.reading.session import Session
from ..core.sources.opener import Opened
from ..widgets.paper_detail import PaperDetail
from ..widgets.paper_list import PaperList


class Host(Protocol):
    """The main screen, as its command groups see it."""

    session: Session

    @property
    def app(self) -> App[object]: ...

    @property
    def paper_list(self) -> PaperList: ...

    @property
    def detail(self) -> PaperDetail: ...

    def current(self) -> Paper | None:
        """The highlighted paper; says so when there is none."""

    def shown(self) -> list[Paper]: ...

    def show_opened(self, opened: Opened) -> None: ...

    def refresh_view(self, *, by_user: bool = False) -> None: ...

    def update_status(self) -> None: ...

    def state_changed(self) -> None: ...

    def stop_dwell(self) -> None: ...

    def retrain(self) -> None: ...

    def show_filter(self, text: str) -> None:
        """Put `text` in the filter box, which filters the list."""

    def watched_changed(self) -> None:
        """The watch list's marks changed: show them."""

    def watched_rescan(self) -> None:
        """Look for watched papers in the digest shown (a large one: in a worker)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def run_worker(
        self,
        work: Callable[[], Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    def set_timer(
        self,
        delay: float,
        callback: Callable[[], Any] | None = None,
        *,
        name: str | None = None,
        pause: bool = False,
    ) -> Timer: ...


def in_thread(host: Host, work: Callable[[], object], group: str) -> None:
    """Run `work` on a thread; a newer run in the same group cancels this one.

    `description` is given so that Textual does not repr() the work's arguments
    (with 100,000 papers that took seconds).
    """
    host.run_worker(
        work, thread=True, exclusive=True, group=group, exit_on_error=False, description=group
    )
