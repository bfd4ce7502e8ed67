"""Where digests come from: source specs, fetching, the offline cache, the opener."""

from .opener import Opened, Opener, inbox, library
from .specs import Spec, parse_spec

__all__ = ["Opened", "Opener", "Spec", "inbox", "library", "parse_spec"]
