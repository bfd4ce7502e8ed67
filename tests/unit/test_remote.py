"""Fetching, caching and falling back, against a real server on 127.0.0.1."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.core.errors import FetchError, SpecError
from reader.core.formats.load import parse_text
from reader.core.models import Link, title_id
from reader.core.sources.cache import read_cache, write_cache
from reader.core.sources.http import _describe_connect_error
from reader.core.sources.opener import Opener
from reader.core.sources.remote import Fetcher
from reader.core.sources.specs import Spec, parse_spec
from reader.core.state.store import StateStore
from tests.conftest import CLOSED_URL
from tests.support.server import StubServer

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def fetcher() -> Fetcher:
    return Fetcher(timeout=1.0, backoff=0.01)


# --- specs -----------------------------------------------------------------------


def test_specs_parse_and_step() -> None:
    today = date(2026, 11, 28)
    assert parse_spec("hf", today).text == "hf:2026-11-28"
    assert parse_spec("hf:2026-11-27").text == "hf:2026-11-27"
    assert parse_spec("hf:week:2026-w48").text == "hf:week:2026-W48"
    assert parse_spec("hf:month:2026-11").text == "hf:month:2026-11"
    assert parse_spec("arxiv:cs.LG+stat.ML").text == "arxiv:cs.LG+stat.ML"
    assert parse_spec("arxiv-query:ti:diffusion").value == "ti:diffusion"
    assert parse_spec("notes.txt").kind == "file"
    day = parse_spec("hf:2026-11-27")
    assert day.step(-1, today) == parse_spec("hf:2026-11-26")
    assert day.step(+1, today) == parse_spec("hf:2026-11-28")
    assert parse_spec("hf:2026-11-28").step(+1, today) is None
    assert parse_spec("hf:week:2026-W01").step(-1, today) == parse_spec("hf:week:2025-W52")
    assert parse_spec("hf:month:2026-01").step(-1, today) == parse_spec("hf:month:2025-12")
    for bad in ("hf:2026-13-01", "hf:week:2026", "arxiv:", "arxiv:cs LG", "arxiv-query:"):
        with pytest.raises(SpecError):
            parse_spec(bad)


# --- Hugging Face ----------------------------------------------------------------------


def test_hf_day_with_its_extra_fields(server: StubServer) -> None:
    digest = fetcher().fetch(parse_spec("hf:2026-11-27"))
    assert [p.id for p in digest.papers] == ["2611.20417", "2611.19002", "2611.18330"]
    first = digest.papers[0]
    assert first.upvotes == 87 and first.comments == 4
    assert first.ai_summary is not None and first.ai_summary.startswith("Tidal Memory keeps")
    assert first.keywords == ("long-horizon agents", "memory", "retrieval", "context budget")
    assert Link("GitHub", "https://github.com/example-lab/tidal-memory") in first.links
    assert first.url == "https://arxiv.org/abs/2611.20417"
    second = digest.papers[1]
    assert second.ai_summary is None and second.keywords == ()
    assert Link("Project page", "https://example.org/quiet-gradients") in second.links
    assert second.title == "Quiet Gradients: Variance Reduction for [Sparse] Mixture-of-Experts"
    assert digest.date == "2026-11-27"


def test_hf_pages_until_a_short_page(server: StubServer) -> None:
    seen: list[int] = []
    digest = fetcher().fetch(parse_spec("hf:2026-11-26"), seen.append)
    assert len(digest.papers) == 130
    assert seen == [100, 130]
    pages = [r for r in server.behaviour.requests if "date=2026-11-26" in r]
    assert len(pages) == 2 and "p=1" in pages[1] and "limit=100" in pages[0]


def test_hf_weekend_is_empty_and_future_is_refused(server: StubServer) -> None:
    assert fetcher().fetch(parse_spec("hf:2026-11-28")).papers == ()
    with pytest.raises(FetchError) as caught:
        # reader refuses a future date itself; a server whose clock is ahead may still say 400.
        fetcher().fetch(Spec("hf", "2026-12-01"))
    assert "HTTP 400" in caught.value.message and "after today" in caught.value.hint
    assert not caught.value.offline


def test_hf_week_and_month(server: StubServer) -> None:
    week = fetcher().fetch(parse_spec("hf:week:2026-W48"))
    assert len(week.papers) == 8
    assert any("week=2026-W48" in r for r in server.behaviour.requests)
    month = fetcher().fetch(parse_spec("hf:month:2026-11"))
    assert len(month.papers) == 8


def test_429_then_success(server: StubServer) -> None:
    server.behaviour.fail_first["/api/daily_papers?date=2026-11-27"] = 2
    digest = fetcher().fetch(parse_spec("hf:2026-11-27"))
    assert len(digest.papers) == 3
    assert sum("date=2026-11-27" in r for r in server.behaviour.requests) == 3


def test_retries_wait_with_jitter(server: StubServer) -> None:
    """Without Retry-After, the n-th wait falls between half and all of
    backoff × 2^(n-1): clients that failed together do not retry in step."""
    for place, jitter in ((0.0, 0.0), (1.0, 0.999999)):
        waits: list[float] = []
        path = f"/api/daily_papers?date=2026-11-2{6 + int(place)}"
        server.behaviour.unavailable_first[path] = 2
        fetched = Fetcher(timeout=1.0, backoff=1.0, sleep=waits.append, jitter=lambda j=jitter: j)
        fetched.fetch(parse_spec(f"hf:2026-11-2{6 + int(place)}"))
        assert waits == pytest.approx([0.5 + 0.5 * jitter, 1.0 + 1.0 * jitter])
    # With the real random numbers, two clients' waits differ, each in its range.
    seen = []
    for day in ("2026-11-20", "2026-11-21"):
        waits = []
        server.behaviour.unavailable_first[f"/api/daily_papers?date={day}"] = 1
        Fetcher(timeout=1.0, backoff=1.0, sleep=waits.append).fetch(parse_spec(f"hf:{day}"))
        assert len(waits) == 1 and 0.5 <= waits[0] < 1.0
        seen += waits
    assert seen[0] != seen[1]


def test_500_timeout_and_malformed_json(server: StubServer) -> None:
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher().fetch(parse_spec("hf:2026-11-24"))
    assert sum("date=2026-11-24" in r for r in server.behaviour.requests) == 4  # 1 + 3 retries
    with pytest.raises(FetchError, match="did not answer within 1 s") as slow:
        fetcher().fetch(parse_spec("hf:2026-11-23"))
    assert slow.value.offline
    with pytest.raises(FetchError, match="not valid JSON"):
        fetcher().fetch(parse_spec("hf:2026-11-22"))


def test_connection_refused_and_dns_messages() -> None:
    with pytest.raises(FetchError) as caught:
        Fetcher(timeout=1.0).fetch(Spec("hf", "2026-11-27"))
    assert caught.value.offline and "refused" in caught.value.message
    message, hint = _describe_connect_error(
        OSError("[Errno -2] Name or service not known"), "huggingface.co"
    )
    assert "DNS" in message and "huggingface.co" in message and hint


# --- arXiv -------------------------------------------------------------------------------


def test_arxiv_rss_listing(server: StubServer) -> None:
    digest = fetcher().fetch(parse_spec("arxiv:cs.LG"))
    assert [p.id for p in digest.papers] == ["2611.21001", "2611.20877", "2610.03311", "2609.11452"]
    first = digest.papers[0]
    assert first.abstract.startswith("Early-exit decoders save compute")
    assert "Announce Type" not in first.abstract and "arXiv:" not in first.abstract
    assert first.authors == ("Lena Hoffmann", "Jun Tanaka", "Priya Raman")
    assert first.categories == ("cs.LG", "eess.AS")
    assert [p.announce for p in digest.papers] == ["new", "cross", "replace", "replace-cross"]
    assert digest.date == "2026-11-27"


def test_arxiv_query_and_its_error_entry(server: StubServer) -> None:
    digest = fetcher().fetch(parse_spec("arxiv-query:ti:diffusion"))
    first = digest.papers[0]
    assert first.id == "2611.20155"
    assert first.title == "Diffusion Policies Under Partial Observability"
    assert Link("PDF", "http://arxiv.org/pdf/2611.20155v2") in first.links
    assert digest.papers[1].links[0] == Link("PDF", "http://arxiv.org/pdf/2611.19876v1")
    assert first.categories[0] == "cs.RO"
    with pytest.raises(FetchError, match="arXiv reported an error: incorrect search query"):
        fetcher().fetch(parse_spec("arxiv-query:ti:"))


def test_arxiv_rate_rule_spaces_requests() -> None:
    waits: list[float] = []
    now = [100.0]
    fetch = Fetcher(arxiv_interval=3.0, sleep=waits.append, clock=lambda: now[0])
    fetch.arxiv_interval = 3.0  # the test environment sets 0; this test wants the rule
    fetch._wait_for_arxiv("arxiv:cs.LG")
    now[0] += 1.0
    fetch._wait_for_arxiv("arxiv:cs.LG")
    assert waits == [pytest.approx(2.0)]


# --- cache and fallback -----------------------------------------------------------------


def test_cache_first_then_offline_fallback(server: StubServer, store: StateStore) -> None:
    spec = parse_spec("hf:2026-11-27")
    first = Opener(store, fetcher=fetcher()).open(spec)
    assert len(first.digest.papers) == 3 and not first.notices
    cached = read_cache(spec.text)
    assert cached is not None and len(cached.digest.papers) == 3
    # Fresh enough: no request at all.
    before = len(server.behaviour.requests)
    Opener(store, fetcher=fetcher()).open(spec)
    assert len(server.behaviour.requests) == before
    # Stale, and the network is gone: the cached copy with a notice.
    shown: list[object] = []
    server.shutdown()
    server.server_close()
    offline = Opener(store, fetcher=fetcher(), refresh_after=0).open(spec, shown.append)
    assert len(offline.digest.papers) == 3
    assert offline.notices and offline.notices[0].startswith("Offline, showing copy from")
    assert len(shown) == 1  # the cached copy was shown before the fetch was tried


def test_no_cache_and_no_network_is_a_clear_error(store: StateStore) -> None:
    with pytest.raises(FetchError) as caught:
        Opener(store, fetcher=Fetcher(timeout=1.0)).open(parse_spec("hf:2026-11-27"))
    assert "hf:2026-11-27" in str(caught.value) and CLOSED_URL.split("//")[1] in str(caught.value)


def test_bare_reader_falls_back_day_by_day_then_offline(
    server: StubServer, store: StateStore
) -> None:
    opener = Opener(store, fetcher=fetcher())
    weekend = Spec("hf", "2026-11-28", implicit=True)
    opened = opener.open(weekend)
    assert opened.spec == parse_spec("hf:2026-11-27")
    assert len(opened.digest.papers) == 3
    assert any("No papers yet for 2026-11-28" in n for n in opened.notices)
    server.shutdown()
    server.server_close()
    offline = Opener(store, fetcher=fetcher(), refresh_after=0).open(
        Spec("hf", "2026-11-29", implicit=True)
    )
    assert len(offline.digest.papers) == 3
    assert offline.notices[0].startswith("Offline")


def test_bare_reader_with_nothing_cached_shows_the_sample(store: StateStore) -> None:
    opened = Opener(store, fetcher=Fetcher(timeout=1.0)).open(
        Spec("hf", "2026-11-28", implicit=True)
    )
    assert opened.digest.papers[0].title.startswith("Sparse Attention Budgets")
    assert "sample digest" in opened.notices[0]


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    spec = "hf:2026-11-27"
    path = write_cache(spec, parse_text("[]", "x.json"))
    assert read_cache(spec) is not None
    path.write_text("{not json")
    assert read_cache(spec) is None


# --- one paper, many sources ---------------------------------------------------------------


def test_a_star_from_a_pasted_page_survives_the_api(server: StubServer, state_path: Path) -> None:
    pasted = parse_text(
        "Daily Papers\n\nNov 27\n\nTidal memory: long-horizon agents that forget on purpose\n\n"
        "Agents forget.\n\n• 3 authors\n·\nNov 26 80\n",
        "pasted.txt",
        today=date(2026, 11, 28),
    )
    paper = pasted.papers[0]
    assert paper.id == title_id(paper.title)
    store = StateStore(state_path)
    store.toggle(paper.id, "starred")
    api = Opener(store, fetcher=fetcher()).open(parse_spec("hf:2026-11-27")).digest
    store.link((p.alt_id, p.id) for p in api.papers if p.alt_id)
    assert store.is_starred("2611.20417")
    store.toggle("2611.20417", "read")
    assert store.is_read(paper.id)  # marked in one place, marked everywhere
    store.close()
    again = StateStore(state_path)
    assert again.is_starred(paper.id) and again.is_read(paper.id)
    assert again.is_starred("2611.20417")
    again.close()


def test_bad_specs_name_the_real_problem() -> None:
    today = date(2026, 11, 28)

    def problem(text: str) -> str:
        with pytest.raises(SpecError) as raised:
            parse_spec(text, today)
        return str(raised.value)

    assert problem("hf:2026-13-45") == "'hf:2026-13-45': there is no month 13 (months run 01 to 12)"
    assert "2024-02 has no day 30 (it has 29 days)" in problem("hf:2024-02-30")
    assert "2026 has no week 54 (it has weeks 01 to 53)" in problem("hf:week:2026-W54")
    assert "no month 0" in problem("hf:month:2026-00")
    assert problem("hf:2026-11-29").startswith(
        "'hf:2026-11-29' is in the future: today is 2026-11-28"
    )
    assert "in the future" in problem("hf:week:2026-W49")
    assert "in the future" in problem("hf:month:2026-12")
    assert "expected hf, hf:YYYY-MM-DD" in problem("hf:yesterday")
    assert parse_spec("hf:2026-11-28", today).text == "hf:2026-11-28"  # today is fine
    assert parse_spec("hf:week:2026-W48", today).text == "hf:week:2026-W48"  # this week too
    assert "did you mean cs.LG" in problem("arxiv:cs.LGG")
    assert "did you mean math.PR" in problem("arxiv:mathPR")
    assert problem("arxiv:cs.XX").startswith(
        "'arxiv:cs.XX': arXiv has no category 'cs.XX'; cs has cs.AI"
    )
    assert "one of the archives" in problem("arxiv:zoology.Birds")
    # Categories are spelled as arXiv spells them, whatever the case typed.
    assert parse_spec("arxiv:cs.lg+STAT.ML+hep-th").text == "arxiv:cs.LG+stat.ML+hep-th"
    assert parse_spec("arxiv:cond-mat.stat-mech").value == "cond-mat.stat-mech"
