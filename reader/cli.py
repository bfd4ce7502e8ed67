"""What the app's command line and the scripting subcommands share; kept light
so that starting the app imports nothing it does not need."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .core.errors import DigestError, SpecError
from .core.sources.specs import Spec, parse_spec

if TYPE_CHECKING:
    from .core.config import Config
    from .core.models import Digest
    from .core.sources.opener import Opener
    from .core.state.store import StateStore

PROG = "reader"
SUBCOMMANDS = {
    "list": ("scripts", "print the papers of sources, as a table or JSON"),
    "fetch": ("scripts", "fetch remote sources into the offline cache"),
    "export": ("state_cli", "export papers as BibTeX, Markdown, JSON or CSV"),
    "mark": ("state_cli", "star, unstar, read or unread papers by id"),
    "stats": ("state_cli", "counts, and papers read per day lately"),
    "serve": ("serve", "serve the app as a web page, for a browser"),
    "paths": ("shell", "where the state, config, cache and exports live, and why"),
    "completion": ("shell", "print a shell completion script (bash, zsh, fish)"),
}
"""Each subcommand: the module of `reader` that runs it (with `run_NAME`, and
`NAME_parser` for its arguments), and what it is for. Named here, so that
starting the app need not import them."""


def subcommand(name: str, what: str = "run") -> Any:
    """A subcommand's `run_NAME` (or `NAME_parser`), imported when asked for."""
    from importlib import import_module

    module = import_module(f"reader.{SUBCOMMANDS[name][0]}")
    return getattr(module, f"run_{name}" if what == "run" else f"{name}_parser")


REMOTE_HELP = (
    "hf (today's Hugging Face Daily Papers), hf:YYYY-MM-DD, hf:week:YYYY-Www, "
    "hf:month:YYYY-MM, arxiv:CAT[+CAT] (an arXiv listing) or arxiv-query:QUERY"
)
SOURCE_HELP = (
    "hf (today's Hugging Face Daily Papers), hf:YYYY-MM-DD, hf:week:YYYY-Www, "
    "hf:month:YYYY-MM, arxiv:CAT[+CAT] (an arXiv listing), arxiv-query:QUERY, inbox, "
    "a file: a copied Daily Papers page, reader JSON, saved HF JSON, RSS or Atom, or "
    "arXiv's digest mail (a saved body, an .eml, an mbox file or a Maildir folder); "
    "or - for a digest piped to standard input"
)


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def nonempty(value: str) -> str:
    """A string option's value: never empty (`--state ""` names no file)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def count_between(low: int, high: int) -> Callable[[str], int]:
    """An integer option's type, refusing values outside `low`..`high`."""

    def number(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {number}")
        return number

    number.__name__ = "number"  # argparse names the type in its messages
    return number


def seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0 <= seconds < float("inf"):  # NaN fails too
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, not {value}")
    return seconds


def add_common_options(parser: argparse.ArgumentParser) -> None:
    add_state_option(parser)
    parser.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="resolve a digest's yearless dates against this day instead of today",
    )


def add_state_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        type=nonempty,
        metavar="PATH",
        help="read/starred state file (default: $READER_STATE, else the user data dir)",
    )


def fail(message: str, code: int = 1) -> int:
    say(message)
    return code


def failed(error: Exception) -> int:
    """Say what went wrong; exit status 2 for a bad argument (as argparse), else 1."""
    from .core.errors import SpecError

    return fail(str(error), 2 if isinstance(error, SpecError) else 1)


STDIN = "-"
"""The SOURCE that reads a digest piped to standard input."""


def stdin_file() -> str:
    """Standard input, kept in a private temporary file that goes at exit, so
    that it opens like any file (formats are told apart by content)."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    if sys.stdin is None or sys.stdin.isatty():
        raise SpecError("- reads a digest piped to standard input, and none is piped in")
    folder = Path(tempfile.mkdtemp(prefix="reader-stdin-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "stdin"
    path.write_bytes(sys.stdin.buffer.read())
    return str(path)


def source_specs(values: Sequence[str]) -> list[Spec]:
    """Parse SOURCE arguments; raises SpecError, or DigestError for a missing file."""
    if values.count(STDIN) > 1:
        raise SpecError("- (standard input) can be given once")
    specs = [parse_spec(stdin_file() if value == STDIN else value) for value in values]
    for spec in specs:
        if spec.kind == "file" and not spec.path.exists():
            raise DigestError(
                spec.value,
                None,
                "no such file (and not a source spec: "
                "hf, hf:DATE, arxiv:CAT, arxiv-query:Q, inbox)",
            )
    return specs


def load_settings() -> Config:
    """The config file's settings; what it holds that reader does not know is
    said on stderr. Raises ConfigError."""
    from .core.config import load_config
    from .core.locations import config_file

    config = load_config(config_file())
    for warning in config.warnings:
        say(f"warning: {warning}")
    return config


def say(message: str) -> None:
    """A message for the user on stderr, whatever the command."""
    print(f"{PROG}: {message}", file=sys.stderr)


def open_store(path: str | None) -> StateStore:
    """The state store for a command; says on stderr if the file had to be set aside.

    Raises StateError when the file cannot be used at all.
    """
    from .core.locations import state_file
    from .core.state.store import StateStore

    store = StateStore(state_file(path))
    if store.notice:
        say(store.notice)
    return store


def close_store(store: StateStore) -> None:
    """Write what is left; a lock held by another reader is waited for, and said."""
    store.close(wait=say)


def open_sources(
    specs: list[Spec], store: StateStore, config: Config, *, today: date | None, remember: bool
) -> tuple[Digest, Opener]:
    """The papers of `specs`, merged (each paper once), as `reader list` and
    `reader export` take them; notices (an offline copy…) are said on stderr.
    Listing is not opening: files join the Inbox only when `remember`. Raises
    DigestError or FetchError."""
    from .core.models import merge
    from .core.sources.opener import Opener, link_identities

    opener = Opener(
        store,
        today=today,
        refresh_after=config.refresh_after,
        config=config,
        remember_files=remember,
        whole_mailboxes=True,  # no day to step to: every digest of an mbox or Maildir
    )
    try:
        results = [opener.open(spec) for spec in specs]
    except BaseException:
        opener.close()
        raise
    for notice in (n for r in results for n in r.notices):
        say(notice)
    digest = merge([r.digest for r in results])
    link_identities(store, digest.papers)
    return digest, opener


def app_parser() -> argparse.ArgumentParser:
    import textwrap

    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=textwrap.fill(
            "Read research-paper digests from the keyboard. With no SOURCE, opens today's "
            "Hugging Face Daily Papers (or the latest earlier day with papers); offline, the "
            "newest cached digest, else the bundled sample digest.",
            79,
        ),
        epilog="subcommands (each has --help):\n"
        + "".join(f"  reader {name:<11} {text}\n" for name, (_, text) in SUBCOMMANDS.items())
        + "\nPress ? in the app for its keys.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", type=nonempty, metavar="SOURCE", help=SOURCE_HELP)
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
