"""Archive-sized corpora for `python -m bench.archive`, generated once into
bench/.data:

- a year of reading: 365 Daily Papers days of 300 realistic papers each
  (109,500 papers), fetched day by day: each day in the cache and in the
  archive, as `reader fetch hf:DAY` leaves them, the archive's index grown;
- arXiv's metadata snapshot shaped file of a million realistic papers
  (JSON lines, gzip), for `reader import`.

The papers are `bench.generate`'s: real English word frequencies leaning on
a topic, realistic names in many scripts, long-tailed author counts, LaTeX,
hard-wrapped abstracts.
"""

from __future__ import annotations

import gzip
import os
import sys
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import orjson

from bench.generate import DATA, Writer

YEAR_END = date(2026, 11, 27)
DAYS = 365
PER_DAY = 300
CATEGORIES = [
    "cs.LG", "cs.CV", "cs.CL", "stat.ML", "cs.AI", "eess.AS", "cs.RO", "cs.IR",
    "physics.comp-ph", "q-bio.BM", "cs.AR", "math.OC", "hep-th", "cond-mat.stat-mech",
]  # fmt: skip


def home_env(home: Path) -> dict[str, str]:
    """The environment of a reader whose files are all under `home`."""
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "READER_DATA_DIR": str(home / "data"),
        "READER_CONFIG_DIR": str(home / "config"),
        "READER_CACHE": str(home / "cache"),
        "READER_HF_BASE": "http://127.0.0.1:9",
        "READER_TODAY": YEAR_END.isoformat(),
    }


def year_home() -> Path:
    """A reader's files after a year of `reader fetch hf:DAY`, made once."""
    home = DATA / "year"
    if (home / "done").exists():
        return home
    import shutil

    shutil.rmtree(home, ignore_errors=True)
    env = home_env(home)
    os.environ.update({k: v for k, v in env.items() if k.startswith("READER_")})
    from reader.core.archive.handle import default_handle
    from reader.core.models import Digest, Paper
    from reader.core.sources.opener import Opener
    from reader.core.sources.specs import Spec
    from reader.core.state.store import StateStore

    writer = Writer(365)
    store = StateStore(home / "data" / "state.json")
    handle = default_handle()
    handle.archive.set_meta("migrated", "bench")  # nothing cached before: nothing to bring in
    opener = Opener(store, archive=handle)
    for back in range(DAYS - 1, -1, -1):
        day = YEAR_END - timedelta(days=back)
        papers = tuple(
            Paper.create(**item, url=f"https://arxiv.org/abs/{item['id']}")
            for item in (writer.paper((DAYS - 1 - back) * PER_DAY + n, day) for n in range(PER_DAY))
        )
        spec = Spec("hf", day.isoformat())
        opener.keep_fetched(spec, Digest(spec.text, papers, day.isoformat(), spec.label), None)
        if back % 30 == 0:
            print(f"  a year: {DAYS - back} days", file=sys.stderr)
    handle.catch_up()
    opener.close()
    store.close()
    (home / "done").write_text("ok")
    return home


def snapshot_line(writer: Writer, n: int) -> dict[str, Any]:
    """A paper as arXiv's snapshot writes it."""
    paper = writer.paper(n, YEAR_END)
    rng = writer.rng
    names = paper["authors"]
    created = datetime.combine(date.fromisoformat(paper["published"]), datetime.min.time(), UTC)
    categories = rng.sample(CATEGORIES, rng.choice([1, 1, 2, 3]))
    return {
        "id": paper["id"],
        "submitter": names[0],
        "authors": ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1],
        "title": paper["title"],
        "comments": rng.choice([None, f"{rng.randint(4, 40)} pages, {rng.randint(1, 12)} figures"]),
        "journal-ref": rng.choice([None, None, None, f"J. Mach. Learn. Res. {rng.randint(1, 25)}"]),
        "doi": rng.choice([None, None, f"10.48550/arXiv.{paper['id']}"]),
        "report-no": None,
        "categories": " ".join(categories),
        "license": rng.choice([None, "http://creativecommons.org/licenses/by/4.0/"]),
        "abstract": "  " + paper["abstract"].replace("\n", "\n  ") + "\n",
        "versions": [{"version": "v1", "created": format_datetime(created, usegmt=True)}],
        "update_date": paper["published"],
        "authors_parsed": [_parsed(name) for name in names],
    }


def _parsed(name: str) -> list[str]:
    """[last, first, suffix], as the snapshot splits a name."""
    first, _, last = name.rpartition(" ")
    return [last, first, ""]


def snapshot_file(count: int) -> Path:
    """A snapshot of `count` realistic papers, gzip, made once."""
    path = DATA / f"snapshot-{count}.jsonl.gz"
    if path.exists():
        return path
    writer = Writer(1_000)
    partial = path.with_suffix(".partial")
    with gzip.open(partial, "wb", compresslevel=3) as out:
        for n in range(count):
            out.write(orjson.dumps(snapshot_line(writer, n)) + b"\n")
            if n % 100_000 == 0:
                print(f"  snapshot: {n:,} papers", file=sys.stderr)
    partial.rename(path)
    return path


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "year"
    print(year_home() if which == "year" else snapshot_file(int(which)))
