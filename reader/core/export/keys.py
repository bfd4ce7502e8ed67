"""Citation keys as Better BibTeX makes them (first author's family name,
year, first word of the title: `fontaine2026tidal`), with `a`, `b`... on
clashes, and the same key for a paper in every export: a key once given is
kept in the state's metadata (`citekeys`), so a `.bib` written today and one
written next month cite a paper alike, and two papers never share one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ..models import Paper
from ..state.marks import Marks
from ..text import latex_to_unicode
from .names import split_name

META = "citekeys"
_STOP = frozenset({"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "is", "are"})


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def citation_key(paper: Paper) -> str:
    """The key before clashes: family name + year + first title word,
    e.g. `okonkwo2026tidal`."""
    family = ""
    if paper.authors:
        name = split_name(paper.authors[0])
        family = _ascii_word(name.family or name.literal.split()[0])
    year = (paper.published or "")[:4]
    words = [_ascii_word(w) for w in latex_to_unicode(paper.title).split()]
    first = next((w for w in words if w and w not in _STOP), next((w for w in words if w), ""))
    return f"{family or 'anon'}{year}{first or 'paper'}"


def _suffixed(key: str, count: int) -> str:
    """The `count`-th key after `key` itself: key a, key b... key z, key aa..."""
    letters = ""
    while count > 0:
        count, rest = divmod(count - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return key + letters


def assign_keys(papers: Sequence[Paper], marks: Marks | None) -> dict[str, str]:
    """Each paper's key, by id: the one it was given before, else a new one
    no other paper has (kept in `marks`' metadata; without `marks`, unique
    within this export only)."""
    known: dict[str, str] = {}
    if marks is not None:
        saved = marks.get_meta(META, {})
        if isinstance(saved, dict):
            known = {k: v for k, v in saved.items() if isinstance(k, str) and isinstance(v, str)}
    taken = set(known.values())
    found: dict[str, str] = {}
    for paper in papers:
        if paper.id in found:
            continue
        key = known.get(paper.id) or (paper.alt_id and known.get(paper.alt_id))
        if not key:
            base = citation_key(paper)
            count = 0
            key = base
            while key in taken:
                count += 1
                key = _suffixed(base, count)
            taken.add(key)
        found[paper.id] = key
    if marks is not None and any(known.get(i) != k for i, k in found.items()):
        marks.set_meta(META, {**known, **found})
    return found
