"""One reading session: which sources, how they are viewed, and where the
reader has been.

The main screen owns a `Session` and shows it; every decision that is not
about widgets is made here, in plain Python, so that it can be tested without
an app. Its parts each do one job: the digest shown (`OpenDigest`, built once
per load), every mark (`Marking`), For you (`ForYou`), the positions and
files kept (`Places`). Work that takes long runs in a worker (`open_all`,
`ForYou.train`) and a quick part takes its result in (`loaded`, `take_ranked`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import msgspec
from msgspec.structs import replace

from ..config import Watch
from ..errors import DigestError, FetchError
from ..models import Digest, Paper, merge
from ..sources.identities import link_archived
from ..sources.opener import Opened, Opener
from ..sources.specs import Spec
from ..state.places import Places
from ..state.store import StateStore
from .digest import WATCH_INLINE, OpenDigest
from .foryou import ForYou, Ranked
from .marking import Marking
from .status import Status, short_title
from .view import ORDER_NAMES, View, place_of

SIMILAR = Spec("file", "similar")
"""The spec of the similar papers list (`m`): not a file, and no digest."""


class Place(msgspec.Struct, frozen=True):
    """Where the reader was, to go back to: before the Inbox (`i`), or before a
    list of similar papers (`m`, which keeps the digest shown, to show it again)."""

    kind: Literal["inbox", "similar"]
    specs: list[Spec]
    view: View
    shown: Opened | None = None


class Session:
    """The sources shown, the view over them, and the way back."""

    def __init__(
        self,
        store: StateStore,
        opener: Opener,
        specs: list[Spec],
        *,
        hide_replacements: bool = False,
        searches: dict[str, str] | None = None,
        watch: Watch | None = None,
    ) -> None:
        self.store = store
        self.opener = opener
        self.specs = specs
        self.view = View(hide_replacements=hide_replacements)
        self.marks = Marking(store)
        self.places = Places(store)
        self.for_you = ForYou(store, lambda: opener.keep().corpus(store))
        self.digest: OpenDigest | None = None
        """The digest shown, and what is worked out from it."""
        self.current: Paper | None = None
        """The paper the cursor is on (the list reports each move)."""
        self.searches: dict[str, str] = dict(searches or {})
        """Saved searches (config `[searches]`): name to query."""
        self.watch = watch or Watch()
        self.history: list[Place] = []
        """Where `i` and Esc go back to, the newest last."""
        self._pending: tuple[list[Spec], list[Place]] | None = None
        """Where the reader was before a move that is still opening: it is gone
        back to if the move fails (`failed`)."""
        self.query_error = ""
        """What is wrong with the filter being typed (the list keeps the last good one)."""
        self.typed = ""
        """The filter as last typed, good or not."""
        self._key: str | None = None
        """What names the digest shown across runs (see `_key`)."""
        self._restore: str | None = None
        """The paper to put the cursor on once it is among the rows: where the
        reader was when this digest was last open."""
        self.error = ""
        self.notice = ""
        self.activity = ""
        self.partial = False
        """The digest shown is the first papers of many (its counts are not final)."""
        self.refreshing = ""
        """What the refresh of the subscriptions is doing ("" when it is not running)."""

    @property
    def shown_spec(self) -> Spec | None:
        """The spec shown: a bare `reader` may show an earlier day than it asked for."""
        return self.digest.spec if self.digest is not None else None

    @property
    def papers(self) -> Sequence[Paper]:
        return self.digest.papers if self.digest is not None else ()

    # --- opening ---------------------------------------------------------------

    def open_all(
        self,
        force: bool,
        emit: Callable[[Opened], None],
        progress: Callable[[str], None],
        cancelled: Callable[[], bool],
    ) -> Opened | str | None:
        """Open every spec (in a worker): the merged result, an error, or None if cancelled.

        Cached copies go to `emit` first; `progress` hears what is happening.
        """
        opener = replace(self.opener, refresh_after=0) if force else self.opener
        results: list[Opened] = []
        errors: list[str] = []
        for spec in self.specs:
            progress(f"opening {spec.text}")

            def counted(count: int, spec: Spec = spec) -> None:
                doing = "reading" if spec.kind == "file" else "fetching"
                progress(f"{doing} {spec.text}: {count:,} papers so far")

            try:
                results.append(opener.open(spec, emit, counted))
            except (DigestError, FetchError) as error:
                errors.append(str(error))
            if cancelled():
                return None
        if not results:
            return "; ".join(errors)
        merged = merge([r.digest for r in results])
        link_archived(self.store, merged.papers)
        notices = tuple(n for r in results for n in r.notices) + tuple(errors)
        shown = results[0].spec if len(results) == 1 else None
        return Opened(merged, notices, True, shown)

    def loaded(self, opened: Opened, current: Paper | None = None) -> None:
        """Take in papers to show: a cached copy first, then the final result.

        When they are another digest, the paper under the cursor (`current`) is
        remembered for the one left, and the new one's is looked up.
        """
        spec = opened.spec or (self.specs[0] if len(self.specs) == 1 else None)
        key = _key(spec, opened.digest)
        if key != self._key:
            self.remember_position(current)  # for the digest being left
            self._key = key
            self._restore = self.places.position(key) if key else None
        self.digest = OpenDigest(opened.digest, spec)
        self.partial = opened.partial
        if len(self.digest) <= WATCH_INLINE:
            self.digest.watched = self.digest.scan_watch(self.watch)
        self.error = ""
        if opened.final:
            self._pending = None
            self.activity = ""
            self.notice = " ".join(opened.notices)

    def failed(self, error: str) -> bool:
        """Nothing could be opened. True when a digest stays shown: the move to
        other sources is undone, so the header keeps naming what is on screen."""
        self.activity = ""
        if self._pending is not None and self.digest is not None:
            (self.specs, self.history), self._pending = self._pending, None
            return True
        self.error = error
        return False

    @property
    def empty_text(self) -> str:
        """What the list says when it has no rows."""
        if self.digest is None and self.error:
            return f"Could not open: {self.error}"
        if self.digest is not None and not self.digest.papers:
            spec = self.shown_spec
            if spec is not None and spec.kind == "hf":
                return f"No papers for this day ({spec.label}). [ and ] step through days."
            return "This digest has no papers."
        view = self.view
        if view.filter_text:
            return "No papers match the filter. Esc clears it."
        if view.only_ids is not None:
            return "No papers here. Esc shows all."
        if view.labels():
            return f"No papers in this view ({', '.join(view.labels())})."
        return "No papers."

    # --- where the reader was -------------------------------------------------------

    def remember_position(self, paper: Paper | None) -> None:
        """Keep the paper under the cursor for the next time this digest opens."""
        if paper is not None and self._key is not None:
            self.places.keep_position(self._key, paper.id)

    def keep(self, shown: Sequence[Paper], highlighted: Paper | None) -> Paper | None:
        """The paper the cursor should stay on as new rows come: where the reader
        was in this digest, once it is among them; else the one highlighted."""
        if self._restore is None:
            return highlighted
        place = place_of(shown, self._restore)
        found = shown[place] if place is not None else None
        if found is not None or not self.activity:
            self._restore = None  # found, or the whole digest is in and it is not
        return found or highlighted

    # --- moving between sources ---------------------------------------------------

    def step(self, delta: int) -> str | None:
        """Go to the previous or next day (week, month); a message if there is none.

        Stepped from the digest being opened, else the one shown: the header
        keeps naming what is shown until the new one is in (`loaded`).
        """
        pending = self._pending is not None or self.digest is None
        spec = self.specs[0] if pending and len(self.specs) == 1 else self.shown_spec
        if len(self.specs) > 1:
            return f"[ and ] step through one source at a time; this list merges {len(self.specs)}."
        if spec is None:
            return "Nothing is open to step from."
        if not spec.can_step:
            return cannot_step(spec)
        if spec.kind == "arxiv":  # the days the archive keeps of this listing
            new = self.opener.keep().arxiv_step(spec, delta)
            if new is None:
                return arxiv_end(spec, delta)
            self._move([new])
            return None
        new = spec.step(delta)
        if new is None and spec.kind == "file":
            end = "newest" if delta > 0 else "oldest"
            return f"This is the {end} arXiv digest in {spec.path.name}."
        if new is None and delta > 0:
            return "There is no later digest yet."
        if new is None:
            return "Daily Papers began in May 2023: there is no earlier digest."
        self._move([new])
        return None

    def _move(self, specs: list[Spec]) -> None:
        """Open other sources; what is shown stays (and is named) until they are
        in, and comes back if they cannot be opened (`failed`)."""
        if self._pending is None:
            self._pending = (self.specs, list(self.history))
        self.specs = specs

    def open_specs(self, specs: list[Spec]) -> None:
        """Show other sources (from the palette's "Go to date…", for example): a
        new start, with nothing to go back to."""
        self._move(specs)
        self.history.clear()

    def toggle_inbox(self) -> None:
        """The Inbox, or back to what was shown before it."""
        if self.history and self.history[-1].kind == "inbox":
            self._move(self.history[-1].specs)  # a failed move comes back to the Inbox
            self.history.pop()
            return
        here = Place("inbox", self.specs, self.view)
        self._move([Spec("inbox")])
        self.history.append(here)

    def show_similar(self, paper: Paper, similar: list[Paper]) -> Opened:
        """The similar papers as a digest to show; what was shown is kept for Esc."""
        self.activity = ""
        in_similar = bool(self.history) and self.history[-1].kind == "similar"
        if not in_similar and self.digest is not None:
            shown = Opened(self.digest.digest, spec=self.shown_spec)
            self.history.append(Place("similar", self.specs, self.view, shown))
        # Ordered by similarity, whatever the view: no filter, no For you order.
        self.view = View()
        title = f"Similar to “{paper.title[:60]}” (Esc returns)"
        return Opened(Digest(source="similar", papers=(paper, *similar), title=title), spec=SIMILAR)

    def leave_similar(self) -> Opened | None:
        """What was shown before `m`, to show again; None if not in a similar list."""
        if not self.history or self.history[-1].kind != "similar":
            return None
        place = self.history.pop()
        self.view = place.view
        return place.shown

    # --- the view ------------------------------------------------------------

    def select(self, view: View) -> Sequence[Paper]:
        """The papers `view` shows (safe in a worker)."""
        if self.digest is None:
            return ()
        return self.digest.select(view, self.store, self.for_you.scores)

    def in_background(self, view: View) -> bool:
        """True when selecting `view` may take long: do it in a worker."""
        return self.digest is not None and self.digest.in_background(view)

    def filter_to(self, text: str) -> bool:
        """Take a filter being typed: False (and `query_error` says why) when
        it cannot be read, and the view keeps the last one that could."""
        from ..query.language import QueryError, parse

        self.typed = text
        try:
            parse(text)
        except QueryError as error:
            self.query_error = f"filter: {error}"
            return False
        self.query_error = ""
        self.view = replace(self.view, filter_text=text)
        return True

    @property
    def search_name(self) -> str:
        """The saved search whose query is the filter, if any."""
        text = self.view.filter_text
        return next((n for n, q in self.searches.items() if text and q.strip() == text), "")

    # --- For you ------------------------------------------------------------------

    def take_ranked(self, result: Ranked) -> bool:
        """Take a trained model in: the list sorts by it, or (False) stays in its
        order while `for_you.notice` says why."""
        self.activity = ""
        ranked = self.for_you.take(result)
        self.view = replace(self.view, order="for-you" if ranked else "digest")
        return ranked

    def for_you_off(self) -> None:
        self.for_you.off()
        self.view = replace(self.view, order="digest")

    # --- the status line --------------------------------------------------------

    def status(self, shown: int) -> Status:
        digest = self.digest
        if digest is None:
            activity = " · ".join(a for a in (self.activity or "loading", self.refreshing) if a)
            return Status(title="reader", activity=activity, error=self.error)
        spec, ids, view = digest.spec, digest.ids, self.view
        title = spec.label if spec is not None and spec.kind != "file" else ""
        return Status(
            title=title or digest.digest.title or (spec.label if spec else ""),
            short_title=short_title(spec, digest.digest),
            total=len(digest),
            partial=self.partial,
            unread=len(ids) - len(self.store.read_ids & ids),
            starred=len(self.store.starred_ids & ids),
            watched=len(digest.watched),
            shown=shown,
            views=view.labels(self.search_name),
            order="" if view.order == "digest" else ORDER_NAMES[view.order],
            activity=" · ".join(
                a
                for a in (self.activity or digest.indexing(view.filter_text), self.refreshing)
                if a
            ),
            notice=" ".join(n for n in (self.notice, self.for_you.notice) if n),
            problem=self.query_error,
            error=self.store.write_error or self.error,
        )


def arxiv_end(spec: Spec, delta: int) -> str:
    """Why [ or ] go no further through an arXiv listing's days."""
    if delta > 0:
        return f"This is the newest day of arXiv {spec.value} kept: there is no later one yet."
    return (
        f"No earlier day of arXiv {spec.value} is kept: the archive keeps each day's "
        "listing from the first time reader fetched it."
    )


def cannot_step(spec: Spec) -> str:
    """Why [ and ] do nothing on this source."""
    if spec.kind == "arxiv-query":
        return "An arXiv search has no days: [ and ] step through Daily Papers days."
    if spec.kind in ("inbox", "library"):
        return f"The {spec.label} gathers every digest: there are no days to step through."
    if spec == SIMILAR:
        return "Similar papers have no days: Esc returns to the digest."
    return f"{spec.path.name} is one digest: there is no day before or after it."


def _key(spec: Spec | None, digest: Digest | None) -> str | None:
    """What names a digest across runs: its spec, or its file's resolved path.
    None for a list that is not a digest (similar papers): it keeps no place."""
    if spec == SIMILAR:
        return None
    if spec is not None and spec.kind == "file":
        place = str(spec.path.resolve())
        return f"{place}#{spec.part}" if spec.part else place
    if spec is not None:
        return spec.text
    return digest.source if digest is not None else None
