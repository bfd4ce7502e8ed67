"""`reader zotero [--starred | ID ...]`: send papers to a running Zotero."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import PROG, add_state_option, fail, first_few, opened, say
from .mark import paper_ref

if TYPE_CHECKING:
    from ..core.models import Paper


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} zotero",
        description="Send papers to a running Zotero desktop (its connector, on "
        "127.0.0.1:23119; READER_ZOTERO_URL names another address): each as a preprint, "
        "or a journal article when a journal reference or DOI says it was published, with "
        "its authors, abstract, arXiv id, DOI, your tags and note, and its PDF as a link. "
        "They land in the collection selected in Zotero. A paper sent before is skipped "
        "unless --again. Exit 1 when Zotero is not running, hangs or refuses.",
    )
    parser.add_argument(
        "ids",
        nargs="*",
        type=paper_ref,
        metavar="ID",
        help="papers, named as `reader mark` takes them (an arXiv id, an abs or pdf URL...)",
    )
    parser.add_argument("--starred", action="store_true", help="send every starred paper")
    parser.add_argument("--again", action="store_true", help="send papers sent before too")
    add_state_option(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    from ..core.zotero import ZoteroError, send, unsent
    from .common import open_archive

    if bool(args.ids) == args.starred:
        fail("name the papers to send: IDs, or --starred", 2)
    with opened(args, settings=False) as (_, _, store):
        handle = open_archive(store)
        try:
            if args.starred:
                papers = handle.marked(store, "starred")
            else:
                papers = handle.archive.by_ids(dict.fromkeys(args.ids))
                given = {paper_id: n for n, paper_id in enumerate(args.ids)}
                papers.sort(key=lambda p: given.get(p.id, given.get(p.alt_id or "", 0)))
                missing = [i for i in args.ids if not _held(i, papers)]
                if missing:
                    fail(
                        f"not in the archive: {first_few(missing)}; reader needs a paper's "
                        "text to send it (open or fetch the digest it is in first). Nothing "
                        "was sent"
                    )
        finally:
            handle.close()
        fresh, before = (papers, []) if args.again else unsent(papers, store)
        if before:
            noun = "paper" if len(before) == 1 else "papers"
            say(
                f"skipped {len(before)} {noun} sent to Zotero before: "
                f"{first_few([p.id for p in before])} (--again sends them again)"
            )
        if not fresh:
            print("nothing to send" + (" (no paper is starred)" if not papers else ""))
            return 0
        try:
            count = send(fresh, store)
        except ZoteroError as error:
            fail(str(error))
    print(f"sent {count} paper{'s' if count != 1 else ''} to Zotero")
    return 0


def _held(paper_id: str, papers: list[Paper]) -> bool:
    return any(paper_id in (p.id, p.alt_id) for p in papers)
