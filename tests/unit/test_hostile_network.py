"""Every fetch ends within a bound, whatever a server on 127.0.0.1 does.

Each case runs the fetch in a fresh process, so that its time and its peak
memory (VmHWM) are its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.sources.cache import read_cache, write_cache
from reader.core.sources.opener import Opener
from reader.core.sources.remote import Fetcher
from reader.core.sources.specs import parse_spec
from reader.core.state.store import StateStore
from tests.support import hostile
from tests.support.hostile import HostileServer

DEADLINE = 4.0
PEAK_LIMIT_MB = 300
"""Well under the 600 MB that a 2 GB body must never come near."""

FETCH = r"""
import json, sys, time
from reader.core.errors import FetchError
from reader.core.sources.remote import Fetcher
from reader.core.sources.specs import parse_spec

fetcher = Fetcher(deadline=float(sys.argv[2]), timeout=20.0, backoff=0.01)
began = time.monotonic()
try:
    digest = fetcher.fetch(parse_spec(sys.argv[1]))
    outcome = {"papers": len(digest.papers)}
except FetchError as error:
    outcome = {"error": str(error)}
outcome["seconds"] = time.monotonic() - began
with open("/proc/self/status") as status:
    outcome["peak_mb"] = next(
        int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM")
    )
print(json.dumps(outcome))
"""


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    with hostile.hostile() as stub:
        monkeypatch.setenv("READER_HF_BASE", stub.url)
        yield stub


def fetch_in_a_process(day: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", FETCH, f"hf:{day}", str(DEADLINE)],
        capture_output=True,
        text=True,
        timeout=DEADLINE + 60,
    )
    assert result.returncode == 0, result.stderr
    outcome: dict[str, Any] = json.loads(result.stdout)
    assert outcome["peak_mb"] < PEAK_LIMIT_MB, outcome
    return outcome


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (hostile.TRICKLE_BODY, f"no complete answer within {DEADLINE:g} s"),
        (hostile.TRICKLE_HEADERS, f"no complete answer within {DEADLINE:g} s"),
        (hostile.ENDLESS, "larger than 64 MB"),
        (hostile.ENDLESS_CHUNKED, "larger than 64 MB"),
        (hostile.GZIP_BOMB, "larger than 64 MB"),
        (hostile.RETRY_NEXT_WEEK, "asks to wait 999999 s"),
        (hostile.OTHER_HOST, "redirected to another host (collector.invalid); not followed"),
    ],
    ids=[
        "trickled body",
        "trickled headers",
        "10 GB body",
        "10 GB chunked",
        "gzip bomb",
        "retry-after",
        "redirect",
    ],
)
def test_a_hostile_server_ends_in_an_error_within_the_deadline(
    server: HostileServer, day: str, says: str
) -> None:
    outcome = fetch_in_a_process(day)
    assert says in outcome.get("error", ""), outcome
    assert outcome["seconds"] < DEADLINE + 1.5, outcome


def test_retry_after_says_when_to_try_again(server: HostileServer) -> None:
    outcome = fetch_in_a_process(hostile.RETRY_NEXT_WEEK)
    assert "Try again after 2" in outcome["error"]  # a date: 20xx-xx-xx hh:mm
    assert outcome["seconds"] < 1.0  # at once, not after waiting in vain


def test_a_redirect_on_the_same_host_is_followed(server: HostileServer) -> None:
    outcome = fetch_in_a_process(hostile.SAME_HOST)
    assert outcome.get("papers") == 12, outcome
    assert server.requests[-2:] == [hostile.SAME_HOST, hostile.GOOD]


def test_the_size_cap_is_configurable(server: HostileServer) -> None:
    fetcher = Fetcher(max_bytes=1024, timeout=5.0)
    with pytest.raises(Exception, match="larger than 0 MB|larger than"):
        fetcher.fetch(parse_spec(f"hf:{hostile.GOOD}"))
    assert len(Fetcher(timeout=5.0).fetch(parse_spec(f"hf:{hostile.GOOD}")).papers) == 12


def test_an_empty_answer_does_not_replace_a_cached_day(
    server: HostileServer, state_path: Path
) -> None:
    spec = parse_spec(f"hf:{hostile.EMPTY}")
    good = Fetcher(timeout=5.0).fetch(parse_spec(f"hf:{hostile.GOOD}"))
    write_cache(spec.text, good)
    store = StateStore(state_path)
    opener = Opener(store, fetcher=Fetcher(timeout=5.0), refresh_after=0)
    opened = opener.open(spec)
    assert len(opened.digest.papers) == 12
    assert any("answered with no papers; keeping the copy" in n for n in opened.notices)
    cached = read_cache(spec.text)
    assert cached is not None and len(cached.digest.papers) == 12
    store.close()


def test_a_stalled_server_falls_back_to_the_cache_with_a_message(
    server: HostileServer, state_path: Path
) -> None:
    spec = parse_spec(f"hf:{hostile.TRICKLE_BODY}")
    write_cache(spec.text, Fetcher(timeout=5.0).fetch(parse_spec(f"hf:{hostile.GOOD}")))
    store = StateStore(state_path)
    opener = Opener(store, fetcher=Fetcher(timeout=5.0, deadline=2.0), refresh_after=0)
    opened = opener.open(spec)
    assert len(opened.digest.papers) == 12
    assert any("Offline, showing copy" in n and "within 2 s" in n for n in opened.notices)
    store.close()


def test_reader_fetch_keeps_the_copy_and_says_so(
    server: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = parse_spec(f"hf:{hostile.EMPTY}")
    write_cache(spec.text, Fetcher(timeout=5.0).fetch(parse_spec(f"hf:{hostile.GOOD}")))
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "config.toml").write_text("fetch_deadline_seconds = 5\n")
    result = subprocess.run(
        [sys.executable, "-m", "reader", "fetch", spec.text],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "keeping the copy" in result.stderr
    cached = read_cache(spec.text)
    assert cached is not None and len(cached.digest.papers) == 12


def test_reader_fetch_errors_are_whole_lines_when_piped(server: HostileServer) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "fetch", f"hf:{hostile.OTHER_HOST}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: hf:2026-11-06: ")
    assert "not followed. Check the base URL" in lines[0]
