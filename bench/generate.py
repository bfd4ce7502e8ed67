"""Synthetic digests for benchmarks: realistic lengths, invented text.

Titles run 40 to 140 characters and abstracts 700 to 1,900, like real Daily
Papers entries; each paper has 1 to 12 authors. Output in reader's JSON
format or in the Hugging Face Daily Papers API shape.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

WORDS = (
    "learning model models neural network networks data training large language diffusion "
    "attention transformer graph reinforcement policy reward optimization gradient sparse "
    "dense representation representations embedding retrieval generation generative video "
    "image vision multimodal reasoning agent agents benchmark evaluation scaling efficient "
    "robust adaptive stochastic bayesian inference uncertainty calibration physics dynamics "
    "chaotic system systems operator kernel spectral manifold latent token tokens context "
    "memory compression quantization distillation alignment preference feedback human safety "
    "causal temporal spatial geometric equivariant molecular protein weather climate code "
    "program synthesis theorem proving search planning control robot robotic simulation"
).split()
SURNAMES = (
    "Smith Chen Wang Garcia Müller Rossi Kim Nguyen Ivanova Okafor Tanaka Silva Novak Haddad "
    "Kowalski Andersen Dubois Yilmaz Cohen Patel Li Zhang Sato Fernández O'Brien Ahmed"
).split()
GIVEN = (
    "Ana Bo Chloé Dmitri Emeka Fatima Grace Hiro Ines Jun Kofi Lena Mateo Nora Omar Priya".split()
)


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def text(rng: random.Random, low_chars: int, high_chars: int) -> str:
    target = rng.randint(low_chars, high_chars)
    parts: list[str] = []
    length = 0
    while length < target:
        part = sentence(rng, 8, 24)
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts)[:target]


def title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 16))]
    return " ".join(w.capitalize() for w in words)[:140]


def paper(rng: random.Random, n: int, day: date) -> dict[str, Any]:
    authors = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 12))]
    published = day - timedelta(days=rng.randint(0, 700))
    return {
        "id": f"{24 + n // 900000:02d}{(n // 90000) % 12 + 1:02d}.{n % 90000 + 10000:05d}",
        "title": title(rng),
        "abstract": text(rng, 700, 1900),
        "authors": authors,
        "published": published.isoformat(),
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
            "summary": item["abstract"],
            "publishedAt": item["published"] + "T17:59:00.000Z",
            "numComments": 0,
        }
        for item in items
    ]


def generate(count: int, fmt: str, path: Path, seed: int = 7) -> Path:
    rng = random.Random(seed)
    today = date(2026, 11, 27)
    items = [paper(rng, n, today) for n in range(count)]
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
