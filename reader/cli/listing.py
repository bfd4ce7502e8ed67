"""`reader list`: the papers of sources, as a table or JSON. What it prints is
what the app shows for the same view: both select through `OpenDigest`, and
rank For you through `ForYou`."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence

from ..core.reading.view import ORDERS, View
from .common import PROG, add_common_options, add_sources, fail, nonempty, opened, say


class QueryParser(argparse.ArgumentParser):
    """Reads `--query Q` as `--query=Q`: a query may begin with "-"
    (`-ti:sparse`), which argparse would take for an option."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        joined = query_joined(sys.argv[1:] if args is None else args)
        return super().parse_known_args(joined, namespace)


def parser() -> argparse.ArgumentParser:
    parser = QueryParser(
        prog=f"{PROG} list", description="Print the papers of one or more sources."
    )
    add_sources(parser, "+")
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


def query_joined(argv: Sequence[str]) -> list[str]:
    """`--query Q` as `--query=Q`: a query may begin with "-" (`-ti:sparse`),
    which argparse would take for an option."""
    joined: list[str] = []
    rest = iter(argv)
    for arg in rest:
        following = next(rest, None) if arg == "--query" else None
        joined.append(arg if following is None else f"--query={following}")
    return joined


def chosen_query(query: str | None, search: str | None, searches: dict[str, str]) -> str:
    """The query `--query` or `--search` asks for (exit 2 when it cannot be read)."""
    if search is not None:
        if search not in searches:
            from ..core.locations import config_file

            known = ", ".join(sorted(searches)) or f"none yet ([searches] in {config_file()})"
            fail(f"--search: no saved search named {search!r}; saved searches: {known}", 2)
        return searches[search]
    from ..core.query.language import QueryError, parse

    text = (query or "").strip()
    try:
        parse(text)
    except QueryError as error:
        fail(f"--query {text!r}: {error}", 2)
    return text


def run(args: argparse.Namespace) -> int:
    from ..core.export import json_chunks
    from ..core.reading.digest import OpenDigest
    from ..core.reading.foryou import ForYou
    from .common import open_sources
    from .output import to_table

    with opened(args) as (config, specs, store):
        query = chosen_query(args.query, args.search, config.searches)
        digest, opener = open_sources(specs, store, config, today=args.date, remember=args.remember)
        try:
            view = View(
                unread_only=args.unread,
                starred_only=args.starred,
                hide_replacements=args.no_replacements,
                watched_only=args.watched,
                filter_text=query,
                order=args.sort,
            )
            if args.watched and not config.watch:
                from ..core.locations import config_file

                say(f"the watch list is empty: add [watch] authors or keywords to {config_file()}")
            shown = OpenDigest(digest)
            shown.watched = shown.scan_watch(config.watch)
            scores = None
            if args.sort == "for-you":
                corpus = opener.keep().corpus
                scores, why = ForYou(store, lambda: corpus(store)).rank(digest.papers)
                if why:
                    say(why)
            papers = shown.select(view, store, scores)
            watched = shown.watched if config.watch else None
            if args.format == "json":
                for chunk in json_chunks(papers, store, scores, watched):
                    sys.stdout.write(chunk)  # a year's Inbox is never held whole
                sys.stdout.write("\n")
            elif papers:
                # On a terminal, titles wrap to its width; piped, every title is whole.
                columns = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
                print(to_table(papers, store, columns, shown.watched.keys()))
            else:
                say("no papers")
        finally:
            opener.close()
    return 0
