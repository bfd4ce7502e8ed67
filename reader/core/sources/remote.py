"""Fetching digests: Hugging Face Daily Papers and arXiv (listings and searches).

Each source's requests go through `BoundedHttp` (deadline, size cap, retries,
arXiv's rule of one request every three seconds); each answer goes to the one
format that reads it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from ..config import Config
from ..errors import DigestError, FetchError
from ..formats.feeds import parse_atom, parse_rss
from ..formats.hf import parse_hf
from ..models import Digest
from .http import BoundedHttp, check_status
from .specs import Spec

HF_PAGE_SIZE = 100
HF_MAX_PAGES = 100


def hf_base() -> str:
    return os.environ.get("READER_HF_BASE", "https://huggingface.co").rstrip("/")


def arxiv_rss_base() -> str:
    return os.environ.get("READER_ARXIV_RSS_BASE", "https://rss.arxiv.org").rstrip("/")


def arxiv_api_base() -> str:
    return os.environ.get("READER_ARXIV_API_BASE", "https://export.arxiv.org").rstrip("/")


@dataclass
class Fetcher(BoundedHttp):
    """Fetches every kind of remote source, each fetch within the deadline."""

    def fetch(self, spec: Spec, progress: Callable[[int], None] | None = None) -> Digest:
        """Fetch a remote spec; `progress` hears the number of papers so far."""
        return self.bounded(spec.text, lambda: self._fetch(spec, progress))

    def _fetch(self, spec: Spec, progress: Callable[[int], None] | None) -> Digest:
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
            check_status(source, response)
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
        check_status(source, response)
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
        check_status(source, response)
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


def fetcher_for(config: Config | None) -> Fetcher:
    """A fetcher with the configured limits (the defaults without a config)."""
    if config is None:
        return Fetcher()
    return Fetcher(deadline=config.fetch_deadline, max_bytes=config.max_download_mb * 1024 * 1024)


def _hf_key(item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("paper"), dict):
        return str(item["paper"].get("id"))
    return repr(item)
