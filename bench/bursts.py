"""`python -m bench.bursts --against CHECKOUT`: keystrokes over a 100,000-paper
file opened directly, against another checkout, in alternated sessions.

Each session is the real app headless (`run_test`) on the realistic corpus's
100,000 papers: once the file is in and indexed, each of the six queries is
typed in one burst (time until its rows and their frame are drawn), then
`abs:"reinforcement learning"` a key at a time (time of the key that closes
the phrase). Sessions of this checkout and of `--against` take turns, each in
a fresh process, so that both meet the machine's same moods. The archive is
the default one of a temporary home per session: the first session of this
checkout reads the file into it, the rest open it again.

A checkout from before the archive (7618429) keeps the file in memory; the
session code reads both layouts of the package.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.__main__ import QUERIES
from bench.generate import digest_files

PHRASE = 'abs:"reinforcement learning"'

SESSION = r"""
import asyncio, json, sys, tempfile, time
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__name__.lower()]
sys.path.insert(0, sys.argv[1])
path, queries, phrase = sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
try:
    from reader.core.config import Config
    from reader.core.sources.opener import Opener
    from reader.core.sources.specs import Spec
    from reader.core.state.store import StateStore
    NEW = True
except ImportError:  # the layout before the archive
    from reader.data.config import Config
    from reader.data.sources.opener import Opener
    from reader.data.sources.specs import Spec
    from reader.data.state.store import StateStore
    NEW = False
from reader.app import ReaderApp
from reader.screens.main import MainScreen

def box(s): return s.filters.box() if NEW else s.filter_input
def view(s): return s.session.view if NEW else s.view
def ready(s):
    if NEW:
        d = s.session.digest
        return d is None or d.index.ready
    return s.session.index is None or s.session.index.ready
def settled(s, wanted):
    return view(s).filter_text == wanted and s.shown_view == view(s)

async def main():
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = StateStore(__import__("pathlib").Path(tmp) / "state.json")
        app = ReaderApp(store, Opener(store), [Spec("file", path)], config=Config(read_after=0))
        async with app.run_test(size=(160, 50)) as pilot:
            while not (isinstance(app.screen, MainScreen) and app.screen.session.digest is not None
                       and not app.screen.session.activity):
                await pilot.pause(0.01)
            s = app.screen
            while not ready(s):
                await pilot.pause(0.01)
            await pilot.press("slash")
            await pilot.pause(0.2)
            if NEW:  # the file's words joining the archive's index: the app at rest
                while s.session.opener.filed or any(
                    w.group == "index" and not w.is_finished for w in s.workers
                ):
                    await pilot.pause(0.1)

            async def clear():
                box(s).value = ""
                while not settled(s, ""):
                    await asyncio.sleep(0.001)
                await pilot._wait_for_screen()
                await pilot.pause(0.05)

            async def drawn(started):
                await pilot._wait_for_screen()
                app.screen._on_timer_update()
                return (time.perf_counter() - started) * 1000

            for query in queries:
                await clear()
                started = time.perf_counter()
                for key in query:
                    box(s).insert_text_at_cursor(key)
                while not settled(s, query):
                    await asyncio.sleep(0.0005)
                out[query] = await drawn(started)
            await clear()
            for key in phrase:
                started = time.perf_counter()
                box(s).insert_text_at_cursor(key)
                await pilot._wait_for_screen()
            while not settled(s, phrase):
                await asyncio.sleep(0.0005)
            out[phrase] = await drawn(started)
        store.close()
    print(json.dumps(out))

asyncio.run(main())
"""


def session(code: Path, path: Path, home: Path) -> dict[str, float]:
    env = dict(os.environ, READER_DATA_DIR=str(home / "data"), READER_CACHE=str(home / "cache"))
    env["READER_CONFIG_DIR"] = str(home / "config")
    queries = json.dumps(list(QUERIES.values()))
    found = subprocess.run(
        [sys.executable, "-c", SESSION, str(code), str(path), queries, PHRASE],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    return result


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[int(0.9 * len(ordered))]
    return f"{statistics.median(ordered):.1f} / {p90:.1f} / {ordered[-1]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bursts")
    parser.add_argument("--against", type=Path, required=True, help="another checkout")
    parser.add_argument("--sessions", type=int, default=6, help="sessions of each (6)")
    args = parser.parse_args()
    path = digest_files([100_000])["100000.json"]
    here = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict[str, float]]] = {"now": [], "against": []}
    with tempfile.TemporaryDirectory() as tmp:
        homes = {"now": Path(tmp) / "now", "against": Path(tmp) / "against"}
        for _ in range(args.sessions):
            runs["now"].append(session(here, path, homes["now"]))
            runs["against"].append(session(args.against, path, homes["against"]))
    queries = list(QUERIES.values())
    print(f"100,000 papers opened directly, {args.sessions} sessions each, alternated; ms")
    print("| | now: median / p90 / worst | against: same | median ratio |")
    print("|---|---|---|---|")
    bursts = {k: [run[q] for run in runs[k] for q in queries] for k in runs}
    ratios = [a / b for a, b in zip(bursts["now"], bursts["against"], strict=True)]
    print(
        f"| each query in one burst, settled | {spread(bursts['now'])} |"
        f" {spread(bursts['against'])} | {statistics.median(ratios):.2f} |"
    )
    phrases = {k: [run[PHRASE] for run in runs[k]] for k in runs}
    ratios = [a / b for a, b in zip(phrases["now"], phrases["against"], strict=True)]
    print(
        f"| the key that closes {PHRASE} | {spread(phrases['now'])} |"
        f" {spread(phrases['against'])} | {statistics.median(ratios):.2f} |"
    )


if __name__ == "__main__":
    main()
