"""Lines of arXiv's metadata snapshot, shaped like the real file (see
../shared/REAL-DATA.md), in our own words.

Real lines: old-style ids (`hep-th/9901001`) and new ones; titles and
abstracts hard-wrapped at about 80 columns, abstracts with a leading space
on each line; authors as one string with LaTeX accents and "and", next to
`authors_parsed`; some papers with thousands of authors; DOIs, journal refs,
comments and licenses present or null; several versions, dated in RFC 2822.
"""

from __future__ import annotations

import gzip
import json
import random
import textwrap
from pathlib import Path
from typing import Any

from tests.support.realshape import WORDS, author_names, title

CATEGORIES = ("cs.LG", "stat.ML", "cs.CL", "hep-th", "math.PR", "astro-ph.GA", "q-bio.NC")
OLD_ARCHIVES = ("hep-th", "math", "astro-ph", "cond-mat.stat-mech")
LATEX_NAMES = (('M\\"uller', 'J\\"urgen'), ("Erd\\H{o}s", "P\\'al"), ("Garc\\'ia", "Jos\\'e"))


def _wrapped(text: str, indent: str = "") -> str:
    return "\n".join(indent + line for line in textwrap.wrap(text, 78))


def _rfc(day: int, rng: random.Random) -> str:
    return (
        f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri')[day % 5]}, {1 + day % 28} "
        f"{('Jan', 'Mar', 'Jun', 'Sep', 'Nov')[day % 5]} {2007 + day % 18} "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00 GMT"
    )


def item(n: int, rng: random.Random) -> dict[str, Any]:
    """One paper of the snapshot."""
    old = n % 17 == 3
    identifier = f"{OLD_ARCHIVES[n % 4]}/{9901000 + n:07d}" if old else f"{2301 + n % 11}.{n:05d}"
    count = 1500 if n % 500 == 7 else rng.randint(1, 9)
    names = author_names(count, rng)
    parsed = [[name.split(" ")[-1], " ".join(name.split(" ")[:-1]), ""] for name in names]
    if n % 13 == 5:
        last, first = LATEX_NAMES[n % 3]
        parsed[0] = [last, first, "Jr" if n % 2 else ""]
        names[0] = f"{first} {last}"
    authors = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(90, 260))).capitalize()
    first_day = n % 6000
    return {
        "id": identifier,
        "submitter": names[0],
        "authors": authors,
        "title": _wrapped(title(rng, n)).replace("\n", "\n  "),
        "comments": rng.choice([None, "12 pages, 4 figures", "Accepted at a workshop; v2 fixes"]),
        "journal-ref": rng.choice([None, None, "Phys. Rev. D 64 (2001) 044002"]),
        "doi": rng.choice([None, f"10.1103/PhysRevD.{n}.044002"]),
        "report-no": rng.choice([None, None, f"PREPRINT-{n}"]),
        "categories": " ".join(rng.sample(CATEGORIES, rng.randint(1, 3))),
        "license": rng.choice([None, "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"]),
        "abstract": "  " + _wrapped(abstract, " ").lstrip() + "\n",
        "versions": [
            {"version": f"v{v + 1}", "created": _rfc(first_day + 30 * v, rng)}
            for v in range(rng.randint(1, 3))
        ],
        "update_date": f"{2008 + n % 17}-0{1 + n % 9}-1{n % 9}",
        "authors_parsed": parsed,
    }


def write(path: Path, count: int, *, seed: int = 5, bad: dict[int, str] | None = None) -> Path:
    """`count` papers, one a line (gzip if the name ends .gz); `bad` puts a
    broken line at those line numbers (1-based) instead of a paper."""
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        line = json.dumps(item(n, rng), ensure_ascii=False)
        lines.append(line)
    for number, text in sorted((bad or {}).items()):
        lines.insert(number - 1, text)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path
