"""A stand-in for Zotero's connector on 127.0.0.1: it records each request
and answers as Zotero does (`GET /connector/ping`: 200, `POST
/connector/saveItems`: 201), or fails on purpose: a 500, or no answer at all.
A Zotero that is not running is a port where nothing listens."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Mode = Literal["running", "error", "hang"]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class StandIn:
    url: str
    mode: Mode
    requests: list[Request] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    @property
    def saved(self) -> list[dict[str, Any]]:
        """Every item of every saveItems request, in order."""
        return [
            item
            for r in self.requests
            if r.path == "/connector/saveItems"
            for item in r.body["items"]
        ]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `requests`."""

    def _answer(self) -> None:
        stand_in = self.server.stand_in
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        stand_in.requests.append(
            Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        if stand_in.mode == "hang":
            stand_in.released.wait(60)  # never answers while the test runs
            return
        if self.path == "/connector/ping":
            self._send(200, b"Zotero is running")
        elif self.path == "/connector/saveItems" and self.command == "POST":
            if stand_in.mode == "error":
                self._send(500, b"An error occurred while saving")
            else:
                self._send(201, b"")
        else:
            self._send(404, b"No endpoint found")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    stand_in: StandIn


@contextmanager
def zotero(mode: Mode = "running") -> Iterator[StandIn]:
    """A stand-in for Zotero listening on 127.0.0.1 for the duration."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.stand_in = StandIn(f"http://127.0.0.1:{server.server_address[1]}", mode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.stand_in
    finally:
        server.stand_in.released.set()
        server.shutdown()
        server.server_close()


def not_running() -> str:
    """The address of a Zotero that is not running: a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
