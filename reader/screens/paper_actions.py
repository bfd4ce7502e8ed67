"""Actions on the highlighted paper beyond read and star: links, notes, tags, export.

Mixed into the main screen, which supplies `store`, `_current` and
`_state_changed`; kept apart so the screen stays about layout and state.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.screen import Screen

from ..data.locations import export_dir
from ..data.models import Paper
from ..data.sources.specs import Spec
from ..data.state.storage import atomic_write
from ..data.state.store import StateStore

if TYPE_CHECKING:
    from ..data.export import Format
from .links import copy_link, copy_text, open_link, open_url, pdf_url

FORMATS: list[tuple[str, str]] = [
    ("BibTeX (.bib), for reference managers", "bibtex"),
    ("Markdown (.md), a reading-group agenda", "markdown"),
    ("JSON (.json), as `reader list --format json`", "json"),
    ("CSV (.csv), for spreadsheets", "csv"),
]


class PaperActions(Screen[None]):
    """Link, note, tag and export commands; see the main screen for the rest."""

    store: StateStore

    def _current(self) -> Paper | None:
        raise NotImplementedError

    def _state_changed(self) -> None:
        raise NotImplementedError

    def shown(self) -> Sequence[Paper]:
        raise NotImplementedError

    def action_open(self) -> None:
        if (paper := self._current()) is not None:
            open_link(self, paper)

    def action_open_pdf(self) -> None:
        if (paper := self._current()) is None:
            return
        url = pdf_url(paper)
        if url is None:
            self.notify("This paper has no PDF link (no arXiv id is known).", timeout=3)
            return
        open_url(self, url)

    def action_copy_link(self) -> None:
        if (paper := self._current()) is not None:
            copy_link(self, paper)

    def action_copy_bibtex(self) -> None:
        if (paper := self._current()) is not None:
            from ..data.export import bibtex_entry

            copy_text(self, bibtex_entry(paper), "BibTeX entry")

    def action_note(self) -> None:
        if (paper := self._current()) is None:
            return

        def saved(note: str | None) -> None:
            if note is not None and self.store.set_note(paper.id, note):
                self._state_changed()
                self.notify("Note saved. z undoes.", timeout=2)

        from .editors import NoteScreen

        self.app.push_screen(NoteScreen(paper.title, self.store.record(paper.id).note), saved)

    def action_tags(self) -> None:
        if (paper := self._current()) is None:
            return

        def saved(tags: str | None) -> None:
            if tags is not None and self.store.set_tags(paper.id, tags):
                self._state_changed()
                shown = ", ".join(self.store.record(paper.id).tags) or "none"
                self.notify(f"Tags: {shown}. z undoes.", timeout=2)

        from .editors import tags_prompt

        record = self.store.record(paper.id)
        self.app.push_screen(tags_prompt(paper.title, record.tags, self.store.all_tags()), saved)

    def action_export(self) -> None:
        papers = list(self.shown())
        if not papers:
            self.notify("No papers are shown, so there is nothing to export.", timeout=3)
            return

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export(papers, fmt, "shown")  # type: ignore[arg-type]

        from .editors import ChoiceScreen

        noun = "paper" if len(papers) == 1 else "papers"
        self.app.push_screen(
            ChoiceScreen(f"Export the {len(papers)} shown {noun} as", FORMATS), chosen
        )

    def action_export_starred_bibtex(self) -> None:
        starred = [p for p in self.shown() if self.store.is_starred(p.id)]
        if not starred:
            self.notify("No starred papers are shown.", timeout=3)
            return
        self.export(starred, "bibtex", "starred")

    def action_go_to_date(self) -> None:
        def chosen(value: str | None) -> None:
            if not value:
                return
            from ..data.errors import SpecError
            from ..data.sources.specs import parse_spec

            text = value.strip()
            try:
                spec = parse_spec(text if text.startswith("hf") else f"hf:{text}")
            except SpecError as error:
                self.notify(str(error), severity="error")
                return
            self.open_specs([spec])

        from .editors import PromptScreen

        self.app.push_screen(
            PromptScreen("Go to date", placeholder="YYYY-MM-DD, week:2026-W48 or month:2026-11"),
            chosen,
        )

    def open_specs(self, specs: list[Spec]) -> None:
        raise NotImplementedError

    def export(self, papers: Sequence[Paper], fmt: Format, label: str) -> None:
        """Write the file in a worker and say where it went."""
        from ..data.export import EXTENSIONS, render

        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = export_dir() / f"reader-{label}-{stamp}.{EXTENSIONS[fmt]}"
        text = render(fmt, papers, self.store)

        def write() -> None:
            try:
                atomic_write(path, text.encode("utf-8"))
            except OSError as error:
                self.app.call_from_thread(
                    self.notify,
                    f"Could not write {path}: {error.strerror or error}",
                    severity="error",
                )
                return
            self.app.call_from_thread(
                self.notify, str(path), title=f"Exported {len(papers)} papers", timeout=8
            )

        self.run_worker(write, thread=True, group="export", exit_on_error=False)
