"""Saved searches and the watch list: the questions a reader asks every morning.

Held by the main screen, as the other command groups. Both live in the
user's `config.toml`; edits made here go through `config_edit` (comments and
formatting kept) and are taken in by the session at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..core.config import Config
from ..core.errors import ConfigError
from ..core.locations import config_file
from ..core.models import Paper
from ..core.reading.session import WATCH_INLINE
from .host import in_thread

if TYPE_CHECKING:
    from ..core.config_edit import WatchKind
    from .host import Host

NAMES = {"authors": "author", "keywords": "keyword"}


class SearchCommands:
    """Saving the filter under a name, and applying a saved one."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.session = screen.session

    def save(self) -> None:
        query = self.session.view.filter_text
        if not query:
            self.screen.notify(
                "Type a filter first (/), then save it under a name.", severity="warning"
            )
            return

        def named(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return
            from ..core.config_edit import save_search

            replaced = self.session.searches.get(name)
            config = _changed(self.screen, lambda: save_search(config_file(), name, query))
            if config is None:
                return
            self.session.searches = dict(config.searches)
            self.screen.update_status()
            verb = "Replaced" if replaced not in (None, query) else "Saved"
            self.screen.notify(
                f"{verb} the search “{name}”: {query}. The palette lists it as “Search: {name}”.",
                markup=False,
                timeout=6,
            )

        from .editors import PromptScreen

        self.screen.app.push_screen(
            PromptScreen(
                f"Save the filter “{query}” as a search",
                value=self.session.search_name,
                placeholder="a name, such as cheap or morning",
                hint="Enter saves it in config.toml ([searches]); Esc cancels",
            ),
            named,
        )

    def apply(self, name: str) -> None:
        """Show the saved search `name` in the filter box (and so the list)."""
        query = self.session.searches.get(name)
        if query is not None:
            self.screen.show_filter(query)


class WatchCommands:
    """The watch list: jumping to watched papers, and editing the list."""

    def __init__(self, screen: Host) -> None:
        self.screen = screen
        self.session = screen.session

    def next(self) -> None:
        papers = self.screen.paper_list.papers
        found = self.session.next_watched(papers, self.screen.paper_list.cursor)
        if found is not None:
            self.screen.paper_list.move_to(found)
        elif not self.session.watch:
            self.screen.notify(
                "The watch list is empty: “Watch this author” and “Watch a keyword…” "
                "in the palette (ctrl+p) add to it.",
                timeout=6,
            )
        else:
            self.screen.notify("No watched paper is shown here.", timeout=3)

    def rescan(self) -> None:
        """Mark the digest's watched papers anew: at once for a small digest,
        in a worker for a large one (reading 100,000 author lists)."""
        papers = self.session.papers
        if len(papers) <= WATCH_INLINE:
            self._take(papers, self.session.scan_watch(papers))
            return
        screen = self.screen

        def work() -> None:
            found = self.session.scan_watch(papers)
            screen.app.call_from_thread(self._take, papers, found)

        in_thread(screen, work, "watch")

    def _take(self, papers: Sequence[Paper], found: dict[str, str]) -> None:
        if self.session.take_watched(papers, found):
            self.screen.watched_changed()

    def author(self) -> None:
        """Watch one of the highlighted paper's authors (chosen, if several)."""
        paper = self.screen.current()
        if paper is None:
            return
        if not paper.authors:
            count = f" ({paper.author_count})" if paper.author_count else ""
            self.screen.notify(
                f"This digest gives no names for this paper's authors{count}: "
                "none to watch. “Watch a keyword…” works on any paper.",
                severity="warning",
            )
            return
        if len(paper.authors) == 1:
            self._change("authors", paper.authors[0], add=True)
            return
        from .editors import ChoiceScreen

        def chosen(name: str | None) -> None:
            if name:
                self._change("authors", name, add=True)

        options = [(name, name) for name in paper.authors]
        self.screen.app.push_screen(ChoiceScreen("Watch which author?", options), chosen)

    def keyword(self) -> None:
        from .editors import PromptScreen

        def given(text: str | None) -> None:
            text = " ".join((text or "").split())
            if text:
                self._change("keywords", text, add=True)

        self.screen.app.push_screen(
            PromptScreen(
                "Watch a keyword",
                placeholder="a word or phrase, such as graph neural network",
                hint="Papers with it in the title or abstract are marked ◆ in every digest",
            ),
            given,
        )

    def remove(self) -> None:
        watch = self.session.watch
        options = [(f"author: {name}", f"authors\n{name}") for name in watch.authors]
        options += [(f"keyword: {text}", f"keywords\n{text}") for text in watch.keywords]
        if not options:
            self.screen.notify("The watch list is empty.", timeout=3)
            return
        from .editors import ChoiceScreen

        def chosen(value: str | None) -> None:
            if value:
                kind, _, item = value.partition("\n")
                self._change("authors" if kind == "authors" else "keywords", item, add=False)

        self.screen.app.push_screen(ChoiceScreen("Stop watching", options), chosen)

    def _change(self, kind: WatchKind, value: str, *, add: bool) -> None:
        from ..core.config_edit import watch

        config = _changed(self.screen, lambda: watch(config_file(), kind, value, add=add))
        if config is None:
            return
        self.session.watch = config.watch
        verb = "Watching" if add else "No longer watching"
        self.screen.notify(f"{verb} the {NAMES[kind]} “{value}”.", markup=False, timeout=4)
        self.rescan()


def _changed(screen: Host, edit: Callable[[], Config]) -> Config | None:
    """The config after `edit`, or None (said in a notice) if it failed."""
    try:
        return edit()
    except ConfigError as error:
        screen.notify(str(error), title="Config", severity="error", markup=False, timeout=10)
        return None
