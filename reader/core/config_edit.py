"""Changes the app makes to `config.toml`: saved searches, the watch list and
the subscriptions.

The file is the user's: tomlkit edits it in place, so comments, order and
formatting survive, and it is written whole (a crash leaves old or new).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from .config import Config, load_config
from .errors import ConfigError

WatchKind = Literal["authors", "keywords"]


def _edit(path: Path, change: Callable[[dict[str, object]], bool]) -> Config:
    """Apply `change` to the file's document and write it if it changed; the
    config as it now is. The file is read just before, so that edits made
    meanwhile (by hand, by another reader) are kept."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from .state.storage import atomic_write

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:
        raise ConfigError(f"{path}: {error}") from None
    if change(document):
        try:
            atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
        except OSError as error:
            raise ConfigError(f"{path}: cannot write: {error.strerror or error}") from None
    return load_config(path)


def _table(document: dict[str, object], name: str) -> dict[str, object]:
    import tomlkit

    table = document.get(name)
    if table is None:
        table = document[name] = tomlkit.table()
    if not isinstance(table, dict):
        raise ConfigError(f"'{name}' in the config is not a table")
    return table


def save_search(path: Path, name: str, query: str) -> Config:
    """Save `query` as the search `name` (replacing one of that name)."""

    def change(document: dict[str, object]) -> bool:
        searches = _table(document, "searches")
        if searches.get(name) == query:
            return False
        searches[name] = query
        return True

    return _edit(path, change)


def watch(path: Path, kind: WatchKind, value: str, *, add: bool = True) -> Config:
    """Add `value` to the watched authors or keywords (or take it out)."""
    return _listed(path, "watch", kind, value, add=add)


def subscribe(path: Path, source: str, *, add: bool = True) -> Config:
    """Add `source` to `[subscriptions] sources` (or take out every spelling
    of it: `~/Mail/arxiv` is the path it expands to)."""
    from .config import subscription

    def same(item: str) -> bool:
        try:
            return subscription(item) == subscription(source)
        except ConfigError:
            return False

    return _listed(path, "subscriptions", "sources", source, add=add, same=same)


def _listed(
    path: Path,
    name: str,
    key: str,
    value: str,
    *,
    add: bool,
    same: Callable[[str], bool] | None = None,
) -> Config:
    """Add `value` to the list `key` of the table `name`, or take out the items
    that are `same` as it (equal, by default)."""
    import tomlkit

    alike = same or (lambda item: item == value)

    def change(document: dict[str, object]) -> bool:
        table = _table(document, name)
        items = table.get(key)
        if items is None:
            items = table[key] = tomlkit.array()
        if not isinstance(items, list):
            raise ConfigError(f"[{name}] {key} in the config is not a list")
        found = [item for item in items if isinstance(item, str) and alike(item)]
        if add:
            if found:
                return False
            items.append(value)
            return True
        for item in found:
            items.remove(item)
        return bool(found)

    return _edit(path, change)
