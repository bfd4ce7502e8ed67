"""`reader subscriptions`: each subscribed source, when it was last fetched and
what it brought."""

from __future__ import annotations

import argparse

from .common import PROG, add_state_option, opened, say


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} subscriptions",
        description="List the subscriptions ([subscriptions] sources in config.toml), each "
        "with when it was last fetched and how many papers it brought. `reader fetch` "
        "refreshes them all; a bare `reader` opens the Inbox and refreshes them meanwhile.",
    )
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.archive import upkeep
    from ..core.locations import config_file
    from .common import open_archive

    with opened(args) as (config, _, store):
        if not config.subscriptions:
            say(
                f"no subscriptions: list sources in {config_file()}, as\n"
                '  [subscriptions]\n  sources = ["hf", "arxiv:cs.LG", "~/Mail/arxiv"]\n'
                "or use “Subscribe to this source” in the app's palette (ctrl+p)"
            )
            return 0
        handle = open_archive(store)
        try:
            fetches = upkeep.fetches(handle.archive)
        finally:
            handle.close()
    width = max(len(s) for s in config.subscriptions)
    for source in config.subscriptions:
        row = fetches.get(source)
        if row is None:
            print(f"{source:<{width}}  never fetched")
            continue
        when = "never" if row.fetched is None else _when(row.fetched)
        line = f"{source:<{width}}  fetched {when}: {row.papers:,} papers, {row.new:,} new"
        if row.error:
            line += f"; last try {_when(row.tried)} failed: {row.error}"
        print(line)
    return 0


def _when(stamp: float) -> str:
    from ..core.dates import local_minute

    return local_minute(stamp)
