"""Judging one paper by reading it: the reference meaning of every query,
used where no index exists (a digest still being indexed, the watch list of
a small digest) and by the property test that holds the indexed engine
(`matching`) to it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from ..models import Paper
from ..state.records import Record
from ..text import fold, searchable
from .language import AUTHORED, And, Mark, Node, Not, Published, Text, Upvotes


def flat(text: str) -> str:
    """Casefolded, whitespace runs made single spaces: what phrases are matched in."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=64)
def phrase_pattern(value: str, *, one_line: bool = False) -> re.Pattern[str]:
    """What finds the phrase `value` in casefolded text, as `contains` would in
    its flattened form: its words with any whitespace between them (within one
    line when `one_line`: one author of a newline-joined list)."""
    gap = r"[^\S\n]+" if one_line else r"\s+"
    return re.compile(gap.join(map(re.escape, value.split(" "))))


def contains(text: str, node: Text) -> bool:
    """True when `text` holds the word (as a substring) or the phrase."""
    return node.value in (flat(text) if node.phrase else fold(text))


def category_matches(category: str, wanted: str) -> bool:
    """`cs.LG` matches cat:cs.lg and cat:cs (its archive)."""
    folded = category.lower()
    return folded == wanted or folded.startswith(wanted + ".")


def text_matches(node: Text, paper: Paper, record: Record) -> bool:
    field, value = node.field, node.value
    if field == "ti":
        return contains(searchable(paper.title), node)
    if field == "abs":
        return contains(searchable(paper.abstract), node)
    if field == "au":
        if node.phrase:
            return any(contains(searchable(name), node) for name in paper.authors)
        return contains(searchable(" ".join(paper.authors)), node)
    if field == "any":
        return any(text_matches(Text(f, value, node.phrase), paper, record) for f in AUTHORED)
    if field == "id":
        return contains(paper.id, node)
    if field == "cat":
        return any(category_matches(c, value) for c in paper.categories)
    if field == "tag":
        return value in record.tags
    return contains(record.note, node)


def mark_matches(name: str, record: Record) -> bool:
    if name == "starred":
        return record.starred
    if name == "read":
        return record.read
    if name == "unread":
        return not record.read
    if name == "noted":
        return bool(record.note)
    return bool(record.tags)


def within(published: str | None, node: Published) -> bool:
    if not published:
        return False
    if node.low is not None:
        head = published[: len(node.low)]
        if head < node.low or (node.low_strict and head == node.low):
            return False
    if node.high is not None:
        head = published[: len(node.high)]
        if head > node.high or (node.high_strict and head == node.high):
            return False
    return True


def judge(node: Node, paper: Paper, record: Callable[[str], Record]) -> bool:
    """Whether `paper` matches `node`, reading its text (no index)."""
    if isinstance(node, Text):
        return text_matches(node, paper, record(paper.id))
    if isinstance(node, Mark):
        return mark_matches(node.name, record(paper.id))
    if isinstance(node, Upvotes):
        votes = paper.upvotes
        return (
            votes is not None
            and (node.low is None or votes >= node.low)
            and (node.high is None or votes <= node.high)
        )
    if isinstance(node, Published):
        return within(paper.published, node)
    if isinstance(node, Not):
        return not judge(node.node, paper, record)
    if isinstance(node, And):
        return all(judge(n, paper, record) for n in node.nodes)
    return any(judge(n, paper, record) for n in node.nodes)


def strip_accents(text: str) -> str:
    """Casefolded, accents dropped, spaces single: "José  GARCÍA" is "jose garcia"."""
    if text.isascii():
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )
