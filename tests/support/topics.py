"""A small corpus of papers on distinct topics, for ranking tests."""

from __future__ import annotations

import random

from reader.core.models import Paper

TOPICS = {
    "graphs": "graph node edge message passing spectral rewiring oversquashing laplacian".split(),
    "speech": "speech audio acoustic phoneme recognition spectrogram waveform speaker".split(),
    "proofs": "theorem proof lemma formal verification lean tactic induction".split(),
}
NOISE = "we propose method results show model learning data approach novel efficient".split()


def topic_papers(per_topic: int = 30, seed: int = 3) -> list[Paper]:
    rng = random.Random(seed)
    papers = []
    for topic, words in TOPICS.items():
        for n in range(per_topic):
            text = " ".join(rng.choice(words + NOISE) for _ in range(80))
            title = " ".join(rng.choice(words) for _ in range(5)).title()
            papers.append(
                Paper.create(
                    id=f"2611.{len(papers):05d}",
                    title=f"{title} {n}",
                    abstract=text,
                    categories=[topic],
                )
            )
    return papers


def topic_of(paper: Paper) -> str:
    return paper.categories[0]
