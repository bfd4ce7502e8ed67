"""A list of papers built on Textual's Line API.

Only the rows on screen are ever rendered, from plain sequences, so mounting
and updating cost the same at 30 papers as at 100,000. A widget per row
(`ListView`) or a table that invalidates every row (`DataTable`) does not.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..bindings import LIST_BINDINGS
from ..core.columns import Listed
from ..core.models import Paper
from ..core.reading.view import listed, locate, place_of
from ..core.text import latex_to_unicode

UNREAD_MARK = "●"
STAR_MARK = "★"
WATCH_MARK = "◆"
DATE_WIDTH = 10
VOTES_WIDTH = 6


def display_title(paper: Listed) -> str:
    """The title as shown in a row: LaTeX made readable, on one line."""
    return " ".join(latex_to_unicode(paper.title).split())


def fit(text: str, width: int) -> str:
    """Crop or pad `text` to exactly `width` cells, with an ellipsis if cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class PaperList(ScrollView, can_focus=True):
    """Scrollable rows of papers with a cursor; one line per paper."""

    BINDINGS: ClassVar[list[BindingType]] = LIST_BINDINGS

    COMPONENT_CLASSES = {
        "paper-list--cursor",
        "paper-list--unread",
        "paper-list--read",
        "paper-list--star",
        "paper-list--watch",
        "paper-list--meta",
        "paper-list--empty",
        "paper-list--thumb",
    }

    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        /* The list draws its own scroll thumb in its last column: a ScrollBar
           widget repaints its 48 lines on every scroll step, doubling the frame. */
        scrollbar-size-vertical: 0;
    }
    PaperList > .paper-list--thumb { color: $scrollbar; }
    PaperList > .paper-list--cursor { background: $block-cursor-background; }
    PaperList:focus > .paper-list--cursor {
        background: $block-cursor-background;
        text-style: none;
    }
    PaperList > .paper-list--unread { color: $text; text-style: bold; }
    PaperList > .paper-list--read { color: $text-muted; }
    PaperList > .paper-list--star { color: $warning; }
    PaperList > .paper-list--watch { color: $accent; }
    PaperList > .paper-list--meta { color: $text-muted; }
    PaperList > .paper-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row."""

    @dataclass
    class Highlighted(Message):
        """The highlighted paper changed."""

        paper: Paper | None
        with_rows: bool
        """True when the paper came with new rows (a filter, a load), not by a
        move of the cursor: the detail pane waits for them to be drawn."""
        by_user: bool
        """True when the reader caused it (a move, a filter), which auto-read counts."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._papers: Sequence[Paper] = ()
        self._read: Set[str] = frozenset()
        self._starred: Set[str] = frozenset()
        self._watched: Set[str] = frozenset()
        self._highlighted: Paper | None = None
        self._rows: LRUCache[tuple[int, int, bool, bool, bool, bool, bool | None], Strip]
        self._rows = LRUCache(512)
        """Rows drawn, by place and state."""
        self._listed: dict[int, Listed] = {}
        """What the rows drawn show, by place (an archive's papers are not decoded)."""
        self._filtered: LRUCache[int, tuple[Strip, Strip]] = LRUCache(512)
        """Rows with the app's line filters applied, by the row's own strip."""
        self._filters_key: object = None
        self._base: Style | None = None
        self.empty_text = "Loading…"
        """Shown in place of rows when there are none."""

    # --- data --------------------------------------------------------------

    @property
    def papers(self) -> Sequence[Paper]:
        return self._papers

    @property
    def highlighted(self) -> Paper | None:
        return self._highlighted

    def set_state(self, read: Set[str], starred: Set[str]) -> None:
        """Point the markers at live read/starred sets (never copied)."""
        self._read, self._starred = read, starred
        self.refresh()

    def set_watched(self, watched: Set[str]) -> None:
        """Mark these papers as the watch list's."""
        self._watched = watched
        self.refresh()

    def show(
        self, papers: Sequence[Paper], *, keep: Paper | None = None, by_user: bool = False
    ) -> None:
        """Replace the rows, keeping the cursor on `keep` if it is still shown.

        `by_user`: the rows changed because the reader asked (a filter, a
        switch), so the paper they reach counts as reached by a move."""
        before, cursor = self._papers, self.cursor
        self._papers = papers
        self._rows.clear()  # keyed by place
        self._listed.clear()
        self._resize_rows(Size(self.size.width, len(papers)))
        index = 0
        if keep is not None:
            fast = None
            if cursor < len(before) and before[cursor] is keep:
                fast = locate(papers, before, cursor)
            found = max(fast, 0) if fast is not None else place_of(papers, keep.id)
            index = found or 0
        self._move(index, with_rows=True, by_user=by_user, force=True)
        self.refresh()

    def _resize_rows(self, size: Size) -> None:
        """A new number of rows, without a layout of the whole screen.

        `virtual_size` is a layout reactive: setting it lays out and repaints
        every widget (about 20 ms), on each filter keystroke. Only the
        scrollbar depends on it here; if the scrollbar appears or disappears,
        that is itself a layout reactive and lays out as it must.
        """
        if size == self.virtual_size:
            return
        # A list as tall as its rows (above the detail pane, in a narrow
        # terminal) lays out when it grows or shrinks within the screen.
        height = self.styles.height
        fits = self.virtual_size.height <= self.size.height or size.height < self.size.height
        self.set_reactive(PaperList.virtual_size, size)
        self._scroll_update(size)
        if height is not None and height.is_auto and fits:
            self.refresh(layout=True)

    def index_of(self, paper_id: str) -> int | None:
        return place_of(self._papers, paper_id)

    # --- cursor ------------------------------------------------------------

    def _move(
        self, index: int, *, with_rows: bool = False, by_user: bool = True, force: bool = False
    ) -> None:
        index = 0 if not self._papers else max(0, min(index, len(self._papers) - 1))
        old = self.cursor
        self.set_reactive(PaperList.cursor, index)
        self.refresh_line(old)
        self.refresh_line(index)
        self._scroll_to_cursor()
        paper = self._papers[index] if self._papers else None
        if force or paper is not self._highlighted:
            self._highlighted = paper
            self.post_message(self.Highlighted(paper, with_rows, by_user))

    def move_to(self, index: int, *, by_user: bool = True) -> None:
        """Move the cursor; `by_user` False for a move the reader did not make
        (back to a paper after triage or an undo), which auto-read passes over."""
        self._move(index, by_user=by_user)

    def _scroll_to_cursor(self) -> None:
        height = self.scrollable_content_region.height or self.size.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self._papers) - 1)

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y
        if 0 <= row < len(self._papers):
            self._move(row)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._papers))
        self._scroll_to_cursor()

    # --- rendering ---------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The visible lines, straight from the row cache when the styles allow.

        Textual's per-line styling (tint, opacity, padding, borders) costs about
        0.1 ms a line, and scrolling by one row repaints all of them; this list
        uses none of it, so unless a style asks for it, the rows it cached
        (with the app's colour filters applied once) are the lines.
        """
        styles = self.styles
        if (
            styles.tint.a
            or self.opacity != 1.0
            or styles.text_opacity != 1.0
            or any(styles.padding)
            or any(edge for edge, _ in styles.border)
            or any(edge for edge, _ in styles.outline)
        ):
            return super().render_lines(crop)
        filters = self.get_line_filters()
        background = self.background_colors[1]
        key = (tuple(filters), background)
        if key != self._filters_key:
            self._filtered.clear()
            self._filters_key = key
        lines = []
        geometry = self._geometry()
        top = geometry[0]
        self._list(range(top + crop.line_range.start, top + crop.line_range.stop))
        for y in crop.line_range:
            strip = self._line(y, *geometry)
            known = self._filtered.get(id(strip))
            if known is not None and known[0] is strip:
                filtered = known[1]
            else:
                filtered = strip
                for line_filter in filters:
                    filtered = filtered.apply_filter(line_filter, background)
                self._filtered[id(strip)] = (strip, filtered)
            if crop.x or crop.width != filtered.cell_length:
                filtered = filtered.crop(crop.x, crop.right)
            lines.append(filtered)
        return lines

    def render_line(self, y: int) -> Strip:
        return self._line(y, *self._geometry())

    def _geometry(self) -> tuple[int, int, int, int]:
        """First row shown, line width, and the scroll thumb's first line and size (0: none)."""
        region = self.scrollable_content_region
        width = region.width or self.size.width
        height = region.height or self.size.height
        top, total = round(self.scroll_y), len(self._papers)
        if height <= 0 or total <= height:
            return top, width, 0, 0
        size = max(1, round(height * height / total))
        return top, width, round(top / (total - height) * (height - size)), size

    def _list(self, rows: Sequence[int]) -> None:
        """Have what `rows` show, the missing ones read together."""
        missing = [row for row in rows if row not in self._listed]
        if missing:
            if len(self._listed) > 4096:  # scrolled far: what is on screen is read again
                self._listed.clear()
            self._listed.update(zip(missing, listed(self._papers, missing), strict=False))

    def _line(self, y: int, top: int, width: int, thumb_top: int, thumb_size: int) -> Strip:
        row = top + y
        if not self._papers:
            if y == 1:
                style = self.get_component_rich_style("paper-list--empty")
                return Strip([Segment(fit("  " + self.empty_text, width), style)])
            return Strip.blank(width, self._base_style())
        if row >= len(self._papers):
            return Strip.blank(width, self._base_style())
        # Scrolling by one row repaints every row on screen; all but one are cached.
        self._list((row,))
        paper = self._listed[row]
        thumb = (thumb_top <= y < thumb_top + thumb_size) if thumb_size else None
        key = (
            row,
            width,
            row == self.cursor,
            paper.id in self._read,
            paper.id in self._starred,
            paper.id in self._watched,
            thumb,
        )
        strip = self._rows.get(key)
        if strip is None:
            strip = self._render_row(paper, width - (thumb is not None), row == self.cursor)
            if thumb is not None:
                style = self.get_component_rich_style("paper-list--thumb")
                mark = Segment("▐", style) if thumb else Segment(" ", self._base_style())
                strip = Strip([*strip, mark], width)
            self._rows[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rows.clear()  # a new theme: new colours
        self._base = None

    def _base_style(self) -> Style:
        """The widget's own style: `rich_style` walks every ancestor's styles (~0.2 ms)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _render_row(self, paper: Listed, width: int, is_cursor: bool) -> Strip:
        base = self._base_style()
        if is_cursor:
            base = base + self.get_component_rich_style("paper-list--cursor")
        unread = paper.id not in self._read
        text = base + self.get_component_rich_style(
            "paper-list--unread" if unread else "paper-list--read"
        )
        star = base + self.get_component_rich_style("paper-list--star")
        meta = base + self.get_component_rich_style("paper-list--meta")

        show_date = width >= 50
        right = (DATE_WIDTH + 2 if show_date else 0) + VOTES_WIDTH
        title_width = max(0, width - 5 - right)
        votes = "" if paper.upvotes is None else f"▲{paper.upvotes}"
        watch = base + self.get_component_rich_style("paper-list--watch")
        segments = [
            Segment(WATCH_MARK if paper.id in self._watched else " ", watch),
            Segment((UNREAD_MARK if unread else " ") + " ", text),
            Segment((STAR_MARK if paper.id in self._starred else " ") + " ", star),
            Segment(fit(display_title(paper), title_width), text),
        ]
        if show_date:
            segments.append(Segment("  " + fit(paper.published or "", DATE_WIDTH), meta))
        segments.append(Segment(f"{votes:>{VOTES_WIDTH - 1}} ", meta))
        return Strip(segments).adjust_cell_length(width, base)
