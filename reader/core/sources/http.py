"""HTTP for every remote source: bounded in time and in size, whatever the server does.

httpx with timeouts, a clear User-Agent, retries with backoff on 429 and 5xx
(honouring Retry-After), redirects only to expected hosts, bodies streamed
under a cap, and one deadline for all the requests of a fetch. Every failure
is a `FetchError` that names the source and says what to try.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx
import msgspec

from ... import __version__
from ..dates import local_minute
from ..errors import FetchError

T = TypeVar("T")

USER_AGENT = f"reader/{__version__} (terminal reader for research-paper digests; python-httpx)"
ARXIV_INTERVAL = 3.0
"""Seconds between requests to arXiv, as its API terms ask."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEADLINE = 60.0
"""Seconds one fetch may take in all, retries and pages included."""
MAX_BYTES = 64 * 1024 * 1024
"""The most one response may hold, compressed or expanded."""
MAX_REDIRECTS = 5
KNOWN_HOSTS = frozenset(
    {"huggingface.co", "arxiv.org", "www.arxiv.org", "export.arxiv.org", "rss.arxiv.org"}
)
"""Hosts a redirect may lead to besides the one asked."""
ENCODINGS = frozenset({"", "identity", "gzip", "deflate"})
"""Content encodings reader asks for; their expansion is bounded chunk by chunk."""


def _describe_connect_error(error: Exception, host: str) -> tuple[str, str]:
    text = str(error).lower()
    if any(
        phrase in text
        for phrase in (
            "name or service",
            "nodename",
            "name resolution",
            "getaddrinfo",
            "no address",
        )
    ):
        return f"could not resolve {host} (DNS failure)", "Check your network connection."
    if "refused" in text:
        return f"connection to {host} refused", "Is the server up? Check the base URL."
    return f"could not connect to {host}: {error}", "Check your network connection."


def _host(url: httpx.URL) -> str:
    return f"{url.host}:{url.port}" if url.port else url.host


class Response(msgspec.Struct, frozen=True):
    """A whole, size-checked response: what the parsers need of it."""

    status_code: int
    reason_phrase: str
    headers: httpx.Headers
    content: bytes
    host: str


@dataclass
class _Budget:
    """When the fetch a thread is running must end (a monotonic clock time)."""

    ends_at: float


@dataclass
class BoundedHttp:
    """HTTP GETs that end within a deadline and never hold more than a cap.

    Every fetch ends within `deadline` seconds, whatever the server does
    (stalls, trickles, floods, asks to retry in a week), and never holds
    more than `max_bytes` of one response, compressed or expanded.
    """

    timeout: float = 20.0
    """Seconds to wait for a connection or for the next bytes."""
    retries: int = 3
    backoff: float = 1.0
    """Seconds before the first retry, doubling each time; each wait is between
    half of that and all of it (jitter), so that clients that failed together
    do not all retry together."""
    jitter: Callable[[], float] = random.random
    """A number in [0, 1) per wait: where in its range the wait falls."""
    arxiv_interval: float = ARXIV_INTERVAL
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    deadline: float = DEADLINE
    max_bytes: int = MAX_BYTES

    def __post_init__(self) -> None:
        interval = os.environ.get("READER_ARXIV_INTERVAL")
        if interval is not None:
            self.arxiv_interval = float(interval)
        self._last_arxiv: float | None = None
        self._lock = threading.Lock()
        self._local = threading.local()
        """Per thread: the `_Budget` of the fetch it is running, if any."""

    def _client(self) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                follow_redirects=False,  # followed by hand, only to hosts that are expected
            )
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def _left(self, source: str) -> float:
        """Seconds left of this fetch's deadline; FetchError once it has passed."""
        budget: _Budget | None = getattr(self._local, "budget", None)
        if budget is None:
            return self.deadline
        left = budget.ends_at - self.clock()
        if left <= 0:
            raise self._overdue(source)
        return left

    def _overdue(self, source: str) -> FetchError:
        return FetchError(
            source,
            f"no complete answer within {self.deadline:g} s",
            "The server is slow or stalled; try again later.",
            offline=True,
            timed_out=True,
        )

    def _wait_for_arxiv(self, source: str) -> None:
        with self._lock:
            now = self.clock()
            if self._last_arxiv is not None:
                wait = self._last_arxiv + self.arxiv_interval - now
                if wait > 0:
                    self._pause(source, wait)
            self._last_arxiv = self.clock()

    def _pause(self, source: str, seconds: float) -> None:
        if seconds >= self._left(source):
            raise FetchError(
                source,
                f"waiting {seconds:g} s more would pass the {self.deadline:g} s deadline",
                "Try again later.",
            )
        self.sleep(seconds)

    def get(
        self,
        source: str,
        url: str,
        params: dict[str, Any] | None = None,
        *,
        arxiv: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """GET with retries on 429/5xx (honouring Retry-After) and clear errors."""
        attempt = 0
        while True:
            if arxiv:
                self._wait_for_arxiv(source)
            response = self._request(source, url, params, headers=headers)
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                attempt += 1
                delay = self._retry_delay(response, attempt)
                if delay >= self._left(source):
                    raise FetchError(
                        source,
                        f"{response.host} asks to wait {delay:g} s before trying again "
                        f"(HTTP {response.status_code})",
                        f"Try again after {local_minute(time.time() + delay)}.",
                    )
                self.sleep(delay)
                continue
            return response

    def post(
        self, source: str, url: str, body: bytes, headers: dict[str, str] | None = None
    ) -> Response:
        """One POST, never retried (the server may have acted on it), within the
        same bounds as a GET."""
        return self._request(source, url, None, method="POST", body=body, headers=headers)

    def _request(
        self,
        source: str,
        url: str,
        params: dict[str, Any] | None,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One request, redirects followed to the same or a known host, body read within bounds."""
        client = self._client()
        request = client.build_request(method, url, params=params, content=body, headers=headers)
        first_host = request.url.host
        for _ in range(MAX_REDIRECTS + 1):
            host = _host(request.url)
            left = self._left(source)
            request.extensions["timeout"] = httpx.Timeout(
                min(self.timeout, left), connect=min(10.0, self.timeout, left)
            ).as_dict()
            try:
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect and response.next_request is not None:
                        following = response.next_request
                        _check_redirect(source, request.url, following.url, first_host)
                        request = following
                        continue
                    return self._read(source, response, host)
                finally:
                    response.close()
            except httpx.TimeoutException:
                raise FetchError(
                    source,
                    f"{host} did not answer within {min(self.timeout, left):g} s",
                    "Try again later, or check your connection.",
                    offline=True,
                    timed_out=True,
                ) from None
            except httpx.ConnectError as error:
                message, hint = _describe_connect_error(error, host)
                raise FetchError(source, message, hint, offline=True) from None
            except httpx.HTTPError as error:
                raise FetchError(
                    source,
                    f"request to {host} failed: {error}",
                    "Check your connection.",
                    offline=True,
                ) from None
        raise FetchError(source, f"more than {MAX_REDIRECTS} redirects", "Check the base URL.")

    def _read(self, source: str, response: httpx.Response, host: str) -> Response:
        """The body, streamed: never more than `max_bytes`, never past the deadline."""
        encoding = response.headers.get("Content-Encoding", "").strip().lower()
        if encoding not in ENCODINGS:
            raise FetchError(source, f"{host} sent an unasked-for encoding ({encoding})")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(source, host)
        chunks: list[bytes] = []
        size = 0
        if response.status_code < 400:  # error bodies are never read: the status says it
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes or response.num_bytes_downloaded > self.max_bytes:
                    raise self._too_large(source, host)
                chunks.append(chunk)
                self._left(source)
        return Response(
            response.status_code, response.reason_phrase, response.headers, b"".join(chunks), host
        )

    def _too_large(self, source: str, host: str) -> FetchError:
        return FetchError(
            source,
            f"the answer from {host} is larger than {self.max_bytes // (1024 * 1024)} MB",
            "The server may be misbehaving; try again later.",
        )

    def _retry_delay(self, response: Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        if header:
            try:
                return max(0.0, float(header))
            except ValueError:
                try:
                    when = parsedate_to_datetime(header).timestamp()
                    return max(0.0, when - time.time())
                except (TypeError, ValueError):
                    pass
        ceiling = self.backoff * 2 ** (attempt - 1)
        return float(ceiling / 2 + ceiling / 2 * self.jitter())

    # --- sources ---------------------------------------------------------------

    def bounded(self, source: str, work: Callable[[], T]) -> T:
        """Run `work` (the requests of one fetch) within the deadline.

        The work runs on a thread of its own and is given up when the deadline
        passes, even if a server keeps one read from ever finishing (headers
        sent a byte at a time): the thread stops at its next check.
        """
        budget = _Budget(self.clock() + self.deadline)
        result: list[T] = []
        failure: list[BaseException] = []

        def run() -> None:
            self._local.budget = budget
            try:
                result.append(work())
            except BaseException as error:  # handed to the caller below
                failure.append(error)

        worker = threading.Thread(target=run, name=f"fetch {source}", daemon=True)
        worker.start()
        worker.join(self.deadline + 1.0)
        if failure:
            raise failure[0]
        if not result:
            budget.ends_at = float("-inf")  # the worker gives up at its next check
            raise self._overdue(source)
        return result[0]


def _check_redirect(source: str, old: httpx.URL, new: httpx.URL, first_host: str) -> None:
    """A redirect may stay on the host asked, or go to a known one; never to plain HTTP."""
    if new.host != first_host and new.host not in KNOWN_HOSTS:
        raise FetchError(
            source,
            f"{_host(old)} redirected to another host ({new.host}); not followed",
            "Check the base URL, or whether a network login page intercepts requests.",
        )
    if old.scheme == "https" and new.scheme != "https":
        raise FetchError(source, f"{_host(old)} redirected from HTTPS to {new.scheme}")


def check_status(source: str, response: Response) -> None:
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        hint = (
            "Try again later."
            if response.status_code >= 500 or response.status_code == 429
            else "Check the source spec."
        )
        raise FetchError(
            source,
            f"HTTP {response.status_code} {reason} from {response.host}".rstrip(),
            hint,
        )
