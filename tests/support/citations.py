"""Papers shaped as citation tools meet them: names from many conventions
(particles, accents, family first, a suffix, a collaboration), LaTeX and the
characters BibTeX treats as commands in titles (and braces, `%`, `&`, `#`
and `_` in a title with no LaTeX, where they are plain text), abstracts
hard-wrapped at 80 columns, a paper of 900 authors, one of 1,000, one
published with a DOI and a journal reference, and one known by its title
alone. Written for reader's tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from reader.core.models import Paper

NAMES = [
    "Jean-Baptiste de la Fontaine",
    "María José García-López",
    "ZHANG Wei",
    "山田 太郎",
    "Nguyễn Văn An",
    "Martin Luther King Jr.",
    "Søren Kierkegaard-Ødegaard",
    "Ludwig van der Berg",
    "ATLAS Collaboration",
]
"""Each with the split it must get: see `SPLITS`."""

SPLITS = {
    "Jean-Baptiste de la Fontaine": ("de la Fontaine", "Jean-Baptiste", ""),
    "María José García-López": ("García-López", "María José", ""),
    "ZHANG Wei": ("Zhang", "Wei", ""),
    "山田 太郎": ("山田", "太郎", ""),
    "Nguyễn Văn An": ("Nguyễn", "Văn An", ""),
    "Martin Luther King Jr.": ("King", "Martin Luther", "Jr."),
    "Søren Kierkegaard-Ødegaard": ("Kierkegaard-Ødegaard", "Søren", ""),
    "Ludwig van der Berg": ("van der Berg", "Ludwig", ""),
}
"""(family, given, suffix); a name not here is kept whole."""

FIRST = ["Amara", "Bjørn", "Chloé", "Dmitri", "Eun-ji", "Farid", "Greta", "Hiroshi", "Ifeoma"]
LAST = ["Okonkwo", "Lindqvist", "Dubois", "Volkov", "Park", "Haddad", "Schäfer", "Tanaka", "Eze"]

ABSTRACT = (
    'We bound the spectrum of Koopman operators for R\\"ossler-type flows in '
    "$\\mathcal{O}(n \\log n)$ time, where earlier methods needed $O(n^2)$. On "
    "12 benchmark systems the bound is within 3% of the true spectral gap & "
    "needs no tuning; the code keeps {braces}, #hashes and under_scores as "
    "written.\n\nA second paragraph says what the method cannot do: stiff "
    "systems with $\\lambda_{max} > 10^4$ need smaller steps."
)


def wrapped(text: str) -> str:
    """`text` hard-wrapped at 80 columns, paragraph by paragraph, as the APIs send it."""
    return "\n\n".join(textwrap.fill(p, 80) for p in text.split("\n\n"))


def many_authors(count: int) -> list[str]:
    return [f"{FIRST[n % 9]} {LAST[(n // 9) % 9]}-{n}" for n in range(count)]


def papers() -> list[Paper]:
    """The papers the citation tests use, in this order: names, 900 authors,
    published (DOI and journal reference), 1,000 authors, a title id."""
    return [
        Paper.create(
            id="2611.20417",
            title="Spectral bounds for $\\mathcal{O}(n \\log n)$ Koopman operators "
            'in R\\"ossler flows: {100%} & #1_x',
            abstract=wrapped(ABSTRACT),
            authors=NAMES,
            published="2026-11-20",
            url="https://arxiv.org/abs/2611.20417",
            categories=["math.DS", "cs.LG"],
            links=[("PDF", "https://arxiv.org/pdf/2611.20417")],
        ),
        Paper.create(
            id="2611.20418",
            title="Tidal memory in a 900-author survey",
            abstract=wrapped("A survey signed by a large collaboration. " * 6),
            authors=many_authors(900),
            published="2026-11-21",
            url="https://arxiv.org/abs/2611.20418",
            categories=["astro-ph.CO"],
        ),
        Paper.create(
            id="2403.01234",
            title="Sparse attention for long documents",
            abstract=wrapped("We show that sparse attention reads long documents. " * 3),
            authors=["Amara Okonkwo", "Greta Schäfer"],
            published="2024-03-02",
            url="https://arxiv.org/abs/2403.01234",
            categories=["cs.CL"],
            details=[
                ("Journal-ref", "Trans. Mach. Learn. Res. 4 (2025) 1-22"),
                ("DOI", "10.5555/tmlr.2025.0042"),
            ],
            links=[("PDF", "https://arxiv.org/pdf/2403.01234")],
        ),
        Paper.create(
            id="2611.20419",
            title="{Tidal} memory at scale: 100% of {n_i} & #2, no LaTeX here",
            abstract=wrapped("The same collaboration, again. " * 4),
            authors=many_authors(1000),
            published="2026-11-22",
            url="https://arxiv.org/abs/2611.20419",
        ),
        Paper.create(
            title="A workshop paper known only by its title",
            abstract="No arXiv id is known for this one.",
            authors=["Farid Haddad"],
            published="2025-06-30",
        ),
    ]


def written(folder: Path) -> Path:
    """The papers in reader's JSON, in `folder`: a digest to open, list or export."""
    from reader.core.export import render
    from reader.core.state.store import StateStore

    store = StateStore(folder / "citations-scratch-state.json")
    path = folder / "papers.json"
    path.write_text(render("json", papers(), store), encoding="utf-8")
    store.close()
    return path
