"""Fetching digests over HTTP: Hugging Face Daily Papers and arXiv.

Uses httpx with timeouts, a clear User-Agent, retries with backoff on 429
and 5xx, and arXiv's rule of one request every three seconds. Every failure
is a `FetchError` that names the source and says what to try.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import orjson

from .. import __version__
from .errors import FetchError
from .feeds import parse_atom, parse_hf, parse_rss
from .models import Digest
from .parsers import DigestError
from .specs import Spec

USER_AGENT = f"reader/{__version__} (terminal reader for research-paper digests; python-httpx)"
HF_PAGE_SIZE = 100
HF_MAX_PAGES = 100
ARXIV_INTERVAL = 3.0
"""Seconds between requests to arXiv, as its API terms ask."""
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def hf_base() -> str:
    return os.environ.get("READER_HF_BASE", "https://huggingface.co").rstrip("/")


def arxiv_rss_base() -> str:
    return os.environ.get("READER_ARXIV_RSS_BASE", "https://rss.arxiv.org").rstrip("/")


def arxiv_api_base() -> str:
    return os.environ.get("READER_ARXIV_API_BASE", "https://export.arxiv.org").rstrip("/")


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


@dataclass
class Fetcher:
    """Makes the HTTP requests for every remote source."""

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0
    arxiv_interval: float = ARXIV_INTERVAL
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        interval = os.environ.get("READER_ARXIV_INTERVAL")
        if interval is not None:
            self.arxiv_interval = float(interval)
        self._last_arxiv: float | None = None
        self._lock = threading.Lock()

    def _client(self) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(self.timeout, connect=min(10.0, self.timeout)),
                headers={"User-Agent": USER_AGENT},
                follow_redirects=True,
            )
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def _wait_for_arxiv(self) -> None:
        with self._lock:
            now = self.clock()
            if self._last_arxiv is not None:
                wait = self._last_arxiv + self.arxiv_interval - now
                if wait > 0:
                    self.sleep(wait)
            self._last_arxiv = self.clock()

    def get(
        self, source: str, url: str, params: dict[str, Any] | None = None, *, arxiv: bool = False
    ) -> httpx.Response:
        """GET with retries on 429/5xx (honouring Retry-After) and clear errors."""
        parsed = httpx.URL(url)
        host = f"{parsed.host}:{parsed.port}" if parsed.port else (parsed.host or url)
        attempt = 0
        while True:
            if arxiv:
                self._wait_for_arxiv()
            try:
                response = self._client().get(url, params=params)
            except httpx.TimeoutException:
                raise FetchError(
                    source,
                    f"{host} did not answer within {self.timeout:g} s",
                    "Try again later, or check your connection.",
                    offline=True,
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
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                attempt += 1
                self.sleep(self._retry_delay(response, attempt))
                continue
            return response

    def _retry_delay(self, response: httpx.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        if header:
            try:
                return min(60.0, max(0.0, float(header)))
            except ValueError:
                try:
                    when = parsedate_to_datetime(header).timestamp()
                    return min(60.0, max(0.0, when - time.time()))
                except (TypeError, ValueError):
                    pass
        return float(self.backoff * 2 ** (attempt - 1))

    # --- sources ---------------------------------------------------------------

    def fetch(self, spec: Spec, progress: Callable[[int], None] | None = None) -> Digest:
        """Fetch a remote spec; `progress` hears the number of papers so far."""
        if spec.kind == "hf":
            return self.fetch_hf(spec, progress)
        if spec.kind == "arxiv":
            return self.fetch_arxiv_rss(spec)
        if spec.kind == "arxiv-query":
            return self.fetch_arxiv_query(spec)
        raise ValueError(f"not a remote spec: {spec.text}")

    def fetch_hf(self, spec: Spec, progress: Callable[[int], None] | None = None) -> Digest:
        source = spec.text
        url = f"{hf_base()}/api/daily_papers"
        key = {"day": "date", "week": "week", "month": "month"}[spec.period]
        items: list[Any] = []
        seen: set[str] = set()
        for page in range(HF_MAX_PAGES):
            response = self.get(source, url, {key: spec.value, "limit": HF_PAGE_SIZE, "p": page})
            if response.status_code == 400:
                raise FetchError(
                    source,
                    f"Hugging Face refused {spec.value} (HTTP 400)",
                    "Dates after today (UTC) have no digest yet.",
                )
            _check_status(source, response)
            try:
                data = orjson.loads(response.content)
            except orjson.JSONDecodeError as error:
                raise FetchError(
                    source,
                    f"the response is not valid JSON ({error})",
                    "The API may have changed; try again later.",
                ) from None
            if not isinstance(data, list):
                raise FetchError(
                    source,
                    "the response is not a list of papers",
                    "The API may have changed; try again later.",
                )
            fresh = [i for i in data if _hf_key(i) not in seen]
            seen.update(_hf_key(i) for i in fresh)
            items.extend(fresh)
            if progress is not None:
                progress(len(items))
            if len(data) < HF_PAGE_SIZE or not fresh:
                break
        try:
            digest = parse_hf(items, source, title=spec.label)
        except DigestError as error:
            raise FetchError(
                source,
                f"unexpected data: {error.message}",
                "The API may have changed; try again later.",
            ) from None
        day = spec.value if spec.period == "day" else None
        return Digest(source=source, papers=digest.papers, date=day, title=spec.label)

    def fetch_arxiv_rss(self, spec: Spec) -> Digest:
        source = spec.text
        response = self.get(source, f"{arxiv_rss_base()}/rss/{spec.value}", arxiv=True)
        _check_status(source, response)
        try:
            return parse_rss(response.content, source, title=spec.label)
        except DigestError as error:
            raise FetchError(
                source, f"the feed is malformed: {error.message}", "Try again later."
            ) from None

    def fetch_arxiv_query(self, spec: Spec) -> Digest:
        source = spec.text
        params = {
            "search_query": spec.value,
            "start": 0,
            "max_results": 200,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        response = self.get(source, f"{arxiv_api_base()}/api/query", params, arxiv=True)
        _check_status(source, response)
        try:
            return parse_atom(response.content, source, title=spec.label)
        except DigestError as error:
            if error.message.startswith("arXiv reported an error"):
                raise FetchError(
                    source,
                    error.message,
                    "Check the query syntax, e.g. ti:diffusion AND cat:cs.LG.",
                ) from None
            raise FetchError(
                source, f"the feed is malformed: {error.message}", "Try again later."
            ) from None


def _hf_key(item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("paper"), dict):
        return str(item["paper"].get("id"))
    return repr(item)


def _check_status(source: str, response: httpx.Response) -> None:
    if response.status_code >= 400:
        reason = response.reason_phrase or ""
        hint = (
            "Try again later."
            if response.status_code >= 500 or response.status_code == 429
            else "Check the source spec."
        )
        raise FetchError(
            source,
            f"HTTP {response.status_code} {reason} from {response.request.url.host}".rstrip(),
            hint,
        )
