"""Commands that take a paper out of reader: its links (open, copy, PDF), its
BibTeX, and exports of the papers shown.

Held by the main screen, as the other command groups.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from io import StringIO
from typing import TYPE_CHECKING, get_args

from ..core.locations import export_dir
from ..core.models import Paper
from ..core.reading.view import ids_of
from ..core.state.storage import atomic_write
from .links import copy_link, copy_text, open_link, open_url

if TYPE_CHECKING:
    from ..core.export import Format
    from .host import Host

FORMATS: list[tuple[str, str]] = [
    ("BibTeX (.bib), for reference managers", "bibtex"),
    ("biblatex (.bib), @online with eprint", "biblatex"),
    ("CSL-JSON (.csl.json), for Zotero, pandoc and citeproc", "csl-json"),
    ("RIS (.ris), for EndNote, Mendeley and most managers", "ris"),
    ("Markdown (.md), a reading-group agenda", "markdown"),
    ("JSON (.json), as `reader list --format json`", "json"),
    ("CSV (.csv), for spreadsheets", "csv"),
]


class TakeOutCommands:
    """Links and exports of the highlighted (or every shown) paper."""

    def __init__(self, host: Host) -> None:
        self.host = host

    def open(self) -> None:
        if (paper := self.host.current()) is not None:
            open_link(self.host.paper_list, paper)

    def open_pdf(self) -> None:
        if (paper := self.host.current()) is None:
            return
        from ..core.export.facts import pdf_url  # the export formats are not the first frame's

        url = pdf_url(paper)
        if url is None:
            message = "This paper has no PDF link (no arXiv id is known)."
            self.host.screen.notify(message, timeout=3)
            return
        open_url(self.host.paper_list, url)

    def copy_link(self) -> None:
        if (paper := self.host.current()) is not None:
            copy_link(self.host.paper_list, paper)

    def copy_bibtex(self) -> None:
        if (paper := self.host.current()) is not None:
            from ..core.export import bibtex_entry

            copy_text(self.host.paper_list, bibtex_entry(paper), "BibTeX entry")

    def export_shown(self) -> None:
        papers = self.host.paper_list.papers  # read in the export's worker
        if not papers:
            self.host.screen.notify("No papers are shown, so there is nothing to export.")
            return
        from ..core.export import Format

        def chosen(choice: str | None) -> None:
            for fmt in get_args(Format):  # the choice, as the type the exporter takes
                if fmt == choice:
                    self.export(papers, fmt, "shown")

        from .editors import ChoiceScreen

        noun = "paper" if len(papers) == 1 else "papers"
        chooser = ChoiceScreen(f"Export the {len(papers)} shown {noun} as", FORMATS)
        self.host.screen.app.push_screen(chooser, chosen)

    def starred_shown(self) -> list[Paper]:
        store = self.host.session.store
        shown = self.host.paper_list.papers
        return [shown[n] for n, i in enumerate(ids_of(shown)) if store.is_starred(i)]

    def export_starred_bibtex(self) -> None:
        starred = self.starred_shown()
        if not starred:
            self.host.screen.notify("No starred papers are shown.", timeout=3)
            return
        self.export(starred, "bibtex", "starred")

    def export(self, papers: Sequence[Paper], fmt: Format, label: str) -> None:
        """Write the file in a worker (100,000 papers' authors take seconds to
        split) and say where it went."""
        from ..core.export import EXTENSIONS, render

        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = export_dir() / f"reader-{label}-{stamp}.{EXTENSIONS[fmt]}"
        store = self.host.session.store
        screen = self.host.screen
        done = f"Exported {len(papers)} papers"

        def write() -> None:
            text = render(fmt, papers, store)
            if screen.app.is_web:  # served: a download in the reader's browser, not a file
                deliver = screen.app.deliver_text
                screen.app.call_from_thread(deliver, StringIO(text), save_filename=path.name)
                screen.app.call_from_thread(screen.notify, path.name, title=done, timeout=8)
                return
            try:
                atomic_write(path, text.encode("utf-8"))
            except OSError as error:
                problem = f"Could not write {path}: {error.strerror or error}"
                screen.app.call_from_thread(screen.notify, problem, severity="error")
                return
            screen.app.call_from_thread(screen.notify, str(path), title=done, timeout=8)

        screen.run_worker(write, thread=True, group="export", exit_on_error=False)

    # --- Zotero ------------------------------------------------------------------------

    def zotero(self) -> None:
        """Send the paper under the cursor; one sent before only if the reader says so."""
        if (paper := self.host.current()) is None:
            return
        since = self.host.session.store.record(paper.id).zotero
        if not since:
            self.send_to_zotero([paper])
            return
        from ..core.dates import local_minute
        from .dialogs import ConfirmScreen

        question = ConfirmScreen(
            f"This paper is in Zotero since {local_minute(since)}. Send it again?"
        )
        self.host.screen.app.push_screen(
            question, lambda yes: self.send_to_zotero([paper]) if yes else None
        )

    def zotero_starred(self) -> None:
        from ..core.zotero import unsent

        starred = self.starred_shown()
        fresh, _ = unsent(starred, self.host.session.store)
        if not fresh:
            said = "are in Zotero already" if starred else "are shown"
            self.host.screen.notify(f"No starred papers to send: all {said}.", timeout=4)
            return
        self.send_to_zotero(fresh, skipped=len(starred) - len(fresh))

    def send_to_zotero(self, papers: Sequence[Paper], skipped: int = 0) -> None:
        """Send in a worker (Zotero may be slow, or hang until the deadline); say how it went."""
        store = self.host.session.store
        screen = self.host.screen
        noun = "paper" if len(papers) == 1 else "papers"
        screen.notify(f"Sending {len(papers)} {noun} to Zotero…", timeout=3)

        def work() -> None:
            from ..core.zotero import ZoteroError, send

            try:
                count = send(papers, store)
            except ZoteroError as error:
                screen.app.call_from_thread(
                    screen.notify, str(error), title="Zotero", severity="error", timeout=10
                )
                return
            done = f"Sent {count} {noun} to Zotero" + (
                f" ({skipped} sent before were skipped)" if skipped else ""
            )
            screen.app.call_from_thread(screen.notify, done, title="Zotero", timeout=5)
            screen.app.call_from_thread(self.host.state_changed)  # "In Zotero since …"

        screen.run_worker(work, thread=True, group="zotero", exit_on_error=False)
