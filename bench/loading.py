"""`python -m bench.loading`: typing while a large digest loads, in a real terminal.

The real `reader` runs in a pseudo-terminal on a 100,000-paper Daily Papers
API file. Each round waits for the first rows (the head of the file is shown
before the rest is read), waits `--after` seconds more, types `/` and a query
in one burst, and times until the query is echoed on screen, until the status
line shows the filter, and until the whole digest is in. A round without
typing gives the load time to compare with.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import digest_files
from bench.startup import env_for
from bench.terminal import FROM_CHECKOUT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.terminal import ANSI, Terminal  # noqa: E402  (the tests' own pty driver)

QUERY = "zzq"
"""Matches nothing: the echo is the query's own text, never a title."""


def one_round(
    path: Path, total: int, after: float | None, code: Path | None = None
) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        argv = [sys.executable, "-m", "reader", str(path)]
        if code is not None:
            argv = [sys.executable, "-c", FROM_CHECKOUT, str(code), str(path)]
        term = Terminal(argv, env_for(Path(tmp)), cols=160, rows=45)
        start = time.monotonic()
        figures: dict[str, float] = {}

        def since(mark: int, text: str, timeout: float = 60) -> float | None:
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                term.read(0.002)
                if text in ANSI.sub("", term.raw[mark:].decode("utf-8", "replace")):
                    return time.monotonic()
            return None

        first = since(0, "papers ·")
        assert first is not None, "the first rows never showed"
        figures["first rows"] = first - start
        if after is not None:
            time.sleep(after)
            mark, sent = len(term.raw), time.monotonic()
            os.write(term.master, ("/" + QUERY).encode())
            echoed = since(mark, QUERY)
            filtered = since(mark, f"filter “{QUERY}”")
            assert echoed is not None and filtered is not None
            figures["echo"] = echoed - sent
            figures["status"] = filtered - sent
        whole = since(0, f"{total} papers")
        assert whole is not None, "the whole digest never showed"
        figures["whole"] = whole - start
        term.proc.kill()
        term.proc.wait()
        os.close(term.master)
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--after", type=float, default=0.2, help="seconds after the first rows")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout of reader (e.g. a git worktree) to measure in the same run",
    )
    args = parser.parse_args()
    path = digest_files([args.size])[f"{args.size}.hf"]
    typed, quiet, other = [], [], []
    for _ in range(args.rounds):  # interleaved, so that all see the same machine
        typed.append(one_round(path, args.size, args.after))
        quiet.append(one_round(path, args.size, None))
        if args.against:
            other.append(one_round(path, args.size, args.after, args.against))

    def line(name: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return f"| {name} | {statistics.median(ms):.0f} ms | {max(ms):.0f} ms |"

    print(
        f"{args.size:,} papers ({path.stat().st_size / 1e6:.0f} MB), typing /{QUERY} "
        f"{args.after} s after the first rows, {args.rounds} rounds\n"
    )
    print("| | median | worst |\n|---|---|---|")
    print(line("first rows", [r["first rows"] for r in typed + quiet]))
    print(line("query echoed", [r["echo"] for r in typed]))
    print(line("filter in the status line", [r["status"] for r in typed]))
    print(line("whole digest in, typing", [r["whole"] for r in typed]))
    print(line("whole digest in, no typing", [r["whole"] for r in quiet]))
    if other:
        print(f"\n{args.against}, the same rounds:\n")
        print("| | median | worst |\n|---|---|---|")
        print(line("query echoed", [r["echo"] for r in other]))
        print(line("filter in the status line", [r["status"] for r in other]))
        print(line("whole digest in, typing", [r["whole"] for r in other]))


if __name__ == "__main__":
    main()
