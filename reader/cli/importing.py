"""`reader import FILE`: arXiv's metadata snapshot into the archive (the
library), streamed, with a progress bar; run again, it goes on where it
stopped."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import PROG, add_state_option, fail, nonempty, opened, say


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} import",
        description="Import arXiv's metadata snapshot (JSON lines, one paper a line, plain or "
        "gzip-compressed) into the archive. Imported papers are in the library (reader "
        "library, reader list library --query ...), not the Inbox. Interrupted, run it "
        "again: papers already in are skipped.",
    )
    parser.add_argument("file", type=nonempty, metavar="FILE", help="the snapshot file")
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from ..core.archive.importing import Imported, import_snapshot
    from .common import open_archive, progress_bar

    path = Path(args.file).expanduser()
    if not path.is_file():
        fail(f"{args.file}: no such file", 2)
    console = Console(stderr=True)
    with opened(args, settings=False) as (_, _, store):
        handle = open_archive(store)
        try:
            with Progress(
                TextColumn("importing"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[papers]:,} papers · {task.fields[rate]:,.0f}/s"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
                disable=not console.is_terminal,
            ) as progress:
                task = progress.add_task("import", total=path.stat().st_size, papers=0, rate=0)

                def told(done: Imported) -> None:
                    rate = (done.added + done.known) / done.seconds if done.seconds else 0
                    papers = done.added + done.known
                    progress.update(task, completed=done.read, papers=papers, rate=rate)

                done = import_snapshot(handle, path, progress=told)
            with progress_bar("archive:") as advance:
                handle.catch_up(advance)
        finally:
            handle.close()
    for line in done.bad:
        say(f"{path}: skipped {line}")
    if done.bad_count > len(done.bad):
        say(f"{path}: skipped {done.bad_count - len(done.bad):,} more bad lines")
    rate = (done.added + done.known) / done.seconds if done.seconds else 0
    print(
        f"{done.added:,} papers imported, {done.known:,} already in the archive, "
        f"{done.bad_count:,} bad lines skipped ({done.seconds:.0f} s, {rate:,.0f} papers/s)"
    )
    if done.stopped:
        fail(f"import stopped: {done.stopped}")
    return 0
