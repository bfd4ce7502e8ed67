"""What every command shares: argument types, messages, and the one way to
open the state, the config and the sources, with the one place where the
core's errors become messages and exit statuses.

Kept light: starting the app imports this, and nothing it does not need.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from ..core.errors import ConfigError, DigestError, FetchError, SpecError, StateError
from ..core.sources.specs import Spec, parse_spec

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.archive.handle import ArchiveHandle
    from ..core.config import Config
    from ..core.models import Digest
    from ..core.sources.opener import Opener
    from ..core.state.store import StateStore

PROG = "reader"
REMOTE_HELP = (
    "hf (today's Hugging Face Daily Papers), hf:YYYY-MM-DD, hf:week:YYYY-Www, "
    "hf:month:YYYY-MM, arxiv:CAT[+CAT] (an arXiv listing) or arxiv-query:QUERY"
)
SOURCE_HELP = (
    "hf (today's Hugging Face Daily Papers), hf:YYYY-MM-DD, hf:week:YYYY-Www, "
    "hf:month:YYYY-MM, arxiv:CAT[+CAT] (an arXiv listing), arxiv-query:QUERY, "
    "inbox (the unread papers of every digest), library (every paper the archive holds), "
    "a file: a copied Daily Papers page, reader JSON, saved HF JSON, RSS or Atom, or "
    "arXiv's digest mail (a saved body, an .eml, an mbox file or a Maildir folder); "
    "or - for a digest piped to standard input"
)
STDIN = "-"
"""The SOURCE that reads a digest piped to standard input."""


class Exit(Exception):
    """Ends a command with this status, its reason already said (`cli.main` catches it)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def say(message: str) -> None:
    """A message for the user on stderr, whatever the command."""
    print(f"{PROG}: {message}", file=sys.stderr)


def fail(message: str, code: int = 1) -> NoReturn:
    """Say what went wrong and end the command (2 for a bad argument, as argparse)."""
    say(message)
    raise Exit(code)


@contextmanager
def reported() -> Iterator[None]:
    """The core's errors as what they mean: a message on stderr and an exit
    status, 2 for a source that cannot be right, else 1."""
    try:
        yield
    except SpecError as error:
        fail(str(error), 2)
    except (ConfigError, DigestError, FetchError, StateError) as error:
        fail(str(error))


# --- argument types: each refuses a value it cannot take, with exit 2 ----------------


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


def add_sources(parser: argparse.ArgumentParser, nargs: str, *, remote_only: bool = False) -> None:
    metavar, text = ("SPEC", REMOTE_HELP) if remote_only else ("SOURCE", SOURCE_HELP)
    parser.add_argument("sources", nargs=nargs, type=nonempty, metavar=metavar, help=text)


def add_state_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--state",
        type=nonempty,
        metavar="PATH",
        help="read/starred state file (default: $READER_STATE, else config.toml's "
        "state, else the user data dir)",
    )


def add_common_options(parser: argparse.ArgumentParser) -> None:
    add_state_option(parser)
    parser.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="resolve a digest's yearless dates against this day instead of today",
    )


# --- what a command opens ------------------------------------------------------------


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
    from ..core.config import load_config
    from ..core.locations import config_file

    config = load_config(config_file())
    for warning in config.warnings:
        say(f"warning: {warning}")
    return config


def state_place(path: str | None) -> tuple[Path, str]:
    """The state file a command uses, and what chose it: `--state`, then
    `READER_STATE`, then config.toml's `state` (a synced folder), then the
    data directory. Raises ConfigError when config.toml names it wrongly."""
    import os

    from ..core.config import configured_state
    from ..core.locations import config_file, state_file

    if path:
        return state_file(path), "--state"
    if os.environ.get("READER_STATE"):
        return state_file(), "$READER_STATE"
    configured = configured_state(config_file())
    if configured is not None:
        return configured[0], f"config.toml ({configured[1]})"
    return state_file(), chosen_by("READER_DATA_DIR")


def first_few(ids: Sequence[str], between: str = ", ", shown: int = 10) -> str:
    """The first `shown` of `ids`, and how many more: what a message names."""
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return between.join(ids[:shown]) + more


def chosen_by(*names: str) -> str:
    """What chose a place: the first of the environment variables `names`
    that is set, else the platform's default."""
    import os

    found = next((n for n in names if os.environ.get(n)), None)
    return f"${found}" if found else "the platform's default (platformdirs)"


def open_store(path: str | None) -> StateStore:
    """The state store for a command; says on stderr if the file had to be set aside.

    Raises StateError when the file cannot be used at all, ConfigError when
    config.toml names it wrongly.
    """
    from ..core.state.store import StateStore

    store = StateStore(state_place(path)[0])
    if store.notice:
        say(store.notice)
    return store


def close_store(store: StateStore) -> None:
    """Write what is left; a lock held by another reader is waited for, and said."""
    store.close(wait=say)


class Setup(NamedTuple):
    config: Config
    specs: list[Spec]
    store: StateStore


@contextmanager
def opened(args: argparse.Namespace, *, settings: bool = True) -> Iterator[Setup]:
    """The config (unless the command needs no `settings`), the SOURCEs (if it
    takes any) and the state store of a command, each refused with its reason;
    the store is written at the end."""
    from ..core.config import Config

    with reported():
        config = load_settings() if settings else Config()
        specs = source_specs(getattr(args, "sources", None) or [])
        store = open_store(args.state)
    try:
        with reported():
            yield Setup(config, specs, store)
    finally:
        close_store(store)


def open_archive(store: StateStore, today: date | None = None) -> ArchiveHandle:
    """The archive, for a command that reads or fills it: a damaged file set
    aside is said, and what reader kept before the archive (the cache, the
    files opened) is brought in on first use, with a progress bar."""
    from ..core.archive.handle import default_handle

    handle = default_handle()
    try:
        handle.archive  # noqa: B018 - opened now, to say what opening it found
        if handle.notice:
            say(handle.notice)
        if handle.needs_migration():
            from ..core.archive.migrate import migrate

            with progress_bar("archive: bringing in") as advance:
                migrate(handle, store, today=today, progress=advance)
    except BaseException:
        handle.close()
        raise
    return handle


@contextmanager
def progress_bar(title: str) -> Iterator[Callable[[int, int, str], None]]:
    """A bar on stderr (on a terminal only) that the yielded function moves:
    (done, in all, what)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(title, total=None)

        def advance(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=f"{title} {what}")

        yield advance


def open_sources(
    specs: list[Spec], store: StateStore, config: Config, *, today: date | None, remember: bool
) -> tuple[Digest, Opener]:
    """The papers of `specs`, merged (each paper once), as `reader list` and
    `reader export` take them; notices (an offline copy…) are said on stderr.
    Listing is not opening: files join the Inbox only when `remember`; else
    their papers are kept in the library only (so that a paper starred by
    its id, `reader mark`, exports later). Raises DigestError or FetchError."""
    from ..core.models import merge
    from ..core.sources.identities import link_archived
    from ..core.sources.opener import Opener, sample_digest_path

    opener = Opener(
        store,
        today=today,
        refresh_after=config.refresh_after,
        config=config,
        remember_files=remember,
        whole_mailboxes=True,  # no day to step to: every digest of an mbox or Maildir
        archive=open_archive(store, today),
    )
    try:
        results = [opener.open(spec) for spec in specs]
        if opener.filed:
            opener.file_away()
        sample = sample_digest_path()
        for spec, result in zip(specs, results, strict=True):
            if spec.kind == "file" and not remember and spec.path.resolve() != sample:
                opener.keep().shelve(result.digest)
    except BaseException:
        opener.close()
        raise
    for notice in (n for r in results for n in r.notices):
        say(notice)
    digest = merge([r.digest for r in results])
    link_archived(store, digest.papers)
    return digest, opener
