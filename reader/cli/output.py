"""`reader list`'s table: a paper a line (wrapped by terminal cells on a
terminal, whole when piped)."""

from __future__ import annotations

from collections.abc import Iterable, Set

from rich.cells import cell_len, chop_cells

from ..core.models import Paper
from ..core.state.store import StateStore
from ..core.text import latex_to_unicode


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells, broken between words
    (a word wider than a line is broken within it). Wide characters (CJK, emoji)
    count as the two cells they take."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while cell_len(word) > width:  # a word longer than a whole line
            room = width - cell_len(line) - (1 if line else 0)
            if room < 1:
                lines.append(line)
                line, room = "", width
            head = chop_cells(word, room)[0]
            line = f"{line} {head}" if line else head
            word = word[len(head) :]
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line or not lines else lines


def to_table(
    papers: Iterable[Paper],
    store: StateStore,
    width: int | None = None,
    watched: Set[str] = frozenset(),
) -> str:
    """A compact table under a header: marks (● unread, ★ starred, ◆ watched),
    id, date, upvotes and the title with its LaTeX made readable. With `width`
    (a terminal's), a long title wraps under its column; without (piped), each
    paper is one whole line."""
    rows = [
        (
            ("  " if store.is_read(p.id) else "● ")
            + ("★" if store.is_starred(p.id) else " ")
            + ("◆" if p.id in watched else " "),
            p.id,
            p.published or "",
            "" if p.upvotes is None else str(p.upvotes),
            " ".join(latex_to_unicode(p.title).split()),
        )
        for p in papers
    ]
    id_width = max([len("id"), *(len(row[1]) for row in rows)])
    lead = 4 + 1 + id_width + 2 + 10 + 1 + 5 + 2
    title_width = max(20, width - lead) if width else None
    lines = [f"{'':4} {'id':<{id_width}}  {'date':10} {'votes':>5}  title"]
    for marks, pid, day, votes, title in rows:
        first, *rest = wrap_cells(title, title_width) if title_width else [title]
        lines.append(f"{marks} {pid:<{id_width}}  {day:10} {votes:>5}  {first}")
        lines.extend(" " * lead + more for more in rest)
    return "\n".join(lines)
