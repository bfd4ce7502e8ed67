"""Synthetic digests for benchmarks: realistic sizes and word statistics.

Titles run 40 to 140 characters and abstracts 700 to 1,900, like real Daily
Papers entries; each paper has 1 to 12 authors. Words follow a Zipf law over
a 30,000-word vocabulary of invented words, so searches hit the mix of common
and rare words that real abstracts have. Output in reader's JSON format or in
the Hugging Face Daily Papers API shape.
"""

from __future__ import annotations

import argparse
import itertools
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

SYLLABLES = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ai", "ou")]
COMMON = (
    "the of and a in to is we for that with on by this are as an our from be which can "
    "model learning data method results show propose performance neural training"
).split()
GIVEN = "Ana Bo Chloé Dmitri Emeka Fatima Grace Hiro Ines Jun Kofi Lena Mateo Nora Omar".split()
SURNAMES = "Smith Chen Wang Garcia Müller Rossi Kim Nguyen Ivanova Okafor Tanaka Silva".split()


def vocabulary(rng: random.Random, size: int = 30_000) -> tuple[list[str], list[float]]:
    words = list(COMMON)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1.0 / (rank + 1) for rank in range(size)]
    return words, list(itertools.accumulate(weights))


class Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = vocabulary(self.rng)

    def text(self, low: int, high: int) -> str:
        target = self.rng.randint(low, high)
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=target // 6 + 8)
        return " ".join(words)[:target].rstrip() + "."

    def title(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(5, 14))
        return " ".join(w.capitalize() for w in words)[:140]

    def paper(self, n: int, day: date) -> dict[str, Any]:
        rng = self.rng
        authors = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 12))]
        return {
            "id": f"{24 + n // 1_080_000:02d}{(n // 90_000) % 12 + 1:02d}"
            f".{n % 90_000 + 10_000:05d}",
            "title": self.title(),
            "abstract": self.text(700, 1900),
            "authors": authors,
            "published": (day - timedelta(days=rng.randint(0, 700))).isoformat(),
            "upvotes": rng.choice([None, rng.randint(0, 300)]),
        }


def app_json(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **item,
            "author_count": len(item["authors"]),
            "url": f"https://arxiv.org/abs/{item['id']}",
            "source": "bench",
        }
        for item in items
    ]


def hf_json(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "paper": {
                "id": item["id"],
                "title": item["title"],
                "summary": item["abstract"],
                "authors": [{"name": name, "hidden": False} for name in item["authors"]],
                "publishedAt": item["published"] + "T17:59:00.000Z",
                "upvotes": item["upvotes"] or 0,
            },
            "title": item["title"],
            "summary": item["abstract"][:200],
            "publishedAt": item["published"] + "T17:59:00.000Z",
            "numComments": 0,
        }
        for item in items
    ]


def generate(count: int, fmt: str, path: Path, seed: int = 7) -> Path:
    writer = Writer(seed)
    today = date(2026, 11, 27)
    items = [writer.paper(n, today) for n in range(count)]
    data = app_json(items) if fmt == "json" else hf_json(items)
    path.write_bytes(orjson.dumps(data))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("--format", choices=("json", "hf"), default="json")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    generate(args.count, args.format, args.output)


if __name__ == "__main__":
    main()
