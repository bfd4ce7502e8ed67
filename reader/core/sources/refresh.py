"""Refreshing the subscriptions (`[subscriptions] sources` in config.toml):
each source fetched, or for a file read again, into the archive.

At once where the source allows it: arXiv asks for one request every three
seconds, so its sources run one after another in one thread; Daily Papers
and each file run in threads of their own. A source that fails names
itself, and the others go on. Daily Papers brings every day since the
newest the archive holds (a week at most), so days away are not lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import msgspec

from ..archive.upkeep import record_fetch
from ..dates import utc_today
from ..errors import DigestError, FetchError, SpecError
from .opener import Opener
from .specs import Spec, parse_spec

Report = Callable[[str, str], None]
"""(source, what is happening): progress of one source."""
HF_DAYS_BACK = 6
"""How many days before today a Daily Papers refresh may reach back."""


class Outcome(msgspec.Struct, frozen=True):
    """How the refresh of one source went."""

    source: str
    papers: int = 0
    """Papers fetched (or read)."""
    added: int = 0
    """Of them, new to the archive."""
    error: str = ""
    """Why it failed; empty when it did not."""
    notices: tuple[str, ...] = ()
    """What it met but went past (an empty answer where the copy had papers)."""


def refresh(
    opener: Opener,
    sources: Sequence[str],
    *,
    report: Report | None = None,
    today: date | None = None,
) -> list[Outcome]:
    """Refresh every source (as the config writes them), each recorded in the
    archive (`reader subscriptions` shows how it went); the outcomes in order."""
    forced = msgspec.structs.replace(opener, refresh_after=0.0, filed=[])
    forced.http()  # one client, and one arXiv clock, for every thread
    told: Report = report or (lambda source, text: None)
    arxiv = [s for s in sources if s.startswith("arxiv")]
    groups = [[s] for s in sources if not s.startswith("arxiv")] + ([arxiv] if arxiv else [])
    day = today or opener.today or utc_today()

    def run(group: list[str]) -> list[Outcome]:
        return [_one(forced, source, day, told) for source in group]

    found: dict[str, Outcome] = {}
    if groups:
        with ThreadPoolExecutor(max_workers=min(8, len(groups))) as pool:
            for outcomes in pool.map(run, groups):
                found.update((o.source, o) for o in outcomes)
    archive = opener.keep().archive
    for outcome in found.values():
        record_fetch(archive, outcome.source, outcome.papers, outcome.added, outcome.error)
    opener.keep().catch_up()
    return [found[s] for s in sources]


def _one(opener: Opener, source: str, today: date, report: Report) -> Outcome:
    report(source, "starting")
    try:
        spec = parse_spec(source, today)
        if source == "hf":  # a subscription to every day; hf:DAY is that day
            outcome = _daily(opener, source, today, report)
        elif spec.is_remote:
            report(source, "fetching")
            opened = opener.open_remote(spec)
            outcome = Outcome(source, len(opened.digest.papers), opened.added, "", opened.notices)
        else:
            outcome = _file(opener, source, spec, report)
    except (FetchError, DigestError, SpecError, OSError) as error:
        outcome = Outcome(source, error=str(error))
    report(source, "failed" if outcome.error else "done")
    return outcome


def _daily(opener: Opener, source: str, today: date, report: Report) -> Outcome:
    """Daily Papers: every day from the newest the archive holds to today."""
    held = [d for d in opener.keep().archive.days("hf") if d <= today.isoformat()]
    first = today - timedelta(days=2)
    if held:
        first = date.fromisoformat(held[-1])  # again: a day gains papers after it begins
    first = max(first, today - timedelta(days=HF_DAYS_BACK))
    days = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    papers = added = 0
    errors: list[str] = []
    notices: list[str] = []
    for number, day in enumerate(days, 1):
        report(source, f"day {number} of {len(days)}")
        try:
            opened = opener.open_remote(Spec("hf", day.isoformat()))
        except FetchError as error:
            if day == today and "HTTP 400" in error.message:
                continue  # today's list is not out yet
            errors.append(str(error))
            if error.offline:
                break
            continue
        papers += len(opened.digest.papers)
        added += opened.added
        notices += opened.notices
    if errors and not papers:
        return Outcome(source, error=errors[-1], notices=tuple(notices))
    return Outcome(source, papers, added, "", tuple(notices + errors))


def _file(opener: Opener, source: str, spec: Spec, report: Report) -> Outcome:
    """A file or mailbox, read again; a mailbox's digests each kept as its day."""
    from ..formats.sniff import kind_of

    handle = opener.keep()
    if not spec.path.exists():
        raise DigestError(source, None, "no such file")
    papers = added = 0
    if kind_of(spec.path) is not None:
        from ..formats.mailbox import index, load_entry

        held = set(handle.archive.days(f"file:{Path(spec.value).resolve()}"))
        keys = [e.key for e in index(spec.path) if e.key not in held]
        for number, key in enumerate(keys, 1):
            report(source, f"mail {number} of {len(keys)}")
            digest, key = load_entry(spec.path, key)
            papers += len(digest.papers)
            added += handle.add(Spec("file", spec.value, part=key), digest, "opened", opener.today)
        return Outcome(source, papers, added)
    report(source, "reading")
    from ..formats.load import load_digest

    digest = load_digest(spec.path, today=opener.today)
    return Outcome(source, len(digest.papers), handle.add(spec, digest, "opened", opener.today))
