"""Command line: `reader [SOURCE ...]` opens the app, `reader list` prints."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

from . import __version__
from .data import listing
from .data.cache import write_cache
from .data.config import ConfigError, load_config
from .data.locations import config_file, state_file
from .data.parsers import DigestError
from .data.remote import Fetcher, FetchError
from .data.sources import Opener, merge
from .data.specs import Spec, SpecError, parse_spec, utc_today
from .data.store import StateError, StateStore
from .data.view import View, select

PROG = "reader"
SOURCE_HELP = (
    "hf (today's Hugging Face Daily Papers), hf:YYYY-MM-DD, hf:week:YYYY-Www, "
    "hf:month:YYYY-MM, arxiv:CAT[+CAT] (an arXiv listing), arxiv-query:QUERY, inbox, "
    "or a file: a copied Daily Papers page, reader JSON, saved HF JSON, RSS or Atom"
)


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
            "Read research-paper digests from the keyboard. With no SOURCE, opens today's "
            "Hugging Face Daily Papers (or the latest earlier day with papers); offline, the "
            "newest cached digest, else the bundled sample digest."
        ),
        epilog=(
            "Subcommands: 'reader list SOURCE ...' prints papers, 'reader fetch SPEC ...' fills "
            "the offline cache (see their --help). Press ? in the app for keys."
        ),
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help=SOURCE_HELP)
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
        prog=f"{PROG} list", description="Print the papers of one or more sources."
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    _common(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    parser.add_argument("--unread", action="store_true", help="only unread papers")
    parser.add_argument("--starred", action="store_true", help="only starred papers")
    parser.add_argument(
        "--no-replacements", action="store_true", help="leave out arXiv replacement announcements"
    )
    return parser


def fetch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} fetch",
        description="Fetch remote sources into the offline cache, without opening the app.",
    )
    parser.add_argument("sources", nargs="+", metavar="SPEC", help=SOURCE_HELP)
    return parser


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def _print_bindings() -> int:
    from .bindings import all_bindings, key_display

    for binding in all_bindings():
        print(f"{binding.id:<20} {key_display(binding.key):<12} {binding.tooltip}")
    return 0


def _specs(values: Sequence[str]) -> list[Spec]:
    """Parse SOURCE arguments; raises SpecError, or DigestError for a missing file."""
    specs = [parse_spec(value) for value in values]
    for spec in specs:
        if spec.kind == "file" and not spec.path.exists():
            raise DigestError(
                spec.value,
                None,
                "no such file (and not a source spec: "
                "hf, hf:DATE, arxiv:CAT, arxiv-query:Q, inbox)",
            )
    return specs


def run_list(argv: Sequence[str]) -> int:
    args = list_parser().parse_args(argv)
    try:
        config = load_config(config_file())
        specs = _specs(args.sources)
        store = StateStore(state_file(args.state))
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return _fail(str(error))
    opener = Opener(store, today=args.date, refresh_after=config.refresh_after)
    try:
        results = [opener.open(spec) for spec in specs]
    except (DigestError, FetchError) as error:
        store.close()
        return _fail(str(error))
    for notice in (n for r in results for n in r.notices):
        print(f"{PROG}: {notice}", file=sys.stderr)
    digest = merge([r.digest for r in results])
    store.link((p.alt_id, p.id) for p in digest.papers if p.alt_id)
    view = View(
        unread_only=args.unread, starred_only=args.starred, hide_replacements=args.no_replacements
    )
    papers = select(digest.papers, view, store, None)
    try:
        if args.format == "json":
            print(listing.to_json(papers, store))
        else:
            print(listing.to_table(papers, store, shutil.get_terminal_size().columns))
    except BrokenPipeError:
        # `reader list ... | head` is fine; silence the interpreter's complaint.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    finally:
        store.close()
        opener.fetcher.close()
    return 0


def run_fetch(argv: Sequence[str]) -> int:
    args = fetch_parser().parse_args(argv)
    try:
        specs = [parse_spec(value) for value in args.sources]
    except SpecError as error:
        return _fail(str(error))
    local = [s.text for s in specs if not s.is_remote]
    if local:
        return _fail(f"{local[0]}: not a remote source (hf..., arxiv:..., arxiv-query:...)")
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    fetcher = Fetcher()
    failed = 0
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
                failed += 1
                console.print(f"{PROG}: {error}", markup=False, highlight=False)
                continue
            finally:
                progress.remove_task(task)
            path = write_cache(spec.text, digest)
            print(f"{spec.text}: {len(digest.papers)} papers cached in {path}")
    fetcher.close()
    return 1 if failed else 0


def run_app(argv: Sequence[str]) -> int:
    args = app_parser().parse_args(argv)
    if args.bindings:
        return _print_bindings()
    try:
        config = load_config(config_file())
        specs = _specs(args.sources) or [Spec("hf", utc_today().isoformat(), implicit=True)]
        store = StateStore(state_file(args.state))
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return _fail(str(error))
    opener = Opener(store, today=args.date, refresh_after=config.refresh_after)
    try:
        from .app import ReaderApp

        ReaderApp(store, opener, specs, config=config, read_after=args.read_after).run()
    finally:
        store.close()
        opener.fetcher.close()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "list":
        return run_list(argv[1:])
    if argv and argv[0] == "fetch":
        return run_fetch(argv[1:])
    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
