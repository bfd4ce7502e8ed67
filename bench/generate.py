"""Benchmark digests shaped like the real ones.

Words are drawn by their real frequency in English (the `wordfreq` package),
with each paper leaning on the vocabulary of one research topic, so a search
for "diffusion" or "reinforcement learning" meets real words at real rates.
Authors are realistic names from many locales (`faker`), long-tailed in
number: most papers have 2-10, some have hundreds, about 1 in 1,000 has
3,000 or more. Titles run up to 300 characters and abstracts up to 5,000,
hard-wrapped at about 80 columns as the APIs send them, with LaTeX and
non-ASCII text. Output in reader's JSON format or in the Hugging Face Daily
Papers API shape.

`shared_papers` builds a corpus from the real abstracts of the shared Daily
Papers page instead, cycled to the size asked for.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

TOPICS = {
    "diffusion": "diffusion denoising score sampler noise schedule image generation latent "
    "guidance velocity flow matching fidelity",
    "reinforcement": "reinforcement learning policy reward agent value exploration environment "
    "trajectory actor critic return offline",
    "language": "language model token transformer attention context pretraining instruction "
    "reasoning prompt llm decoding alignment",
    "vision": "vision image segmentation detection pixel visual backbone convolutional "
    "recognition scene camera depth",
    "graphs": "graph node edge message passing molecular neighborhood topology spectral "
    "embedding relational link",
    "theory": "theorem bound convergence regret complexity proof lemma estimator optimal "
    "asymptotic variance minimax",
    "speech": "speech audio acoustic speaker waveform spectrogram recognition synthesis "
    "prosody phoneme voice codec",
    "robotics": "robot manipulation grasping locomotion controller simulation sim-to-real "
    "planning tactile dexterous embodied",
    "retrieval": "retrieval search query document ranking index dense sparse recall "
    "reranking passage corpus",
    "physics": "physics dynamics chaotic operator koopman equation lattice turbulence "
    "hamiltonian simulation fluid quantum",
    "biology": "protein molecule folding sequence genome cell drug binding structure "
    "biological enzyme antibody",
    "efficiency": "quantization pruning distillation sparse kernel memory throughput latency "
    "compression accelerator inference cache",
}
LATEX = [
    r"$\mathcal{O}(n \log n)$",
    r"$k$",
    r"$\ell_1$",
    r"$\epsilon$-greedy",
    r"$\lambda_1 \leq \alpha\sqrt{d}$",
    r"$\mathbb{R}^d$",
    r"$1/\sqrt{T}$",
    r"\textit{in situ}",
    r"$\tilde{O}(\sqrt{T})$",
    r"$\beta$-VAE",
]
ACCENTED = ["Schrödinger", "Poincaré", "Erdős", "Gödel", "Fréchet", "Lévy", "Müntz", "Ångström"]
ORDINARY_LOCALES = (
    "en_US en_GB de_DE fr_FR es_ES it_IT pt_BR ru_RU pl_PL tr_TR vi_VN el_GR "
    "hi_IN ar_AA nl_NL sv_SE fi_FI cs_CZ uk_UA he_IL"
).split()
FAMILY_FIRST = ("zh_CN", "ja_JP", "ko_KR")


def vocabulary(size: int = 60_000) -> tuple[list[str], list[float]]:
    """English words with cumulative weights from their real frequencies."""
    from wordfreq import top_n_list, word_frequency

    words = [w for w in top_n_list("en", size) if (w.isalpha() and len(w) > 1) or w == "a"]
    weights = [word_frequency(w, "en") for w in words]
    return words, list(itertools.accumulate(weights))


def name_pool(size: int, seed: int) -> list[str]:
    """Realistic author names in many scripts and orders."""
    from faker import Faker

    fakers = {locale: Faker(locale) for locale in (*ORDINARY_LOCALES, *FAMILY_FIRST)}
    for number, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + number)
    rng = random.Random(seed)
    names = []
    locales = [*ORDINARY_LOCALES, *ORDINARY_LOCALES, *FAMILY_FIRST]  # Latin script more often
    for _ in range(size):
        locale = rng.choice(locales)
        faker = fakers[locale]
        if locale in FAMILY_FIRST:
            names.append(f"{faker.last_name()}{faker.first_name()}")
        else:
            names.append(f"{faker.first_name()} {faker.last_name()}")
    return names


def author_count(rng: random.Random) -> int:
    """Most papers 2-10 authors, some hundreds, about 1 in 1,000 with 3,000+."""
    roll = rng.random()
    if roll < 0.001:
        return rng.randint(3_000, 5_000)
    if roll < 0.01:
        return rng.randint(100, 900)
    if roll < 0.03:
        return rng.randint(41, 99)
    if roll < 0.15:
        return rng.randint(11, 40)
    if roll < 0.18:
        return 1
    return rng.randint(2, 10)


def wrap(text: str, width: int = 80) -> str:
    """Hard line breaks at about `width` columns, as arXiv and the HF API send."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


class Writer:
    """Papers with real-shaped text, drawn from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = vocabulary()
        self.names = name_pool(30_000, seed)
        self.topics = {name: words.split() for name, words in TOPICS.items()}

    def sentence(self, topic: list[str], length: int) -> str:
        rng = self.rng
        words = rng.choices(self.words, cum_weights=self.cumulative, k=length)
        for slot in rng.sample(range(length), k=max(1, length // 5)):
            words[slot] = rng.choice(topic)  # the paper's own subject, often
        if rng.random() < 0.15:
            words[rng.randrange(length)] = rng.choice(LATEX)
        if rng.random() < 0.1:
            words[rng.randrange(length)] = f"{rng.uniform(0.5, 99):.1f}%"
        if rng.random() < 0.05:
            words[rng.randrange(length)] = rng.choice(ACCENTED)
        words[0] = words[0].capitalize()
        return " ".join(words) + rng.choice(".....;?")[0]

    def abstract(self, topic: list[str]) -> str:
        rng = self.rng
        target = min(5_000, max(250, int(rng.lognormvariate(7.05, 0.35))))  # median ~1,150
        if rng.random() < 0.01:
            target = rng.randint(3_000, 5_000)
        sentences: list[str] = []
        size = 0
        while size < target:
            sentences.append(self.sentence(topic, rng.randint(12, 32)))
            size += len(sentences[-1]) + 1
        return wrap(" ".join(sentences)[:target].rstrip() + ".")

    def title(self, topic: list[str]) -> str:
        rng = self.rng
        count = rng.choice([4, 6, 8, 10, 12]) if rng.random() < 0.97 else rng.randint(25, 40)
        words = rng.choices(self.words, cum_weights=self.cumulative, k=count)
        for slot in rng.sample(range(count), k=max(1, count // 3)):
            words[slot] = rng.choice(topic)
        title = " ".join(w.capitalize() if len(w) > 3 else w for w in words)
        if rng.random() < 0.3:
            head = rng.choice(topic).capitalize() + rng.choice(["Net", "Former", "Bench", "LM", ""])
            title = f"{head}: {title}"
        if rng.random() < 0.08:
            title += " with " + rng.choice(LATEX)
        if rng.random() < 0.04:
            title += " via " + rng.choice(ACCENTED) + " Bridges"
        return title[:300]

    def paper(self, n: int, day: date) -> dict[str, Any]:
        rng = self.rng
        topic = self.topics[rng.choice(list(self.topics))]
        return {
            "id": f"{24 + n // 1_080_000:02d}{(n // 90_000) % 12 + 1:02d}"
            f".{n % 90_000 + 10_000:05d}",
            "title": self.title(topic),
            "abstract": self.abstract(topic),
            "authors": rng.choices(self.names, k=author_count(rng)),
            "published": (day - timedelta(days=rng.randint(0, 700))).isoformat(),
            "upvotes": rng.choice([None, rng.randint(0, 300)]),
        }


def shared_papers(count: int, page: Path) -> list[dict[str, Any]]:
    """The real abstracts of a copied Daily Papers page, cycled to `count` papers."""
    from reader.core.formats.load import load_digest

    real = load_digest(page).papers
    items = []
    for n in range(count):
        paper = real[n % len(real)]
        items.append(
            {
                "id": f"{24 + n // 1_080_000:02d}{(n // 90_000) % 12 + 1:02d}"
                f".{n % 90_000 + 10_000:05d}",
                "title": paper.title,
                "abstract": wrap(paper.abstract),
                "authors": list(paper.authors) or [f"Author {n % 97}"],
                "published": paper.published,
                "upvotes": paper.upvotes,
            }
        )
    return items


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
                "authors": [
                    {"_id": f"{n:024x}", "name": name, "hidden": False}
                    for n, name in enumerate(item["authors"])
                ],
                "publishedAt": f"{item['published']}T17:59:00.000Z",
                "upvotes": item["upvotes"] or 0,
            },
            "title": item["title"],
            "summary": item["abstract"][:200],
            "publishedAt": f"{item['published']}T17:59:00.000Z",
            "numComments": 0,
        }
        for item in items
    ]


def generate(count: int, fmt: str, path: Path, seed: int = 7, shared: Path | None = None) -> Path:
    """Write `count` papers to `path` in `fmt` ("json" or "hf"): realistic, or
    the shared page's papers cycled when `shared` is given."""
    if shared is not None:
        items = shared_papers(count, shared)
    else:
        writer = Writer(seed)
        today = date(2026, 11, 27)
        items = [writer.paper(n, today) for n in range(count)]
    data = app_json(items) if fmt == "json" else hf_json(items)
    path.write_bytes(orjson.dumps(data))
    return path


ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
SHARED = ROOT.parent / "shared" / "digests" / "daily-papers-dec-11.txt"


def digest_files(sizes: list[int], corpus: str = "realistic") -> dict[str, Path]:
    """Benchmark digests, generated once and kept in bench/.data."""
    DATA.mkdir(exist_ok=True)
    files = {}
    for size in sizes:
        for fmt in ("json", "hf"):
            path = DATA / f"{corpus}-{size}.{fmt}.json"
            if not path.exists():
                print(f"  generating {path.name} …", file=sys.stderr)
                generate(size, fmt, path, shared=SHARED if corpus == "shared" else None)
            files[f"{size}.{fmt}"] = path
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("--format", choices=("json", "hf"), default="json")
    parser.add_argument("--shared", type=Path, help="cycle the real papers of this page")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    generate(args.count, args.format, args.output, shared=args.shared)


if __name__ == "__main__":
    main()
