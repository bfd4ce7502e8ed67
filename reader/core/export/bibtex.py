"""BibTeX (`@misc`, as arXiv gives it) and biblatex (`@online` with `eprint`,
as arXiv recommends for biblatex): LaTeX that survives both literally."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..models import Paper, arxiv_id
from ..text import latex_to_unicode
from .facts import facts
from .keys import citation_key
from .names import Name

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_RE = re.compile(r"[\\{}&%$#_~^]")


def bib_escape(text: str) -> str:
    """Escape LaTeX's special characters so the text survives BibTeX literally.

    LaTeX in titles is first made readable (R\\"ossler becomes Rössler), so
    what is escaped is the text a reader sees.
    """
    plain = latex_to_unicode(text) if ("\\" in text or "$" in text) else text
    plain = " ".join(plain.split())
    return _BIB_RE.sub(lambda m: _BIB_SPECIAL[m.group()], plain)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """A `@misc` entry as arXiv gives it (names as the source lists them)."""
    identifier = arxiv_id(paper.id)
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(bib_escape(a) for a in paper.authors)))
    if paper.published:
        fields.append(("year", paper.published[:4]))
    if identifier:
        fields.append(("eprint", identifier))
        fields.append(("archivePrefix", "arXiv"))
        if paper.categories:
            fields.append(("primaryClass", bib_escape(paper.categories[0])))
    fields.append(("url", _bib_url(paper.link)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or citation_key(paper)},\n{body}\n}}\n"


def to_bibtex(papers: Sequence[Paper], keys: Mapping[str, str]) -> str:
    """One `@misc` entry per paper, keyed by `keys` (`assign_keys`)."""
    return "\n".join(bibtex_entry(paper, keys[paper.id]) for paper in papers)


def biblatex_entry(paper: Paper, key: str) -> str:
    """An `@online` entry: `eprint`, `eprinttype = {arxiv}` and `eprintclass`,
    as arXiv recommends for biblatex; `@article` when a journal reference or
    DOI says the paper was published. Names as family, given (`names`)."""
    found = facts(paper)
    kind = "article" if found.published else "online"
    fields: list[tuple[str, str]] = [("title", "{" + bib_escape(paper.title) + "}")]
    if found.names:
        fields.append(("author", " and ".join(_bib_name(n) for n in found.names)))
    if found.day is not None:
        fields.append(("date", found.day.isoformat()))
    elif found.year:
        fields.append(("date", found.year))
    if found.journal_ref:
        fields.append(("journaltitle", bib_escape(found.journal_ref)))
    if found.doi:
        fields.append(("doi", bib_escape(found.doi)))
    if found.arxiv:
        fields.append(("eprint", found.arxiv))
        fields.append(("eprinttype", "arxiv"))
        if found.category:
            fields.append(("eprintclass", bib_escape(found.category)))
    if paper.abstract:
        fields.append(("abstract", bib_escape(paper.abstract)))
    fields.append(("url", _bib_url(paper.link)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def to_biblatex(papers: Sequence[Paper], keys: Mapping[str, str]) -> str:
    return "\n".join(biblatex_entry(paper, keys[paper.id]) for paper in papers)


def _bib_name(name: Name) -> str:
    """A name as BibTeX reads it: `{Whole Name}` kept whole, else
    `Family, Given` (`Family, Suffix, Given`), a family of several words braced."""
    if name.literal:
        return "{" + bib_escape(name.literal) + "}"
    family = bib_escape(name.family)
    if " " in family:
        family = "{" + family + "}"  # "de la Fontaine" is one family name
    given = bib_escape(name.given)
    return f"{family}, {bib_escape(name.suffix)}, {given}" if name.suffix else f"{family}, {given}"


def _bib_url(url: str) -> str:
    return url.replace("%", r"\%").replace("{", "").replace("}", "")
