"""A paper known by two ids: marks made under its title id (a pasted page)
follow it to its arXiv id when a source gives one."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Paper
from ..state.marks import Marks


def link_identities(store: Marks, papers: Sequence[Paper]) -> None:
    """Let state made under a paper's title id follow it to its arXiv id.

    Only title ids that carry state need linking now, so a large digest costs
    nothing when none do. (Marks made on an arXiv-id paper are linked when
    they are made, so that a pasted copy of the page shows them too.)
    """
    titled = store.title_ids()
    if not titled:
        return
    store.link(
        (alt, p.id) for p in papers if not p.id.startswith("t:") and (alt := p.alt_id) in titled
    )


def link_archived(store: Marks, papers: Sequence[Paper]) -> None:
    """`link_identities` for any papers: an archive's view is asked in SQL."""
    from ..archive.views import ArchivePapers

    if not isinstance(papers, ArchivePapers):
        link_identities(store, papers)
        return
    titled = store.title_ids()
    if titled:
        store.link(papers.archive.alt_pairs(titled))
