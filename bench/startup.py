"""`python -m bench.startup`: how long reader takes to show its first rows,
against a bare Textual app that paints one line, in pairs (bare, reader, bare,
reader…) in a pseudo-terminal, so that a ratio holds on a noisy machine.

    python -m bench.startup [--pairs 7] [--against OTHER_CHECKOUT] [--digest FILE]

With --against, another checkout of reader runs in the same rounds (its own
`reader` package first on the path), for a before/after figure.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.terminal import FROM_CHECKOUT, time_to_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "reader" / "samples" / "sample-digest.txt"
SHARED = ROOT.parent / "shared" / "digests" / "daily-papers-dec-11.txt"


def env_for(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "READER_STATE": str(tmp / "state.json"),
        "READER_DATA_DIR": str(tmp / "data"),
        "READER_CONFIG_DIR": str(tmp / "config"),
        "READER_CACHE": str(tmp / "cache"),
        "READER_HF_BASE": "http://127.0.0.1:9",
    }


def first_title(path: Path) -> str:
    from reader.core.formats.load import load_digest

    return load_digest(path).papers[0].title[:24]


def pairs_of(digest: Path, pairs: int, against: Path | None = None) -> dict[str, list[float]]:
    """Seconds to the first rows, each case once a round, the bare app first."""
    checkouts = {"reader": ROOT, **({"against": against} if against else {})}
    for checkout in checkouts.values():
        compileall.compile_dir(checkout / "reader", quiet=1)  # installed code is compiled
    marker = first_title(digest).encode()
    python = sys.executable
    cases = {"bare": ([python, str(ROOT / "bench" / "bare.py")], b"bare app ready")}
    for name, checkout in checkouts.items():
        # Each checkout's own `reader`, started the same way (an editable install
        # would otherwise map `reader` to this checkout for both).
        cases[name] = ([python, "-c", FROM_CHECKOUT, str(checkout), str(digest)], marker)
    results: dict[str, list[float]] = {name: [] for name in cases}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(pairs + 1):  # the first round warms the disk cache, and is dropped
            for name, (argv, text) in cases.items():
                results[name].append(time_to_text(argv, text, env_for(Path(tmp))))
    return {name: times[1:] for name, times in results.items()}


def ratios(times: dict[str, list[float]], name: str) -> list[float]:
    return [r / b for r, b in zip(times[name], times["bare"], strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout, in the same rounds")
    parser.add_argument("--digest", type=Path, help="the digest opened (the shared page)")
    args = parser.parse_args()
    digest = args.digest or (SHARED if SHARED.exists() else SAMPLE)
    times = pairs_of(digest, args.pairs, args.against)
    print(f"{args.pairs} rounds, {digest.name}; ms median (min-max), ratio to the bare app")
    for name, values in times.items():
        line = f"{name:8} {statistics.median(values) * 1000:7.1f} ms"
        line += f" ({min(values) * 1000:.0f}-{max(values) * 1000:.0f})"
        if name != "bare":
            each = ratios(times, name)
            line += f"   {statistics.median(each):.2f}x ({min(each):.2f}-{max(each):.2f})"
        print(line)


if __name__ == "__main__":
    main()
