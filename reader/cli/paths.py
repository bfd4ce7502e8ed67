"""`reader paths`: where the state, the archive, the config, the cache and
the exports live, and what chose each place."""

from __future__ import annotations

import argparse
from pathlib import Path

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
    print(f"{'machine':<8} {machine_line(state)}")
    return 0


def machine_line(state: Path) -> str:
    """This machine's id (its stamps on marks) and the machines the state file has marks from."""
    import contextlib

    from ..core.locations import data_dir
    from ..core.state.clock import MACHINE_FILE, local_machine
    from ..core.state.tables import read_tables

    machine = local_machine(data_dir())
    line = f"{machine}  (this machine's random id, kept in {data_dir() / MACHINE_FILE})"
    with contextlib.suppress(Exception):  # a missing or damaged file: commands say so
        machines = read_tables(state)[2].get("machines", {})
        if isinstance(machines, dict) and machines:
            names = ", ".join(f"{m} (this one)" if m == machine else m for m in sorted(machines))
            line += f"; the state file has marks from {len(machines)}: {names}"
    return line
