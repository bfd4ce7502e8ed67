"""Papers that know their columns: what lists, sorts and filters read, without
a paper being decoded.

A digest read from a file holds its papers (a tuple); a view of the archive
(the Inbox, the library: up to millions of papers) holds only its rows and a
few columns, and decodes a paper when it is read. Whatever walks every paper
of a view (the unread switch, a sort, the query engine's columns, finding the
paper under the cursor again) asks for a column instead, through the helpers
here, and so costs the same on both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

import msgspec

from .models import Paper


class Listed(Protocol):
    """What a list's row shows of a paper: a paper itself, or (`Row`) a view's
    columns and the paper's title, the paper left undecoded."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def published(self) -> str | None: ...
    @property
    def upvotes(self) -> int | None: ...


class Texts(Protocol):
    """What a phrase is looked for in: a paper, or (an archive's) its title,
    abstract and authors decoded without the rest."""

    @property
    def title(self) -> str: ...
    @property
    def abstract(self) -> str: ...
    @property
    def authors(self) -> tuple[str, ...]: ...


class Row(msgspec.Struct, frozen=True, gc=False):
    """A row of a list without its paper: a filter over 100,000 papers of the
    archive draws its rows without decoding one (a row of 5,000 authors
    costs a millisecond to decode, its title nothing)."""

    id: str
    title: str
    published: str | None
    upvotes: int | None


@runtime_checkable
class Columnar(Protocol):
    """A sequence of papers that gives its columns without decoding them."""

    def id_list(self) -> Sequence[str]:
        """Each paper's id, in order."""
        ...

    def upvote_list(self) -> Sequence[int]:
        """Upvotes, -1 where unknown."""
        ...

    def published_list(self) -> Sequence[str]:
        """ISO dates, '' where unknown."""
        ...

    def announce_list(self) -> Sequence[str | None]:
        """arXiv announcement types (`replace`...), None where there is none."""
        ...

    def listed(self, positions: Sequence[int]) -> list[Listed]:
        """What the rows at `positions` show (a screen's), read together: the
        papers already decoded, the others' titles and columns alone."""
        ...

    def read(self, position: int, ahead: Sequence[int]) -> Paper:
        """The paper at `position`; if it is not yet decoded, those at `ahead`
        (the rows shown after it) are decoded with it, in one query."""
        ...

    def each(self, positions: Sequence[int]) -> Iterator[Paper]:
        """The papers at `positions`, in that order, decoded a batch at a time."""
        ...

    def texts(self, positions: Sequence[int], field: str) -> Iterator[Texts]:
        """`each`, with only the title, abstract and authors decoded (only
        one of them for a query's `field`: `ti`, `abs`, `au`; else `any`)."""
        ...

    def title_order(self) -> list[int]:
        """Positions sorted by title (`text.sort_key`), ties in order."""
        ...

    def category_places(self, wanted: str) -> list[int]:
        """Positions of the papers in category `wanted` (folded) or, for an
        archive such as `cs`, in any of its categories."""
        ...


def each_of(papers: Sequence[Paper], positions: Sequence[int]) -> Iterator[Paper]:
    """The papers at `positions`: a view of the archive decodes them a batch
    at a time, rather than each with the rows after it (thousands of a
    phrase's candidates: 2 s one by one, a tenth of that in batches)."""
    if isinstance(papers, Columnar):
        return papers.each(positions)
    return map(papers.__getitem__, positions)


def texts_of(papers: Sequence[Paper], positions: Sequence[int], field: str) -> Iterator[Texts]:
    """The texts of the papers at `positions` (`each_of`, decoding only what a
    phrase in `field` is looked for in: a paper of 5,000 authors is more names
    than text)."""
    if isinstance(papers, Columnar):
        return papers.texts(positions, field)
    return map(papers.__getitem__, positions)


def id_list(papers: Sequence[Paper]) -> Sequence[str]:
    """Each paper's id: a column if the papers have it, else read from them."""
    if isinstance(papers, Columnar):
        return papers.id_list()
    return [p.id for p in papers]


def upvotes_of(papers: Sequence[Paper]) -> Sequence[int]:
    """Upvotes, -1 where unknown."""
    if isinstance(papers, Columnar):
        return papers.upvote_list()
    return [-1 if p.upvotes is None else p.upvotes for p in papers]


def published_of(papers: Sequence[Paper]) -> Sequence[str]:
    """ISO dates, '' where unknown."""
    if isinstance(papers, Columnar):
        return papers.published_list()
    return [p.published or "" for p in papers]
