"""`reader [SOURCE ...]`: the app itself, after what can be refused is refused
(a source that cannot be right, a file that cannot be read, a key already
bound) and what can be read at once is read, so the first frame has papers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .common import (
    PROG,
    add_common_options,
    add_sources,
    close_store,
    fail,
    open_archive,
    open_store,
    reported,
    say,
    seconds,
    source_specs,
)


def parser() -> argparse.ArgumentParser:
    import textwrap

    from .. import __version__
    from . import SUBCOMMANDS

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=textwrap.fill(
            "Read research-paper digests from the keyboard. With no SOURCE: with "
            "subscriptions ([subscriptions] sources in config.toml), the Inbox, while every "
            "subscription is refreshed; else today's Hugging Face Daily Papers (or the "
            "latest earlier day with papers); offline, the newest cached digest, else the "
            "bundled sample digest.",
            79,
        ),
        epilog="subcommands (each has --help):\n"
        + "".join(f"  reader {name:<11} {sub.summary}\n" for name, sub in SUBCOMMANDS.items())
        + "\nPress ? in the app for its keys.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_sources(parser, "*")
    add_common_options(parser)
    parser.add_argument(
        "--read-after",
        type=seconds,
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


def print_bindings() -> int:
    from ..bindings import all_bindings, key_display

    bindings = all_bindings()
    width = max(len(key_display(binding.key)) for binding in bindings)
    for binding in bindings:
        print(f"{binding.id:<20} {key_display(binding.key):<{width}}  {binding.tooltip}")
    return 0


def run_app(argv: Sequence[str]) -> int:
    # Starting the app makes objects that live on (modules, styles, widgets,
    # papers); collecting garbage meanwhile only scans them again and again,
    # about 25 ms of every start. So collection is off until the first frame is
    # out: the app freezes what it has then and turns it back on.
    from ..core.collector import startup_paused

    with startup_paused():
        return run(parser().parse_args(argv))


def run(args: argparse.Namespace) -> int:
    from ..bindings import keymap_problems
    from ..core.config import load_config
    from ..core.dates import utc_today
    from ..core.locations import config_file
    from ..core.sources.opener import Opener
    from ..core.sources.specs import Spec

    if args.bindings:
        return print_bindings()
    with reported():
        config = load_config(config_file())  # its warnings are said in the app
        warnings, errors = keymap_problems(config.keys, config.where)
        if errors:
            fail("\n".join(errors))
        specs = source_specs(args.sources)
        refresh = not specs and bool(config.subscriptions)
        if refresh:  # subscribed: the Inbox at once, the subscriptions fetched meanwhile
            specs = [Spec("inbox")]
        specs = specs or [Spec("hf", utc_today().isoformat(), implicit=True)]
        store = open_store(args.state)
    try:
        with reported():
            archive = open_archive(store, args.date)
    except BaseException:
        close_store(store)
        raise
    opener = Opener(
        store,
        today=args.date,
        refresh_after=config.refresh_after,
        config=config,
        archive=archive,
    )
    try:
        if "-" in args.sources and not terminal_as_stdin():
            fail("a digest was piped in, and there is no terminal to read keys from")
        with reported():
            # Read what can be read at once, before the UI exists: the first frame
            # has papers, and a file that cannot be read is refused before any screen.
            initial = opener.preview(specs)
        from ..app import ReaderApp

        ReaderApp(
            store,
            opener,
            specs,
            config=config,
            read_after=args.read_after,
            initial=initial,
            warnings=[*config.warnings, *warnings, *([archive.notice] if archive.notice else [])],
            refresh=refresh,
        ).run()
    finally:
        close_store(store)
        opener.close()
    if store.notice:
        say(store.notice)
    return 0


def terminal_as_stdin() -> bool:
    """After a digest was read from a pipe, keys come from the terminal (as in
    `less`): False when there is none."""
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    os.dup2(terminal, 0)
    os.close(terminal)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    return True
