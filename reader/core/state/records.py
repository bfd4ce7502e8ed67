"""The state kept for one paper, its file form, and schema migrations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal, cast

import msgspec

SCHEMA_VERSION = 2
"""1: read/starred. 2: adds notes and tags."""

Field = Literal["read", "starred", "note", "tags"]
Value = bool | str | tuple[str, ...]
FIELDS: tuple[Field, ...] = ("read", "starred", "note", "tags")


class Record(msgspec.Struct, frozen=True):
    """One paper's state; `t_*` is when each field last changed (epoch s)."""

    read: bool = False
    starred: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    t_read: float = 0.0
    t_starred: float = 0.0
    t_note: float = 0.0
    t_tags: float = 0.0

    def get(self, field: Field) -> Value:
        return cast(Value, getattr(self, field))

    def changed(self, field: Field) -> float:
        return cast(float, getattr(self, f"t_{field}"))

    def with_value(self, field: Field, value: Value, now: float) -> Record:
        return msgspec.structs.replace(self, **{field: value, f"t_{field}": now})

    def merged(self, other: Record) -> Record:
        """Each field from whichever record changed it last."""
        result = self
        for field in FIELDS:
            if other.changed(field) > result.changed(field):
                result = result.with_value(field, other.get(field), other.changed(field))
        return result

    def to_doc(self, paper_id: str) -> dict[str, Any]:
        return {
            "id": paper_id,
            "read": self.read,
            "starred": self.starred,
            "note": self.note,
            "tags": list(self.tags),
            "t_read": self.t_read,
            "t_starred": self.t_starred,
            "t_note": self.t_note,
            "t_tags": self.t_tags,
        }


class Change(msgspec.Struct, frozen=True):
    """One field's previous value, enough to undo it."""

    paper_id: str
    field: Field
    before: Value


def record_from_doc(doc: Any) -> tuple[str, Record]:
    """Validate one stored document; raises ValueError naming what is wrong."""
    if not isinstance(doc, dict):
        raise ValueError("a paper record is not an object")
    paper_id = doc.get("id")
    if not isinstance(paper_id, str) or not paper_id:
        raise ValueError("a paper record has no string 'id'")
    read, starred = doc.get("read", False), doc.get("starred", False)
    if not isinstance(read, bool) or not isinstance(starred, bool):
        raise ValueError(f"record {paper_id!r}: 'read' and 'starred' must be true or false")
    note, tags = doc.get("note", ""), doc.get("tags", [])
    if not isinstance(note, str):
        raise ValueError(f"record {paper_id!r}: 'note' must be a string")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"record {paper_id!r}: 'tags' must be a list of strings")
    times = [doc.get(f"t_{field}", 0.0) for field in FIELDS]
    if not all(isinstance(t, int | float) and not isinstance(t, bool) for t in times):
        raise ValueError(f"record {paper_id!r}: change times must be numbers")
    return paper_id, Record(read, starred, note, tuple(tags), *(float(t) for t in times))


def _v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds notes and tags: every record gets empty ones."""
    papers = raw.get("papers", {})
    if isinstance(papers, dict):
        for doc in papers.values():
            if isinstance(doc, dict):
                doc.setdefault("note", "")
                doc.setdefault("tags", [])
                doc.setdefault("t_note", 0.0)
                doc.setdefault("t_tags", 0.0)
    return raw


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
"""From version N to N + 1."""


def migrate(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring a state file's data from `version` up to `SCHEMA_VERSION`."""
    while version < SCHEMA_VERSION:
        raw = MIGRATIONS[version](raw)
        version += 1
    return raw


def normalise_tags(text: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Tags from user input: comma or space separated, no '#', lower-case, unique."""
    parts = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    seen: dict[str, None] = {}
    for part in parts:
        # Tags are plain words: letters, digits, '-', '_', '.', '/'.
        tag = re.sub(r"[^\w./-]", "", part.strip().lstrip("#").lower())
        if tag:
            seen[tag] = None
    return tuple(seen)
