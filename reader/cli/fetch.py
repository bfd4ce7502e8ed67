"""`reader fetch`: remote sources, or every subscription, into the archive and
the offline cache, without the app: for cron and systemd timers."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .common import PROG, REMOTE_HELP, add_state_option, fail, nonempty, opened, reported, say

if TYPE_CHECKING:
    from ..core.sources.refresh import Report


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} fetch",
        description="Fetch remote sources into the archive and the offline cache, without "
        "opening the app. With no SPEC, refresh every subscription ([subscriptions] sources "
        "in config.toml), Daily Papers and files at once, arXiv one request every 3 seconds. "
        "Exits 0 when every source succeeded, else 1, naming those that failed.",
    )
    # Not "sources": these are parsed here, where a file is refused as not remote.
    parser.add_argument("specs", nargs="*", type=nonempty, metavar="SPEC", help=REMOTE_HELP)
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.locations import config_file
    from ..core.sources.opener import Opener
    from ..core.sources.refresh import refresh
    from ..core.sources.specs import parse_spec
    from .common import open_archive

    with reported():
        specs = [parse_spec(value) for value in args.specs]
    local = [s.text for s in specs if not s.is_remote]
    if local:
        fail(f"{local[0]}: not a remote source (hf..., arxiv:..., arxiv-query:...)", 2)
    with opened(args) as (config, _, store):
        sources = [s.text for s in specs] or list(config.subscriptions)
        if not sources:
            fail(
                f"nothing to fetch: name a SPEC, or list your sources in {config_file()}:\n"
                '  [subscriptions]\n  sources = ["hf", "arxiv:cs.LG", "~/Mail/arxiv"]',
                2,
            )
        opener = Opener(store, config=config, archive=open_archive(store))
        try:
            with _progress(sources) as report:
                outcomes = refresh(opener, sources, report=report)
        finally:
            opener.close()
    failed = [o for o in outcomes if o.error]
    for outcome in outcomes:
        for notice in outcome.notices:
            say(notice)
        if outcome.error:
            say(outcome.error)  # whole lines, even when piped (no wrapping)
        else:
            print(f"{outcome.source}: {outcome.papers} papers, {outcome.added} new")
    if failed and len(outcomes) > 1:  # one source's line already named it
        names = ", ".join(o.source for o in failed)
        say(f"{len(failed)} of {len(outcomes)} sources failed: {names}")
    return 1 if failed else 0


@contextmanager
def _progress(sources: list[str]) -> Iterator[Report]:
    """A line per source on stderr (on a terminal), saying what it is doing."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        tasks = {s: progress.add_task(f"{s}: waiting", total=None) for s in sources}

        def report(source: str, text: str) -> None:
            progress.update(tasks[source], description=f"{source}: {text}")

        yield report
