"""A state file's data as marks: validated, migrated, named when wrong."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

from ..errors import StateError
from .records import SCHEMA_VERSION, Record, migrate, records_from_docs
from .storage import parse_state, read_regular

Tables = tuple[dict[str, Record], dict[str, str], dict[str, Any]]
"""A state file's marks by paper, its aliases (other id -> id) and its metadata."""


def parse_tables(path: Path, raw: dict[str, Any]) -> Tables:
    """Validate (and migrate) the data of the state file at `path`;
    ValueError says what is wrong with it, StateError that a newer reader
    wrote it."""
    meta_table = raw.get("meta", {})
    papers = raw.get("papers", {})
    if not isinstance(meta_table, dict) or not isinstance(papers, dict):
        raise ValueError("'meta' and 'papers' must be TinyDB tables")
    meta: Any = next(iter(meta_table.values()), {}) if meta_table else {}
    if not isinstance(meta, dict):
        raise ValueError("the meta record is not an object")
    schema = meta.get("schema", SCHEMA_VERSION)
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise ValueError("the schema version is not a number")
    if schema < 1:
        raise ValueError(f"schema version {schema} does not exist")
    if schema > SCHEMA_VERSION:
        raise StateError(
            f"the state file {path} was written by a newer reader "
            f"(schema {schema}; this one reads up to {SCHEMA_VERSION}). "
            "Upgrade reader, or point --state at another file."
        )
    if schema < SCHEMA_VERSION:
        raw = migrate(raw, schema)
        papers = raw.get("papers", {})
    records = records_from_docs(list(papers.values()))
    aliases = meta.get("aliases", {})
    if not isinstance(aliases, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
    ):
        raise ValueError("'aliases' must map ids to ids")
    _check_meta(meta)
    rest = {k: v for k, v in meta.items() if k != "aliases"}
    rest["schema"] = SCHEMA_VERSION
    return records, aliases, rest


def read_tables(path: Path) -> Tables:
    """The marks of the state file at `path` (a copy from another machine):
    nothing if it is empty; OSError if it cannot be read, ValueError if it
    is not a state file."""
    found = read_regular(path)
    if found is None:
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
    data = parse_state(found[0])
    return ({}, {}, {}) if data is None else parse_tables(path, data)


def _check_meta(meta: dict[str, Any]) -> None:
    """Validate the app's metadata; ValueError says what is wrong."""
    recent = meta.get("recent", [])
    if not isinstance(recent, list) or not all(
        isinstance(entry, dict) and isinstance(entry.get("path"), str) for entry in recent
    ):
        raise ValueError("'recent' must be a list of objects with a 'path'")
    theme = meta.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ValueError("'theme' must be a string")
