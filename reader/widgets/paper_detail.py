"""The detail pane: one paper's title, people, dates, abstract and links."""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from ..core.dates import local_minute
from ..core.models import Paper, shown_name
from ..core.state.records import Record
from ..core.text import latex_to_unicode

AUTHORS_SHOWN = 40
"""Names the pane lists before "and N more" on a large screen: a paper may have thousands."""


def paper_text(
    paper: Paper,
    record: Record,
    reasons: list[str] | None = None,
    watched: str = "",
    authors: int = AUTHORS_SHOWN,
) -> Text:
    """The pane's content as Rich `Text`: paper fields are never markup.
    `watched` says why the watch list marks the paper; `authors` is how many
    names to list before "and N more"."""
    text = Text()
    text.append(latex_to_unicode(paper.title), style="bold")
    if watched:  # first, above what may be a thousand names
        text.append("\nWatched  ", style="bold magenta")
        text.append(watched, style="magenta")
    text.append("\n\n")
    text.append(authors_line(paper, authors), style="italic")
    text.append("\n")
    facts = [paper.published or "date unknown"]
    if paper.upvotes is not None:
        noun = "upvote" if paper.upvotes == 1 else "upvotes"
        facts.append(f"▲ {paper.upvotes} {noun}")
    if paper.comments is not None:
        noun = "comment" if paper.comments == 1 else "comments"
        facts.append(f"{paper.comments} {noun}")
    if paper.categories:
        facts.append(" ".join(paper.categories))
    if paper.announce:
        facts.append(paper.announce)
    facts.append("★ starred" if record.starred else "not starred")
    facts.append("read" if record.read else "unread")
    text.append(" · ".join(facts), style="dim")
    if record.zotero:
        text.append(f"\nIn Zotero since {local_minute(record.zotero)}", style="dim green")
    for detail in paper.details:  # an arXiv mail's Comments, Journal-ref, DOI…
        text.append(f"\n{detail.label}  ", style="bold dim")
        text.append(detail.text, style="dim")
    if paper.url:
        text.append("\n")
        text.append(paper.url, style="underline")
    if reasons:
        text.append("\nWhy this paper  ", style="bold green")
        text.append(", ".join(reasons), style="green")
    if record.tags:
        text.append("\n")
        text.append("  ".join(f"#{tag}" for tag in record.tags), style="bold cyan")
    if record.note:
        text.append("\n\nNote  ", style="bold")
        text.append(record.note, style="italic")
    if paper.ai_summary:
        text.append("\n\nAI summary  ", style="bold")
        text.append(latex_to_unicode(paper.ai_summary), style="italic")
    if paper.keywords:
        text.append("\nKeywords  ", style="bold")
        text.append(", ".join(paper.keywords))
    text.append("\n\n")
    abstract = latex_to_unicode(paper.abstract) if paper.abstract else ""
    text.append(abstract or "(no abstract)")
    # A synthesised title search is what `o` opens, but it is not worth a line here.
    labelled = [(label, url) for label, url in paper.all_links() if url != paper.link or paper.url]
    if labelled:
        text.append("\n\nLinks\n", style="bold")
        width = max(len(label) for label, _ in labelled)
        for label, url in labelled:
            text.append(f"  {label:<{width}}  ", style="dim")
            text.append(f"{url}\n", style="underline")
    return text


def authors_line(paper: Paper, shown: int = 0) -> str:
    """The authors: the first `shown` of a long list (0: all) and a count of the rest."""
    if not paper.authors:
        return paper.authors_label
    if not shown or len(paper.authors) <= shown + 3:  # "and 2 more" would save nothing
        shown = len(paper.authors)
    names = [shown_name(name) for name in paper.authors[:shown]]
    more = len(paper.authors) - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def authors_to_show(width: int, height: int) -> int:
    """How many names the pane lists: about a fifth of its rows' worth (two rows
    at least), so that on a small screen a 66-author list does not push the
    abstract off it (`a` lists them all)."""
    lines = max(2, height // 5)
    return min(AUTHORS_SHOWN, max(3, lines * max(width, 20) // 18))


RESTING = 0.08
"""Seconds between paper changes below which the cursor counts as moving."""


class PaperDetail(VerticalScroll, can_focus=True):
    """Shows the highlighted paper and its state; scrolls when the abstract is long."""

    DEFAULT_CSS = """
    PaperDetail { padding: 0 1; }
    PaperDetail > #detail-body { width: 1fr; }
    """

    # No repaint on set: the body repaints when `_update` gives it new text, and
    # a repaint of the whole pane on every cursor step cost about 20 ms.
    paper: reactive[Paper | None] = reactive(None, always_update=True, repaint=False)
    """The paper on show, or None."""
    record: reactive[Record] = reactive(Record, always_update=True, repaint=False)
    """The paper's read/starred state, note and tags."""

    reasons: list[str] = []
    """Terms that made For you rank the paper high (empty when For you is off)."""
    watched = ""
    """Why the watch list marks the paper ("" when it does not)."""

    _changed = float("-inf")
    """When the paper last changed (monotonic seconds)."""
    _pending: Timer | None = None
    _settle = False
    _shown: tuple[Paper | None, Record, tuple[str, ...], str, int] | None = None
    all_authors = False
    """Every author listed (`a`), not the first few and a count."""

    @property
    def settled(self) -> bool:
        """True when the pane shows the current paper (no update is waiting)."""
        return self._pending is None

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="detail-body", markup=False)

    def show(
        self,
        paper: Paper | None,
        record: Record,
        reasons: list[str] | None = None,
        *,
        watched: str = "",
        settle: bool = False,
    ) -> None:
        """Show a paper (or the same paper's new state) with one update.

        `settle`: the paper came with new rows (a filter keystroke, a load), not
        from the cursor; show it once things have been still for a moment, so
        the rows reach the screen first.
        """
        self.reasons = reasons or []
        self.watched = watched
        self.set_reactive(PaperDetail.record, record)
        self._settle = settle
        self.paper = paper

    def watch_paper(self, old: Paper | None, new: Paper | None) -> None:
        if old is new:
            self._update()
            return
        # A new paper: at once when the cursor was resting, else once it rests.
        # Laying out and wrapping an abstract costs 10-20 ms, more than a key
        # should; holding `j` would otherwise pay it on every row passed.
        now = monotonic()
        moving = self._settle or now - self._changed < RESTING
        self._changed = now
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if moving:
            self._pending = self.set_timer(RESTING, self._update)
        else:
            self._update()

    def watch_record(self) -> None:
        # A paper the cursor just reached is shown once it rests, marks and all:
        # a star right after `j` should not pay for laying out its abstract.
        if self._pending is None:
            self._update()

    def _update(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
        if not self.is_mounted:
            return
        if self._shown is None or self.paper is not self._shown[0]:
            self.scroll_home(animate=False)
        limit = 0 if self.all_authors else authors_to_show(self.size.width, self.size.height)
        state = (self.paper, self.record, tuple(self.reasons), self.watched, limit)
        if state == self._shown:
            return  # the same paper in the same state: new rows, same first paper
        self._shown = state
        body = self.query_one("#detail-body", Static)
        if self.paper is None:
            body.update(Text("No paper selected.", style="dim italic"))
            return
        body.update(paper_text(self.paper, self.record, self.reasons, self.watched, limit))

    def toggle_authors(self) -> None:
        """Every author, or the first few again."""
        self.all_authors = not self.all_authors
        self._update()

    def on_resize(self) -> None:
        self._update()  # how many authors fit may have changed

    def on_mount(self) -> None:
        self._update()
