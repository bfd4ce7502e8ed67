"""`reader serve`: the same app as a web page, through textual-serve.

Each browser that opens the page gets its own `reader SOURCE ...` process
with the web driver, the same state file, cache and config as a command
would use (the environment and `--state` pass through).
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from .cli import PROG, SOURCE_HELP, add_common_options, failed, say, source_specs
from .data.errors import DigestError, SpecError
from .data.sources.specs import Spec


def serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        description="Serve reader as a web page (textual-serve): the same keys, state and "
        "sources, in a browser. Whoever reaches the page controls the app and its state file, "
        "and there is no login: keep it on this machine, or reach it through an SSH tunnel.",
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help=SOURCE_HELP)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    add_common_options(parser)
    return parser


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(
    sources: Sequence[str], specs: Sequence[Spec], state: str | None, day: str | None
) -> str:
    """The command each browser's app runs: `reader` as a user would type it
    (a bare `hf` stays "today" for every browser, however long it runs)."""
    argv = [sys.executable, "-m", "reader"]
    for source, spec in zip(sources, specs, strict=True):
        # Files by absolute path: the app may start elsewhere.
        argv.append(str(spec.path.resolve()) if spec.kind == "file" else source)
    if state:
        argv += ["--state", str(Path(state).resolve())]
    if day:
        argv += ["--date", day]
    return shlex.join(argv)


def run_serve(argv: Sequence[str]) -> int:
    args = serve_parser().parse_args(argv)
    try:
        specs = source_specs(args.sources)  # a bad source is refused here, not in every browser
    except (SpecError, DigestError) as error:
        return failed(error)
    from textual_serve.server import Server

    day = args.date.isoformat() if args.date else None
    server = Server(
        app_command(args.sources, specs, args.state, day), host=args.host, port=args.port
    )
    server.title = "reader"
    if not loopback(args.host):
        say(
            f"warning: serving on {args.host}: anyone who reaches this address controls "
            "reader and its state file (there is no login). Prefer 127.0.0.1 and an SSH "
            "tunnel: ssh -L 8000:127.0.0.1:8000 this-host"
        )
    print(f"reader is served at {server.public_url} (Ctrl+C stops)", flush=True)
    server.serve()
    return 0
