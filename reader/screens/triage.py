"""Triage mode: one paper fills the screen, one key decides, the next appears."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, ProgressBar, Static

from ..bindings import TRIAGE_BINDINGS
from ..core.models import Paper
from ..core.reading.marking import Marking
from ..core.reading.triage import Kind, Summary, TriageSession
from ..core.text import latex_to_unicode
from ..widgets.paper_detail import PaperDetail
from .links import copy_link, open_link


@dataclass(frozen=True)
class TriageResult:
    """What the main screen should do after triage."""

    last: Paper | None
    """The last paper decided: the list's cursor goes there."""
    show_only: tuple[str, ...] | None = None
    """Ids to show in the list (the papers starred in this run), if asked."""


def summary_text(summary: Summary) -> Group:
    """The run's counts, then the starred titles, each wrapping under itself."""
    minutes, seconds = divmod(round(summary.seconds), 60)
    text = Text()
    text.append(
        "Triage done\n\n"
        if summary.decided + summary.deferred >= summary.total
        else "Triage stopped\n\n",
        style="bold",
    )
    text.append(f"{summary.decided} of {summary.total} papers decided: ")
    text.append(f"{len(summary.starred)} starred", style="bold")
    text.append(f", {summary.read} read, {summary.deferred} deferred\n")
    text.append(f"{minutes} min {seconds:02d} s, {summary.per_minute:.1f} papers per minute")
    if not summary.starred:
        return Group(text)
    text.append("\n\nStarred", style="bold")
    titles = Table.grid(padding=(0, 1))
    titles.add_column(no_wrap=True)
    titles.add_column()  # a long title wraps here, not back to the left edge
    for paper in summary.starred:
        titles.add_row(Text("  ★", style="yellow"), Text(latex_to_unicode(paper.title)))
    return Group(text, titles)


class TriageSummaryScreen(ModalScreen[bool]):
    """The end of a run. Dismisses True to show the starred papers in the list."""

    BINDINGS = [
        Binding("S", "dismiss(True)", "Show starred in list", id="summary_starred"),
        Binding("enter,escape,q", "dismiss(False)", "Back to list", id="summary_close"),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(summary_text(self.summary), id="summary")
            hint = "S  show the starred papers in the list      Enter / Esc  back to the list"
            yield Static(Text(hint, style="dim"), id="answers")


class TriageScreen(Screen[TriageResult]):
    """Decide each unread paper of the shown list, front to back."""

    BINDINGS = TRIAGE_BINDINGS

    def __init__(self, papers: Sequence[Paper], marks: Marking) -> None:
        super().__init__()
        self.session = TriageSession(papers, marks)
        self.marks = marks

    def compose(self) -> ComposeResult:
        with Horizontal(id="triage-top"):
            yield Static(Text("Triage"), id="triage-status", markup=False)
            yield ProgressBar(
                total=max(1, self.session.total),
                show_eta=False,
                show_percentage=False,
                id="triage-progress",
            )
        yield PaperDetail(id="triage-card")
        yield Static(Text(""), id="triage-more")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        card = self.query_one(PaperDetail)
        self.watch(card, "scroll_y", self._hint_more, init=False)

    def _hint_more(self) -> None:
        """Say when the abstract goes on below the screen, and how to read it."""
        card = self.query_one(PaperDetail)
        below = card.max_scroll_y - card.scroll_y
        hint = "▼ more below: space pages down, b back up" if below >= 1 else ""
        self.query_one("#triage-more", Static).update(Text(hint, style="bold"))

    def action_page_or_read(self) -> None:
        """Space: the rest of a long abstract first, then the next paper."""
        card = self.query_one(PaperDetail)
        if card.max_scroll_y - card.scroll_y >= 1:
            card.scroll_page_down(animate=False)
            self._hint_more()
        else:
            self._decide("read")

    def action_page_up(self) -> None:
        self.query_one(PaperDetail).scroll_page_up(animate=False)
        self._hint_more()

    def _show(self) -> None:
        session = self.session
        paper = session.current
        card = self.query_one(PaperDetail)
        card.show(paper, self.marks.record(paper))
        self.query_one(ProgressBar).update(total=max(1, session.total), progress=session.decided)
        status = Text()
        status.append("Triage  ", style="bold")
        status.append(f"{session.decided} / {session.total}")
        deferred = len(session.queue) - session.total
        if deferred:
            status.append(f"  · {deferred} deferred")
        self.query_one("#triage-status", Static).update(status)
        self.call_after_refresh(self._hint_more)  # once the new card is laid out

    def action_star(self) -> None:
        self._decide("star")

    def action_read(self) -> None:
        self._decide("read")

    def action_later(self) -> None:
        self._decide("later")

    def _decide(self, kind: Kind) -> None:
        if self.session.decide(kind) is None:
            return
        self._show()
        if self.session.done:
            self._finish()

    def action_undo(self) -> None:
        if self.session.undo() is None:
            self.notify("Nothing to undo in this triage run.", timeout=2)
            return
        self._show()

    def action_open(self) -> None:
        if (paper := self.session.current) is not None:
            open_link(self, paper)

    def action_copy(self) -> None:
        if (paper := self.session.current) is not None:
            copy_link(self, paper)

    def action_leave(self) -> None:
        self._finish()

    def _finish(self) -> None:
        summary = self.session.summary()
        last = self.session.last_decided

        def closed(show_starred: bool | None) -> None:
            ids = tuple(p.id for p in summary.starred) if show_starred else None
            self.dismiss(TriageResult(last, ids))

        self.app.push_screen(TriageSummaryScreen(summary), closed)
