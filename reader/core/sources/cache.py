"""The offline cache: every fetched digest, in reader's JSON format.

File names come from the source spec (a readable slug plus a hash), never
from digest content, so nothing in a digest can choose where a file goes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import orjson
from platformdirs import user_cache_path

from ..dates import local_minute
from ..errors import DigestError
from ..formats.reader_json import parse_json
from ..locations import APP_NAME
from ..models import Digest
from ..state.storage import atomic_write


def cache_dir() -> Path:
    """Where fetched digests are kept; `READER_CACHE` overrides it."""
    override = os.environ.get("READER_CACHE")
    return Path(override) if override else user_cache_path(APP_NAME, appauthor=False)


def cache_path(spec_text: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", spec_text)[:60].strip("._") or "digest"
    digest = hashlib.sha1(spec_text.encode("utf-8")).hexdigest()[:12]
    return cache_dir() / "digests" / f"{slug}-{digest}.json"


@dataclass(frozen=True, slots=True)
class Cached:
    """A digest read back from the cache, with when it was fetched."""

    spec: str
    digest: Digest
    fetched: float
    """Epoch seconds."""

    @property
    def age(self) -> float:
        return max(0.0, time.time() - self.fetched)

    @property
    def when(self) -> str:
        return local_minute(self.fetched)


def write_cache(spec_text: str, digest: Digest) -> Path:
    """Store `digest` as the latest copy of `spec_text`."""
    path = cache_path(spec_text)
    data = {
        "spec": spec_text,
        "fetched": time.time(),
        "date": digest.date,
        "title": digest.title,
        "papers": [paper.to_json() for paper in digest.papers],
    }
    atomic_write(path, orjson.dumps(data))
    return path


def _read(path: Path) -> Cached | None:
    try:
        raw = path.read_bytes()
        data = orjson.loads(raw)
        if not isinstance(data, dict) or not isinstance(data.get("spec"), str):
            return None
        digest = parse_json(raw.decode("utf-8"), data["spec"], data)
        fetched = data.get("fetched")
        if not isinstance(fetched, int | float):
            return None
    except (OSError, ValueError, DigestError):
        # The cache is disposable: a damaged entry is simply refetched.
        return None
    return Cached(data["spec"], digest, float(fetched))


def read_cache(spec_text: str) -> Cached | None:
    """The cached copy of `spec_text`, or None."""
    return _read(cache_path(spec_text))


def cached_files() -> list[Path]:
    """The cache's files, one per spec fetched (`read_cached` reads one)."""
    with contextlib.suppress(OSError):
        return sorted((cache_dir() / "digests").glob("*.json"))
    return []


def read_cached(path: Path) -> Cached | None:
    """One file of the cache; None if it cannot be read (it is fetched again)."""
    return _read(path)


def all_cached() -> list[Cached]:
    """Every readable cached digest, newest digest date first."""
    entries = [entry for path in cached_files() if (entry := _read(path)) is not None]
    return sorted(entries, key=lambda c: (c.digest.date or "", c.fetched), reverse=True)
