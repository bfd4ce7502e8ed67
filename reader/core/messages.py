"""Every message a session showed, kept whole: a toast goes, and a header is
cut to its width, but the Messages screen (`M`) reads them all here."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

Severity = Literal["information", "warning", "error"]
LIMIT = 500
"""Messages kept; the oldest go first."""


@dataclass(frozen=True, slots=True)
class Message:
    when: float
    """Epoch seconds."""
    text: str
    title: str = ""
    severity: Severity = "information"

    @property
    def clock(self) -> str:
        return time.strftime("%H:%M:%S", time.localtime(self.when))


class MessageLog:
    """The session's messages, oldest first; the same message twice in a row is kept once."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._messages: list[Message] = []

    def add(self, text: str, title: str = "", severity: Severity = "information") -> None:
        text = text.strip()
        if not text:
            return
        last = self._messages[-1] if self._messages else None
        if last is not None and (last.text, last.title) == (text, title):
            return
        self._messages.append(Message(self.clock(), text, title, severity))
        del self._messages[:-LIMIT]

    def __iter__(self) -> Iterator[Message]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)
