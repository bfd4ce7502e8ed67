"""Source specs: the short names that say where a digest comes from.

`hf`, `hf:2026-11-27`, `hf:week:2026-W48`, `hf:month:2026-11`, `arxiv:cs.LG`
(`+` joins categories), `arxiv-query:QUERY`, `inbox`, `library`, or a path
to a file.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import msgspec

from ..dates import utc_today
from ..errors import SpecError
from .categories import canonical, unknown_category

Kind = Literal["hf", "arxiv", "arxiv-query", "inbox", "library", "file"]
Period = Literal["day", "week", "month"]


class Spec(msgspec.Struct, frozen=True):
    """A parsed source spec."""

    kind: Kind
    value: str = ""
    """ISO day, ISO week (2026-W48), month (2026-11), categories, query or path."""
    period: Period = "day"
    implicit: bool = False
    """True for the bare `reader` default: an empty today falls back to earlier days."""
    part: str = ""
    """For a mailbox file (mbox, Maildir): which of its digests, by its key
    there; for an arXiv listing, which announcement day the archive keeps
    (empty: today's, fetched)."""

    @property
    def text(self) -> str:
        """The canonical spelling, also the cache key."""
        if self.kind == "hf":
            return f"hf:{self.value}" if self.period == "day" else f"hf:{self.period}:{self.value}"
        if self.kind in ("arxiv", "arxiv-query"):
            return f"{self.kind}:{self.value}"
        if self.kind in ("inbox", "library"):
            return self.kind
        return self.value

    @property
    def is_remote(self) -> bool:
        return self.kind in ("hf", "arxiv", "arxiv-query")

    @property
    def path(self) -> Path:
        return Path(self.value)

    @property
    def can_step(self) -> bool:
        """Whether [ and ] step through its days (an arXiv listing's: those the
        archive holds, which the session asks it for)."""
        return self.kind in ("hf", "arxiv") or (self.kind == "file" and bool(self.part))

    def step(self, delta: int, today: date | None = None) -> Spec | None:
        """The previous (-1) or next (+1) day, week or month; None past today,
        or before Daily Papers began."""
        if self.kind == "file" and self.part:  # the digest before or after, in the mailbox
            from ..formats.mailbox import neighbour

            key = neighbour(self.path, self.part, delta)
            return None if key is None else Spec("file", self.value, part=key)
        if self.kind != "hf":
            return None
        today = today or utc_today()
        if self.period == "day":
            new = date.fromisoformat(self.value) + timedelta(days=delta)
            spec, start, end = Spec("hf", new.isoformat()), new, new
        elif self.period == "week":
            year, week = self.value.split("-W")
            start = date.fromisocalendar(int(year), int(week), 1) + timedelta(weeks=delta)
            iso = start.isocalendar()
            spec, end = Spec("hf", f"{iso.year}-W{iso.week:02d}", "week"), start + timedelta(6)
        else:
            first_year, first_month = (int(x) for x in self.value.split("-"))
            months = first_year * 12 + first_month - 1 + delta
            start = date(months // 12, months % 12 + 1, 1)
            spec, end = Spec("hf", f"{start.year:04d}-{start.month:02d}", "month"), start
        return None if start > today or end < FIRST_MONTH else spec

    @property
    def label(self) -> str:
        """A human title for the status line."""
        if self.kind == "hf":
            if self.period == "day":
                day = date.fromisoformat(self.value)
                return f"Daily Papers {day:%a} {day.isoformat()}"
            return f"Daily Papers, {self.period} {self.value}"
        if self.kind == "arxiv":
            listing = f"arXiv {self.value.replace('+', ', ')}"
            if self.part:
                day = date.fromisoformat(self.part)
                return f"{listing} {day:%a} {day.isoformat()}"
            return listing
        if self.kind == "arxiv-query":
            return f"arXiv search: {self.value}"
        if self.kind in ("inbox", "library"):
            return self.kind.capitalize()
        return self.path.name

    @property
    def short_label(self) -> str:
        """The label for a narrow header: the day, week or month in full, never cut."""
        if self.kind == "hf":
            if self.period == "day":
                day = date.fromisoformat(self.value)
                return f"HF {day:%a} {day.isoformat()}"
            return f"HF {self.period} {self.value}"
        if self.kind == "arxiv-query":
            return f"arXiv: {self.value}"
        return self.label


HF_FORMS = "hf, hf:YYYY-MM-DD, hf:week:YYYY-Www or hf:month:YYYY-MM"
FIRST_MONTH = date(2023, 5, 1)
"""Daily Papers began in May 2023: nothing before it has a digest."""
_DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def _hf_spec(text: str, today: date) -> Spec:
    """`hf:DAY`, `hf:week:WEEK` or `hf:month:MONTH`; a wrong one is named exactly."""
    rest = text[3:]
    period: Period = "day"
    if rest.startswith("week:"):
        period, rest = "week", rest[5:]
    elif rest.startswith("month:"):
        period, rest = "month", rest[6:]
    pattern = {"day": _DAY_RE, "week": _WEEK_RE, "month": _MONTH_RE}[period]
    match = pattern.match(rest)
    if match is None:
        raise SpecError(f"{text!r}: expected {HF_FORMS}")
    year, number, *day = (int(g) for g in match.groups())
    if period == "week":
        weeks = date(year, 12, 28).isocalendar().week
        if not 1 <= number <= weeks:
            raise SpecError(f"{text!r}: {year} has no week {number} (it has weeks 01 to {weeks})")
        start = date.fromisocalendar(year, number, 1)
        spec = Spec("hf", f"{year}-W{number:02d}", "week")
    else:
        if not 1 <= number <= 12:
            raise SpecError(f"{text!r}: there is no month {number} (months run 01 to 12)")
        last = calendar.monthrange(year, number)[1]
        if day and not 1 <= day[0] <= last:
            raise SpecError(
                f"{text!r}: {year}-{number:02d} has no day {day[0]} (it has {last} days)"
            )
        start = date(year, number, day[0] if day else 1)
        spec = Spec("hf", start.isoformat() if day else f"{year}-{number:02d}", period)
    if start > today:
        raise SpecError(
            f"{text!r} is in the future: today is {today.isoformat()} in UTC, "
            "the time zone Daily Papers dates by"
        )
    return spec


def parse_spec(text: str, today: date | None = None) -> Spec:
    """Read a SOURCE argument; anything that is not a spec is a file path."""
    today = today or utc_today()
    if text == "hf":
        return Spec("hf", today.isoformat(), "day")
    if text == "inbox":
        return Spec("inbox")
    if text == "library":
        return Spec("library")
    if text.startswith("hf:"):
        return _hf_spec(text, today)
    if text.startswith("arxiv:"):
        categories = []
        for code in (c for c in text[6:].split("+") if c):
            known = canonical(code)
            if known is None:
                raise SpecError(f"{text!r}: {unknown_category(code)}")
            categories.append(known)
        if not categories:
            raise SpecError(f"{text!r}: expected arxiv:CATEGORY, e.g. arxiv:cs.LG+stat.ML")
        return Spec("arxiv", "+".join(categories))
    if text.startswith("arxiv-query:"):
        query = text[len("arxiv-query:") :].strip()
        if not query:
            raise SpecError("arxiv-query: needs a query, e.g. arxiv-query:ti:diffusion")
        return Spec("arxiv-query", query)
    return Spec("file", text)
