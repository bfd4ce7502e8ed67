"""The copies that sync tools write beside a state file two machines changed
while apart: found, and put away in `merged/` once their marks are merged.

Syncthing:  state.sync-conflict-20261203-142501-ABCDEFG.json
Dropbox:    state (Ana's conflicted copy 2026-12-03).json
Nextcloud:  state (conflicted copy 2026-12-03 142501).json  (ownCloud alike)
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

MERGED = "merged"
"""The folder beside the state file that merged copies are moved into."""


def _pattern(target: Path) -> re.Pattern[str]:
    stem, suffix = re.escape(target.stem), re.escape(target.suffix)
    return re.compile(
        rf"{stem}(?:\.sync-conflict-\d{{8}}-\d{{6}}-[A-Za-z0-9]+"
        rf"| \([^()]*conflicted copy[^()]*(?:\(\d+\))?\)){suffix}",
        re.IGNORECASE,
    )


def conflicted_copies(target: Path) -> list[Path]:
    """The conflicted copies of the state file `target` (its real file), oldest
    name first."""
    pattern = _pattern(target)
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
    return sorted(found)


def put_away(copy: Path) -> Path:
    """Move a merged copy into `merged/` beside it, never over another: where it went."""
    folder = copy.parent / MERGED
    folder.mkdir(exist_ok=True)
    counter = 1
    while True:
        name = copy.name if counter == 1 else f"{copy.stem}.{counter}{copy.suffix}"
        place = folder / name
        try:
            os.link(copy, place)  # refused, not overwritten, if that name is taken
        except FileExistsError:
            counter += 1
            continue
        except OSError:  # a file system without hard links
            if place.exists():
                counter += 1
                continue
            copy.rename(place)
            return place
        copy.unlink()
        return place
