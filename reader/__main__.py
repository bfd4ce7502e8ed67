"""Command line: `reader [SOURCE ...]` opens the app, `reader list` prints."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .data import listing
from .data.config import ConfigError, load_config
from .data.locations import config_file, state_file
from .data.parsers import DigestError
from .data.sources import default_source, load_sources
from .data.store import StateError, StateStore

PROG = "reader"


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 0 or seconds != seconds:
        raise argparse.ArgumentTypeError("seconds must be 0 or more")
    return seconds


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        metavar="PATH",
        help="read/starred state file (default: $READER_STATE, else the user data dir)",
    )
    parser.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="resolve a digest's yearless dates against this day instead of today",
    )


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Read research-paper digests from the keyboard. With no SOURCE, opens the "
            "newest digest you opened before, or the bundled sample digest."
        ),
        epilog=(
            "Subcommands: 'reader list SOURCE ...' prints papers (see 'reader list --help'). "
            "Press ? in the app for keys."
        ),
    )
    parser.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="digest file: a copied Daily Papers page or reader's JSON format",
    )
    _common(parser)
    parser.add_argument(
        "--read-after",
        type=_seconds,
        metavar="SECONDS",
        help="mark a paper read after it stays this long in the detail pane "
        "(default 2, from config; 0 turns auto-read off)",
    )
    parser.add_argument(
        "--bindings",
        action="store_true",
        help="list the commands whose keys can be remapped, and exit",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def list_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} list", description="Print the papers of one or more digests."
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="digest file")
    _common(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument("--unread", action="store_true", help="only unread papers")
    parser.add_argument("--starred", action="store_true", help="only starred papers")
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _print_bindings() -> int:
    from .bindings import all_bindings, key_display

    for binding in all_bindings():
        print(f"{binding.id:<16} {key_display(binding.key):<14} {binding.tooltip}")
    return 0


def run_list(argv: Sequence[str]) -> int:
    args = list_parser().parse_args(argv)
    try:
        digest = load_sources([Path(s) for s in args.sources], today=args.date)
        store = StateStore(state_file(args.state))
    except (DigestError, StateError) as error:
        return _fail(str(error))
    try:
        papers = [
            p
            for p in digest.papers
            if (not args.unread or not store.is_read(p.id))
            and (not args.starred or store.is_starred(p.id))
        ]
        if args.format == "json":
            print(listing.to_json(papers, store))
        else:
            print(listing.to_table(papers, store, shutil.get_terminal_size().columns))
    except BrokenPipeError:
        # `reader list ... | head` is fine; silence the interpreter's complaint.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        store.close()
    return 0


def run_app(argv: Sequence[str]) -> int:
    args = app_parser().parse_args(argv)
    if args.bindings:
        return _print_bindings()
    try:
        config = load_config(config_file())
    except ConfigError as error:
        return _fail(str(error))
    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        return _fail(f"{missing[0]}: no such file")
    try:
        store = StateStore(state_file(args.state))
    except StateError as error:
        return _fail(str(error))
    try:
        sources = [Path(s) for s in args.sources] or [default_source(store)]
        from .app import ReaderApp

        ReaderApp(store, sources, config=config, today=args.date, read_after=args.read_after).run()
    finally:
        store.close()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "list":
        return run_list(argv[1:])
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
