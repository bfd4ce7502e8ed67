"""`reader export`: papers as BibTeX, Markdown, JSON or CSV, from the SOURCEs
given (as `reader list` takes them) or from every paper reader knows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from .common import (
    PROG,
    add_common_options,
    add_sources,
    fail,
    first_few,
    iso_date,
    nonempty,
    open_archive,
    open_sources,
    opened,
    say,
)

if TYPE_CHECKING:
    from ..core.models import Paper
    from ..core.state.store import StateStore


def parser() -> argparse.ArgumentParser:
    from ..core import export

    parser = argparse.ArgumentParser(
        prog=f"{PROG} export",
        description=(
            "Export papers as BibTeX, biblatex, CSL-JSON, RIS, Markdown, JSON or CSV: "
            "those of the SOURCEs given, taken as `reader list` takes them, or else from "
            "the archive (every paper reader has fetched, opened or imported: a starred "
            "paper exports even after its file or cache entry is gone)."
        ),
    )
    add_sources(parser, "*")
    which = parser.add_mutually_exclusive_group()
    for name in ("starred", "unread", "read", "all"):
        which.add_argument(
            f"--{name}",
            dest="which",
            action="store_const",
            const=name,
            help=f"{name} papers" + (" (the default)" if name == "starred" else ""),
        )
    parser.add_argument("--tag", type=nonempty, help="only papers with this tag")
    parser.add_argument(
        "--since",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="only papers starred (--starred), read (--read) or published "
        "(otherwise) on or after this day",
    )
    parser.add_argument(
        "--format",
        choices=get_args(export.Format),
        default="bibtex",
        help="output format (default: bibtex): bibtex (@misc, as arXiv gives it), biblatex "
        "(@online with eprint), csl-json (Zotero, pandoc, citeproc), ris (EndNote, Mendeley), "
        "markdown, json, csv",
    )
    parser.add_argument(
        "-o", "--output", type=nonempty, metavar="FILE", help="write here instead of stdout"
    )
    parser.add_argument(
        "--parents",
        action="store_true",
        help="create the folder of -o FILE if it does not exist (otherwise that is an error)",
    )
    add_common_options(parser)
    parser.set_defaults(which="starred")
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.export import choose, render

    with opened(args) as (config, specs, store):
        if args.output:
            folder = Path(args.output).expanduser().absolute().parent
            if not folder.is_dir() and not args.parents:
                fail(
                    f"cannot write {args.output}: the folder {folder} does not exist "
                    "(--parents creates it)"
                )
        opener, handle = None, None
        try:
            known: Sequence[Paper]
            if specs:
                digest, opener = open_sources(specs, store, config, today=args.date, remember=False)
                known = digest.papers
            else:
                handle = open_archive(store, args.date)
                if args.which in ("starred", "read") or args.tag:
                    known = handle.marked(store, "any" if args.tag else args.which)
                else:
                    known = handle.view("library", frozenset()).papers
            papers = choose(known, store, args.which, tag=args.tag, since=args.since)
            if not specs and args.which == "starred":
                say_unknown_stars(known, store)
            text = render(args.format, papers, store)
            if args.output:
                write(Path(args.output), text, len(papers))
            else:
                sys.stdout.write(text)
        finally:
            if opener is not None:
                opener.close()
            if handle is not None:
                handle.close()
    return 0


def write(path: Path, text: str, count: int) -> None:
    from ..core.state.storage import atomic_write

    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as error:
        fail(f"cannot write {path}: {error.strerror or error}")
    say(f"wrote {count} papers to {path}")


def say_unknown_stars(known: Sequence[Paper], store: StateStore) -> None:
    """Name the starred papers the archive does not hold: an export without
    them must not look complete."""
    held = {i for paper in known for i in (paper.id, paper.alt_id) if i}
    missing = [pid for pid in store.ids() if store.record(pid).starred and pid not in held]
    if not missing:
        return
    shown = first_few(missing)
    say(
        f"warning: {len(missing)} starred papers are not in the archive, so their text "
        f"is unknown and they are not exported: {shown}. Open the files or digests they "
        "came from in reader (or name them: reader export FILE --starred)"
    )
