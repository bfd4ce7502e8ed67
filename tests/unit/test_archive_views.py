"""Views of the archive (the Inbox, the library) read as the digests in
memory are: the query engine held to the plain per-paper reading, the sort
orders, the switches and the cursor's lookups, on papers decoded as read."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.archive.handle import ArchiveHandle
from reader.core.archive.upkeep import prune
from reader.core.models import Digest, Paper
from reader.core.query.language import QueryError, parse
from reader.core.reading.digest import OpenDigest
from reader.core.reading.view import Subset, View, listed, ordering, place_of
from reader.core.sources.specs import Spec
from reader.core.state.marks import Marks
from tests.unit.test_archive import made
from tests.unit.test_query import marks_for, naive, papers, queries


def handle_in(folder: Path) -> ArchiveHandle:
    return ArchiveHandle(folder / "archive.sqlite", folder / "archive-index")


@pytest.fixture
def handle(tmp_path: Path) -> Iterator[ArchiveHandle]:
    opened = handle_in(tmp_path)
    yield opened
    opened.close()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers(), st.lists(queries, min_size=1, max_size=3), st.data())
def test_an_archive_view_answers_queries_as_the_plain_reading(
    digest: tuple[Paper, ...], typed: list[str], data: st.DataObject
) -> None:
    marks = marks_for(digest, data.draw)
    with tempfile.TemporaryDirectory() as folder:
        handle = handle_in(Path(folder))
        try:
            handle.add(Spec("hf", "2026-11-20"), Digest("hf", digest, "2026-11-20"), "fetched")
            handle.catch_up()
            view = handle.view("library", frozenset())
            shown = OpenDigest(view)
            shown.index.build()
            decoded = tuple(view.papers)  # the papers as the archive gives them back
            assert sorted(p.id for p in decoded) == sorted(p.id for p in digest)
            for query in typed:
                for end in (len(query) // 2, len(query)):
                    try:
                        parse(query[:end])
                    except QueryError:
                        continue
                    selected = shown.select(View(filter_text=query[:end]), marks)
                    expected = naive(query[:end], decoded, marks)
                    assert [p.id for p in selected] == [decoded[n].id for n in expected], query
        finally:
            handle.close()


def test_the_inbox_is_unread_papers_of_digests_newest_first(handle: ArchiveHandle) -> None:
    papers = made(30)
    handle.add(Spec("hf", "2026-11-20"), Digest("hf", tuple(papers[:20])), "fetched")
    from reader.core.archive.writing import import_papers

    import_papers(handle.archive, papers[20:])  # imported: the library's only
    marks = Marks(lambda: None)
    marks.set_field([papers[0].id, papers[1].id], "read", True)
    inbox = handle.view("inbox", marks.read_ids).papers
    assert set(inbox.id_list()) == {p.id for p in papers[2:20]}  # type: ignore[attr-defined]
    dates = [p.published or "" for p in inbox]
    assert dates == sorted(dates, reverse=True)
    library = handle.view("library", frozenset()).papers
    assert len(library) == 30
    first = handle.view("library", frozenset(), limit=7).papers
    assert list(first) == list(library)[:7]


def test_orders_and_lookups_read_columns(handle: ArchiveHandle) -> None:
    papers = [
        msgspec.structs.replace(
            p,
            upvotes=None if n % 4 == 0 else n % 7,
            categories=("cs.LG",) if n % 3 else ("hep-th", "cs.CL"),
        )
        for n, p in enumerate(made(600))  # several blocks of decoding
    ]
    handle.add(Spec("hf", "2026-11-20"), Digest("hf", tuple(papers)), "fetched")
    view = handle.view("library", frozenset()).papers
    decoded = tuple(view)
    for order in ("upvotes", "date", "title"):
        on_columns = ordering(view, order)
        in_memory = ordering(decoded, order)
        assert on_columns is not None and in_memory is not None
        assert on_columns.perm == in_memory.perm, order
    assert place_of(view, decoded[333].id) == 333
    assert view[333] is view[333]  # kept decoded: the list's cursor finds it again
    in_cs = view.category_places("cs")  # type: ignore[attr-defined]
    assert sorted(in_cs) == [
        n for n, p in enumerate(decoded) if any(c.startswith("cs.") for c in p.categories)
    ]


def test_a_paper_pruned_meanwhile_keeps_its_place(handle: ArchiveHandle) -> None:
    papers = made(10)
    handle.add(Spec("hf", "2020-01-01"), Digest("hf", tuple(papers)), "fetched")
    view = handle.view("library", frozenset()).papers
    assert prune(handle.archive, "2026-01-01", keep={papers[0].id}) == 9
    shown = list(view)
    assert len(shown) == 10
    assert sum(p.title == "(no longer in the archive)" for p in shown) == 9


def test_a_filtered_view_decodes_the_cursors_paper_and_draws_rows_from_titles(
    handle: ArchiveHandle,
) -> None:
    """The cursor's paper in a filter's answer is one paper: decoding the 64
    after it in the whole view (which scrolling the unfiltered list shows
    next) would read papers the filter left out, big ones too. The rows a
    screen shows are their titles and columns, read in one query, none decoded."""
    papers = made(400)
    handle.add(Spec("hf", "2026-11-20"), Digest("hf", tuple(papers)), "fetched")
    view = handle.view("library", frozenset()).papers
    asked: list[list[int]] = []
    titled: list[list[int]] = []
    archive = view.archive  # type: ignore[attr-defined]
    reading, titles = archive.papers_by_row, archive.titles

    def counted(rows: Sequence[int]) -> dict[int, Paper]:
        asked.append(list(rows))
        return reading(rows)  # type: ignore[no-any-return]

    def counted_titles(rows: Sequence[int]) -> dict[int, str | None]:
        titled.append(list(rows))
        return titles(rows)  # type: ignore[no-any-return]

    archive.papers_by_row, archive.titles = counted, counted_titles
    every_tenth = Subset(view, range(5, 400, 10))
    assert every_tenth[3].id == view.id_list()[35]  # type: ignore[attr-defined]
    assert [len(rows) for rows in asked] == [1]
    rows = listed(every_tenth, range(0, 12))  # the screen's rows: one query, titles alone
    assert [len(rows) for rows in asked] == [1] and [len(rows) for rows in titled] == [11]
    assert rows[3] is every_tenth[3]  # the one decoded is shown as it is
    by_id = {p.id: p for p in papers}
    for row in rows:
        paper = by_id[row.id]
        assert (row.title, row.published, row.upvotes) == (
            paper.title,
            paper.published,
            paper.upvotes,
        )
    assert [r.id for r in rows] == [view.id_list()[n] for n in range(5, 125, 10)]  # type: ignore[attr-defined]


def test_rows_written_before_titles_were_kept_are_decoded(handle: ArchiveHandle) -> None:
    """An archive of schema 2 has no titles: its rows are drawn from their papers."""
    papers = made(30)
    handle.add(Spec("hf", "2026-11-20"), Digest("hf", tuple(papers)), "fetched")
    with handle.archive.transaction() as db:
        db.execute("UPDATE papers SET title = NULL WHERE row % 2 = 0")
    view = handle.view("library", frozenset()).papers
    rows = listed(view, range(30))
    assert [r.title for r in rows] == [
        {p.id: p for p in papers}[i].title
        for i in view.id_list()  # type: ignore[attr-defined]
    ]
    assert sum(isinstance(r, Paper) for r in rows) == 15
