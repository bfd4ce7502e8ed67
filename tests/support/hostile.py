"""A misbehaving HTTP server on 127.0.0.1, in the Daily Papers API's place.

Each day of November 2026 misbehaves in its own way: a body trickled a byte a
second, headers trickled, a 10 GB body with or without a length, a gzip bomb,
a Retry-After of eleven days, redirects to another host or to the same one,
and an empty answer.
Handlers stop on their own after a while, so a test that gives up leaves no
thread running for long.
"""

from __future__ import annotations

import contextlib
import json
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.support import realshape
from tests.support.server import LoopbackServer, serve

TRICKLE_BODY = "2026-11-01"
TRICKLE_HEADERS = "2026-11-02"
ENDLESS = "2026-11-03"
GZIP_BOMB = "2026-11-04"
RETRY_NEXT_WEEK = "2026-11-05"
OTHER_HOST = "2026-11-06"
SAME_HOST = "2026-11-07"
GOOD = "2026-11-08"
EMPTY = "2026-11-09"
ENDLESS_CHUNKED = "2026-11-10"
GIVE_UP_AFTER = 90.0
"""Seconds after which a slow handler stops by itself."""


class Handler(BaseHTTPRequestHandler):
    server: HostileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
        day = query.get("date", "")
        self.server.requests.append(day)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(day)  # until the client gives up, as it should

    def _answer(self, day: str) -> None:
        started = time.monotonic()
        if day == TRICKLE_BODY:
            self._head(200, {"Content-Length": "100000"})
            self.wfile.write(b"[")
            while time.monotonic() - started < GIVE_UP_AFTER:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        elif day == TRICKLE_HEADERS:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while time.monotonic() - started < GIVE_UP_AFTER:
                self.wfile.write(b"X")
                self.wfile.flush()
                time.sleep(1)
        elif day == ENDLESS:
            self._head(200, {"Content-Length": str(10 * 1024**3)})
            block = b" " * (1 << 20)
            for _ in range(10 * 1024):
                self.wfile.write(block)
        elif day == ENDLESS_CHUNKED:  # no length announced: only counting can stop it
            self._head(200, {"Transfer-Encoding": "chunked"})
            block = b" " * (1 << 20)
            for _ in range(10 * 1024):
                self._chunk(block)
        elif day == GZIP_BOMB:
            self._head(200, {"Content-Encoding": "gzip", "Transfer-Encoding": "chunked"})
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(1 << 20)
            for _ in range(2048):  # 2 GB expanded, about 2 MB on the wire
                self._chunk(packer.compress(zeros))
            self._chunk(packer.flush())
            self.wfile.write(b"0\r\n\r\n")
        elif day == RETRY_NEXT_WEEK:
            self._send(429, b'{"error": "slow down"}', {"Retry-After": "999999"})
        elif day == OTHER_HOST:
            self._send(302, b"", {"Location": "http://collector.invalid/api/daily_papers"})
        elif day == SAME_HOST:
            self._send(302, b"", {"Location": f"/api/daily_papers?date={GOOD}"})
        elif day == GOOD:
            self._send(200, json.dumps(realshape.hf_items(12, authors=9)).encode(), {})
        else:
            self._send(200, b"[]", {})

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self._head(status, {"Content-Length": str(len(body)), **headers})
        self.wfile.write(body)

    def _chunk(self, data: bytes) -> None:
        if data:  # an empty chunk would end the body
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))


class HostileServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.requests: list[str] = []


@contextmanager
def hostile() -> Iterator[HostileServer]:
    with serve(HostileServer()) as server:
        yield server
