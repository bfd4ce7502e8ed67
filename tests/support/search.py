"""Asking an index what the filter asks it: every word, through the query engine."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.models import Paper
from reader.core.query.index import SearchIndex
from reader.core.query.language import And, Text
from reader.core.query.matching import Matcher
from reader.core.state.marks import Marks
from reader.core.text import fold


def matches(papers: Sequence[Paper], index: SearchIndex, query: str) -> list[int]:
    """The indices of `papers` holding every word of `query` (split on whitespace,
    nothing of it read as syntax), in digest order, as the filter finds them: from
    the index once it is built, from the text until then."""
    words = And(tuple(Text("any", word) for word in fold(query).split()))
    return Matcher(papers, index).indices(words, Marks(on_change=lambda: None))
