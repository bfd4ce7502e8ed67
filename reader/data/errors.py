"""Errors shared by the sources, kept apart so that raising or catching them
does not import the HTTP client."""

from __future__ import annotations


class FetchError(Exception):
    """A source could not be fetched. `message` says why, `hint` what to try."""

    def __init__(self, source: str, message: str, hint: str = "", *, offline: bool = False):
        self.source = source
        self.message = message
        self.hint = hint
        self.offline = offline
        """True when the network itself failed (DNS, refused, timeout)."""
        super().__init__(f"{source}: {message}" + (f" {hint}" if hint else ""))
