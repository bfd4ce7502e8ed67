"""The scripting subcommands: `reader list`, `fetch`, `export`, `mark` and `stats`.

They write results to stdout and exit 0; errors go to stderr with exit 1
(or 2 for bad arguments, as argparse does).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from . import listing
from .cli import (
    PROG,
    REMOTE_HELP,
    SOURCE_HELP,
    add_common_options,
    close_store,
    fail,
    failed,
    iso_date,
    open_store,
    say,
    source_specs,
)
from .data.config import load_config
from .data.errors import ConfigError, DigestError, FetchError, SpecError, StateError
from .data.locations import config_file
from .data.models import Paper
from .data.sources.cache import cache_path, read_cache
from .data.sources.opener import Opener, keep_fetched, link_identities, merge
from .data.sources.specs import Spec, parse_spec
from .data.state.store import StateStore
from .data.view import ORDERS, View, ordering, select
from .data.watch import scan
from .serve import run_serve

__all__ = ["run_serve"]  # a subcommand that lives in its own module


def list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} list", description="Print the papers of one or more sources."
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    add_common_options(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument(
        "--remember",
        action="store_true",
        help="count the files as opened, as the app does: their papers join the Inbox, "
        "For you and exports (listing alone leaves them out)",
    )
    parser.add_argument("--unread", action="store_true", help="only unread papers")
    parser.add_argument("--starred", action="store_true", help="only starred papers")
    parser.add_argument(
        "--no-replacements", action="store_true", help="leave out arXiv replacement announcements"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--query",
        metavar="QUERY",
        help="only papers matching QUERY, in the filter's language: words, "
        '"phrases", ti: abs: au: id: cat: tag: note: is:starred|read|unread|noted|tagged '
        "upvotes:>N date:A..B, -term or NOT, OR, parentheses (see the README)",
    )
    which.add_argument(
        "--search", metavar="NAME", help="only papers matching the saved search NAME ([searches])"
    )
    parser.add_argument(
        "--watched",
        action="store_true",
        help="only papers the watch list marks ([watch] authors and keywords)",
    )
    parser.add_argument(
        "--sort",
        choices=ORDERS,
        default="digest",
        help="digest order (the default), most upvoted, newest first, title, or For you: "
        "by predicted interest, learnt from your starred papers (JSON then has a 'score')",
    )
    return parser


def fetch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} fetch",
        description="Fetch remote sources into the offline cache, without opening the app.",
    )
    parser.add_argument("sources", nargs="+", metavar="SPEC", help=REMOTE_HELP)
    return parser


def print_bindings() -> int:
    from .bindings import all_bindings, key_display

    for binding in all_bindings():
        print(f"{binding.id:<20} {key_display(binding.key):<12} {binding.tooltip}")
    return 0


def query_joined(argv: Sequence[str]) -> list[str]:
    """`--query Q` as `--query=Q`: a query may begin with "-" (`-ti:sparse`),
    which argparse would take for an option."""
    joined: list[str] = []
    rest = iter(argv)
    for arg in rest:
        following = next(rest, None) if arg == "--query" else None
        joined.append(arg if following is None else f"--query={following}")
    return joined


def run_list(argv: Sequence[str]) -> int:
    args = list_parser().parse_args(query_joined(argv))
    try:
        config = load_config(config_file())
        specs = source_specs(args.sources)
        store = open_store(args.state)
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return failed(error)
    query = chosen_query(args.query, args.search, config.searches)
    if isinstance(query, int):
        close_store(store)
        return query
    opener = Opener(
        store,
        today=args.date,
        refresh_after=config.refresh_after,
        config=config,
        remember_files=args.remember,  # listing is not opening, unless asked
    )
    try:
        results = [opener.open(spec) for spec in specs]
    except (DigestError, FetchError) as error:
        close_store(store)
        return fail(str(error))
    for notice in (n for r in results for n in r.notices):
        print(f"{PROG}: {notice}", file=sys.stderr)
    digest = merge([r.digest for r in results])
    link_identities(store, digest.papers)
    view = View(
        unread_only=args.unread,
        starred_only=args.starred,
        hide_replacements=args.no_replacements,
        watched_only=args.watched,
        filter_text=query,
        order=args.sort,
    )
    if args.watched and not config.watch:
        say(f"the watch list is empty: add [watch] authors or keywords to {config_file()}")
    watched = scan(digest.papers, config.watch, None) if config.watch else {}
    scores = ranked(store, digest.papers) if args.sort == "for-you" else None
    order = ordering(digest.papers, args.sort, scores)
    papers = select(digest.papers, view, store, None, order, watched.keys())
    try:
        if args.format == "json":
            print(listing.to_json(papers, store, scores, watched if config.watch else None))
        else:
            if papers:
                columns = shutil.get_terminal_size().columns
                print(listing.to_table(papers, store, columns, watched.keys()))
            else:
                say("no papers")
    except BrokenPipeError:
        # `reader list ... | head` is fine; silence the interpreter's complaint.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        close_store(store)
        opener.close()
    return 0


def chosen_query(query: str | None, search: str | None, searches: dict[str, str]) -> str | int:
    """The query `--query` or `--search` asks for, or an exit status (2) once
    the problem is said."""
    if search is not None:
        if search not in searches:
            known = ", ".join(sorted(searches)) or f"none yet ([searches] in {config_file()})"
            return fail(f"--search: no saved search named {search!r}; saved searches: {known}", 2)
        return searches[search]
    from .data.query import QueryError, parse

    text = (query or "").strip()
    try:
        parse(text)
    except QueryError as error:
        return fail(f"--query {text!r}: {error}", 2)
    return text


def ranked(store: StateStore, papers: tuple[Paper, ...]) -> dict[str, float] | None:
    """For you scores of `papers`, or None (said on stderr) when stars are too few."""
    from .data.rank import MIN_STARS, Corpus
    from .data.sources.opener import library

    corpus = Corpus([*library(store).papers, *papers])
    stars = corpus.train(store.starred_ids, store.read_ids)
    if stars < MIN_STARS:
        print(
            f"{PROG}: For you needs at least {MIN_STARS} starred papers "
            f"(you have {store.starred_count}); showing digest order",
            file=sys.stderr,
        )
        return None
    return corpus.rank(papers, stars).scores


def run_fetch(argv: Sequence[str]) -> int:
    args = fetch_parser().parse_args(argv)
    try:
        specs = [parse_spec(value) for value in args.sources]
    except SpecError as error:
        return failed(error)
    local = [s.text for s in specs if not s.is_remote]
    if local:
        return fail(f"{local[0]}: not a remote source (hf..., arxiv:..., arxiv-query:...)", 2)
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from .data.sources.remote import fetcher_for

    try:
        fetcher = fetcher_for(load_config(config_file()))
    except ConfigError as error:
        return fail(str(error))
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


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description=(
            "Export papers reader knows (every cached digest and every file you opened) "
            "as BibTeX, Markdown, JSON or CSV."
        ),
    )
    which = parser.add_mutually_exclusive_group()
    for name in ("starred", "unread", "read", "all"):
        which.add_argument(
            f"--{name}",
            dest="which",
            action="store_const",
            const=name,
            help=f"{name} papers" + (" (the default)" if name == "starred" else ""),
        )
    parser.add_argument("--tag", help="only papers with this tag")
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
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument("--state", metavar="PATH", help="state file")
    parser.set_defaults(which="starred")
    return parser


def run_export(argv: Sequence[str]) -> int:
    from .data.export import choose, render
    from .data.sources.opener import library

    args = export_parser().parse_args(argv)
    try:
        store = open_store(args.state)
    except StateError as error:
        return fail(str(error))
    try:
        papers = choose(library(store).papers, store, args.which, tag=args.tag, since=args.since)
        text = render(args.format, papers, store)
        if args.output:
            from pathlib import Path

            from .data.state.storage import atomic_write

            atomic_write(Path(args.output), text.encode("utf-8"))
            print(f"{PROG}: wrote {len(papers)} papers to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
    except OSError as error:
        return fail(f"cannot write {args.output}: {error.strerror or error}")
    finally:
        close_store(store)
    return 0


def run_mark(argv: Sequence[str]) -> int:
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
    parser.add_argument("ids", nargs="+", metavar="ID", help="paper ids (arXiv ids, or t:… ids)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse ids that no cached digest or opened file holds (exit 1, nothing changed)",
    )
    parser.add_argument("--state", metavar="PATH", help="state file")
    args = parser.parse_args(argv)
    field: Literal["read", "starred"] = "read" if args.action in ("read", "unread") else "starred"
    value = args.action in ("read", "star")
    try:
        store = open_store(args.state)
    except StateError as error:
        return fail(str(error))
    ids = [i.strip() for i in args.ids if i.strip()]
    try:
        from .data.sources.opener import library

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
    print(f"{len(changed)} of {len(args.ids)} papers changed")
    return 0


SPARK = " ▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    top = max(counts, default=0)
    if top == 0:
        return SPARK[1] * len(counts)
    return "".join(SPARK[max(1, round(c / top * 8))] if c else SPARK[1] for c in counts)


def run_stats(argv: Sequence[str]) -> int:
    from datetime import timedelta

    parser = argparse.ArgumentParser(
        prog=f"{PROG} stats", description="Counts, and papers read per day lately."
    )
    parser.add_argument("--state", metavar="PATH", help="state file")
    parser.add_argument("--days", type=int, default=30, help="days in the sparkline (30)")
    args = parser.parse_args(argv)
    try:
        store = open_store(args.state)
    except StateError as error:
        return fail(str(error))
    records = [store.record(pid) for pid in store.ids()]
    close_store(store)
    today = date.today()
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
