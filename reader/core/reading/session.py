"""One reading session: what is open, how it is viewed, and what the user did.

The main screen owns a `Session` and shows it; every decision that is not
about widgets is made here, in plain Python, so that it can be tested without
an app. Work that takes long (opening sources, training For you) is split
into a pure part run in a worker (`open_all`, `train`) and a quick part that
takes its result in (`loaded`, `ranked`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

import msgspec
from msgspec.structs import replace

from ..config import Watch
from ..errors import DigestError, FetchError
from ..models import Digest, Paper, merge
from ..sources.opener import Opened, Opener, library, link_identities
from ..sources.specs import Spec
from ..state.drafts import Drafts
from ..state.records import Change, Record
from ..state.store import StateStore
from .view import ORDER_NAMES, ORDERS, Order, Ordering, View, ordering, select

if TYPE_CHECKING:
    from ..query.index import SearchIndex
    from ..query.matching import Matcher
    from .rank import Corpus

LARGE = 5000
"""Digests larger than this are filtered in a worker."""
WATCH_INLINE = 2000
"""Digests up to this size are scanned for watched papers as they arrive;
larger ones in the worker that builds their index."""
SIMILAR = Spec("file", "similar")
"""The spec of the similar papers list (`m`): not a file, and no digest."""
POSITIONS = "positions"
POSITIONS_LIMIT = 200
"""How many digests remember the paper last viewed in them."""


class Stoppable(Protocol):
    def stop(self) -> object: ...


Schedule = Callable[[float, Callable[[], None]], Stoppable]
"""Calls a function after some seconds; what it returns can cancel the call."""


class Status(msgspec.Struct, frozen=True):
    """Everything the status line shows."""

    title: str = "reader"
    short_title: str = ""
    """The title for a narrow line (`Spec.short_label`); "" when it is the title."""
    total: int = 0
    unread: int = 0
    starred: int = 0
    watched: int = 0
    shown: int = 0
    views: list[str] = msgspec.field(default_factory=list)
    order: str = ""
    """The sort order's name, unless it is digest order."""
    activity: str = ""
    """Work in progress, such as "fetching hf:2026-11-27 (100 papers so far)"."""
    notice: str = ""
    """Something the user must know, such as an offline copy."""
    problem: str = ""
    """What is wrong with the filter being typed."""
    error: str = ""


class Ranked(msgspec.Struct, frozen=True):
    """A freshly trained model's scores for the digest's papers."""

    corpus: Corpus
    stars: int
    scores: dict[str, float]


class Session:
    """The digest on screen, the view over it, and the marks made on it."""

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
        self.drafts = Drafts(store)
        """Notes left unsaved, which `N` brings back."""
        self.opener = opener
        self.specs = specs
        self.view = View(hide_replacements=hide_replacements)
        self.digest: Digest | None = None
        self.shown_spec: Spec | None = None
        """The spec on screen: for day navigation (a bare `reader` may show an earlier day)."""
        self.current: Paper | None = None
        """The paper the cursor is on (the list reports each move)."""
        self._index: SearchIndex | None = None
        self._matcher: Matcher | None = None
        self._made = threading.Lock()
        self.searches: dict[str, str] = dict(searches or {})
        """Saved searches (config `[searches]`): name to query."""
        self.watch = watch or Watch()
        self.watched: dict[str, str] = {}
        """The digest's watched papers: id to why (the watch list's scan)."""
        self.query_error = ""
        """What is wrong with the filter being typed (the list keeps the last good one)."""
        self.typed = ""
        """The filter as last typed, good or not."""
        self.digest_ids: frozenset[str] = frozenset()
        self.scores: dict[str, float] | None = None
        self._orderings: dict[Order, Ordering | None] = {}
        """Each sort order of the digest on screen, computed when first asked for."""
        self.corpus: Corpus | None = None
        self.before_inbox: list[Spec] | None = None
        self._before_move: tuple[list[Spec], list[Spec] | None] | None = None
        """The sources shown before a move that is still opening (`_move`)."""
        self.before_similar: Opened | None = None
        self._shown_key: str | None = None
        """What names the digest on screen across runs (see `_key`)."""
        self._restore: str | None = None
        """The paper to put the cursor on once it is among the rows: where the
        reader was when this digest was last open."""
        self.view_before_similar: View | None = None
        self.error = ""
        self.notice = ""
        self.activity = ""
        self._too_few: tuple[int, int] | None = None
        """When For you last found too few stars: (stars with text, starred papers)."""

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
                progress(f"fetching {spec.text}: {count} papers so far")

            try:
                results.append(opener.open(spec, emit, counted))
            except (DigestError, FetchError) as error:
                errors.append(str(error))
            if cancelled():
                return None
        if not results:
            return "; ".join(errors)
        merged = merge([r.digest for r in results])
        link_identities(self.store, merged.papers)
        notices = tuple(n for r in results for n in r.notices) + tuple(errors)
        shown = results[0].spec if len(results) == 1 else None
        return Opened(merged, notices, True, shown)

    def loaded(self, opened: Opened, current: Paper | None = None) -> None:
        """Take in papers to show: a cached copy first, then the final result.

        When they are another digest, the paper under the cursor (`current`) is
        remembered for the one left, and the new one's is looked up.
        """
        key = _key(opened.spec or self.shown_spec, opened.digest)
        if key != self._shown_key:
            if self._shown_key is not None:
                self.remember_position(current)  # for the digest being left
            self._shown_key = key
            self._restore = self._remembered(key)
        self.digest = opened.digest
        self.shown_spec = opened.spec or (self.specs[0] if len(self.specs) == 1 else None)
        if opened.final:
            self._before_move = None
        with self._made:
            self._index = self._matcher = None  # made when first asked for (`index`)
        self.watched = {}
        if len(opened.digest.papers) <= WATCH_INLINE:
            self.watched = self.scan_watch(opened.digest.papers)
        self._orderings = {}
        self.digest_ids = frozenset(p.id for p in opened.digest.papers)
        self.error = ""
        if opened.final:
            self.activity = ""
            self.notice = " ".join(opened.notices)

    @property
    def index(self) -> SearchIndex | None:
        """The search index of the digest shown, made when first asked for: the
        first frame needs no search, and importing it costs startup time."""
        with self._made:
            if self._index is None and self.digest is not None:
                from ..query.index import SearchIndex

                self._index = SearchIndex(self.digest.papers)
            return self._index

    @property
    def matcher(self) -> Matcher | None:
        """What answers queries over the digest shown (made when first asked for)."""
        index = self.index
        with self._made:
            if self._matcher is None and index is not None and self.digest is not None:
                from ..query.matching import Matcher

                self._matcher = Matcher(self.digest.papers, index)
            return self._matcher

    def failed(self, error: str) -> bool:
        """Nothing could be opened. True when a digest stays shown: the move to
        other sources is undone, so the header keeps naming what is on screen."""
        self.activity = ""
        if self._before_move is not None and self.digest is not None:
            (self.specs, self.before_inbox), self._before_move = self._before_move, None
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

    def _remembered(self, key: str | None) -> str | None:
        """The id of the paper last viewed in the digest named `key`, if any."""
        positions = self.store.get_meta(POSITIONS, {})
        found = positions.get(key) if isinstance(positions, dict) and key else None
        return found if isinstance(found, str) else None

    def remember_position(self, paper: Paper | None) -> None:
        """Keep the paper under the cursor for the next time this digest opens."""
        key = self._shown_key
        if paper is None or key is None or self._remembered(key) == paper.id:
            return
        old = self.store.get_meta(POSITIONS, {})
        positions = {k: v for k, v in old.items() if k != key} if isinstance(old, dict) else {}
        positions[key] = paper.id
        self.store.set_meta(POSITIONS, dict(list(positions.items())[-POSITIONS_LIMIT:]))

    def keep(self, shown: Sequence[Paper], highlighted: Paper | None) -> Paper | None:
        """The paper the cursor should stay on as new rows come: where the reader
        was in this digest, once it is among them; else the one highlighted."""
        if self._restore is None:
            return highlighted
        wanted = self._restore
        found = next((p for p in shown if p.id == wanted), None)
        if found is not None or not self.activity:
            self._restore = None  # found, or the whole digest is in and it is not
        return found or highlighted

    # --- moving between sources ---------------------------------------------------

    def step(self, delta: int) -> str | None:
        """Go to the previous or next day (week, month); a message if there is none.

        Stepped from the digest being opened, else the one shown: the header
        keeps naming what is shown until the new one is in (`loaded`).
        """
        pending = self._before_move is not None or self.digest is None
        spec = self.specs[0] if pending and len(self.specs) == 1 else self.shown_spec
        if len(self.specs) > 1:
            return f"[ and ] step through one source at a time; this list merges {len(self.specs)}."
        if spec is None:
            return "Nothing is open to step from."
        if not spec.can_step:
            return cannot_step(spec)
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
        if self._before_move is None:
            self._before_move = (self.specs, self.before_inbox)
        self.specs = specs

    def open_specs(self, specs: list[Spec]) -> None:
        """Show other sources (from the palette's "Go to date…", for example)."""
        self._move(specs)
        self.before_inbox = None

    def toggle_inbox(self) -> None:
        """The Inbox, or back to what was shown before it."""
        back, previous = self.before_inbox, self.specs
        self._move([Spec("inbox")] if back is None else back)
        self.before_inbox = previous if back is None else None

    # --- the view ------------------------------------------------------------

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self.digest.papers if self.digest else ()

    def in_background(self, view: View) -> bool:
        """True when selecting `view` may take long: do it in a worker."""
        default = view == View(hide_replacements=view.hide_replacements)
        if len(self.papers) <= LARGE or default:
            return False
        from ..query.language import parse

        # With the index built, a query is a few milliseconds: quicker here than in a worker.
        matcher = self.matcher
        return matcher is None or not matcher.cheap(parse(view.filter_text))

    def select(self, view: View) -> Sequence[Paper]:
        """The papers `view` shows (safe in a worker)."""
        order = self._ordering(view.order)
        matcher = self.matcher if view.filter_text else None  # no search, no index
        return select(self.papers, view, self.store, matcher, order, self.watched.keys())

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

    def _indexing(self) -> str:
        """The search index being built (seconds at 100,000 papers): until it is,
        a filter reads every paper's text, a fraction of a second a keystroke."""
        index = self._index
        if index is None or index.ready:
            return ""
        from ..query.language import parse, uses_text

        if not (len(index) > LARGE or uses_text(parse(self.view.filter_text))):
            return ""
        return f"indexing {len(index):,} papers for search"

    # --- the watch list ---------------------------------------------------------------

    def scan_watch(self, papers: Sequence[Paper]) -> dict[str, str]:
        """Which of `papers` the watch list marks, and why (safe in a worker)."""
        if not self.watch:
            return {}
        from ..query.watch import scan

        matcher = self.matcher if papers is self.papers else None
        return scan(papers, self.watch, matcher)

    def take_watched(self, papers: Sequence[Paper], found: dict[str, str]) -> bool:
        """Take a scan in, if it is of the digest still shown."""
        if papers is not self.papers:
            return False
        self.watched = found
        return True

    def next_watched(self, papers: Sequence[Paper], start: int) -> int | None:
        """The next watched paper after `start`, wrapping; None if none is shown."""
        watched = self.watched
        count = len(papers)
        for step in range(1, count + 1):
            index = (start + step) % count
            if papers[index].id in watched:
                return index
        return None

    def _ordering(self, order: Order) -> Ordering | None:
        orderings = self._orderings  # a new digest replaces the dict: never mixed up
        if order not in orderings:
            orderings[order] = ordering(self.papers, order, self.scores)
        return orderings[order]

    def next_order(self) -> Order:
        """The order after the current one, in the cycle of one key."""
        return ORDERS[(ORDERS.index(self.view.order) + 1) % len(ORDERS)]

    def sort_by(self, order: Order) -> None:
        """Sort by `order` (For you is taken in by `ranked`, once trained)."""
        self.view = replace(self.view, order=order)

    def status(self, shown: int) -> Status:
        if self.digest is None:
            return Status(title="reader", activity=self.activity or "loading", error=self.error)
        spec = self.shown_spec
        title = spec.label if spec is not None and spec.kind != "file" else ""
        ids = self.digest_ids
        return Status(
            title=title or self.digest.title or spec.label if spec else self.digest.title,
            short_title=self._short_title(),
            total=len(self.digest.papers),
            unread=len(ids) - len(self.store.read_ids & ids),
            starred=len(self.store.starred_ids & ids),
            watched=len(self.watched),
            shown=shown,
            views=self.view.labels(self.search_name),
            order="" if self.view.order == "digest" else ORDER_NAMES[self.view.order],
            activity=self.activity or self._indexing(),
            notice=" ".join(n for n in (self.notice, self.for_you_notice) if n),
            problem=self.query_error,
            error=self.store.write_error or self.error,
        )

    def _short_title(self) -> str:
        """The header's title on a narrow line: a spec's short label, or a file's
        day in full ("Dec 11, 2025"), never a title cut inside its date."""
        spec, digest = self.shown_spec, self.digest
        if spec is not None and spec.kind != "file":
            return spec.short_label
        if digest is not None and digest.date:
            from datetime import date

            day = date.fromisoformat(digest.date)
            return f"{day:%b} {day.day}, {day.year}"
        return ""

    # --- marks -------------------------------------------------------------------

    def record(self, paper: Paper | None) -> Record:
        return self.store.record(paper.id) if paper is not None else Record()

    def toggle(self, paper: Paper, field: Literal["read", "starred"]) -> bool:
        """Flip a mark (undoable); the paper's title id keeps it too."""
        if not paper.id.startswith("t:") and (alt := paper.alt_id):
            self.store.link([(alt, paper.id)])
        return self.store.toggle(paper.id, field)

    def dwelt(self, paper: Paper) -> bool:
        """The paper stayed on screen long enough to count as read; True if it changed."""
        return bool(self.store.set_field([paper.id], "read", True, undoable=False))

    def unread_among(self, papers: Sequence[Paper]) -> list[str]:
        return [p.id for p in papers if p.id not in self.store.read_ids]

    def mark_read(self, ids: list[str]) -> int:
        """Mark papers read as one undo step; how many changed."""
        return len(self.store.set_field(ids, "read", True))

    def undo(self) -> list[Change] | None:
        return self.store.undo()

    def next_unread(self, papers: Sequence[Paper], start: int) -> int | None:
        """The next unread paper after `start`, wrapping; None if all are read."""
        read = self.store.read_ids
        count = len(papers)
        for step in range(1, count + 1):
            index = (start + step) % count
            if papers[index].id not in read:
                return index
        return None

    # --- For you and similar papers ---------------------------------------------------

    def corpus_for(self, papers: tuple[Paper, ...]) -> Corpus:
        """The vectorised corpus (in a worker), rebuilt only when the digest brings new papers."""
        from .rank import Corpus

        corpus = self.corpus
        if corpus is None or any(p.id not in corpus.row for p in papers):
            corpus = Corpus([*library(self.store).papers, *papers])
        return corpus

    def train(self, papers: tuple[Paper, ...]) -> Ranked:
        """Train on the stars and rank `papers` (in a worker)."""
        corpus = self.corpus_for(papers)
        stars = corpus.train(self.store.starred_ids, self.store.read_ids)
        scores = corpus.rank(papers, stars).scores if stars else {}
        return Ranked(corpus, stars, scores)

    def ranked(self, result: Ranked) -> bool:
        """Take a trained model in; False (with `for_you_notice`) if stars are too few."""
        from .rank import MIN_STARS

        self.corpus = result.corpus
        self.activity = ""
        if result.stars < MIN_STARS:
            self._too_few = (result.stars, self.store.starred_count)
            self.for_you_off()
            return False
        self._too_few = None
        self.scores = result.scores
        self._orderings = {}
        self.view = replace(self.view, order="for-you")
        return True

    @property
    def for_you_notice(self) -> str:
        """Why For you could not rank, while that still holds: too few stars (the
        count kept up to date), or stars whose text it lacks (until the stars change)."""
        if self._too_few is None:
            return ""
        from .rank import MIN_STARS, too_few

        usable, starred_then = self._too_few
        starred = self.store.starred_count
        if (starred_then < MIN_STARS and starred >= MIN_STARS) or (
            starred_then >= MIN_STARS and starred != starred_then
        ):
            return ""  # the cause went: `f` tries again
        return too_few(min(usable, starred), starred)

    def needs_ranking(self) -> bool:
        """For you is on, and papers on screen have no score yet."""
        scores = self.scores
        return (
            self.view.for_you
            and scores is not None
            and any(p.id not in scores for p in self.papers)
        )

    def for_you_off(self) -> None:
        self.scores = None
        self._orderings = {}
        self.view = replace(self.view, order="digest")

    def reasons_for(self, paper: Paper | None) -> list[str]:
        """Why this paper ranks where it does, when For you is on."""
        if paper is None or not self.view.for_you or self.corpus is None:
            return []
        return self.corpus.reasons(paper)

    def similar_digest(self, corpus: Corpus, paper: Paper, similar: list[Paper]) -> Opened:
        """The similar papers as a digest to show; what was shown before is kept for Esc."""
        self.corpus = corpus
        self.activity = ""
        if self.before_similar is None and self.digest is not None:
            self.before_similar = Opened(self.digest, spec=self.shown_spec)
            self.view_before_similar = self.view
        # Ordered by similarity, whatever the view: no filter, no For you order.
        self.view = View()
        title = f"Similar to “{paper.title[:60]}” (Esc returns)"
        digest = Digest(source="similar", papers=(paper, *similar), title=title)
        return Opened(digest, spec=SIMILAR)

    def leave_similar(self) -> Opened | None:
        """What was shown before `m`; None if not in a similar list."""
        previous, self.before_similar = self.before_similar, None
        if previous is not None and self.view_before_similar is not None:
            self.view, self.view_before_similar = self.view_before_similar, None
        return previous


def cannot_step(spec: Spec) -> str:
    """Why [ and ] do nothing on this source."""
    if spec.kind == "arxiv":
        return (
            "An arXiv listing is today's only: [ and ] step through Daily Papers days "
            "and the digests of a mailbox."
        )
    if spec.kind == "arxiv-query":
        return "An arXiv search has no days: [ and ] step through Daily Papers days."
    if spec.kind == "inbox":
        return "The Inbox gathers every digest: there are no days to step through."
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
