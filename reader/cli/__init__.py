"""reader's command line: `reader [SOURCE ...]` opens the app; the subcommands
script it. Each subcommand is a module of this package with a `parser()` and
a `run(args)`, registered below by name; a module is imported only when its
command runs, so that starting the app imports none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .common import PROG, Exit

__all__ = ["PROG", "SUBCOMMANDS", "Subcommand", "main"]


Parser = Callable[[], argparse.ArgumentParser]
Run = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Subcommand:
    """A subcommand: what it is for, and its module's `parser` and `run`
    (imported when the command runs)."""

    summary: str
    load: Callable[[], tuple[Parser, Run]]

    def parser(self) -> argparse.ArgumentParser:
        return self.load()[0]()

    def run(self, argv: Sequence[str]) -> int:
        parser, run = self.load()
        return run(parser().parse_args(argv))


def _list() -> tuple[Parser, Run]:
    from .listing import parser, run  # not `list.py`: the package would shadow the builtin

    return parser, run


def _fetch() -> tuple[Parser, Run]:
    from .fetch import parser, run

    return parser, run


def _export() -> tuple[Parser, Run]:
    from .export import parser, run

    return parser, run


def _mark() -> tuple[Parser, Run]:
    from .mark import parser, run

    return parser, run


def _merge() -> tuple[Parser, Run]:
    from .merge import parser, run

    return parser, run


def _zotero() -> tuple[Parser, Run]:
    from .zotero import parser, run

    return parser, run


def _stats() -> tuple[Parser, Run]:
    from .stats import parser, run

    return parser, run


def _serve() -> tuple[Parser, Run]:
    from .serve import parser, run

    return parser, run


def _import() -> tuple[Parser, Run]:
    from .importing import parser, run  # not `import.py`: a keyword

    return parser, run


def _archive() -> tuple[Parser, Run]:
    from .archive import parser, run

    return parser, run


def _subscriptions() -> tuple[Parser, Run]:
    from .subscriptions import parser, run

    return parser, run


def _paths() -> tuple[Parser, Run]:
    from .paths import parser, run

    return parser, run


def _completion() -> tuple[Parser, Run]:
    from .completion import parser, run

    return parser, run


SUBCOMMANDS: dict[str, Subcommand] = {
    "list": Subcommand("print the papers of sources, as a table or JSON", _list),
    "fetch": Subcommand("fetch sources, or every subscription, into the archive", _fetch),
    "export": Subcommand(
        "export papers as BibTeX, biblatex, CSL-JSON, RIS, Markdown, JSON or CSV", _export
    ),
    "zotero": Subcommand("send papers to a running Zotero", _zotero),
    "mark": Subcommand("star, read, note or tag papers by id (and undo each)", _mark),
    "merge": Subcommand("merge the marks of state files from other machines", _merge),
    "stats": Subcommand("counts, and papers read per day lately", _stats),
    "serve": Subcommand("serve the app as a web page, for a browser", _serve),
    "import": Subcommand("import arXiv's metadata snapshot into the archive", _import),
    "archive": Subcommand("what the archive holds (stats), and pruning it", _archive),
    "subscriptions": Subcommand(
        "the subscribed sources, and how each last fetch went", _subscriptions
    ),
    "paths": Subcommand("where the state, archive, config, cache and exports live", _paths),
    "completion": Subcommand("print a shell completion script (bash, zsh, fish)", _completion),
}


def main(argv: Sequence[str] | None = None) -> int:
    """`reader ...`: a subcommand, else the app; the exit status."""
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (`reader completion`)
        from .completion import complete

        complete()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            code = SUBCOMMANDS[argv[0]].run(argv[1:])
            sys.stdout.flush()  # inside: a reader that left (`| head`) is found here
            return code
        from .app import run_app

        return run_app(argv)
    except Exit as done:
        return done.code
    except BrokenPipeError:
        # `reader stats | head -1`: the rest of the output has nowhere to go, which is
        # no error. Point stdout at nothing, so that the flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
