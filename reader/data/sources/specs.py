"""Source specs: the short names that say where a digest comes from.

`hf`, `hf:2026-11-27`, `hf:week:2026-W48`, `hf:month:2026-11`, `arxiv:cs.LG`
(`+` joins categories), `arxiv-query:QUERY`, `inbox`, or a path to a file.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

import msgspec

from ..errors import SpecError

Kind = Literal["hf", "arxiv", "arxiv-query", "inbox", "file"]
Period = Literal["day", "week", "month"]

_CATEGORY_RE = re.compile(r"^[A-Za-z-]+(?:\.[A-Za-z-]+)?$")


def utc_today() -> date:
    """Hugging Face dates its digests in UTC."""
    return datetime.now(UTC).date()


class Spec(msgspec.Struct, frozen=True):
    """A parsed source spec."""

    kind: Kind
    value: str = ""
    """ISO day, ISO week (2026-W48), month (2026-11), categories, query or path."""
    period: Period = "day"
    implicit: bool = False
    """True for the bare `reader` default: an empty today falls back to earlier days."""

    @property
    def text(self) -> str:
        """The canonical spelling, also the cache key."""
        if self.kind == "hf":
            return f"hf:{self.value}" if self.period == "day" else f"hf:{self.period}:{self.value}"
        if self.kind in ("arxiv", "arxiv-query"):
            return f"{self.kind}:{self.value}"
        if self.kind == "inbox":
            return "inbox"
        return self.value

    @property
    def is_remote(self) -> bool:
        return self.kind in ("hf", "arxiv", "arxiv-query")

    @property
    def path(self) -> Path:
        return Path(self.value)

    @property
    def can_step(self) -> bool:
        return self.kind == "hf"

    def step(self, delta: int, today: date | None = None) -> Spec | None:
        """The previous (-1) or next (+1) day, week or month; None past today."""
        if self.kind != "hf":
            return None
        today = today or utc_today()
        if self.period == "day":
            new = date.fromisoformat(self.value) + timedelta(days=delta)
            return None if new > today else Spec("hf", new.isoformat())
        if self.period == "week":
            year, week = self.value.split("-W")
            monday = date.fromisocalendar(int(year), int(week), 1) + timedelta(weeks=delta)
            if monday > today:
                return None
            iso = monday.isocalendar()
            return Spec("hf", f"{iso.year}-W{iso.week:02d}", "week")
        first_year, first_month = (int(x) for x in self.value.split("-"))
        months = first_year * 12 + first_month - 1 + delta
        start = date(months // 12, months % 12 + 1, 1)
        if start > today:
            return None
        return Spec("hf", f"{start.year:04d}-{start.month:02d}", "month")

    @property
    def label(self) -> str:
        """A human title for the status line."""
        if self.kind == "hf":
            if self.period == "day":
                day = date.fromisoformat(self.value)
                return f"Daily Papers {day:%a} {day.isoformat()}"
            return f"Daily Papers, {self.period} {self.value}"
        if self.kind == "arxiv":
            return f"arXiv {self.value.replace('+', ', ')}"
        if self.kind == "arxiv-query":
            return f"arXiv search: {self.value}"
        if self.kind == "inbox":
            return "Inbox: unread papers from every cached digest"
        return self.path.name


def parse_spec(text: str, today: date | None = None) -> Spec:
    """Read a SOURCE argument; anything that is not a spec is a file path."""
    today = today or utc_today()
    if text == "hf":
        return Spec("hf", today.isoformat(), "day")
    if text == "inbox":
        return Spec("inbox")
    if text.startswith("hf:"):
        rest = text[3:]
        try:
            if rest.startswith("week:"):
                year, week = rest[5:].upper().split("-W")
                monday = date.fromisocalendar(int(year), int(week), 1)
                iso = monday.isocalendar()
                return Spec("hf", f"{iso.year}-W{iso.week:02d}", "week")
            if rest.startswith("month:"):
                year, month = rest[6:].split("-")
                first = date(int(year), int(month), 1)
                return Spec("hf", f"{first.year:04d}-{first.month:02d}", "month")
            return Spec("hf", date.fromisoformat(rest).isoformat(), "day")
        except ValueError:
            raise SpecError(
                f"{text!r}: expected hf, hf:YYYY-MM-DD, hf:week:YYYY-Www or hf:month:YYYY-MM"
            ) from None
    if text.startswith("arxiv:"):
        categories = [c for c in text[6:].split("+") if c]
        if not categories or not all(_CATEGORY_RE.match(c) for c in categories):
            raise SpecError(f"{text!r}: expected arxiv:CATEGORY, e.g. arxiv:cs.LG+stat.ML")
        return Spec("arxiv", "+".join(categories))
    if text.startswith("arxiv-query:"):
        query = text[len("arxiv-query:") :].strip()
        if not query:
            raise SpecError("arxiv-query: needs a query, e.g. arxiv-query:ti:diffusion")
        return Spec("arxiv-query", query)
    return Spec("file", text)
