"""Every error the core raises for users to read, in one place.

Kept apart so that raising or catching one imports nothing heavy (the HTTP
client, the parsers).
"""

from __future__ import annotations


class FetchError(Exception):
    """A source could not be fetched. `message` says why, `hint` what to try."""

    def __init__(
        self,
        source: str,
        message: str,
        hint: str = "",
        *,
        offline: bool = False,
        timed_out: bool = False,
    ):
        self.source = source
        self.message = message
        self.hint = hint
        self.offline = offline
        """True when the network itself failed (DNS, refused, timeout)."""
        self.timed_out = timed_out
        """True when the server was reached but gave no whole answer in time."""
        stop = "" if message.endswith((".", "!", "?")) else "."
        super().__init__(f"{source}: {message}{stop}" + (f" {hint}" if hint else ""))


class DigestError(Exception):
    """A digest that cannot be read, with the place where reading failed."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


class StateError(Exception):
    """The state file cannot be used and must not be touched."""


class SpecError(ValueError):
    """A spec that names no source."""


class ConfigError(Exception):
    """The configuration file exists but cannot be used."""
