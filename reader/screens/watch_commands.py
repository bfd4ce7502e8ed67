"""The watch list: authors and keywords marked ◆ in every digest.

Held by the main screen, as the other command groups. The list lives in the
user's `config.toml`; edits made here go through `config_edit` (comments and
formatting kept) and are taken in by the session at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.locations import config_file
from ..core.reading.digest import WATCH_INLINE, next_where
from .host import config_changed, in_thread

if TYPE_CHECKING:
    from ..core.config_edit import WatchKind
    from .host import Host
    from .source_commands import SourceCommands

NAMES = {"authors": "author", "keywords": "keyword"}


class WatchCommands:
    """The watch list: jumping to watched papers, and editing the list."""

    def __init__(self, host: Host, sources: SourceCommands) -> None:
        self.host = host
        self.session = host.session
        self.sources = sources
        """Where a scan of the watch list is taken in (`take_watched`)."""

    def next(self) -> None:
        papers, digest = self.host.paper_list.papers, self.session.digest
        watched = digest.watched if digest is not None else {}
        found = next_where(papers, self.host.paper_list.cursor, watched.__contains__)
        if found is not None:
            self.host.paper_list.move_to(found)
        elif not self.session.watch:
            self.host.screen.notify(
                "The watch list is empty: “Watch this author” and “Watch a keyword…” "
                "in the palette (ctrl+p) add to it.",
                timeout=6,
            )
        else:
            self.host.screen.notify("No watched paper is shown here.", timeout=3)

    def rescan(self) -> None:
        """Mark the digest's watched papers anew: at once for a small digest,
        in a worker for a large one (reading 100,000 author lists)."""
        digest, watch = self.session.digest, self.session.watch
        if digest is None:
            return
        if len(digest) <= WATCH_INLINE:
            self.sources.take_watched(digest, digest.scan_watch(watch))
            return
        screen = self.host.screen

        def work() -> None:
            found = digest.scan_watch(watch)
            screen.app.call_from_thread(self.sources.take_watched, digest, found)

        in_thread(self.host, work, "watch")

    def author(self) -> None:
        """Watch one of the highlighted paper's authors (chosen, if several)."""
        paper = self.host.current()
        if paper is None:
            return
        if not paper.authors:
            count = f" ({paper.author_count})" if paper.author_count else ""
            self.host.screen.notify(
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
        self.host.screen.app.push_screen(ChoiceScreen("Watch which author?", options), chosen)

    def keyword(self) -> None:
        from .editors import PromptScreen

        def given(text: str | None) -> None:
            text = " ".join((text or "").split())
            if text:
                self._change("keywords", text, add=True)

        self.host.screen.app.push_screen(
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
            self.host.screen.notify("The watch list is empty.", timeout=3)
            return
        from .editors import ChoiceScreen

        def chosen(value: str | None) -> None:
            if value:
                kind, _, item = value.partition("\n")
                self._change("authors" if kind == "authors" else "keywords", item, add=False)

        self.host.screen.app.push_screen(ChoiceScreen("Stop watching", options), chosen)

    def _change(self, kind: WatchKind, value: str, *, add: bool) -> None:
        from ..core.config_edit import watch

        config = config_changed(self.host, lambda: watch(config_file(), kind, value, add=add))
        if config is None:
            return
        self.session.watch = config.watch
        verb = "Watching" if add else "No longer watching"
        self.host.screen.notify(f"{verb} the {NAMES[kind]} “{value}”.", timeout=4)
        self.rescan()
