"""`reader mark`: change marks from scripts, naming papers as the reader sees them."""

from __future__ import annotations

import argparse
from typing import Literal

from .common import PROG, add_state_option, fail, opened, say


def paper_ref(value: str) -> str:
    """A paper as the user spells it, as the id the state keeps it under."""
    from ..core.models import normalise_id

    if not value.strip():
        raise argparse.ArgumentTypeError("an id must not be empty")
    return normalise_id(value)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} mark",
        description="Change state from scripts. Ids come from 'reader list --format json'. "
        "An id of a paper the archive does not hold is marked all the same (a "
        "script may mark ahead), with a warning on stderr; --strict refuses it.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    for name, text in (
        ("read", "mark the papers read"),
        ("unread", "mark the papers unread"),
        ("star", "star the papers"),
        ("unstar", "remove their stars"),
    ):
        action.add_argument(f"--{name}", dest="action", action="store_const", const=name, help=text)
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


def run(args: argparse.Namespace) -> int:
    from .common import open_archive

    field: Literal["read", "starred"] = "read" if args.action in ("read", "unread") else "starred"
    value = args.action in ("read", "star")
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
        changed = store.set_field(ids, field, value)
    if store.write_error:
        fail(store.write_error)
    print(f"{len(changed)} of {len(ids)} papers changed")
    return 0
