"""Command line: `reader [SOURCE ...]` opens the app; `cli.SUBCOMMANDS` names the rest."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from .cli import SUBCOMMANDS


def run_app(argv: Sequence[str]) -> int:
    from .bindings import keymap_problems
    from .cli import PROG, app_parser, close_store, fail, failed, source_specs
    from .core.config import load_config
    from .core.dates import utc_today
    from .core.errors import ConfigError, DigestError, SpecError, StateError
    from .core.locations import config_file, state_file
    from .core.sources.opener import Opener
    from .core.sources.specs import Spec
    from .core.state.store import StateStore

    args = app_parser().parse_args(argv)
    if args.bindings:
        from . import scripts

        return scripts.print_bindings()
    try:
        config = load_config(config_file())
        warnings, errors = keymap_problems(config.keys, config.where)
        if errors:
            return fail("\n".join(errors))
        specs = source_specs(args.sources) or [Spec("hf", utc_today().isoformat(), implicit=True)]
        store = StateStore(state_file(args.state))
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return failed(error)
    if "-" in args.sources and not terminal_as_stdin():
        close_store(store)
        return fail("a digest was piped in, and there is no terminal to read keys from")
    opener = Opener(store, today=args.date, refresh_after=config.refresh_after, config=config)
    try:
        # Read what can be read at once before the UI exists, so the first frame has
        # papers, and a file that cannot be read is refused before any screen.
        initial = opener.preview(specs)
    except DigestError as error:
        close_store(store)
        return failed(error)
    try:
        from .app import ReaderApp

        ReaderApp(
            store,
            opener,
            specs,
            config=config,
            read_after=args.read_after,
            initial=initial,
            warnings=[*config.warnings, *warnings],
        ).run()
    finally:
        close_store(store)
        opener.close()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
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


def main(argv: Sequence[str] | None = None) -> int:
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (`reader completion`)
        from .shell import complete

        complete()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        from .cli import subcommand

        run: Callable[[Sequence[str]], int] = subcommand(argv[0])
        try:
            code = run(argv[1:])
            sys.stdout.flush()  # inside: a reader that left (`| head`) is found here
        except BrokenPipeError:
            # `reader stats | head -1`: the rest of the output has nowhere to go,
            # which is no error. Point stdout at nothing, so that the flush at
            # exit does not complain either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        return code
    # Starting the app makes objects that live on (modules, styles, widgets,
    # papers); collecting garbage meanwhile only scans them again and again,
    # about 25 ms of every start. So collection is off until the first frame is
    # out: the app freezes what it has then and turns it back on.
    from .core.collector import startup_paused

    with startup_paused():
        return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
