"""A real HTTP server on 127.0.0.1 that stands in for Hugging Face and arXiv.

It serves the fixture files in the sites' exact shapes and can misbehave on
purpose: a weekend `[]`, a 400 for a future date, a 429 before success, a
500, a timeout, malformed JSON and an arXiv `Error` entry.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlparse

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = "2026-11-28"
"""The server's idea of today (UTC): later dates get HTTP 400."""


def listing_of(day: str, number: int) -> bytes:
    """The arXiv listing fixture as announced on another day (`Mon, 30 Nov
    2026`), its papers numbered anew (2611.3xxxx for `number` 3)."""
    text = (FIXTURES / "arxiv-cs.LG.rss").read_text(encoding="utf-8")
    text = text.replace("Fri, 27 Nov 2026", day)
    for old in ("2611.21001", "2611.20877", "2610.03311", "2609.11452"):
        text = text.replace(old, f"{old[:5]}{number}{old[6:]}")
    return text.encode("utf-8")


def hf_items() -> list[dict[str, Any]]:
    return list(json.loads((FIXTURES / "hf-day.json").read_text(encoding="utf-8")))


def many_items(count: int, day: str) -> list[dict[str, Any]]:
    """`count` distinct items in the real shape, for paging."""
    base = hf_items()[1]
    items = []
    for n in range(count):
        item = copy.deepcopy(base)
        item["paper"]["id"] = f"2611.{30000 + n:05d}"
        item["paper"]["title"] = item["title"] = f"Paged paper number {n} of {day}"
        item["paper"]["upvotes"] = n
        items.append(item)
    return items


class Behaviour:
    """What each day returns; tests may change it while the server runs."""

    def __init__(self) -> None:
        self.days: dict[str, list[dict[str, Any]]] = {
            "2026-11-27": hf_items(),
            "2026-11-26": many_items(130, "2026-11-26"),
            "2026-11-28": [],
        }
        self.requests: list[str] = []
        self.fail_first: dict[str, int] = {}
        """Path+query prefix -> how many 429s to send before succeeding."""
        self.unavailable_first: dict[str, int] = {}
        """Path+query prefix -> how many 503s, with no Retry-After, before succeeding."""
        self.rss: bytes = (FIXTURES / "arxiv-cs.LG.rss").read_bytes()
        """The arXiv listing served (a test sets another day's)."""
        self.rss_status = 200


class Handler(BaseHTTPRequestHandler):
    server: StubServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `behaviour.requests` instead."""

    def _send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        behaviour = self.server.behaviour
        behaviour.requests.append(self.path)
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/api/daily_papers":
            self._daily(query)
        elif url.path.startswith("/rss/"):
            self._send(behaviour.rss_status, behaviour.rss, "application/rss+xml")
        elif url.path == "/api/query":
            name = "arxiv-error.atom" if query.get("search_query") == "ti:" else "arxiv-query.atom"
            self._send(200, (FIXTURES / name).read_bytes(), "application/atom+xml")
        else:
            self._send(404, b"not found", "text/plain")

    def _daily(self, query: dict[str, str]) -> None:
        behaviour = self.server.behaviour
        day = query.get("date", "")
        for prefix, count in list(behaviour.unavailable_first.items()):
            if self.path.startswith(prefix) and count > 0:
                behaviour.unavailable_first[prefix] = count - 1
                self._send(503, b"busy", "text/plain")
                return
        for prefix, count in list(behaviour.fail_first.items()):
            if self.path.startswith(prefix) and count > 0:
                behaviour.fail_first[prefix] = count - 1
                self._send(429, b'{"error": "slow down"}', "application/json", Retry_After="0")
                return
        if day == "2026-11-24":
            self._send(500, b'{"error": "internal"}', "application/json")
            return
        if day == "2026-11-23":
            time.sleep(3)
            self._send(200, b"[]", "application/json")
            return
        if day == "2026-11-22":
            self._send(200, b'[{"paper": {"id": "1", "title": ', "application/json")
            return
        if day and day > TODAY:
            self._send(400, b'{"error": "date is in the future"}', "application/json")
            return
        if "week" in query or "month" in query:
            items = behaviour.days["2026-11-27"] + behaviour.days["2026-11-26"][:5]
        else:
            items = behaviour.days.get(day, [])
        limit = int(query.get("limit", "50"))
        page = int(query.get("p", "0"))
        chunk = items[page * limit : (page + 1) * limit]
        self._send(200, json.dumps(chunk).encode(), "application/json")


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server on a free port of 127.0.0.1, for one test."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


S = TypeVar("S", bound=LoopbackServer)


@contextmanager
def serve(server: S) -> Iterator[S]:
    """Run `server` on a thread for the `with` block, then stop it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class StubServer(LoopbackServer):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.behaviour = Behaviour()


@contextmanager
def running() -> Iterator[StubServer]:
    with serve(StubServer()) as server:
        yield server
