"""The watch list: authors and keywords that mark a paper in every digest.

Authors match on the whole name, with case and accents ignored ("José
García" is "jose garcia"); keywords are phrases matched in the title and
abstract, as `ti:"…" OR abs:"…"` would. A scan gives each watched paper its
reasons, which the detail pane shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Watch
from ..models import Paper
from ..state.records import Record
from ..text import latex_accents
from .judge import flat, judge, strip_accents
from .language import Or, Text
from .matching import Matcher


def scan(papers: Sequence[Paper], watch: Watch, matcher: Matcher | None) -> dict[str, str]:
    """Each watched paper's id and why it is watched ("author Kenji Mori;
    keyword “graph”"). With a built index (`matcher`), keywords are looked up
    in it; else every paper's text is read. In a worker at 100,000 papers."""
    reasons: dict[int, list[str]] = {}

    def key(name: str) -> str:
        return strip_accents(latex_accents(name))

    names = {key(name): name for name in watch.authors if key(name)}
    if names:
        for place, paper in enumerate(papers):
            authors = paper.authors
            joined = "\n".join(authors)
            if joined.isascii() and "\\" not in joined:  # most papers: lower-case, in C
                if names.keys().isdisjoint(joined.lower().split("\n")):
                    continue
                found = [names[n] for n in map(str.lower, authors) if n in names]
            else:  # accents, in Unicode or in LaTeX as arXiv writes names (J\"urgen)
                found = [names[n] for n in map(key, authors) if n in names]
            if found:
                reasons.setdefault(place, []).extend(f"author {n}" for n in dict.fromkeys(found))
    for keyword in watch.keywords:
        if not flat(keyword):
            continue
        # The phrase in the title or the abstract, as `ti:"…" OR abs:"…"`.
        value = flat(keyword)
        title, abstract = Text("ti", value, " " in value), Text("abs", value, " " in value)
        if matcher is not None and matcher.index is not None and matcher.index.ready:
            hits = (matcher.text(title) | matcher.text(abstract)).nonzero()[0].tolist()
        else:
            query = Or((title, abstract))
            hits = [i for i, p in enumerate(papers) if judge(query, p, _no_record)]
        for place in hits:
            reasons.setdefault(place, []).append(f"keyword “{keyword}”")
    return {papers[place].id: "; ".join(why) for place, why in sorted(reasons.items())}


def _no_record(paper_id: str) -> Record:
    return Record()
