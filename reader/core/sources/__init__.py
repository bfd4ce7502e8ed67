"""Where digests come from: source specs, fetching, the offline cache, the opener."""

from .opener import Opened, Opener
from .specs import Spec, parse_spec

__all__ = ["Opened", "Opener", "Spec", "parse_spec"]
