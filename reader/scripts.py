"""The scripting subcommands: `reader list`, `fetch`, `export`, `mark` and `stats`.

They write results to stdout and exit 0; errors go to stderr with exit 1
(or 2 for bad arguments, as argparse does).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from typing import Any

from . import listing
from .cli import (
    PROG,
    REMOTE_HELP,
    SOURCE_HELP,
    add_common_options,
    close_store,
    fail,
    failed,
    load_settings,
    nonempty,
    open_sources,
    open_store,
    say,
    source_specs,
)
from .core.errors import ConfigError, DigestError, FetchError, SpecError, StateError
from .core.locations import config_file
from .core.models import Paper
from .core.query.watch import scan
from .core.reading.view import ORDERS, View, ordering, select
from .core.sources.cache import cache_path, read_cache
from .core.sources.opener import keep_fetched
from .core.sources.specs import Spec, parse_spec
from .core.state.store import StateStore


def list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} list", description="Print the papers of one or more sources."
    )
    parser.add_argument("sources", nargs="+", type=nonempty, metavar="SOURCE", help=SOURCE_HELP)
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
        type=nonempty,
        metavar="QUERY",
        help="only papers matching QUERY, in the filter's language: words, "
        '"phrases", ti: abs: au: id: cat: tag: note: is:starred|read|unread|noted|tagged '
        "upvotes:>N date:A..B, -term or NOT, OR, parentheses (see the README)",
    )
    which.add_argument(
        "--search",
        type=nonempty,
        metavar="NAME",
        help="only papers matching the saved search NAME ([searches])",
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
    parser.add_argument("sources", nargs="+", type=nonempty, metavar="SPEC", help=REMOTE_HELP)
    return parser


def print_bindings() -> int:
    from .bindings import all_bindings, key_display

    bindings = all_bindings()
    width = max(len(key_display(binding.key)) for binding in bindings)
    for binding in bindings:
        print(f"{binding.id:<20} {key_display(binding.key):<{width}}  {binding.tooltip}")
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
        config = load_settings()
        specs = source_specs(args.sources)
        store = open_store(args.state)
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return failed(error)
    query = chosen_query(args.query, args.search, config.searches)
    if isinstance(query, int):
        close_store(store)
        return query
    try:
        digest, opener = open_sources(specs, store, config, today=args.date, remember=args.remember)
    except (DigestError, FetchError) as error:
        close_store(store)
        return fail(str(error))
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
                # On a terminal, titles wrap to its width; piped, every title is whole.
                columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
                print(listing.to_table(papers, store, columns, watched.keys()))
            else:
                say("no papers")
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
    from .core.query.language import QueryError, parse

    text = (query or "").strip()
    try:
        parse(text)
    except QueryError as error:
        return fail(f"--query {text!r}: {error}", 2)
    return text


def ranked(store: StateStore, papers: tuple[Paper, ...]) -> dict[str, float] | None:
    """For you scores of `papers`, or None (said on stderr) when stars are too few."""
    from .core.reading.rank import MIN_STARS, Corpus, too_few
    from .core.sources.opener import library

    corpus = Corpus([*library(store).papers, *papers])
    stars = corpus.train(store.starred_ids, store.read_ids)
    if stars < MIN_STARS:
        say(too_few(stars, store.starred_count))
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

    from .core.sources.remote import fetcher_for

    try:
        fetcher = fetcher_for(load_settings())
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
