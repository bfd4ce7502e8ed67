"""`reader merge FILE...`: take in the marks of state files from other
machines (a copy over scp, from a USB stick), as the synced folder would."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .common import PROG, add_state_option, fail, first_few, reported, say

if TYPE_CHECKING:
    from ..core.state.merging import Changed


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} merge",
        description="Merge other state files into this one: every mark of each FILE "
        "that is newer than this file's (stars, read, notes, tags, and their "
        "removal) is taken in; notes written apart on both are both kept. "
        "Prints what changed. The FILEs are not changed.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a state file")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would change, and write nothing",
    )
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.errors import StateError
    from ..core.state.storage import real_target
    from ..core.state.tables import read_tables
    from .common import close_store, state_place

    with reported():
        place = state_place(args.state)[0]
    tables = []
    for path in args.files:
        try:
            same = real_target(path).resolve() == real_target(place).resolve()
            if same:
                fail(f"{path} is this state file; name another machine's copy", 2)
            tables.append((path, read_tables(path)))
        except (OSError, ValueError, StateError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            fail(f"cannot merge {path}: {reason}; nothing was changed")
    from ..core.state.store import StateStore

    with reported():
        store = StateStore(place, conflicts=not args.dry_run)
    if store.notice:
        say(store.notice)
    try:
        for path, found in tables:
            changes = store.preview_merge(found[0]) if args.dry_run else store.merge_file(found)
            report(path, changes, dry_run=args.dry_run)
    finally:
        close_store(store)  # a dry run changed nothing: nothing is written
    if store.write_error:
        fail(store.write_error)
    return 0


def report(path: Path, changes: list[Changed], *, dry_run: bool) -> None:
    from ..core.state.merging import kinds, summary

    said = summary(changes)
    if not said:
        print(f"{path}: nothing to merge (every mark in it is here already)")
        return
    print(f"{path}: {'would change' if dry_run else 'changed'} {said}")
    for kind, papers in kinds(changes).items():
        if papers:
            print(f"  {kind + ':':<10} {first_few(papers, ' ')}")
