"""The filter box (`/`): the list follows what is typed; Enter keeps the filter
and gives the keys back to the list; Esc clears it (or a pinned set).

Held by the main screen, as the other command groups. The box itself is
mounted after the first frame, beneath the panes; `box` gives it, mounting
it first if a key asks for it sooner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec.structs import replace

from ..core.reading.view import Switch
from ..widgets.filter_input import FilterInput

if TYPE_CHECKING:
    from .host import Host


class FilterCommands:
    """What `/`, typing in the box, Enter and Esc do."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.session = host.session

    def box(self) -> FilterInput:
        """The filter box, mounted (hidden) if it is not yet."""
        screen = self.host.screen
        box = next(screen.query("#filter").results(FilterInput), None)
        if box is None:
            box = FilterInput.make()
            screen.mount(box, after="#panes")
        return box

    def switch(self, name: Switch) -> None:
        """`u`, `S`, `x`, `W`: one of the view's switches, flipped by the reader."""
        view = self.session.view
        if name == "watched_only" and not view.watched_only and not self.session.watch:
            self.host.screen.notify(
                "The watch list is empty, so no paper is watched: “Watch this author” and "
                "“Watch a keyword…” in the palette (ctrl+p) add to it.",
                timeout=6,
            )
            return
        self.session.view = view.toggled(name)
        self.host.refresh_view(by_user=True)

    def open(self) -> None:
        box = self.box()
        box.reveal()
        # Now, not after the keys already queued (as `focus()` would): they are the query.
        self.host.screen.set_focus(box)

    def show(self, text: str) -> None:
        """Put `text` in the box, which filters the list (a saved search, a tag)."""
        self.box().reveal(text)

    def typed(self, text: str) -> None:
        """The box changed: filter by it, or, when it cannot be read, keep the
        rows as they were while the header and the box say what is wrong, and where."""
        readable = self.session.filter_to(text.strip())
        self.box().show_problem(self.session.query_error)
        if readable:
            self.host.refresh_view(by_user=True)
        else:
            self.host.update_status()

    def submit(self) -> None:
        """Enter in the box: keep the filter, and give the keys back to the list at
        once (the app calls this as the key comes, so that `W` after it in a burst
        is a command, not a letter of the filter)."""
        box = self.box()
        if not box.value.strip():
            box.conceal()
        self.host.screen.set_focus(self.host.paper_list)

    def clear(self) -> None:
        """Esc: drop a pinned set (papers starred in triage), else clear the filter."""
        session, box = self.session, self.box()
        view = session.view
        if view.only_ids is not None:
            session.view = replace(view, only_ids=None)
        elif view.filter_text or box.shown:
            box.conceal(clear=True)
            session.query_error = ""
            session.view = replace(view, filter_text="")
            self.host.paper_list.focus()
        else:
            return
        self.host.refresh_view(by_user=True)
