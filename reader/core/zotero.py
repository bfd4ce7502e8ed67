"""Sending papers to a running Zotero desktop, through the connector that
Zotero's browser extension uses: `GET /connector/ping`, then `POST
/connector/saveItems` (connector API version 3) on 127.0.0.1:23119. Zotero
answers 201 and files the items in the collection selected in Zotero.

`READER_ZOTERO_URL` points at another address: a Zotero reached through an
SSH tunnel, or the tests' stand-in. Every exchange ends within `DEADLINE`;
a Zotero that is not running, hangs or fails is said in one message, and
nothing is marked as sent.
"""

from __future__ import annotations

import html
import os
import secrets
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from .errors import FetchError
from .export.facts import facts
from .export.names import Name
from .models import Paper
from .state.marks import Marks
from .state.records import Record

URL = "http://127.0.0.1:23119"
URL_ENV = "READER_ZOTERO_URL"
DEADLINE_ENV = "READER_ZOTERO_DEADLINE"
API_VERSION = "3"
DEADLINE = 20.0
"""Seconds one exchange with Zotero may take: saving a batch of papers with
hundreds of authors each takes Zotero a few seconds."""
BATCH = 25
"""Papers a request carries: each batch is marked as sent when Zotero took it."""
SOURCE = "Zotero"


class ZoteroError(Exception):
    """Zotero could not take the papers; the message says why and what to do."""


def zotero_url() -> str:
    return (os.environ.get(URL_ENV) or URL).rstrip("/")


def zotero_item(paper: Paper, record: Record) -> dict[str, Any]:
    """One item as Zotero's connector takes it: a `preprint` (a
    `journalArticle` when a journal reference or DOI says it was published),
    with its authors split into first and last names, the reader's tags and
    note, and the PDF as a linked URL."""
    found = facts(paper)
    shown = found.paper
    item: dict[str, Any] = {
        "itemType": "journalArticle" if found.published else "preprint",
        "title": shown.title,
        "creators": [creator(name) for name in found.names],
        "abstractNote": shown.abstract,
        "date": found.day.isoformat() if found.day else found.year,
        "url": shown.link,
        "tags": [{"tag": tag} for tag in record.tags],
        "notes": [{"note": note_html(record.note)}] if record.note else [],
        "attachments": [],
    }
    if found.doi:
        item["DOI"] = found.doi
    if found.published:
        if found.journal_ref:
            item["publicationTitle"] = found.journal_ref
        if found.arxiv:
            item["extra"] = f"arXiv: {found.arxiv}"
    elif found.arxiv:
        item["archiveID"] = f"arXiv:{found.arxiv}"
        item["repository"] = "arXiv"
    if found.pdf:
        item["attachments"].append(
            {
                "title": "Full Text PDF",
                "url": found.pdf,
                "mimeType": "application/pdf",
                "snapshot": False,
            }
        )
    return item


def creator(name: Name) -> dict[str, Any]:
    """An author as Zotero keeps one: first and last name, or one field
    (`fieldMode` 1) where splitting would be a guess."""
    if name.literal:
        return {"lastName": name.literal, "fieldMode": 1, "creatorType": "author"}
    first = f"{name.given}, {name.suffix}" if name.suffix else name.given
    return {"firstName": first, "lastName": name.family, "creatorType": "author"}


def note_html(note: str) -> str:
    """A note as Zotero stores one: HTML, each paragraph a `<p>`, the text literal."""
    paragraphs = [p for p in note.split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


class Connector:
    """Zotero's connector at `url`, each exchange within `deadline` seconds."""

    def __init__(self, url: str | None = None, deadline: float | None = None) -> None:
        from .sources.http import BoundedHttp

        self.url = (url or zotero_url()).rstrip("/")
        if deadline is None:  # READER_ZOTERO_DEADLINE: a slow machine's Zotero, or a test
            try:
                deadline = float(os.environ.get(DEADLINE_ENV) or DEADLINE)
            except ValueError:
                deadline = DEADLINE
        self.deadline = deadline
        self._http = BoundedHttp(deadline=deadline, timeout=deadline, retries=0)
        self._headers = {
            "X-Zotero-Connector-API-Version": API_VERSION,
            "Content-Type": "application/json",
        }

    def close(self) -> None:
        self._http.close()

    def ping(self) -> None:
        """ZoteroError unless Zotero answers at `url`."""
        response = self._exchange(
            lambda: self._http.get(SOURCE, f"{self.url}/connector/ping", headers=self._headers)
        )
        if response.status_code != 200:
            raise ZoteroError(
                f"{self.url} answered HTTP {response.status_code} to a ping: it does not "
                "look like Zotero's connector. Check READER_ZOTERO_URL, or press e to "
                "export a file instead."
            )

    def save(self, items: list[dict[str, Any]]) -> None:
        """Save `items` in Zotero's selected collection; ZoteroError if Zotero did not."""
        body = orjson.dumps(
            {"items": items, "uri": "https://arxiv.org/", "sessionID": secrets.token_hex(8)}
        )
        url = f"{self.url}/connector/saveItems"
        response = self._exchange(lambda: self._http.post(SOURCE, url, body, self._headers))
        if response.status_code != 201:
            reason = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
            raise ZoteroError(
                f"Zotero did not save the papers ({reason}). Nothing was marked as sent; "
                "try again, or press e to export a file."
            )

    def _exchange(self, work: Callable[[], Any]) -> Any:
        try:
            return self._http.bounded(SOURCE, work)
        except FetchError as error:
            if error.timed_out:  # reached, then no whole answer in time
                raise ZoteroError(
                    f"Zotero did not answer within {self.deadline:g} s at {self.url}: it "
                    "may be busy or hung. Nothing was marked as sent; try again, or press "
                    "e to export a file."
                ) from None
            if error.offline:  # refused, or no such host
                raise ZoteroError(
                    f"Zotero is not running: nothing answers at {self.url} ({error.message}). "
                    "Start Zotero (its connector is on by default), or press e to export a file."
                ) from None
            raise ZoteroError(
                f"Zotero's connector at {self.url} answered oddly ({error.message}). Nothing "
                "was marked as sent; try again, or press e to export a file."
            ) from None


def unsent(papers: Sequence[Paper], marks: Marks) -> tuple[list[Paper], list[Paper]]:
    """The papers never sent to Zotero, and those sent before (not sent again
    without asking)."""
    fresh: list[Paper] = []
    before: list[Paper] = []
    for paper in papers:
        (before if marks.record(paper.id).zotero else fresh).append(paper)
    return fresh, before


def send(papers: Sequence[Paper], marks: Marks, connector: Connector | None = None) -> int:
    """Send `papers` to Zotero a batch at a time, each batch marked as sent
    (now) once Zotero took it; the number sent. ZoteroError stops it: the
    batches before stay sent (and marked), the rest are not."""
    from .dates import now

    own = connector is None
    connector = Connector() if connector is None else connector
    try:
        connector.ping()
        done = 0
        for start in range(0, len(papers), BATCH):
            batch = list(papers[start : start + BATCH])
            connector.save([zotero_item(paper, marks.record(paper.id)) for paper in batch])
            marks.mark_sent([paper.id for paper in batch], now())
            done += len(batch)
        return done
    finally:
        if own:
            connector.close()
