"""`reader fetch`: remote sources into the offline cache, without the app."""

from __future__ import annotations

import argparse
from typing import Any

from .common import PROG, add_sources, fail, load_settings, reported, say


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} fetch",
        description="Fetch remote sources into the offline cache, without opening the app.",
    )
    add_sources(parser, "+", remote_only=True)
    return parser


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from ..core.errors import FetchError
    from ..core.sources.cache import cache_path, read_cache
    from ..core.sources.opener import keep_fetched
    from ..core.sources.remote import fetcher_for
    from ..core.sources.specs import Spec, parse_spec

    with reported():
        specs = [parse_spec(value) for value in args.sources]
        local = [s.text for s in specs if not s.is_remote]
        if local:
            fail(f"{local[0]}: not a remote source (hf..., arxiv:..., arxiv-query:...)", 2)
        fetcher = fetcher_for(load_settings())
    failures = 0
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        for spec in specs:
            task = progress.add_task(f"{spec.text}: fetching", total=None)

            def report(count: int, task: Any = task, spec: Spec = spec) -> None:
                progress.update(task, description=f"{spec.text}: {count} papers")

            try:
                digest = fetcher.fetch(spec, report)
            except FetchError as error:
                failures += 1
                say(str(error))  # whole lines, even when piped (no wrapping)
                continue
            finally:
                progress.remove_task(task)
            kept = keep_fetched(spec, digest, read_cache(spec.text))
            if kept.notices:
                say(kept.notices[0])
            else:
                print(f"{spec.text}: {len(digest.papers)} papers cached in {cache_path(spec.text)}")
    fetcher.close()
    return 1 if failures else 0
