"""`python -m bench`: every speed goal of reader, measured through the real app.

Figures are ratios against a reference measured in the same run, because the
machine is shared and noisy. Startup is a real process in a pseudo-terminal;
per-key timings use the real app headless (`run_test`), timing the key's
handling plus a full repaint of the screen.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate
from bench.terminal import time_to_text

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
SHARED = ROOT.parent / "shared" / "digests" / "daily-papers-dec-11.txt"
SAMPLE = ROOT / "reader" / "samples" / "sample-digest.txt"


def digest_files(sizes: list[int]) -> dict[str, Path]:
    """Synthetic digests, generated once and kept in bench/.data."""
    DATA.mkdir(exist_ok=True)
    files = {}
    for size in sizes:
        for fmt in ("json", "hf"):
            path = DATA / f"papers-{size}.{fmt}.json"
            if not path.exists():
                print(f"  generating {path.name} …", file=sys.stderr)
                generate(size, fmt, path)
            files[f"{size}.{fmt}"] = path
    return files


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


# --- startup ------------------------------------------------------------------------


def startup(files: dict[str, Path], repeat: int) -> dict[str, float]:
    page = SHARED if SHARED.exists() else SAMPLE
    # An installed reader starts from bytecode (pip compiles it; Textual's is
    # compiled too); a checkout under PYTHONDONTWRITEBYTECODE would compile
    # its modules at every start instead, which no user's start does.
    compileall.compile_dir(ROOT / "reader", quiet=1)
    marker = b"Random Policy" if page == SHARED else b"Sparse Attention"
    python = sys.executable
    results: dict[str, list[float]] = {"bare": [], "34": [], "100k json": [], "100k hf": []}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        env = env_for(tmp)
        large = {
            "100k json": files["100000.json"],
            "100k hf": files["100000.hf"],
        }
        for _ in range(repeat):  # interleaved, so noise hits every case alike
            results["bare"].append(
                time_to_text([python, str(ROOT / "bench" / "bare.py")], b"bare app ready", env)
            )
            results["34"].append(time_to_text([python, "-m", "reader", str(page)], marker, env))
            for name, path in large.items():
                title = _first_title(path)
                results[name].append(
                    time_to_text([python, "-m", "reader", str(path)], title, env, timeout=120)
                )
    return {name: statistics.median(values) for name, values in results.items()}


def _first_title(path: Path) -> bytes:
    """The start of the first paper's title: what the first frame must show."""
    from reader.data.formats.load import peek_digest

    digest = peek_digest(path)
    assert digest is not None and digest.papers, f"{path} has no papers"
    return digest.papers[0].title[:24].encode()


# --- in-app timings ------------------------------------------------------------------------


async def key_timings(
    path: Path,
    keys: list[str],
    setup: list[str] | None = None,
    records: int = 0,
    typing: bool = False,
) -> list[float]:
    """Seconds per key: dispatched to its binding, handled, settled, its frame drawn.

    `pilot.press` has a floor of about 60 ms a key (it waits for idle and for
    animations), so keys go straight to the binding dispatch instead; when
    `typing`, characters go into the focused filter and the time runs until
    the filtered rows are on screen (the search runs in a worker).
    """
    from reader.app import ReaderApp
    from reader.data.config import Config
    from reader.data.sources.opener import Opener
    from reader.data.sources.specs import Spec
    from reader.data.state.store import StateStore
    from reader.screens.main import MainScreen

    with tempfile.TemporaryDirectory() as tmp_dir:
        store = StateStore(Path(tmp_dir) / "state.json")
        if records:
            store.set_field((f"2499.{n:05d}" for n in range(records)), "read", True)
            store.flush()
        app = ReaderApp(
            store, Opener(store), [Spec("file", str(path))], config=Config(read_after=0)
        )
        times: list[float] = []
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(6000):
                screen = app.screen
                if (
                    isinstance(screen, MainScreen)
                    and screen.session.digest is not None
                    and not (screen.session.activity)
                ):
                    break
                await pilot.pause(0.01)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for _ in range(6000):  # the search index is built in a worker after loading
                if screen.session.index is None or screen.session.index.ready:
                    break
                await pilot.pause(0.01)
            if setup:
                await pilot.press(*setup)
            await pilot.pause(0.2)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            for key in keys:
                started = time.perf_counter()
                if typing:
                    app.collector.touch()
                    screen.filter_input.insert_text_at_cursor(key)
                    wanted = screen.filter_input.value.strip()
                    while screen.view.filter_text != wanted or screen.shown_view != screen.view:
                        await asyncio.sleep(0.0005)
                else:
                    # What the key event does on its way in (ReaderApp.on_event),
                    # then what the app does with it: the binding's action.
                    app.collector.touch()
                    await app._check_bindings(key)
                await pilot._wait_for_screen()
                # The frame this key causes, now rather than at the next tick of
                # the screen's 60 Hz update timer: layout if needed, repaint, output.
                app.screen._on_timer_update()
                times.append(time.perf_counter() - started)
        store.close()
    return times


def cursor_steps(files: dict[str, Path]) -> dict[str, list[float]]:
    """The same keys at both sizes (34 rows fit the screen, so no scrolling);
    then 200 steps down at 100k, scrolling from the 48th on."""
    page = SHARED if SHARED.exists() else SAMPLE
    same = ["j", "k"] * 15 + ["j"] * 3 + ["j", "k"] * 50
    return {
        "34": asyncio.run(key_timings(page, same)),
        "100k": asyncio.run(key_timings(files["100000.json"], same)),
        "100k scrolling": asyncio.run(key_timings(files["100000.json"], ["j"] * 200)),
    }


def rare_word() -> str:
    """Six letters of a word of rank 5,000 in the generator's vocabulary: few hits."""
    import random

    from bench.generate import vocabulary

    words, _ = vocabulary(random.Random(7))
    return next(word for word in words[5000:] if len(word) >= 6)[:6]


def filter_keystrokes(files: dict[str, Path], query: str) -> list[float]:
    return asyncio.run(key_timings(files["100000.json"], list(query), setup=["slash"], typing=True))


def toggles(files: dict[str, Path]) -> dict[str, list[float]]:
    page = SHARED if SHARED.exists() else SAMPLE
    keys = ["s", "j", "r", "j"] * 25
    return {
        "100 records": asyncio.run(key_timings(page, keys, records=100)),
        "100k records": asyncio.run(key_timings(page, keys, records=100_000)),
    }


# --- memory and parsing ---------------------------------------------------------------------

MEMORY_PROBE = r"""
import asyncio, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from bench.__main__ import key_timings
# One session, as a user has: load, move, then filter.
asyncio.run(key_timings(Path(sys.argv[1]), list("neural"), setup=["j"] * 20 + ["slash"],
                        typing=True))
# VmHWM, not ru_maxrss: the latter keeps the parent's size from before exec.
print(next(int(line.split()[1]) for line in open("/proc/self/status")
           if line.startswith("VmHWM")))
"""


def peak_rss_mb(path: Path) -> float:
    out = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path), str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1]) / 1024


PARSE_PROBE = r"""
import gc, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from reader.data.formats.load import load_digest
times = []
for _ in range(int(sys.argv[3])):
    gc.collect()
    started = time.perf_counter()
    digest = load_digest(Path(sys.argv[1]))
    times.append(time.perf_counter() - started)
    del digest
print(statistics.median(times))
"""


def parse_seconds(path: Path, repeat: int) -> float:
    """Median seconds to parse `path`, in a fresh process of its own."""
    out = subprocess.run(
        [sys.executable, "-c", PARSE_PROBE, str(path), str(ROOT), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.split()[-1])


# --- report -------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=9, help="startup runs per case (9)")
    parser.add_argument("--query", default="neural", help="the 6-character filter query")
    args = parser.parse_args()
    files = digest_files([1_000, 10_000, 100_000])
    rows: list[tuple[str, str, str, str]] = []

    def row(goal: str, figure: str, ratio: str, ok: bool) -> None:
        rows.append((goal, figure, ratio, "met" if ok else "NOT MET"))
        print(f"{goal:<48} {figure:<34} {ratio:<22} {'met' if ok else 'NOT MET'}", file=sys.stderr)

    def ratio_row(goal: str, measured: float, reference: float, bound: float) -> None:
        ratio = measured / reference
        row(
            goal,
            f"{ms(measured)} vs {ms(reference)}",
            f"{ratio:.2f}x (goal <= {bound:g}x)",
            ratio <= bound,
        )

    start = startup(files, args.repeat)
    ratio_row("1. startup, 34 papers vs bare Textual app", start["34"], start["bare"], 1.3)
    for name in ("100k json", "100k hf"):
        ratio_row(f"2. first rows, {name} vs 34 papers", start[name], start["34"], 2)

    steps = cursor_steps(files)
    ratio_row(
        "3. cursor step j/k, median 100k vs 34",
        statistics.median(steps["100k"]),
        statistics.median(steps["34"]),
        1.2,
    )
    scrolling = steps["100k scrolling"]
    row(
        "3. cursor step j at 100k, scrolling, p99",
        f"{ms(p99(scrolling))} (median {ms(statistics.median(scrolling))})",
        "goal < 16 ms",
        p99(scrolling) < 0.016,
    )

    for query in (args.query, rare_word()):
        keystrokes = filter_keystrokes(files, query)
        row(
            f"4. filter keystroke at 100k ('{query}'), median",
            ms(statistics.median(keystrokes)),
            "goal < 50 ms",
            statistics.median(keystrokes) < 0.05,
        )

    toggle = toggles(files)
    ratio_row(
        "5. star/read toggle, 100k vs 100 records",
        statistics.median(toggle["100k records"]),
        statistics.median(toggle["100 records"]),
        1.2,
    )

    rss = peak_rss_mb(files["100000.json"])
    row("6. peak RSS at 100k papers", f"{rss:.0f} MB", "goal <= 500 MB", rss <= 500)

    parse = parse_seconds(files["100000.json"], 3)
    row("7. parse 100k papers from JSON", f"{parse:.2f} s", "goal < 1 s", parse < 1)

    from bench.ranking import quality, timings

    scores = quality()
    row(
        "8. For you precision@10, 5 stars on one topic",
        f"{scores['for you']:.2f} (digest order {scores['digest order']:.2f}, "
        f"random {scores['random']:.2f})",
        "goal >= 0.8",
        scores["for you"] >= 0.8,
    )
    for size, figures in timings().items():
        row(
            f"8. For you retrain + rank at {size:,} papers",
            ms(figures["retrain+rank"]),
            f"(vectorised once in {figures['vectorise']:.1f} s)"
            + ("; goal < 200 ms" if size == 10_000 else ""),
            size != 10_000 or figures["retrain+rank"] < 0.2,
        )

    print()
    print("| goal | measured | ratio / bound | |")
    print("|---|---|---|---|")
    for goal, figure, ratio, verdict in rows:
        print(f"| {goal} | {figure} | {ratio} | {verdict} |")


if __name__ == "__main__":
    main()
