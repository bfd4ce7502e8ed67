"""How good and how fast For you is, on a synthetic corpus made here.

Several topics, each with its own vocabulary, plus words shared by all. The
reader stars k papers of one topic; we measure precision@10 of the ranking on
the papers not starred, against digest order and a random order, and the
time to retrain and rank at 1,000, 10,000 and 100,000 papers.
"""

from __future__ import annotations

import random
import statistics
import time

from reader.core.models import Paper

TOPICS = 10
TOPIC_WORDS = 60
SHARED_WORDS = 400


def corpus(size: int, seed: int = 11) -> list[Paper]:
    """Papers in random digest order; category = topic, for scoring only."""
    rng = random.Random(seed)
    syllables = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))

    vocab = [[word() for _ in range(TOPIC_WORDS)] for _ in range(TOPICS)]
    shared = [word() for _ in range(SHARED_WORDS)]
    papers = []
    for n in range(size):
        topic = rng.randrange(TOPICS)
        # About a third of the words are the topic's own, the rest shared noise.
        words = [
            rng.choice(vocab[topic]) if rng.random() < 0.35 else rng.choice(shared)
            for _ in range(rng.randint(120, 260))
        ]
        title = " ".join(rng.choice(vocab[topic] + shared) for _ in range(8))
        papers.append(
            Paper.create(
                id=f"{n}", title=title, abstract=" ".join(words), categories=[f"topic{topic}"]
            )
        )
    return papers


def precision_at_10(order: list[Paper], topic: str, exclude: set[str]) -> float:
    top = [p for p in order if p.id not in exclude][:10]
    return sum(p.categories[0] == topic for p in top) / 10


def quality(size: int = 2000, stars: int = 5, trials: int = 5) -> dict[str, float]:
    from reader.core.reading.rank import Corpus

    results: dict[str, list[float]] = {"for you": [], "digest order": [], "random": []}
    papers = corpus(size)
    model = Corpus(papers)
    rng = random.Random(5)
    for trial in range(trials):
        topic = f"topic{trial % TOPICS}"
        members = [p for p in papers if p.categories[0] == topic]
        starred = {p.id for p in rng.sample(members, stars)}
        model.train(starred, set())
        ranked = model.rank(papers, stars).order(papers)
        shuffled = papers[:]
        rng.shuffle(shuffled)
        results["for you"].append(precision_at_10(ranked, topic, starred))
        results["digest order"].append(precision_at_10(papers, topic, starred))
        results["random"].append(precision_at_10(shuffled, topic, starred))
    return {name: statistics.mean(values) for name, values in results.items()}


def timings(sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> dict[int, dict[str, float]]:
    """Seconds to vectorise once, and to retrain + rank after a star."""
    from reader.core.reading.rank import Corpus

    out = {}
    for size in sizes:
        papers = corpus(size, seed=size)
        started = time.perf_counter()
        model = Corpus(papers)
        vectorise = time.perf_counter() - started
        members = [p.id for p in papers if p.categories[0] == "topic0"]
        model.train(set(members[:5]), set())  # warm up imports
        runs = []
        for extra in range(3):
            started = time.perf_counter()
            stars = model.train(set(members[: 6 + extra]), set())
            model.rank(papers, stars)
            runs.append(time.perf_counter() - started)
        out[size] = {"vectorise": vectorise, "retrain+rank": statistics.median(runs)}
    return out


def main() -> None:
    print(quality())
    print(timings((1_000, 10_000)))


if __name__ == "__main__":
    main()
