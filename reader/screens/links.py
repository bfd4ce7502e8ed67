"""Opening and copying a paper's link, shared by every screen."""

from __future__ import annotations

import webbrowser
from functools import partial

from textual.widget import Widget

from ..data.models import Paper
from ..data.text import is_web_url


def open_link(node: Widget, paper: Paper) -> None:
    """Open the paper's link in a browser, off the UI thread; http(s) only."""
    url = paper.link
    if not is_web_url(url):
        node.notify(f"Not opening {url!r}: only http(s) links are opened.", severity="warning")
        return
    # `webbrowser` can block while a browser starts; no shell is ever involved.
    node.run_worker(
        partial(webbrowser.open, url, new=2), thread=True, group="browser", exit_on_error=False
    )
    node.notify(url, title="Opening in the browser", timeout=3)


def copy_link(node: Widget, paper: Paper) -> None:
    """Copy the link with OSC 52, which works over SSH too."""
    node.app.copy_to_clipboard(paper.link)
    node.notify(paper.link, title="Link copied", timeout=3)
