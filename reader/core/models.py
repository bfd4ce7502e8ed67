"""The paper and digest records shared by parsers, the store and the UI."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote_plus

import msgspec

from .text import clean_text, find_links, latex_to_unicode, normalize_title, one_line, reflow

# New-style (2511.01234, optional version) and old-style (hep-th/9901001) ids.
_ARXIV_ID_RE = re.compile(
    r"^(?:arxiv:)?((?:\d{4}\.\d{4,5})|(?:[a-z][a-z.-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?$",
    re.IGNORECASE,
)


def arxiv_id(value: str | None) -> str | None:
    """Return the version-less arXiv id in `value`, or None if it is not one."""
    if not value:
        return None
    match = _ARXIV_ID_RE.match(value.strip())
    return match.group(1) if match else None


# An abstract, PDF or HTML page on arXiv, or a paper page on Hugging Face.
_ID_URL_RE = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?"
    r"(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/)"
    r"(?P<id>[^?#]+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)


def normalise_id(value: str) -> str:
    """The id the state keeps a paper under, from any common spelling of it:
    `2405.13786v1`, `arXiv:2204.08348`, `math/0601001`, an arxiv.org abs or
    pdf URL, or a huggingface.co/papers URL. Other ids (`t:…`) come back as given."""
    text = value.strip()
    if (url := _ID_URL_RE.match(text)) is not None:
        text = url.group("id")
    return arxiv_id(text) or text


def title_id(title: str) -> str:
    """A stable id for a paper that has no arXiv id, from its folded title."""
    import hashlib  # papers without an arXiv id only; not needed at every start

    digest = hashlib.sha1(normalize_title(title).encode("utf-8")).hexdigest()
    return f"t:{digest[:16]}"


def paper_id(title: str, given: str | None = None) -> str:
    """The id a paper is known by: its arXiv id if any, else a title hash."""
    found = arxiv_id(given)
    if found:
        return found
    if given and given.strip():
        return clean_text(given.strip(), multiline=False)
    return title_id(title)


class Link(msgspec.Struct, frozen=True, gc=False):
    """A labelled link of a paper; unpacks like a `(label, url)` pair."""

    label: str
    url: str

    def __iter__(self) -> Iterator[str]:
        yield self.label
        yield self.url


class Detail(msgspec.Struct, frozen=True, gc=False):
    """A labelled fact a source gives about a paper, shown as it came: arXiv
    mails' Comments, Journal-ref, DOI, Report-no, MSC-class, ACM-class, License."""

    label: str
    text: str


class Paper(msgspec.Struct, frozen=True, gc=False, kw_only=True):
    """One paper as a digest lists it. Text fields are already sanitised.

    A frozen msgspec struct rather than a dataclass: it is built 100,000 times
    when a large digest opens, and is untracked by the garbage collector, so
    holding many papers costs no collector pauses. Its fields are reader's JSON
    format, so a large file decodes straight into papers (`fastjson`).
    """

    id: str = ""
    """Stable identity: arXiv id when known, else `t:` plus a title hash."""
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    """Author names; empty when the source only gives a count."""
    author_count: int = 0
    published: str | None = None
    """ISO date (YYYY-MM-DD) or None when unknown."""
    upvotes: int | None = None
    url: str | None = None
    source: str = ""
    """Where the paper was read from: a file path or a source spec."""
    ai_summary: str | None = None
    """A source's one-line machine summary (Hugging Face)."""
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    """Further labelled links: PDF, GitHub, project page, Hugging Face page."""
    comments: int | None = None
    categories: tuple[str, ...] = ()
    """arXiv categories, primary first."""
    announce: str | None = None
    """arXiv listing announce type: new, cross, replace or replace-cross."""
    details: tuple[Detail, ...] = ()

    @classmethod
    def create(
        cls,
        *,
        title: str,
        abstract: str = "",
        authors: tuple[str, ...] | list[str] = (),
        author_count: int | None = None,
        published: date | str | None = None,
        upvotes: int | None = None,
        url: str | None = None,
        source: str = "",
        id: str | None = None,
        ai_summary: str | None = None,
        keywords: tuple[str, ...] | list[str] = (),
        links: Iterable[tuple[str, str] | Link] = (),
        comments: int | None = None,
        categories: tuple[str, ...] | list[str] = (),
        announce: str | None = None,
        details: Iterable[tuple[str, str] | Detail] = (),
    ) -> Paper:
        """Build a paper from untrusted values, sanitising every text field."""
        clean_title = one_line(title)
        names = tuple(n for n in (one_line(a) for a in authors) if n)
        if isinstance(published, date):
            published = published.isoformat()
        return cls(
            id=paper_id(clean_title, id),
            title=clean_title,
            abstract=reflow(clean_text(abstract)),
            authors=names,
            author_count=max(author_count or 0, len(names)),
            published=published,
            upvotes=upvotes,
            url=clean_text(url.strip(), multiline=False) if url else None,
            source=clean_text(source, multiline=False),
            ai_summary=clean_text(ai_summary).strip() or None if ai_summary else None,
            keywords=tuple(k for k in (one_line(k) for k in keywords) if k),
            links=tuple(
                Link(one_line(label), one_line(link))
                for label, link in links
                if link and link.strip()
            ),
            comments=comments,
            categories=tuple(c for c in (one_line(c) for c in categories) if c),
            announce=one_line(announce) or None if announce else None,
            details=tuple(
                Detail(one_line(label), one_line(text))
                for label, text in (
                    (d.label, d.text) if isinstance(d, Detail) else d for d in details
                )
                if text and text.strip()
            ),
        )

    def to_json(self) -> dict[str, Any]:
        """The paper's fields as `reader list --format json` prints them."""
        return {
            "id": self.id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "author_count": self.author_count,
            "published": self.published,
            "upvotes": self.upvotes,
            "url": self.url,
            "source": self.source,
            "ai_summary": self.ai_summary,
            "keywords": list(self.keywords),
            "links": [{"label": label, "url": url} for label, url in self.links],
            "comments": self.comments,
            "categories": list(self.categories),
            "announce": self.announce,
            "details": [{"label": d.label, "text": d.text} for d in self.details],
        }

    @property
    def alt_id(self) -> str | None:
        """The title-derived id, when the paper is known by another (arXiv) id."""
        derived = title_id(self.title)
        return derived if derived != self.id else None

    @property
    def link(self) -> str:
        """The paper's own web page, else an arXiv title search that finds it."""
        if self.url and self.url.lower().startswith(("https://", "http://")):
            return self.url
        return "https://arxiv.org/search/?searchtype=title&query=" + quote_plus(self.title)

    def all_links(self) -> list[tuple[str, str]]:
        """Every link the paper has, labelled, the abstract page first."""
        links = [("Abstract page" if self.url else "arXiv title search", self.link)]
        links += [(label, url) for label, url in self.links]
        links += [("In the abstract", url) for url in find_links(self.abstract)]
        seen: set[str] = set()
        unique = []
        for label, url in links:
            if url not in seen:
                seen.add(url)
                unique.append((label, url))
        return unique

    @property
    def authors_label(self) -> str:
        """Author names, or their count when the names are unknown."""
        if self.authors:
            return ", ".join(self.authors)
        if self.author_count:
            noun = "author" if self.author_count == 1 else "authors"
            return f"{self.author_count} {noun}"
        return "unknown authors"


def shown_name(name: str) -> str:
    """An author's name as the app shows it: LaTeX made readable (R\\"ossler is Rössler)."""
    return latex_to_unicode(name) if "\\" in name or "$" in name else name


def as_shown(paper: Paper) -> Paper:
    """The paper with its text as the app shows it (LaTeX made readable): what every
    export but BibTeX writes, which keeps LaTeX of its own."""
    return msgspec.structs.replace(
        paper,
        title=" ".join(latex_to_unicode(paper.title).split()),
        abstract=latex_to_unicode(paper.abstract),
        authors=tuple(shown_name(name) for name in paper.authors),
        ai_summary=latex_to_unicode(paper.ai_summary) if paper.ai_summary else None,
    )


class Digest(msgspec.Struct, frozen=True):
    """A list of papers read from one source, in the source's order."""

    source: str
    papers: Sequence[Paper]
    """In the source's order: a tuple, or the archive's papers decoded as they are read."""
    date: str | None = None
    """The digest's own date (ISO), when the source states one."""
    title: str = ""
    notices: tuple[str, ...] = ()
    """What reading it found wrong but could pass over (an entry skipped, and why)."""


def merge(digests: Sequence[Digest]) -> Digest:
    """One digest from several, in order, each paper once (by id)."""
    if len(digests) == 1:
        return digests[0]
    seen: set[str] = set()
    papers: list[Paper] = []
    for digest in digests:
        for paper in digest.papers:
            keys = {paper.id, paper.alt_id} - {None}
            if not keys & seen:
                seen.update(k for k in keys if k)
                papers.append(paper)
    dates = [d.date for d in digests if d.date]
    return Digest(
        source=", ".join(d.source for d in digests),
        papers=tuple(papers),
        date=max(dates) if dates else None,
        title=" + ".join(d.title or d.source for d in digests),
        notices=tuple(n for d in digests for n in d.notices),
    )
