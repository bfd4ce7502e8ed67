"""`reader completion`: shell completion, from the command line's own parsers.

Completion is argcomplete's: `reader completion SHELL` prints its shell code,
and that code runs `reader` again with `_ARGCOMPLETE` set, which `complete`
answers from the same argument parsers the commands use, so a new flag is
completed as soon as it exists.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .common import PROG

SHELLS = ("bash", "zsh", "fish")
SPECS = ("hf", "hf:", "hf:week:", "hf:month:", "arxiv:", "arxiv-query:", "inbox", "library")
"""What a source may begin with, besides a file."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} completion",
        description="Print a shell completion script for reader (made by argcomplete from "
        "reader's own argument parser). Install it as the README says, for example "
        "`reader completion bash > ~/.local/share/bash-completion/completions/reader`.",
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    return parser


def run(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode([PROG], shell=args.shell))
    return 0


# --- answering the shell ---------------------------------------------------------------


def complete() -> None:
    """Answer a completion request (`_ARGCOMPLETE` is set) and exit.

    The first word may be a subcommand or a source; after a subcommand, that
    subcommand's own parser completes.
    """
    import argcomplete

    line = os.environ.get("COMP_LINE", "")[: int(os.environ.get("COMP_POINT", "0"))]
    words = line.split()
    typing_first = len(words) < 2 or (len(words) == 2 and not line.endswith(" "))
    from . import SUBCOMMANDS

    if not typing_first and words[1] in SUBCOMMANDS:
        parser = argparse.ArgumentParser(prog=PROG)
        commands = parser.add_subparsers(dest="command")
        for name in SUBCOMMANDS:
            commands.add_parser(name, parents=[_parser(name)], add_help=False)
    else:
        parser = _app_parser()
    argcomplete.autocomplete(parser)
    sys.exit(0)  # not reached: autocomplete exits; without _ARGCOMPLETE it returns


def _app_parser() -> argparse.ArgumentParser:
    from .app import parser as app_parser

    parser = app_parser()
    _complete_sources(parser, first=True)
    return parser


def _parser(name: str) -> argparse.ArgumentParser:
    """A subcommand's own parser, its sources completed as specs and files."""
    from . import SUBCOMMANDS

    parser = SUBCOMMANDS[name].parser()
    _complete_sources(parser, first=False)
    return parser


def _complete_sources(parser: argparse.ArgumentParser, *, first: bool) -> None:
    for action in parser._actions:
        if action.dest == "sources":
            action.completer = _Sources(first)  # type: ignore[attr-defined]


class _Sources:
    """Completes a SOURCE: the specs, arXiv categories after `arxiv:`, files;
    and, as the first word, the subcommands."""

    def __init__(self, first: bool) -> None:
        self.first = first

    def __call__(self, prefix: str, **_: Any) -> list[str]:
        if prefix.startswith("arxiv:"):
            from ..core.sources.categories import CATEGORIES

            head, plus, last = prefix.removeprefix("arxiv:").rpartition("+")
            start = f"arxiv:{head}{plus}"
            return [start + c for c in sorted(CATEGORIES) if c.lower().startswith(last.lower())]
        found = [s for s in SPECS if s.startswith(prefix)]
        if self.first:
            from . import SUBCOMMANDS

            found += [name for name in SUBCOMMANDS if name.startswith(prefix)]
        if ":" not in prefix:
            found += _files(prefix)
        return found


def _files(prefix: str) -> list[str]:
    folder, _, start = prefix.rpartition("/")
    base = Path(folder or ".").expanduser()
    try:
        entries = sorted(base.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.name.startswith(start) and not entry.name.startswith("."):
            name = f"{folder}/{entry.name}" if folder else entry.name
            found.append(name + "/" if entry.is_dir() else name)
    return found
