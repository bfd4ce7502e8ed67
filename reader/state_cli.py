"""The subcommands on what reader knows and has marked: `reader export`,
`mark` and `stats`. They write results to stdout and exit 0; errors go to
stderr with exit 1 (or 2 for bad arguments, as argparse does)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .cli import (
    PROG,
    SOURCE_HELP,
    add_common_options,
    add_state_option,
    close_store,
    count_between,
    fail,
    failed,
    iso_date,
    load_settings,
    nonempty,
    open_sources,
    open_store,
    say,
    source_specs,
)
from .core.dates import local_today
from .core.errors import ConfigError, DigestError, FetchError, SpecError, StateError

if TYPE_CHECKING:
    from .core.models import Paper
    from .core.state.store import StateStore


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description=(
            "Export papers as BibTeX, Markdown, JSON or CSV: those of the SOURCEs given, "
            "taken as `reader list` takes them, or else every paper reader knows (every "
            "cached digest and every file you opened)."
        ),
    )
    parser.add_argument("sources", nargs="*", type=nonempty, metavar="SOURCE", help=SOURCE_HELP)
    which = parser.add_mutually_exclusive_group()
    for name in ("starred", "unread", "read", "all"):
        which.add_argument(
            f"--{name}",
            dest="which",
            action="store_const",
            const=name,
            help=f"{name} papers" + (" (the default)" if name == "starred" else ""),
        )
    parser.add_argument("--tag", type=nonempty, help="only papers with this tag")
    parser.add_argument(
        "--since",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="only papers starred (--starred), read (--read) or published "
        "(otherwise) on or after this day",
    )
    parser.add_argument(
        "--format",
        choices=("bibtex", "markdown", "json", "csv"),
        default="bibtex",
        help="output format (default: bibtex)",
    )
    parser.add_argument(
        "-o", "--output", type=nonempty, metavar="FILE", help="write here instead of stdout"
    )
    parser.add_argument(
        "--parents",
        action="store_true",
        help="create the folder of -o FILE if it does not exist (otherwise that is an error)",
    )
    add_common_options(parser)
    parser.set_defaults(which="starred")
    return parser


def run_export(argv: Sequence[str]) -> int:
    from .core.export import choose, render
    from .core.sources.opener import library

    args = export_parser().parse_args(argv)
    try:
        config = load_settings()
        specs = source_specs(args.sources)
        store = open_store(args.state)
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return failed(error)
    if args.output:
        folder = Path(args.output).expanduser().absolute().parent
        if not folder.is_dir() and not args.parents:
            close_store(store)
            return fail(
                f"cannot write {args.output}: the folder {folder} does not exist "
                "(--parents creates it)"
            )
    opener = None
    try:
        if specs:
            digest, opener = open_sources(specs, store, config, today=args.date, remember=False)
            known = digest.papers
        else:
            known = library(store).papers
    except (DigestError, FetchError) as error:
        close_store(store)
        return fail(str(error))
    try:
        papers = choose(known, store, args.which, tag=args.tag, since=args.since)
        if not specs and args.which == "starred":
            say_unknown_stars(known, store)
        text = render(args.format, papers, store)
        if args.output:
            from .core.state.storage import atomic_write

            atomic_write(Path(args.output), text.encode("utf-8"))
            print(f"{PROG}: wrote {len(papers)} papers to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    finally:
        close_store(store)
        if opener is not None:
            opener.close()
    return 0


def say_unknown_stars(known: Sequence[Paper], store: StateStore) -> None:
    """Name the starred papers that no cached digest or opened file holds: an
    export without them must not look complete."""
    held = {i for paper in known for i in (paper.id, paper.alt_id) if i}
    missing = [pid for pid in store.ids() if store.record(pid).starred and pid not in held]
    if not missing:
        return
    shown = ", ".join(missing[:10]) + (
        f" and {len(missing) - 10} more" if len(missing) > 10 else ""
    )
    say(
        f"warning: {len(missing)} starred papers are in no cached digest or opened file, so "
        f"their text is unknown and they are not exported: {shown}. Name the files or "
        "digests they came from: reader export FILE --starred"
    )


def mark_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} mark",
        description="Change state from scripts. Ids come from 'reader list --format json'. "
        "An id that no cached digest or opened file holds is marked all the same (a "
        "script may mark ahead), with a warning on stderr; --strict refuses it.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    for name, text in (
        ("read", "mark the papers read"),
        ("unread", "mark the papers unread"),
        ("star", "star the papers"),
        ("unstar", "remove their stars"),
    ):
        action.add_argument(f"--{name}", dest="action", action="store_const", const=name, help=text)
    parser.add_argument(
        "ids",
        nargs="+",
        type=paper_ref,
        metavar="ID",
        help="papers: an arXiv id with or without its version (2405.13786v1, arXiv:2405.13786, "
        "math/0601001), an arxiv.org abs or pdf URL, a huggingface.co/papers URL, or a t:… id",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse ids that no cached digest or opened file holds (exit 1, nothing changed)",
    )
    add_state_option(parser)
    return parser


def paper_ref(value: str) -> str:
    """A paper as the user spells it, as the id the state keeps it under."""
    from .core.models import normalise_id

    if not value.strip():
        raise argparse.ArgumentTypeError("an id must not be empty")
    return normalise_id(value)


def run_mark(argv: Sequence[str]) -> int:
    args = mark_parser().parse_args(argv)
    field: Literal["read", "starred"] = "read" if args.action in ("read", "unread") else "starred"
    value = args.action in ("read", "star")
    try:
        store = open_store(args.state)
    except StateError as error:
        return fail(str(error))
    ids = list(dict.fromkeys(args.ids))  # each paper once, however it was spelt
    try:
        from .core.sources.opener import library

        known = {i for p in library(store).papers for i in (p.id, p.alt_id) if i}
        unknown = [i for i in ids if i not in known]
        if unknown and args.strict:
            return fail(
                "no cached digest or opened file holds "
                + ", ".join(unknown)
                + "; nothing was changed (leave out --strict to mark them all the same)"
            )
        if unknown:
            say(
                "warning: no cached digest or opened file holds "
                + ", ".join(unknown)
                + " (marked all the same)"
            )
        changed = store.set_field(ids, field, value)
    finally:
        close_store(store)
    if store.write_error:
        return fail(store.write_error)
    print(f"{len(changed)} of {len(ids)} papers changed")
    return 0


SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    top = max(counts, default=0)
    if top == 0:
        return SPARK[1] * len(counts)
    return "".join(SPARK[max(1, round(c / top * 8))] if c else SPARK[1] for c in counts)


def stats_parser() -> argparse.ArgumentParser:
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


def run_stats(argv: Sequence[str]) -> int:
    from datetime import timedelta

    args = stats_parser().parse_args(argv)
    try:
        store = open_store(args.state)
    except StateError as error:
        return fail(str(error))
    records = [store.record(pid) for pid in store.ids()]
    close_store(store)
    today = local_today()
    days = [today - timedelta(days=n) for n in range(args.days - 1, -1, -1)]
    per_day = dict.fromkeys(days, 0)
    for record in records:
        if record.read and record.t_read:
            day = date.fromtimestamp(record.t_read)
            if day in per_day:
                per_day[day] += 1
    counts = list(per_day.values())
    tags = store.all_tags()
    print(f"papers with state  {len(records)}")
    print(f"read               {sum(r.read for r in records)}")
    print(f"starred            {sum(r.starred for r in records)}")
    print(f"with notes         {sum(bool(r.note) for r in records)}")
    print(f"tags               {', '.join(tags) if tags else '(none)'}")
    print(f"read per day, last {args.days} days ({days[0]} to {days[-1]}): {sum(counts)} papers")
    print(f"  {sparkline(counts)}  max {max(counts, default=0)}/day")
    return 0
