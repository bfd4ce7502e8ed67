"""What a merge of marks changed, in the reader's words: papers starred,
unstarred, read, noted, tagged... Said by `reader merge` and by the notice
for a conflicted copy merged."""

from __future__ import annotations

from .records import Record

Changed = tuple[str, Record, Record]
"""A paper whose marks a merge changed: its id, its marks before and after."""

KINDS = ("starred", "unstarred", "read", "unread", "noted", "unnoted", "tagged", "untagged")


def kinds(changes: list[Changed]) -> dict[str, list[str]]:
    """The papers of each kind of change, in the order of `KINDS`."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for paper_id, before, after in changes:
        if after.starred != before.starred:
            found["starred" if after.starred else "unstarred"].append(paper_id)
        if after.read != before.read:
            found["read" if after.read else "unread"].append(paper_id)
        if after.note != before.note:
            found["noted" if after.note else "unnoted"].append(paper_id)
        if set(after.tags) - set(before.tags):
            found["tagged"].append(paper_id)
        if set(before.tags) - set(after.tags):
            found["untagged"].append(paper_id)
    return {kind: sorted(papers) for kind, papers in found.items()}


def marks_brought(changes: list[Changed]) -> int:
    """How many marks a merge changed (a paper starred and tagged: two)."""
    return sum(len(papers) for papers in kinds(changes).values())


def summary(changes: list[Changed]) -> str:
    """One line: `2 papers starred, 1 unstarred, 5 read` ('' for none)."""
    counts = [(kind, len(papers)) for kind, papers in kinds(changes).items() if papers]
    if not counts:
        return ""
    words = [f"{n} {kind}" for kind, n in counts]
    first = counts[0][1]
    words[0] = f"{first} paper{'s' if first != 1 else ''} {counts[0][0]}"
    return ", ".join(words)
