"""Subscriptions: the sources of `[subscriptions]` in config.toml, refreshed
in the background while the Inbox is read, and edited from the palette.

Held by the main screen, as the other command groups. The refresh runs in a
worker (`core.sources.refresh`), its progress in the header, one phrase per
source; when it ends the Inbox is read again, the cursor where it was, and
a notice says what came and which source failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.config import subscription
from ..core.errors import ConfigError
from ..core.locations import config_file
from .host import config_changed, in_thread

if TYPE_CHECKING:
    from ..core.sources.refresh import Outcome
    from .host import Host
    from .source_commands import SourceCommands


class SubscriptionCommands:
    """Refreshing the subscriptions, subscribing and unsubscribing."""

    def __init__(self, host: Host, sources: SourceCommands, subscribed: tuple[str, ...]) -> None:
        self.host = host
        self.session = host.session
        self.sources = sources
        self.subscribed = subscribed
        self._progress: dict[str, str] = {}

    @property
    def running(self) -> bool:
        return bool(self._progress)

    def refresh(self) -> None:
        """Fetch every subscription in a worker; the Inbox follows when it ends."""
        if not self.subscribed:
            self.host.screen.notify(
                f"There are no subscriptions: “Subscribe to this source” in the palette, or "
                f"[subscriptions] sources in {config_file()}, adds one.",
                timeout=6,
            )
            return
        if self.running:
            return
        sources = list(self.subscribed)
        self._progress = {s: "waiting" for s in sources}
        self._show()
        app, opener = self.host.screen.app, self.session.opener

        def work() -> None:
            from ..core.sources.refresh import refresh

            def report(source: str, text: str) -> None:
                app.call_from_thread(self._report, source, text)

            outcomes = refresh(opener, sources, report=report)
            app.call_from_thread(self._done, outcomes)

        in_thread(self.host, work, "subscriptions")

    def _report(self, source: str, text: str) -> None:
        if source in self._progress:
            self._progress[source] = text
            self._show()

    def _show(self) -> None:
        busy = [f"{s} {t}" for s, t in self._progress.items() if t not in ("done", "failed")]
        self.session.refreshing = f"refreshing {', '.join(busy)}" if busy else ""
        self.host.update_status()

    def _done(self, outcomes: list[Outcome]) -> None:
        self._progress = {}
        self._show()
        failed = [o for o in outcomes if o.error]
        added = sum(o.added for o in outcomes)
        if len(failed) < len(outcomes):
            self.host.screen.notify(
                f"Subscriptions refreshed: {added} new papers.", title="Refreshed", timeout=5
            )
        for outcome in failed:
            self.host.screen.notify(
                outcome.error, title=f"{outcome.source} failed", severity="error", timeout=20
            )
        if [spec.kind for spec in self.session.specs] == ["inbox"]:
            self.sources.reload()  # the new papers join it; the cursor stays

    # --- editing -------------------------------------------------------------------

    def subscribe(self) -> None:
        """Subscribe to the source shown (a remote spec, or a file)."""
        specs = self.session.specs
        spec = self.session.shown_spec or (specs[0] if len(specs) == 1 else None)
        if spec is None or len(specs) > 1:
            self.host.screen.notify("Open one source to subscribe to it.", timeout=4)
            return
        if spec.kind in ("inbox", "library"):
            self.host.screen.notify(
                f"The {spec.label} is made of what you read: open a source to subscribe to it.",
                timeout=5,
            )
            return
        text = (
            "hf"
            if spec.kind == "hf"
            else str(spec.path.resolve())
            if spec.kind == "file"
            else spec.text
        )
        try:
            source = subscription(text)
        except ConfigError as error:
            self.host.screen.notify(str(error), severity="warning", timeout=6)
            return
        self._change(source, add=True)

    def unsubscribe(self) -> None:
        if not self.subscribed:
            self.host.screen.notify("There are no subscriptions.", timeout=3)
            return
        from .editors import ChoiceScreen

        def chosen(source: str | None) -> None:
            if source:
                self._change(source, add=False)

        options = [(source, source) for source in self.subscribed]
        self.host.screen.app.push_screen(ChoiceScreen("Unsubscribe from", options), chosen)

    def _change(self, source: str, *, add: bool) -> None:
        from ..core.config_edit import subscribe

        config = config_changed(self.host, lambda: subscribe(config_file(), source, add=add))
        if config is None:
            return
        self.subscribed = config.subscriptions
        verb = "Subscribed to" if add else "Unsubscribed from"
        where = "; a bare `reader` opens the Inbox and refreshes it" if add else ""
        self.host.screen.notify(f"{verb} {source}{where}.", timeout=5)
