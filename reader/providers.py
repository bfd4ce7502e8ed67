"""The command palette: every command of the main screen, and a few without keys."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .bindings import MAIN_BINDINGS, effective_keys, key_display, key_of
from .core.reading.view import ORDER_NAMES, ORDERS


class ReaderCommands(Provider):
    """Commands from the bindings (so the palette never drifts) plus extras."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from .screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        for binding in MAIN_BINDINGS:
            if isinstance(binding, Binding) and binding.action not in ("quit",):
                keys = key_display(effective_keys(binding, screen.keymap))
                help_text = f"{binding.tooltip}  (key: {keys})"
                commands.append(
                    (binding.description, help_text, partial(screen.run_action, binding.action))
                )
        commands += [
            (
                "Export starred as BibTeX",
                "Write the shown starred papers to a .bib file",
                screen.take_out.export_starred_bibtex,
            ),
            (
                "Send starred to Zotero",
                "Send the shown starred papers to a running Zotero "
                "(`reader zotero --starred` sends every starred paper)",
                screen.take_out.zotero_starred,
            ),
            (
                "Go to date…",
                "Open Hugging Face Daily Papers for a day, week or month",
                screen.sources.go_to_date,
            ),
            ("Quit", f"Save and quit  (key: {key_of('quit', screen.keymap)})", screen.app.exit),
        ]
        for order in ORDERS:
            commands.append(
                (
                    f"Sort: {ORDER_NAMES[order]}",
                    f"Sort the list: {ORDER_NAMES[order]}",
                    partial(screen.for_you.sort, order),
                )
            )
        for name, query in screen.session.searches.items():
            commands.append(
                (f"Search: {name}", f"Filter: {query}", partial(screen.searches.apply, name))
            )
        commands += [
            (
                "Watch this author",
                "Mark this author's papers (◆) in every digest",
                screen.watching.author,
            ),
            (
                "Watch a keyword…",
                "Mark papers with a phrase in the title or abstract (◆) in every digest",
                screen.watching.keyword,
            ),
            (
                "Stop watching…",
                "Take an author or keyword off the watch list",
                screen.watching.remove,
            ),
            (
                "Subscribe to this source",
                "A bare `reader` opens the Inbox and refreshes every subscription",
                screen.subscriptions.subscribe,
            ),
            (
                "Unsubscribe…",
                "Take a source off the subscriptions (config [subscriptions])",
                screen.subscriptions.unsubscribe,
            ),
            (
                "Refresh subscriptions",
                "Fetch every subscription now, in the background",
                screen.subscriptions.refresh,
            ),
            (
                "Library",
                "Every paper of the archive: fetched, opened or imported",
                screen.sources.library,
            ),
        ]
        for tag in screen.store.all_tags():
            commands.append(
                (
                    f"Show tag: {tag}",
                    f"Filter the list to #{tag}",
                    partial(screen.filters.show, f"#{tag}"),
                )
            )
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
