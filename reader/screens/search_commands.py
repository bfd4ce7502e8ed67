"""Saved searches: the filter kept under a name in `config.toml` (`[searches]`).

Held by the main screen, as the other command groups; edits go through
`config_edit` (comments and formatting kept).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.locations import config_file
from .host import config_changed

if TYPE_CHECKING:
    from .filter_commands import FilterCommands
    from .host import Host


class SearchCommands:
    """Saving the filter under a name, and applying a saved one."""

    def __init__(self, host: Host, filters: FilterCommands) -> None:
        self.host = host
        self.session = host.session
        self.filters = filters

    def save(self) -> None:
        query = self.session.view.filter_text
        if not query:
            self.host.screen.notify(
                "Type a filter first (/), then save it under a name.", severity="warning"
            )
            return

        def named(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return
            from ..core.config_edit import save_search

            replaced = self.session.searches.get(name)
            config = config_changed(self.host, lambda: save_search(config_file(), name, query))
            if config is None:
                return
            self.session.searches = dict(config.searches)
            self.host.update_status()
            verb = "Replaced" if replaced not in (None, query) else "Saved"
            self.host.screen.notify(
                f"{verb} the search “{name}”: {query}. The palette lists it as “Search: {name}”.",
                markup=False,
                timeout=6,
            )

        from .editors import PromptScreen

        self.host.screen.app.push_screen(
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
            self.filters.show(query)
