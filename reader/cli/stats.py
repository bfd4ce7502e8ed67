"""`reader stats`: counts, and papers read per day lately."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, timedelta

from .common import PROG, add_state_option, count_between, opened

SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    top = max(counts, default=0)
    if top == 0:
        return SPARK[1] * len(counts)
    return "".join(SPARK[max(1, round(c / top * 8))] if c else SPARK[1] for c in counts)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} stats", description="Counts, and papers read per day lately."
    )
    add_state_option(parser)
    parser.add_argument(
        "--days",
        type=count_between(1, 3660),
        default=30,
        help="days in the sparkline, 1 to 3660 (default 30)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.dates import local_today

    with opened(args, settings=False) as (_, _, store):
        records = [store.record(pid) for pid in store.ids()]
        tags = store.all_tags()
    today = local_today()
    days = [today - timedelta(days=n) for n in range(args.days - 1, -1, -1)]
    per_day = dict.fromkeys(days, 0)
    for record in records:
        if record.read and record.t_read:
            day = date.fromtimestamp(record.t_read)
            if day in per_day:
                per_day[day] += 1
    counts = list(per_day.values())
    print(f"papers with state  {len(records)}")
    print(f"read               {sum(r.read for r in records)}")
    print(f"starred            {sum(r.starred for r in records)}")
    print(f"with notes         {sum(bool(r.note) for r in records)}")
    print(f"tags               {', '.join(tags) if tags else '(none)'}")
    print(f"read per day, last {args.days} days ({days[0]} to {days[-1]}): {sum(counts)} papers")
    print(f"  {sparkline(counts)}  max {max(counts, default=0)}/day")
    return 0
