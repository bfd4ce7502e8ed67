"""Digests shaped like the real ones (see ../shared/REAL-DATA.md), in our own words.

Real sources hard-wrap abstracts at about 80 columns, list from one to
thousands of authors with names in every script, put LaTeX, markup-like
brackets and escapes in titles, and send empty days. Fixtures made here have
those shapes, so that a test passing on them says something about real use.
Everything is generated from a seed: the same call gives the same digest.
"""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path
from typing import Any

WORDS = (
    "diffusion reinforcement learning attention sparse retrieval transformer "
    "gradient estimator variance bounded convergence spectral operator kernel "
    "latent policy reward verifier benchmark agent tokenizer context memory "
    "robust calibration uncertainty graph neural message passing equivariant "
    "molecule protein folding scaling law compute budget distillation teacher "
    "student quantised inference throughput latency cache speculative decoding "
    "multimodal vision language grounding segmentation depth video temporal "
    "chaotic dynamical trajectory forecasting physics informed stochastic "
    "differential equations preconditioner optimiser momentum curvature hessian"
).split()

GIVEN = (
    "Amara",
    "Kenji",
    "Sofía",
    "Łukasz",
    "Zoë",
    "Mehmet",
    "Priya",
    "Oluwaseun",
    "Björn",
    "Thảo",
    "Nguyễn",
    "Aleksandr",
    "Chloé",
    "Dmitri",
    "Ines",
    "Wei",
)
FAMILY = (
    "Okafor",
    "Mori",
    "García-López",
    "Kowalczyk",
    "Ødegaard",
    "Yılmaz",
    "Raman",
    "Adeyemi",
    "Søndergaard",
    "Trần",
    "Иванова",
    "Müller",
    "Dubois",
    "Petrov",
)
SCRIPTS = (
    "张伟",
    "李娜",
    "山田太郎",
    "김민준",
    "Ελένη Παπαδοπούλου",
    "Олег Смирнов",
    "محمد علي",
    "אורי כהן",
)

TITLE_EXTRAS = (
    r"$\mathcal{O}(\sqrt{n})$ Keys per Query",
    r"with $\lambda_1 \leq \alpha\sqrt{d}$ Guarantees",
    "[bold]Literal[/bold] Brackets in [red]Titles[/red]",
    r"for R\"ossler and Lorenz Systems",
    "under \\escape{sequences} and 50% Noise",
    "Across 日本語 and Español Corpora",
)


def author_names(count: int, rng: random.Random) -> list[str]:
    """`count` names, mostly Latin with diacritics, some in other scripts."""
    names = []
    for n in range(count):
        if n % 7 == 3:
            names.append(rng.choice(SCRIPTS))
        else:
            names.append(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}")
    return names


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def abstract(rng: random.Random, length: int) -> str:
    """About `length` characters of prose, hard-wrapped at 80 columns like the APIs."""
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(sentence(rng, rng.randint(8, 24)))
        if rng.random() < 0.15:
            parts.append(r"We bound the error by $\epsilon \leq \delta^2$.")
    return "\n".join(textwrap.wrap(" ".join(parts), 79))


def title(rng: random.Random, number: int) -> str:
    head = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(3, 9)))
    if number % 3 == 0:
        head += " " + TITLE_EXTRAS[number % len(TITLE_EXTRAS)]
    return f"{head} ({number})"


def long_tail_authors(rng: random.Random) -> int:
    """Most papers 2-10 authors, some dozens or hundreds, one in 1,000 thousands."""
    roll = rng.random()
    if roll < 0.001:
        return rng.randint(3000, 3500)
    if roll < 0.02:
        return rng.randint(100, 300)
    if roll < 0.15:
        return rng.randint(11, 40)
    return rng.randint(2, 10)


def papers(
    count: int,
    *,
    authors: int | None = None,
    abstract_length: int | None = None,
    seed: int = 1,
) -> list[dict[str, Any]]:
    """Papers in reader's JSON format. `authors=None` draws a long-tailed count."""
    rng = random.Random(seed)
    result = []
    for n in range(count):
        names = author_names(authors if authors is not None else long_tail_authors(rng), rng)
        result.append(
            {
                "id": f"2611.{10000 + n:05d}",
                "title": title(rng, n),
                "abstract": abstract(rng, abstract_length or rng.randint(600, 1900)),
                "authors": names,
                "author_count": len(names),
                "published": f"2026-11-{1 + n % 28:02d}",
                "upvotes": rng.randint(0, 120),
                "url": f"https://arxiv.org/abs/2611.{10000 + n:05d}",
            }
        )
    return result


def hf_items(count: int, *, authors: int | None = None, seed: int = 1) -> list[dict[str, Any]]:
    """The same papers as the Hugging Face Daily Papers API sends them."""
    items = []
    for paper in papers(count, authors=authors, seed=seed):
        wrapped_title = "\n  ".join(textwrap.wrap(paper["title"], 70))
        items.append(
            {
                "paper": {
                    "id": paper["id"],
                    "authors": [
                        {"_id": f"a{i}", "name": name, "hidden": False, "status": "claimed"}
                        for i, name in enumerate(paper["authors"])
                    ],
                    "publishedAt": f"{paper['published']}T17:59:01.000Z",
                    "title": wrapped_title,
                    "summary": paper["abstract"],
                    "upvotes": paper["upvotes"],
                    "discussionId": f"d{paper['id']}",
                    "ai_keywords": ["sparse attention", "retrieval"],
                    "githubRepo": None,
                },
                "publishedAt": f"{paper['published']}T18:00:00.000Z",
                "title": wrapped_title,
                "thumbnail": "https://example.org/thumb.png",
                "numComments": 2,
                "submittedBy": {"name": "someone"},
                "mediaUrls": [],
            }
        )
    return items


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


PAGE_TITLES = {
    0: "Valuing a Random Policy Suffices for Verifiable Reward Reasoning",
    2: "Spectral Limits of Koopman Operators Learned from Short Trajectories",
    5: r"Mamba-Style State Spaces Forecast Lorenz $\mathcal{L}_{96}$ Chaos",
    9: "[bold]Literal[/bold] Brackets: Titles That Look Like Markup",
}
"""Papers of the page that tests look for by name; the others are generated."""
PAGE_WORDS = {5: "Reykjavik"}
"""A word that occurs in just one abstract of the page."""


def copied_page(count: int = 34, *, seed: int = 11) -> str:
    """A Daily Papers page as a user copies it from the browser, with `count` papers.

    Header lines, the digest's date, then per paper: title, abstract (one long
    line, as the browser shows it), "• N authors", "·", and a date line with or
    without a year and an upvote count. Author counts are long-tailed.
    """
    rng = random.Random(seed)
    lines = [
        "new",
        "",
        "Get trending papers in your inbox!",
        "",
        "Subscribe",
        "",
        "Daily Papers",
        "",
        "by the research community",
        "",
        "Dec 11",
        "",
    ]
    for n in range(count):
        text = abstract(rng, rng.randint(600, 1900)).replace("\n", " ")
        if n in PAGE_WORDS:
            text += f" Experiments ran on a cluster in {PAGE_WORDS[n]}."
        authors = long_tail_authors(rng) if n != 7 else 3120
        day = rng.choice(["Dec 10", "Dec 9", "Nov 29, 2020", "Jul 8, 2024", "Sep 29"])
        votes = "" if n % 4 == 3 else f" {rng.randint(1, 90)}"
        lines += [
            PAGE_TITLES.get(n, title(rng, n)),
            "",
            text,
            "",
            f"  • {authors} author{'s' if authors != 1 else ''}",
            "·",
            f"{day}{votes}",
            "",
        ]
    return "\n".join(lines)
