"""`python -m bench.archive`: the archive's goals (issue #28), each as median,
p99 and worst, on realistic corpora (bench/corpora.py):

- a year of Daily Papers fetched day by day (365 × 300 = 109,500 papers):
  `reader inbox` in a pseudo-terminal (first rows, the full count, every
  filter keystroke from the first second, peak RSS, no index rebuilt at
  open) and `reader list inbox --query 'ti:WORD' --format json`;
- one day opened from the archive: startup against another checkout
  (`--against`, the code before the archive), in pairs;
- a million papers imported from a snapshot file: the import (time, size
  on disk), `reader library` (first rows, keystrokes, field queries, peak
  RSS).

    python -m bench.archive [--runs 5] [--against CHECKOUT] [--skip-million]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import QUERIES, p99, spread
from bench.corpora import YEAR_END, home_env, snapshot_file, year_home
from bench.generate import DATA
from bench.report import Report
from bench.terminal import FROM_CHECKOUT, Pty, time_to_text, typing

ROOT = Path(__file__).resolve().parent.parent
LIBRARY_FIELDS = {
    "a category": "cat:cs.LG",
    "an archive of categories": "cat:cs",
    "a year": "date:2025",
    "an author's surname": "au:garcia",
    "all three, and a word": "cat:cs.LG date:2025 au:garcia neural",
}


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024


def first_row(env: dict[str, str], view: str) -> str:
    """The start of the title the view shows first."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from reader.core.archive.handle import default_handle

        handle = default_handle()
        digest = handle.view(view, frozenset(), limit=1)
        title = digest.papers[0].title
        handle.close()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    from reader.widgets.paper_list import display_title

    return display_title(digest.papers[0])[:20] if title else ""


def index_stamp(home: Path) -> float:
    manifest = home / "data" / "archive-index" / "manifest.json"
    return manifest.stat().st_mtime


def session(
    env: dict[str, str], view: str, count: str, queries: dict[str, str], marker: str
) -> dict[str, list[float]]:
    """One run of `reader VIEW` in a pseudo-terminal: first rows, the full
    count, then each query typed from the first second, a key at a time."""
    figures: dict[str, list[float]] = {}
    state = Path(tempfile.mkdtemp()) / "state.json"  # no marks: every paper is unread
    with Pty([sys.executable, "-m", "reader", view], {**env, "READER_STATE": str(state)}) as term:
        figures["first rows"] = [term.until(marker, 30) - term.started]
        figures["full count"] = [term.until(count, 60) - term.started]
        wait = term.started + 1.0 - time.perf_counter()
        if wait > 0:
            time.sleep(wait)  # typing starts one second after launch
        keys: list[float] = []
        for query in queries.values():
            term.send(b"/")
            term.settle(0.1)
            keys += typing(term, query)
            term.send(b"\x1b")
            term.until("filter “", gone=True)
        figures["keys"] = keys
        figures["rss"] = [peak_mb(term.proc.pid)]
    return figures


def runs_of(
    runs: int, env: dict[str, str], view: str, count: str, queries: dict[str, str]
) -> dict[str, list[float]]:
    marker = first_row(env, view)
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, values in session(env, view, count, queries, marker).items():
            found.setdefault(name, []).extend(values)
    return found


def cli_runs(runs: int, env: dict[str, str], argv: list[str]) -> tuple[list[float], float]:
    """Seconds per run of a command, and its peak RSS (MB) over the runs."""
    times, peak = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "reader", *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        assert status == 0, child.stderr.read() if child.stderr else status
        peak = max(peak, usage.ru_maxrss / 1024)
    return times, peak


def startup_pairs(runs: int, env: dict[str, str], against: Path, spec: str) -> list[float]:
    """The ratio of this checkout's startup to the other's, per pair."""
    from bench.startup import first_title  # noqa: F401 - the same way of starting

    python = sys.executable
    marker = b"Daily Papers"
    ratios = []
    for round_ in range(runs + 1):
        times = {}
        for name, checkout in (("after", ROOT), ("before", against)):
            argv = [python, "-c", FROM_CHECKOUT, str(checkout), spec]
            times[name] = time_to_text(argv, marker, env)
        if round_:  # the first round warms the disk cache
            ratios.append(times["after"] / times["before"])
    return ratios


def year(report: Report, runs: int, against: Path | None) -> None:
    home = year_home()
    env = home_env(home)
    stamp = index_stamp(home)
    found = runs_of(runs, env, "inbox", "109500 papers", QUERIES)
    rebuilt = index_stamp(home) != stamp
    first, full, keys = found["first rows"], found["full count"], found["keys"]
    report.goal("A year: inbox, first rows", "", spread(first), "<= 500 ms", max(first) <= 0.5)
    report.goal("A year: inbox, full count", "", spread(full), "<= 1 s", max(full) <= 1.0)
    report.goal(
        "A year: every filter keystroke from the first second",
        "",
        spread(keys),
        "p99 <= 50",
        p99(keys) <= 0.05,
    )
    peak = max(found["rss"])
    report.goal("A year: inbox peak RSS", f"{peak:.0f} MB", "", "<= 300 MB", peak <= 300)
    report.goal(
        "A year: index rebuilt at open", "no" if not rebuilt else "YES", "", "no", not rebuilt
    )
    word = "ti:diffusion"
    times, rss = cli_runs(runs * 2, env, ["list", "inbox", "--query", word, "--format", "json"])
    report.goal(
        f"A year: reader list inbox --query '{word}'", spread(times), "", "<= 1 s", max(times) <= 1
    )
    report.goal("A year: reader list inbox, peak RSS", f"{rss:.0f} MB", "", "<= 300 MB", rss <= 300)
    if against is not None:
        ratios = startup_pairs(runs * 2, env, against, f"hf:{YEAR_END.isoformat()}")
        median = statistics.median(ratios)
        text = f"{median:.2f}× (pairs {min(ratios):.2f}-{max(ratios):.2f})"
        report.goal(
            "One day from the archive: startup, after / before", "", text, "<= 1.1×", median <= 1.1
        )


def million(report: Report, runs: int) -> None:
    home = DATA / "million"
    env = home_env(home)
    if not (home / "done").exists():
        snapshot = snapshot_file(1_000_000)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "reader", "import", str(snapshot)], env=env, check=True
        )
        (home / "done").write_text(f"{time.perf_counter() - start:.0f}")
    seconds = float((home / "done").read_text() or 0)
    report.goal(
        "A million: reader import (with its index)",
        f"{seconds / 60:.1f} min",
        "",
        "<= 10 min",
        seconds <= 600,
    )
    data = home / "data"
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file() and "corrupt" not in f.name)
    report.goal(
        "A million: archive and index on disk", f"{size / 1e9:.2f} GB", "", "<= 3 GB", size <= 3e9
    )
    found = runs_of(runs, env, "library", "1000000 papers", QUERIES)
    first, keys = found["first rows"], found["keys"]
    report.goal("A million: library, first rows", "", spread(first), "<= 1 s", max(first) <= 1.0)
    report.add("A million: library, full count", "", spread(found["full count"]), "")
    report.goal(
        "A million: every filter keystroke", "", spread(keys), "p99 <= 100", p99(keys) <= 0.1
    )
    fields = runs_of(max(1, runs // 2), env, "library", "1000000 papers", LIBRARY_FIELDS)
    fielded = fields["keys"]
    report.goal(
        "A million: field queries, every keystroke",
        "",
        spread(fielded),
        "p99 <= 200",
        p99(fielded) <= 0.2,
    )
    peak = max(found["rss"] + fields["rss"])
    report.goal("A million: library peak RSS", f"{peak:.0f} MB", "", "<= 500 MB", peak <= 500)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="a checkout from before the archive")
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    report = Report()
    year(report, args.runs, args.against)
    if not args.skip_million:
        million(report, args.runs)
    report.print()


if __name__ == "__main__":
    main()
