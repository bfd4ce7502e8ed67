"""`python -m reader` and the `reader` command: the command line (`reader.cli`)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
