"""`reader mark`: change marks from scripts, naming papers as the reader sees them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.state.marks import Marks
    from ..core.state.records import Field, Value

    Update = tuple[str, Field, Value]

from .common import PROG, add_state_option, fail, opened, say


def paper_ref(value: str) -> str:
    """A paper as the user spells it, as the id the state keeps it under."""
    from ..core.models import normalise_id

    if not value.strip():
        raise argparse.ArgumentTypeError("an id must not be empty")
    return normalise_id(value)


def tag_name(value: str) -> str:
    """One tag as the state keeps it (lower-case, no '#')."""
    from ..core.state.records import normalise_tags

    found = normalise_tags([value])
    if len(found) != 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a tag: letters, digits, - _ . /")
    return found[0]


def note_text(value: str) -> str:
    """A note as given, refused if it holds control characters (an escape
    sequence pasted by accident would otherwise reach the screen later)."""
    if any(ord(c) < 32 and c not in "\n\t" or 127 <= ord(c) < 160 for c in value):
        raise argparse.ArgumentTypeError("a note is text: no control characters or escapes")
    return value


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} mark",
        description="Change state from scripts: read, starred, the note and tags, "
        "in one step (one undo in the app). Ids come from 'reader list --format json'. "
        "An id of a paper the archive does not hold is marked all the same (a "
        "script may mark ahead), with a warning on stderr; --strict refuses it.",
    )
    reading = parser.add_mutually_exclusive_group()
    starring = parser.add_mutually_exclusive_group()
    for group, name, text in (
        (reading, "read", "mark the papers read"),
        (reading, "unread", "mark the papers unread"),
        (starring, "star", "star the papers"),
        (starring, "unstar", "remove their stars"),
    ):
        dest = "read" if group is reading else "starred"
        value = name in ("read", "star")
        group.add_argument(f"--{name}", dest=dest, action="store_const", const=value, help=text)
    parser.add_argument(
        "--note",
        metavar="TEXT",
        type=note_text,
        help="set the papers' note to TEXT ('' removes it)",
    )
    for name, doing in (("tag", "add"), ("untag", "remove")):
        parser.add_argument(
            f"--{name}",
            metavar="NAME",
            action="append",
            default=[],
            type=tag_name,
            help=f"{doing} the tag NAME (again for more tags)",
        )
    parser.add_argument(
        "ids",
        nargs="+",
        type=paper_ref,
        metavar="ID",
        help="papers: an arXiv id with or without its version (2405.13786v1, arXiv:2405.13786, "
        "math/0601001), an arxiv.org abs or pdf URL, a huggingface.co/papers URL, or a t:… id",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse ids of papers the archive does not hold (exit 1, nothing changed)",
    )
    add_state_option(parser)
    return parser


def updates(args: argparse.Namespace, store: Marks, ids: list[str]) -> list[Update]:
    """What the flags ask of each paper, as (id, field, value)."""
    from ..core.state.records import normalise_tags

    found: list[Update] = []
    for paper_id in ids:
        if args.read is not None:
            found.append((paper_id, "read", args.read))
        if args.starred is not None:
            found.append((paper_id, "starred", args.starred))
        if args.note is not None:
            found.append((paper_id, "note", args.note.strip()))
        if args.tag or args.untag:
            kept = store.record(paper_id).tags
            tags = [t for t in (*kept, *args.tag) if t not in args.untag]
            found.append((paper_id, "tags", normalise_tags(tags)))
    return found


def run(args: argparse.Namespace) -> int:
    from .common import open_archive

    if (args.read, args.starred, args.note) == (None, None, None) and not (args.tag or args.untag):
        fail("say what to change: --read, --unread, --star, --unstar, --note, --tag or --untag", 2)
    ids = list(dict.fromkeys(args.ids))  # each paper once, however it was spelt
    with opened(args, settings=False) as (_, _, store):
        handle = open_archive(store)
        try:
            known = handle.archive.holds(ids)
        finally:
            handle.close()
        unknown = ", ".join(i for i in ids if i not in known)
        if unknown and args.strict:
            fail(
                f"not in the archive: {unknown}; nothing was changed "
                "(leave out --strict to mark them all the same)"
            )
        if unknown:
            say(f"warning: not in the archive: {unknown} (marked all the same)")
        changes = store.apply(updates(args, store, ids))
    if store.write_error:
        fail(store.write_error)
    changed = {change.paper_id for change in changes}
    print(f"{len(changed)} of {len(ids)} papers changed")
    return 0
