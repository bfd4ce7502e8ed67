"""What every citation format asks of a paper, read once from what sources
give: its arXiv id, DOI, journal reference, PDF, date, authors' names and
its text as a reader sees it (LaTeX made readable, hard wraps joined)."""

from __future__ import annotations

from datetime import date

import msgspec

from ..models import Paper, arxiv_id, as_shown
from .names import Name, split_name


def pdf_url(paper: Paper) -> str | None:
    """The paper's PDF, where its source links one."""
    return next((url for label, url in paper.links if label == "PDF"), None)


def detail(paper: Paper, label: str) -> str | None:
    """A fact a source gave (an arXiv mail's `DOI`, `Journal-ref`...), case aside."""
    wanted = label.lower()
    return next((d.text for d in paper.details if d.label.lower() == wanted), None)


def doi_of(paper: Paper) -> str | None:
    """The paper's DOI, from its details or a doi.org link."""
    given = detail(paper, "DOI")
    if given:
        return given.split()[0]
    for _, url in paper.links:
        if "doi.org/" in url:
            return url.split("doi.org/", 1)[1] or None
    return None


class Facts(msgspec.Struct, frozen=True):
    """A paper as citation formats read it."""

    paper: Paper
    """The paper with its text as shown (`as_shown`)."""
    arxiv: str | None
    doi: str | None
    journal_ref: str | None
    pdf: str | None
    day: date | None
    year: str
    names: tuple[Name, ...]

    @property
    def published(self) -> bool:
        """A journal reference or a DOI says the paper appeared in a journal."""
        return bool(self.journal_ref or self.doi)

    @property
    def category(self) -> str | None:
        return self.paper.categories[0] if self.paper.categories else None


def facts(paper: Paper) -> Facts:
    shown = as_shown(paper)
    day: date | None = None
    if paper.published:
        try:
            day = date.fromisoformat(paper.published[:10])
        except ValueError:
            day = None
    return Facts(
        paper=shown,
        arxiv=arxiv_id(paper.id),
        doi=doi_of(paper),
        journal_ref=detail(paper, "Journal-ref"),
        pdf=pdf_url(paper),
        day=day,
        year=(paper.published or "")[:4] if (paper.published or "")[:4].isdigit() else "",
        names=tuple(split_name(author) for author in paper.authors),
    )
