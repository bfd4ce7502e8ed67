"""Command line: `reader [SOURCE ...]` opens the app; `cli.SUBCOMMANDS` names the rest."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from .cli import SUBCOMMANDS


def run_app(argv: Sequence[str]) -> int:
    from .cli import PROG, app_parser, close_store, failed, source_specs
    from .data.config import load_config
    from .data.dates import utc_today
    from .data.errors import ConfigError, DigestError, SpecError, StateError
    from .data.locations import config_file, state_file
    from .data.sources.opener import Opener
    from .data.sources.specs import Spec
    from .data.state.store import StateStore

    args = app_parser().parse_args(argv)
    if args.bindings:
        from . import scripts

        return scripts.print_bindings()
    try:
        config = load_config(config_file())
        specs = source_specs(args.sources) or [Spec("hf", utc_today().isoformat(), implicit=True)]
        store = StateStore(state_file(args.state))
    except (ConfigError, SpecError, DigestError, StateError) as error:
        return failed(error)
    opener = Opener(store, today=args.date, refresh_after=config.refresh_after, config=config)
    # Read what can be read at once before the UI exists, so the first frame has papers.
    initial = opener.preview(specs)
    try:
        from .app import ReaderApp

        ReaderApp(
            store, opener, specs, config=config, read_after=args.read_after, initial=initial
        ).run()
    finally:
        close_store(store)
        opener.close()
    if store.notice:
        print(f"{PROG}: {store.notice}", file=sys.stderr)
    return 0


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
    from .data.collector import startup_paused

    with startup_paused():
        return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
