"""`reader serve`: the same app as a web page, through textual-serve, behind
a token and an Origin check (`reader.web`).

Each browser that opens the page gets its own `reader SOURCE ...` process
with the web driver, the same state file, cache and config as a command
would use (the environment and `--state` pass through).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.sources.specs import Spec
from .common import (
    PROG,
    add_common_options,
    add_sources,
    count_between,
    fail,
    nonempty,
    reported,
    say,
    source_specs,
)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        description="Serve reader as a web page (textual-serve): the same keys, state and "
        "sources, in a browser. Whoever reaches the page controls the app and its state file, "
        "so the printed address carries a random token (a new one at every start), which "
        "sets a cookie in the browser that opens it; anything without it is refused.",
    )
    add_sources(parser, "*")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        type=nonempty,
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port", type=count_between(1, 65535), default=8000, help="port (default: 8000)"
    )
    tokens = parser.add_mutually_exclusive_group()
    tokens.add_argument(
        "--token",
        type=token_value,
        metavar="VALUE",
        help="use this token instead of a new random one (for a bookmark); 16 characters "
        "or more, letters, digits, - and _",
    )
    tokens.add_argument(
        "--no-token",
        action="store_true",
        help="no token: anyone who can reach the port drives reader (loopback only, and "
        "not on a machine others log in to)",
    )
    add_common_options(parser)
    return parser


def token_value(value: str) -> str:
    import re

    if not re.fullmatch(r"[A-Za-z0-9_-]{16,}", value):
        raise argparse.ArgumentTypeError(
            "a token is 16 characters or more of letters, digits, - and _"
        )
    return value


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


def port_problem(host: str, port: int) -> str | None:
    """Why reader cannot listen on `host`:`port`, or None: asked before the
    address is announced, so that a taken port is said plainly."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        return f"cannot listen on {host!r}: {getattr(error, 'strerror', None) or error}"
    with socket.socket(family, kind, proto) as probe:
        # As the server will: an address left in TIME_WAIT is no obstacle.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
            probe.listen()
        except OSError as error:
            holder = port_holder(port)
            held = f", held by {holder}" if holder else ""
            return (
                f"cannot listen on {host} port {port}: {error.strerror or error}{held}. "
                "Choose another with --port."
            )
    return None


def port_holder(port: int) -> str | None:
    """The process listening on `port`, where this system tells (Linux's /proc)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{inode}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").strip()
                return f"process {proc.name} ({command.decode(errors='replace')})"
        except OSError:
            continue  # another user's process, or one that just ended
    return "another user's process"


def run(args: argparse.Namespace) -> int:
    from ..web import GuardedServer, loopback, new_token

    local = loopback(args.host)
    if args.no_token and not local:
        fail(
            f"--no-token is for 127.0.0.1 only: on {args.host} anyone who reaches the port "
            "would drive reader and its state file. Keep the token, and reach it through "
            "HTTPS behind a reverse proxy or an SSH tunnel.",
            2,
        )
    with reported():
        specs = source_specs(args.sources)  # a bad source is refused here, not in every browser
    problem = port_problem(args.host, args.port)
    if problem is not None:
        fail(problem)
    day = args.date.isoformat() if args.date else None
    token = None if args.no_token else args.token or new_token()
    server = GuardedServer(
        app_command(args.sources, specs, args.state, day),
        host=args.host,
        port=args.port,
        token=token,
    )
    if not local:
        say(
            f"warning: serving on {args.host}: whoever has the address with its token drives "
            "reader and its state file, and plain http carries the token in the clear. "
            "Reach it through HTTPS behind a reverse proxy, or keep reader on 127.0.0.1 "
            f"and use an SSH tunnel: ssh -L {args.port}:127.0.0.1:{args.port} this-host"
        )
    if token is None:
        say(
            "warning: --no-token: every user and program on this machine can reach "
            f"127.0.0.1:{args.port} and drive reader: read its notes, change its marks, "
            "export its stars. Use it only on a machine no one else logs in to."
        )
    print(f"reader is served at {server.address} (Ctrl+C stops)", flush=True)
    server.serve()
    return 0
