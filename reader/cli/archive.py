"""`reader archive stats` and `reader archive prune`: what the archive holds,
and keeping it tidy."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.archive import upkeep
from .common import PROG, add_state_option, count_between, opened

if TYPE_CHECKING:
    from ..core.archive.handle import ArchiveHandle
    from ..core.archive.store import Archive
    from ..core.state.records import Record
    from ..core.state.store import StateStore


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} archive",
        description="The archive keeps every paper reader has fetched, opened or imported "
        "(reader paths shows where).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    stats = actions.add_parser(
        "stats", help="papers by source, the size on disk and the oldest day"
    )
    add_state_option(stats)
    prune = actions.add_parser(
        "prune",
        help="remove old papers that no mark, tag or note keeps",
        description="Remove the papers that are unmarked, untagged and unnoted and that no "
        "digest newer than DAYS days holds (imported papers: imported more than DAYS days "
        "ago). A paper with any mark is never removed. The file is then compacted.",
    )
    prune.add_argument(
        "--older-than",
        type=count_between(1, 36500),
        required=True,
        metavar="DAYS",
        help="the age, in days, from which papers go",
    )
    add_state_option(prune)
    return parser


def run(args: argparse.Namespace) -> int:
    from .common import open_archive

    with opened(args, settings=False) as (_, _, store):
        handle = open_archive(store)
        try:
            if args.action == "stats":
                stats(handle.archive, handle.index_folder)
            else:
                prune(handle, store, args.older_than)
        finally:
            handle.close()
    return 0


def stats(archive: Archive, index: Path) -> None:
    sources = upkeep.by_source(archive)
    width = max((len(s[0]) for s in sources), default=6)
    print(f"{'source':<{width}}  {'digests':>7}  {'papers':>9}  days")
    for source, digests, papers, first, last in sources:
        span = f"{first} to {last}" if first and first != last else first
        print(f"{source:<{width}}  {digests or '':>7}  {papers:>9,}  {span}")
    sizes = upkeep.sizes(archive)
    on_disk = sum(sizes.values())
    index_size = sum(f.stat().st_size for f in index.glob("*") if f.is_file())
    day, published = upkeep.oldest(archive)
    print()
    print(f"papers      {archive.count():,}")
    print(f"on disk     {megabytes(on_disk)} ({archive.path}), index {megabytes(index_size)}")
    print(f"oldest day  {day or '(no digest)'}; oldest paper published {published or '(none)'}")


def prune(handle: ArchiveHandle, store: StateStore, days: int) -> None:
    from datetime import timedelta

    from ..core.dates import utc_today

    cutoff = (utc_today() - timedelta(days=days)).isoformat()
    keep = {pid for pid in store.ids() if _kept(store.record(pid))}
    before = sum(upkeep.sizes(handle.archive).values())
    gone = upkeep.prune(handle.archive, cutoff, keep)
    upkeep.vacuum(handle.archive)
    after = sum(upkeep.sizes(handle.archive).values())
    print(
        f"removed {gone:,} papers seen before {cutoff} (kept every paper with a mark, tag "
        f"or note: {len(keep):,}); the archive went from {megabytes(before)} to "
        f"{megabytes(after)}"
    )


def _kept(record: Record) -> bool:
    return bool(record.read or record.starred or record.note or record.tags)


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"
