"""`reader paths`: where the state, the archive, the config, the cache and
the exports live, and what chose each place."""

from __future__ import annotations

import argparse

from .common import PROG, add_state_option, chosen_by, reported, state_place


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} paths",
        description="Print where reader keeps the state, the archive of papers and its "
        "index, the config, the cache and "
        "exports, and what chose each place (a flag, an environment variable, or the "
        "platform's default).",
    )
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.locations import archive_file, archive_index, config_file, export_dir
    from ..core.sources.cache import cache_dir

    with reported():
        state, chosen = state_place(args.state)
    rows = [
        ("state", state, chosen),
        ("archive", archive_file(), chosen_by("READER_ARCHIVE", "READER_DATA_DIR")),
        ("index", archive_index(archive_file()), "the archive's place"),
        ("config", config_file(), chosen_by("READER_CONFIG_DIR")),
        ("cache", cache_dir() / "digests", chosen_by("READER_CACHE")),
        ("exports", export_dir(), chosen_by("READER_EXPORT_DIR")),
    ]
    width = max(len(str(path)) for _, path, _ in rows)
    for name, path, chosen in rows:
        print(f"{name:<8} {str(path):<{width}}  chosen by {chosen}")
    return 0
