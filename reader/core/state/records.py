"""The state kept for one paper, its file form, and schema migrations."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, cast

import msgspec

from .clock import NEVER, STAMP_PATTERN, Stamp, from_time, machine_of, wall_seconds

SCHEMA_VERSION = 3
"""1: read/starred. 2: adds notes and tags. 3: stamps (`clock`), notes kept
side by side, tags merged one by one."""

Field = Literal["read", "starred", "note", "tags"]
Value = bool | str | tuple[str, ...]
FIELDS: tuple[Field, ...] = ("read", "starred", "note", "tags")
Note = tuple[Stamp, str]
"""One note as written on one machine: its stamp and its text."""
TagMark = tuple[str, bool, Stamp]
"""A tag, whether it is on, and the stamp of its last change."""


class Record(msgspec.Struct, frozen=True):
    """One paper's state, which merges with another machine's as a CRDT:
    in any order and grouping, and with itself, to the same result.

    `read` and `starred` keep the value of their latest stamp (`s_*`); each
    tag is on or off by its own latest stamp; a note replaced or removed is
    remembered as gone (`notes_gone`), and notes written apart on two
    machines are both kept. `t_*` is when each field last changed (epoch s,
    the machine's clock), for reports; `note` and `tags` are what is shown."""

    read: bool = False
    starred: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    t_read: float = 0.0
    t_starred: float = 0.0
    t_note: float = 0.0
    t_tags: float = 0.0
    s_read: Stamp = NEVER
    s_starred: Stamp = NEVER
    s_note: Stamp = NEVER
    s_tags: Stamp = NEVER
    notes: tuple[Note, ...] = ()
    """The notes kept, oldest first: one, unless two machines wrote apart."""
    notes_gone: tuple[Stamp, ...] = ()
    tag_marks: tuple[TagMark, ...] = ()
    """Every tag ever set, by name, on or off."""
    tag_order: tuple[str, ...] = ()
    """The tags as last set, in the order given: how they are shown."""
    zotero: float = 0.0
    """When the paper was first sent to Zotero (epoch s; 0: never)."""

    def get(self, field: Field) -> Value:
        return cast(Value, getattr(self, field))

    def changed(self, field: Field) -> float:
        return cast(float, getattr(self, f"t_{field}"))

    def stamp_of(self, field: Field) -> Stamp:
        return cast(Stamp, getattr(self, f"s_{field}"))

    @property
    def latest(self) -> Stamp:
        """The latest stamp of any change here."""
        return max(self.s_read, self.s_starred, self.s_note, self.s_tags)

    def with_value(self, field: Field, value: Value, now: float, at: Stamp) -> Record:
        """This record with `field` set to `value` by a change at `now` stamped `at`."""
        times = {f"t_{field}": now, f"s_{field}": at}
        if field == "note":
            gone = tuple(sorted({*self.notes_gone, *(s for s, _ in self.notes)}))
            notes = ((at, cast(str, value)),) if value else ()
            return _notes(msgspec.structs.replace(self, notes_gone=gone, **times), notes)
        if field == "tags":
            wanted = set(cast(tuple[str, ...], value))
            marks = {tag: (on, s) for tag, on, s in self.tag_marks}
            for tag in wanted ^ set(self.tags):
                marks[tag] = (tag in wanted, at)
            ordered = cast(tuple[str, ...], value)
            return _tags(msgspec.structs.replace(self, tag_order=ordered, **times), marks)
        return msgspec.structs.replace(self, **{field: value}, **times)

    def merged(self, other: Record) -> Record:
        """This record and `other` together: read and starred from the later
        stamp, each tag by its own, every note kept that neither replaced."""
        result = self
        for field in ("read", "starred"):
            if _lww(other, field) > _lww(result, field):
                result = msgspec.structs.replace(
                    result,
                    **{
                        field: other.get(field),
                        f"t_{field}": other.changed(field),
                        f"s_{field}": other.stamp_of(field),
                    },
                )
        gone = tuple(sorted({*result.notes_gone, *other.notes_gone}))
        notes = {*result.notes, *other.notes}
        order = max((result.s_tags, result.tag_order), (other.s_tags, other.tag_order))[1]
        result = msgspec.structs.replace(
            result,
            tag_order=order,
            notes_gone=gone,
            t_note=max(result.t_note, other.t_note),
            s_note=max(result.s_note, other.s_note),
            t_tags=max(result.t_tags, other.t_tags),
            s_tags=max(result.s_tags, other.s_tags),
        )
        result = _notes(result, notes)
        if other.zotero and not (result.zotero and result.zotero <= other.zotero):
            result = msgspec.structs.replace(result, zotero=other.zotero)  # the first send
        marks = {tag: (on, s) for tag, on, s in result.tag_marks}
        for tag, on, s in other.tag_marks:
            if tag not in marks or (s, on) > (marks[tag][1], marks[tag][0]):
                marks[tag] = (on, s)
        return _tags(result, marks)

    def to_doc(self, paper_id: str) -> dict[str, Any]:
        """The record as the file keeps it: what it shows, then what merging
        needs, left out where empty (a year of read marks stays small)."""
        doc: dict[str, Any] = {
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
        for field in FIELDS:
            if at := self.stamp_of(field):
                doc[f"s_{field}"] = at
        if self.notes or self.notes_gone:
            doc["notes"] = [list(note) for note in self.notes]
            doc["notes_gone"] = list(self.notes_gone)
        if self.tag_marks:
            doc["tag_marks"] = {tag: [on, s] for tag, on, s in self.tag_marks}
            doc["tag_order"] = list(self.tag_order)
        if self.zotero:
            doc["zotero"] = self.zotero
        return doc


def _lww(record: Record, field: Field) -> tuple[Stamp, bool, float]:
    """What decides between two values of a register: the stamp; on a tie
    (two machines sharing an id), the value, then the time, so that any
    order of merging picks the same."""
    return record.stamp_of(field), cast(bool, record.get(field)), record.changed(field)


def _notes(record: Record, notes: Iterable[Note]) -> Record:
    """`record` holding `notes` (those not gone), oldest first, and the note shown."""
    gone = set(record.notes_gone)
    kept = tuple(sorted(n for n in notes if n[0] not in gone))
    return msgspec.structs.replace(record, notes=kept, note=shown_note(kept))


def shown_note(notes: tuple[Note, ...]) -> str:
    """The note as the reader sees it: the one note; or, when machines wrote
    apart, each note under a line saying which machine wrote it, and when."""
    if len(notes) <= 1:
        return notes[0][1] if notes else ""
    from ..dates import local_minute

    parts = []
    for at, text in notes:
        when = local_minute(wall_seconds(at))
        parts.append(f"[on machine {machine_of(at) or '(unknown)'}, {when}]\n{text}")
    return "\n\n".join(parts)


def _tags(record: Record, marks: dict[str, tuple[bool, Stamp]]) -> Record:
    """`record` with these tag marks; its tags shown in the order last given,
    then those another machine put on, in the order they were."""
    ordered = tuple(sorted((tag, on, s) for tag, (on, s) in marks.items()))
    on = {tag for tag, is_on, _ in ordered if is_on}
    first = tuple(tag for tag in dict.fromkeys(record.tag_order) if tag in on)
    rest = sorted((s, tag) for tag, is_on, s in ordered if is_on and tag not in first)
    return msgspec.structs.replace(
        record, tag_marks=ordered, tags=first + tuple(tag for _, tag in rest)
    )


class Change(msgspec.Struct, frozen=True):
    """One field's previous value, enough to undo it."""

    paper_id: str
    field: Field
    before: Value


StampText = Annotated[str, msgspec.Meta(pattern=STAMP_PATTERN)]


class _Doc(msgspec.Struct, frozen=True):
    """A paper's document in the state file, as it may be (older files lack
    the stamps, the notes kept and the tag marks)."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    read: bool = False
    starred: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    t_read: float = 0.0
    t_starred: float = 0.0
    t_note: float = 0.0
    t_tags: float = 0.0
    s_read: StampText | None = None
    s_starred: StampText | None = None
    s_note: StampText | None = None
    s_tags: StampText | None = None
    notes: tuple[tuple[StampText, str], ...] | None = None
    notes_gone: tuple[StampText, ...] | None = None
    tag_marks: dict[str, tuple[bool, StampText]] | None = None
    tag_order: tuple[str, ...] | None = None
    zotero: Annotated[float, msgspec.Meta(ge=0)] = 0.0


def records_from_docs(docs: list[Any]) -> dict[str, Record]:
    """Every paper's record in a file's documents, checked in one pass in C
    (100,000 papers: a fraction of the time one at a time); ValueError names
    the first document that is wrong."""
    try:
        found = msgspec.convert(docs, list[_Doc])
    except msgspec.ValidationError:
        for doc in docs:
            record_from_doc(doc)  # raises, naming the record
        raise
    return {doc.id: _record(doc) for doc in found}


def record_from_doc(doc: Any) -> tuple[str, Record]:
    """Validate one stored document; raises ValueError naming what is wrong."""
    try:
        found = msgspec.convert(doc, _Doc)
    except msgspec.ValidationError as error:
        named = doc.get("id") if isinstance(doc, dict) else None
        what = f"record {named!r}" if isinstance(named, str) and named else "a paper record"
        raise ValueError(f"{what}: {error}") from None
    return found.id, _record(found)


def _record(doc: _Doc) -> Record:
    """The record a checked document holds; a file before stamps reads as
    stamped at its `t_*` times, its note and tags as set then."""
    s_read = from_time(doc.t_read) if doc.s_read is None else doc.s_read
    s_starred = from_time(doc.t_starred) if doc.s_starred is None else doc.s_starred
    s_note = from_time(doc.t_note) if doc.s_note is None else doc.s_note
    s_tags = from_time(doc.t_tags) if doc.s_tags is None else doc.s_tags
    record = Record(
        doc.read,
        doc.starred,
        "",
        (),
        doc.t_read,
        doc.t_starred,
        doc.t_note,
        doc.t_tags,
        s_read,
        s_starred,
        s_note,
        s_tags,
        zotero=doc.zotero,
    )
    if doc.notes is not None or doc.notes_gone is not None:
        record = msgspec.structs.replace(record, notes_gone=tuple(sorted(doc.notes_gone or ())))
        record = _notes(record, doc.notes or ())
    elif doc.note:
        record = _notes(record, [(s_note, doc.note)])
    if doc.tag_marks is not None:
        # An empty order is an order (no tag given here yet), not one missing.
        order = doc.tags if doc.tag_order is None else doc.tag_order
        record = msgspec.structs.replace(record, tag_order=order)
        record = _tags(record, {tag: (on, at) for tag, (on, at) in doc.tag_marks.items()})
    elif doc.tags:
        record = msgspec.structs.replace(record, tag_order=doc.tags)
        record = _tags(record, {tag: (True, s_tags) for tag in doc.tags})
    return record


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


def _v2_to_v3(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 3 stamps every change: a record without stamps reads as
    stamped at its `t_*` times (`record_from_doc`), its note and tags as set then."""
    return raw


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
}
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
