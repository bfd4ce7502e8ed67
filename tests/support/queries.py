"""A Hugging Face day written for the query tests, shaped like the API's answer:
titles wrapped with an indent, abstracts hard-wrapped at 79 columns, LaTeX and
markup-like brackets in titles, accented names, and one paper with 1,200
authors. Each paper is there to be found (or not) by one of the README's
example queries; the names list which."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from typing import Any

from tests.support.realshape import author_names, write

TAKEN = ("Okafor", "Mori", "Kenji", "García", "Garcia", "Müller")
"""Names the queries look for: the generated crowd of authors holds none."""


def crowd(count: int) -> list[str]:
    rng = random.Random(7)
    names = [n for n in author_names(count * 2, rng) if not any(t in n for t in TAKEN)]
    return names[:count]


PAPERS: list[dict[str, Any]] = [
    {
        "id": "2609.04101",
        "title": r"Sparse Retrieval under Tiny Budgets: a $\lambda$-Sweep of Index Sizes",
        "authors": ["Chidi Okafor", "Ana Ruiz"],
        # Wrapped by hand, as the API would, with the phrase across a line break.
        "abstract": "We measure how far an index can shrink before answers change, and\n"
        "beyond recall we track the counterfactual\n"
        "influence of each dropped document on the final ranking. 90% of it sits in\n"
        "a few entries; the rest can go at a cost under 0.3 points of nDCG@10.",
        "upvotes": 42,
        "date": "2026-09-13",
    },
    {
        "id": "2609.04102",
        "title": r"Tiny Recurrent Models Beat $\mathcal{O}(n^2)$ Attention on Long Inputs",
        "authors": ["Kenji Mori", "Léa Dubois", *crowd(1200)],
        "abstract": "A recurrent core of 30M parameters matches attention on inputs "
        "of 64k tokens. We discuss counterfactual reasoning probes, and set the "
        "question of influence aside for later work.",
        "upvotes": 7,
        "date": "2026-09-14",
    },
    {
        "id": "2609.04103",
        "title": "Dense Retrievers, Revisited [bold]Again[/bold]",
        "authors": ["Aiko Kenji", "Mori Sato"],
        "abstract": "Dense retrievers trained with hard negatives still fail on "
        "numbers and dates; we show three cheap fixes.",
        "upvotes": 120,
        "date": "2026-09-15",
    },
    {
        "id": "2609.04104",
        "title": "Sparse Mixtures without Routing",
        "authors": ["José García"],
        "abstract": "Mixtures of experts usually learn a router. We drop it and "
        "assign tokens by hashing, at equal quality.",
        "upvotes": 61,
        "date": "2026-09-12",
    },
    {
        "id": "2609.04105",
        "title": "Graph Neural Networks über Alles? A Reality Check",
        "authors": ["Zoë Müller"],
        "abstract": "Graph neural networks are compared with plain MLPs on twelve "
        "benchmarks \\cite{x}; the MLPs win nine.",
        "upvotes": 55,
        "date": "2026-09-14",
    },
]
TITLES = [p["title"] for p in PAPERS]

EXAMPLES: dict[str, list[int]] = {
    "au:okafor": [0],
    'au:"Kenji Mori"': [1],  # "Aiko Kenji, Mori Sato" holds it only across two names
    "ti:retriev": [0, 2],
    'abs:"counterfactual influence"': [0],  # across a line break of the API's wrap
    "upvotes:>30": [0, 2, 3, 4],
    "-ti:sparse": [1, 2, 4],
    "ti:sparse OR ti:tiny": [0, 1, 3],
    "(ti:sparse OR ti:tiny) upvotes:<50": [0, 1],
    "is:unread -is:starred": [0, 3, 4],  # with 2609.04102 starred and 2609.04103 read
    "date:2026-09-13..2026-09-14": [0, 1, 4],
}
"""The README's example queries, and which papers each finds."""
STARRED, READ = "2609.04102", "2609.04103"

WATCH_CONFIG = """\
# what I look out for
[watch]
authors = ["kenji mori", "Jose Garcia"]  # case and accents aside
keywords = ["graph neural"]

[searches]
cheap = 'ti:retriev OR abs:"counterfactual influence"'
"""
WATCHED = {1: "author kenji mori", 3: "author Jose Garcia", 4: "keyword “graph neural”"}


def hf_day(path: Path) -> Path:
    """The day in the API's shape."""
    items = []
    for paper in PAPERS:
        title = "\n  ".join(textwrap.wrap(paper["title"], 60))
        items.append(
            {
                "paper": {
                    "id": paper["id"],
                    "authors": [
                        {"_id": f"a{i}", "name": name, "hidden": False}
                        for i, name in enumerate(paper["authors"])
                    ],
                    "publishedAt": f"{paper['date']}T17:59:01.000Z",
                    "title": title,
                    "summary": paper["abstract"]
                    if "\n" in paper["abstract"]
                    else "\n".join(textwrap.wrap(paper["abstract"], 79)),
                    "upvotes": paper["upvotes"],
                },
                "publishedAt": f"{paper['date']}T18:00:00.000Z",
                "title": title,
                "numComments": 0,
            }
        )
    return write(path, items)


def marked_day(folder: Path, state: Path, *starred: str) -> Path:
    """The day in a file, with the marks the examples assume in `state`
    (STARRED starred, READ read, and any other ids `starred`)."""
    from reader.core.state.store import StateStore

    store = StateStore(state)
    store.set_field([STARRED, *starred], "starred", True)
    store.set_field([READ], "read", True)
    store.close()
    return hf_day(folder / "hf-2026-09-14.json")
