"""The core: papers, where they come from, what the reader marks, how they
are searched and read. Plain Python, importing no Textual (a test holds it
to that), so that the app, the command line and the tests share it.

Its rooms: `formats` (reading digest files), `sources` (specs, fetching, the
cache, the opener), `state` (marks in the TinyDB state file), `query` (the
query language and the search index), `reading` (a session over a digest);
beside them the records (`models`), text hygiene (`text`), dates, errors,
settings (`config`), locations, the message log and exports.
"""

from .config import Config, Watch, load_config
from .errors import ConfigError, DigestError, FetchError, SpecError, StateError
from .models import Detail, Digest, Link, Paper, normalise_id

__all__ = [
    "Config",
    "ConfigError",
    "Detail",
    "Digest",
    "DigestError",
    "FetchError",
    "Link",
    "Paper",
    "SpecError",
    "StateError",
    "Watch",
    "load_config",
    "normalise_id",
]
