"""User configuration, read from a TOML file. Missing file means defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from .errors import ConfigError

DEFAULT_READ_AFTER = 2.0
DEFAULT_REFRESH_MINUTES = 30
DEFAULT_FETCH_DEADLINE = 60.0
DEFAULT_MAX_DOWNLOAD_MB = 64


class Watch(msgspec.Struct, frozen=True):
    """The watch list, the config's `[watch]` table: papers by these authors
    (whole names, case and accents aside) or with these phrases in the title or
    abstract are marked in every digest."""

    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.authors or self.keywords)


class Config(msgspec.Struct, frozen=True):
    """Settings that change how reader behaves."""

    read_after: float = DEFAULT_READ_AFTER
    """Seconds a paper must stay in the detail pane to become read; 0 is off."""
    keys: dict[str, str] = msgspec.field(default_factory=dict)
    """Binding id to key(s), e.g. {"star": "s,f"}; see `reader --bindings`."""
    refresh_after: float = DEFAULT_REFRESH_MINUTES * 60
    """Seconds after which a cached digest is fetched again when opened."""
    hide_replacements: bool = False
    """Start with arXiv replacement announcements hidden."""
    fetch_deadline: float = DEFAULT_FETCH_DEADLINE
    """Seconds one fetch may take in all, retries included."""
    max_download_mb: int = DEFAULT_MAX_DOWNLOAD_MB
    """The largest answer a fetch accepts, compressed or expanded."""
    searches: dict[str, str] = msgspec.field(default_factory=dict)
    """Saved searches: a name to a query of the filter's language."""
    watch: Watch = msgspec.field(default_factory=Watch)
    subscriptions: tuple[str, ...] = ()
    """The config's `[subscriptions] sources`: specs and files, each as `parse_spec`
    reads it (a file's `~` expanded). A bare `reader` opens the Inbox and
    refreshes them; `reader fetch` with no SPEC refreshes them."""
    list_width: str = ""
    """How wide the list is beside the detail pane: columns ("100") or a share
    of the terminal ("60%"); "" is the default share."""
    source: str = ""
    """The file these settings came from, for messages about it."""
    lines: dict[str, int] = msgspec.field(default_factory=dict)
    """The line of each setting in that file (`keys.star` for a [keys] entry)."""
    warnings: tuple[str, ...] = ()
    """What the file holds that reader does not know, said at start."""

    def where(self, setting: str) -> str:
        """`file:line` of a setting, for a message."""
        line = self.lines.get(setting)
        return f"{self.source}:{line}" if line else self.source


SETTINGS = (
    "state",
    "read_after",
    "refresh_after_minutes",
    "hide_replacements",
    "fetch_deadline_seconds",
    "max_download_mb",
    "list_width",
    "keys",
    "searches",
    "watch",
    "subscriptions",
)
"""Every top-level setting (and table) of config.toml."""


def _searches(value: Any, path: Path) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ConfigError(f"{path}: [searches] maps names to queries (strings)")
    from .query.language import QueryError, parse

    for name, query in value.items():
        try:
            parse(query.strip())
        except QueryError as error:
            raise ConfigError(f"{path}: [searches] {name} = {query!r}: {error}") from None
    return {name: query.strip() for name, query in value.items()}


def _watch(value: Any, path: Path) -> Watch:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [watch] is a table with 'authors' and 'keywords'")
    lists = {}
    for key in ("authors", "keywords"):
        items = value.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise ConfigError(f"{path}: [watch] {key} must be a list of strings")
        lists[key] = tuple(dict.fromkeys(i.strip() for i in items if i.strip()))
    unknown = sorted(set(value) - {"authors", "keywords"})
    if unknown:
        raise ConfigError(f"{path}: [watch] has no setting {unknown[0]!r} (authors, keywords)")
    return Watch(authors=lists["authors"], keywords=lists["keywords"])


def _subscriptions(value: Any, path: Path, lines: dict[str, int]) -> tuple[str, ...]:
    """`[subscriptions] sources`: each a remote spec or a file, refused with its
    line when it cannot be one."""
    where = f"{path}:{lines['subscriptions.sources']}" if "subscriptions.sources" in lines else path
    if not isinstance(value, dict) or set(value) - {"sources"}:
        raise ConfigError(f"{where}: [subscriptions] holds one setting, sources = [...]")
    sources = value.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ConfigError(f"{where}: [subscriptions] sources must be a list of strings")
    found: list[str] = []
    for text in sources:
        try:
            found.append(subscription(text))
        except ConfigError as error:
            raise ConfigError(f"{where}: [subscriptions] {error}") from None
    return tuple(dict.fromkeys(found))


def subscription(text: str) -> str:
    """A subscription as reader keeps it: `hf`, a remote spec's canonical
    spelling, or a file's path with `~` expanded. Raises ConfigError."""
    from .errors import SpecError
    from .sources.specs import parse_spec

    text = text.strip()
    try:
        spec = parse_spec(str(Path(text).expanduser()) if text.startswith("~") else text)
    except SpecError as error:
        raise ConfigError(str(error)) from None
    if spec.kind in ("inbox", "library") or (spec.kind == "hf" and text != "hf"):
        raise ConfigError(
            f"{text!r} cannot be a subscription: subscribe to hf (every day), "
            "arxiv:CATEGORY, arxiv-query:QUERY or a file"
        )
    return "hf" if spec.kind == "hf" else spec.text


def setting_lines(text: str) -> dict[str, int]:
    """The line of each `name = value` in a TOML text, keyed `table.name`
    (a plain `name` at the top): for messages that point into the file."""
    import re

    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header := re.match(r"^\[\s*([^\]]+?)\s*\]", stripped):
            table = header.group(1).strip().strip('"')
        elif found := re.match(r'^("[^"]+"|[A-Za-z0-9_.-]+)\s*=', stripped):
            name = found.group(1).strip('"')
            lines.setdefault(f"{table}.{name}" if table else name, number)
    return lines


def _unknown(data: dict[str, Any], path: Path, lines: dict[str, int]) -> tuple[str, ...]:
    """A warning for each top-level setting reader does not know."""
    import difflib

    warnings = []
    for name in data:
        if name in SETTINGS:
            continue
        near = difflib.get_close_matches(name, SETTINGS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(SETTINGS)})"
        line = lines.get(name)
        where = f"{path}:{line}" if line else str(path)
        warnings.append(f"{where}: unknown setting {name!r}, ignored{hint}")
    return tuple(warnings)


def _list_width(value: Any, path: Path) -> str:
    import re

    text = (
        str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    )
    match = re.fullmatch(r"(\d+)(%?)", text)
    if match is None or (match.group(2) and not 20 <= int(match.group(1)) <= 80):
        raise ConfigError(
            f"{path}: 'list_width' is columns (such as 100) or a share of the terminal "
            'from 20% to 80% (such as "60%")'
        )
    if not match.group(2) and int(match.group(1)) < 30:
        raise ConfigError(f"{path}: 'list_width' of {text} columns is too narrow (30 or more)")
    return text


def _read_after(value: Any, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{path}: 'read_after' must be a number of seconds, 0 or more")
    return float(value)


def configured_state(path: Path) -> tuple[Path, str] | None:
    """The state file config.toml names (`state = "~/Sync/reader/state.json"`:
    a synced folder), and where it says so (`file:line`); None if it names
    none. Read on its own, so that a command that needs no other setting
    still keeps its marks where the user said. Raises ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    if "state" not in text:  # most files: no TOML to parse
        return None
    import tomllib

    try:
        value = tomllib.loads(text).get("state")
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    if value is None:
        return None
    line = setting_lines(text).get("state")
    where = f"{path}:{line}" if line else str(path)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: 'state' is the path of the state file, as a string")
    chosen = Path(value.strip()).expanduser()
    return (chosen if chosen.is_absolute() else path.parent / chosen), where


def load_config(path: Path) -> Config:
    """Load `path`, or the defaults when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    import tomllib  # only when there is a file: it is not needed at every start

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: {error}") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keys.items()
    ):
        raise ConfigError(f"{path}: [keys] maps binding ids to key strings")
    read_after = _read_after(data.get("read_after", DEFAULT_READ_AFTER), path)
    refresh = data.get("refresh_after_minutes", DEFAULT_REFRESH_MINUTES)
    if isinstance(refresh, bool) or not isinstance(refresh, int | float) or refresh < 0:
        raise ConfigError(f"{path}: 'refresh_after_minutes' must be a number, 0 or more")
    deadline = data.get("fetch_deadline_seconds", DEFAULT_FETCH_DEADLINE)
    if isinstance(deadline, bool) or not isinstance(deadline, int | float) or deadline <= 0:
        raise ConfigError(f"{path}: 'fetch_deadline_seconds' must be a number above 0")
    megabytes = data.get("max_download_mb", DEFAULT_MAX_DOWNLOAD_MB)
    if isinstance(megabytes, bool) or not isinstance(megabytes, int) or megabytes <= 0:
        raise ConfigError(f"{path}: 'max_download_mb' must be a whole number above 0")
    hide = data.get("hide_replacements", False)
    if not isinstance(hide, bool):
        raise ConfigError(f"{path}: 'hide_replacements' must be true or false")
    lines = setting_lines(text)
    return Config(
        source=str(path),
        lines=lines,
        warnings=_unknown(data, path, lines),
        list_width=_list_width(data["list_width"], path) if "list_width" in data else "",
        read_after=read_after,
        keys=dict(keys),
        refresh_after=float(refresh) * 60,
        hide_replacements=hide,
        fetch_deadline=float(deadline),
        max_download_mb=megabytes,
        searches=_searches(data.get("searches", {}), path),
        watch=_watch(data.get("watch", {}), path),
        subscriptions=_subscriptions(data.get("subscriptions", {}), path, lines),
    )
