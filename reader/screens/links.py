"""Opening and copying a paper's links, shared by every screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.widget import Widget

from ..core.models import Paper
from ..core.text import is_web_url


def open_url(node: Widget, url: str) -> None:
    """Open a link in a browser, off the UI thread; http(s) only, never a shell."""
    if not is_web_url(url):
        node.notify(f"Not opening {url!r}: only http(s) links are opened.", severity="warning")
        return
    if node.app.is_web:  # served (`reader serve`): a new tab in the reader's own browser
        node.app.open_url(url, new_tab=True)
        node.notify(url, title="Opened in a new tab", timeout=3)
        return
    import webbrowser  # imported when first needed, not at every start

    def launch() -> None:
        # In a worker: `webbrowser` can block while a browser starts.
        try:
            opened = webbrowser.open(url, new=2)
        except webbrowser.Error:
            opened = False
        if opened:
            node.app.call_from_thread(node.notify, url, title="Opened in the browser", timeout=3)
        else:
            node.app.call_from_thread(_no_browser, node, url)

    node.run_worker(launch, thread=True, group="browser", exit_on_error=False)


def _no_browser(node: Widget, url: str) -> None:
    """Over SSH or in a container there is no browser to open: copy the link instead."""
    node.app.copy_to_clipboard(url)
    node.notify(
        f"No browser could be opened here, so the link was copied instead: {url}",
        title="No browser",
        severity="warning",
        timeout=10,
    )


def copy_text(node: Widget, text: str, what: str) -> None:
    """Copy with OSC 52, which works over SSH too."""
    node.app.copy_to_clipboard(text)
    node.notify(text if len(text) < 200 else text[:200] + "…", title=f"{what} copied", timeout=3)


def offer_link(node: Widget, paper: Paper, verb: str, then: Callable[[str], None]) -> None:
    """Use the paper's only link, or ask which one when it has several."""
    links = paper.all_links()
    if len(links) == 1:
        then(links[0][1])
        return

    def chosen(url: str | None) -> None:
        if url:
            then(url)

    from .editors import ChoiceScreen

    options = [(f"{label}: {url}", url) for label, url in links]
    node.app.push_screen(ChoiceScreen(f"{verb} which link?", options), chosen)


def open_link(node: Widget, paper: Paper) -> None:
    offer_link(node, paper, "Open", partial(open_url, node))


def copy_link(node: Widget, paper: Paper) -> None:
    offer_link(node, paper, "Copy", lambda url: copy_text(node, url, "Link"))
