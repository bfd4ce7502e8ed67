"""The archive (reader.core.archive): papers kept once, digests kept per day,
its word index on disk answering as the in-memory one does."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import msgspec
import numpy as np
import pytest

from reader.core.archive import views
from reader.core.archive.index import ArchiveIndex
from reader.core.archive.store import Archive
from reader.core.archive.upkeep import prune
from reader.core.archive.writing import add_digest, import_papers
from reader.core.errors import StateError
from reader.core.models import Digest, Paper
from reader.core.query.index import SearchIndex
from reader.core.query.postings import ALL_FIELDS, SEGMENT, TITLE
from reader.core.reading.view import listed
from tests.support.realshape import papers as real_papers


def made(count: int, *, seed: int = 1, first: int = 0) -> list[Paper]:
    """Real-shaped papers (long-tailed authors, LaTeX titles, wrapped abstracts)."""
    found = []
    for n, data in enumerate(real_papers(count, seed=seed)):
        data["id"] = f"2611.{first + n:05d}"
        data.pop("author_count")
        found.append(Paper.create(**data))
    return found


def day(papers: list[Paper], when: str, source: str = "hf") -> Digest:
    return Digest(source=source, papers=tuple(papers), date=when, title=f"{source} {when}")


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive(tmp_path / "archive.sqlite")
    yield opened
    opened.close()


def test_a_digest_comes_back_in_its_order_with_its_announcements(archive: Archive) -> None:
    papers = made(5)
    papers[2] = msgspec.structs.replace(papers[2], announce="cross")
    add_digest(
        archive, "arxiv:cs.LG", "2026-11-27", day(papers[::-1], "2026-11-27"), kind="fetched"
    )
    back = archive.digest("arxiv:cs.LG", "2026-11-27")
    assert back is not None
    assert [p.id for p in back.papers] == [p.id for p in papers[::-1]]
    assert back.papers[2].announce == "cross"
    # Each paper says where it was read from (the Inbox's JSON has it), as the cache did.
    assert back.papers[2] == msgspec.structs.replace(papers[2], source="hf")
    assert {p.source for p in views.inbox(archive, frozenset(), None)} == {"hf"}


def test_each_day_is_kept_and_a_paper_once(archive: Archive) -> None:
    monday, tuesday = made(4), made(4, first=2)  # two papers in both
    add_digest(archive, "arxiv:cs.LG", "2026-11-23", day(monday, "2026-11-23"), kind="fetched")
    add_digest(archive, "arxiv:cs.LG", "2026-11-24", day(tuesday, "2026-11-24"), kind="fetched")
    assert archive.days("arxiv:cs.LG") == ["2026-11-23", "2026-11-24"]
    assert archive.count() == 6
    newest = archive.digest("arxiv:cs.LG")
    assert newest is not None and newest.date == "2026-11-24"
    monday_back = archive.digest("arxiv:cs.LG", "2026-11-23")
    assert monday_back is not None and len(monday_back.papers) == 4


def test_a_later_sighting_updates_the_row_and_keeps_what_only_the_first_knew(
    archive: Archive,
) -> None:
    (paper,) = made(1)
    add_digest(archive, "hf", "2026-11-20", day([paper], "2026-11-20"), kind="fetched")
    mailed = msgspec.structs.replace(paper, upvotes=None, title=paper.title + " (v2)")
    add_digest(archive, "mail", "2026-11-21", day([mailed], "2026-11-21"), kind="opened")
    (back,) = archive.by_ids([paper.id])
    assert back.title.endswith("(v2)")
    assert back.upvotes == paper.upvotes
    assert archive.count() == 1


def test_a_day_fetched_again_replaces_its_list(archive: Archive) -> None:
    papers = made(6)
    add_digest(archive, "hf", "2026-11-20", day(papers[:3], "2026-11-20"), kind="fetched")
    add_digest(archive, "hf", "2026-11-20", day(papers[2:], "2026-11-20"), kind="fetched")
    back = archive.digest("hf", "2026-11-20")
    assert back is not None and [p.id for p in back.papers] == [p.id for p in papers[2:]]


def test_imported_papers_are_in_the_library_and_not_the_inbox(archive: Archive) -> None:
    listed, imported = made(3), made(3, first=10)
    add_digest(archive, "hf", "2026-11-20", day(listed, "2026-11-20"), kind="fetched")
    assert import_papers(archive, imported + listed[:1]) == 3  # one was there already
    assert import_papers(archive, imported) == 0  # run again: nothing twice
    inbox = set(views.inbox(archive, frozenset(), None).id_list())
    library = set(views.library(archive, None).id_list())
    assert inbox == {p.id for p in listed}
    assert library == {p.id for p in listed + imported}


def test_papers_seen_again_use_up_no_row_numbers(archive: Archive) -> None:
    """The index answers for every row up to the last given: rows used up by
    papers seen again (a day fetched ten times, an import run again) made
    every keystroke walk segments of nothing."""
    papers, imported = made(40), made(30, first=100)
    for _ in range(10):
        add_digest(archive, "hf", "2026-11-20", day(papers, "2026-11-20"), kind="fetched")
        import_papers(archive, imported + papers[:5])
    assert archive.last_row() == 70
    (late,) = made(1, first=500)
    add_digest(archive, "hf", "2026-11-21", day([late, *papers[:3]], "2026-11-21"), kind="fetched")
    assert archive.last_row() == 71
    assert [row for row, _ in archive.rows_between(71, 71)] == [71]


def test_prune_keeps_marked_papers_and_those_of_newer_days(archive: Archive) -> None:
    old, new = made(4), made(2, first=20)
    add_digest(archive, "hf", "2025-01-01", day(old, "2025-01-01"), kind="fetched")
    add_digest(archive, "hf", "2026-11-01", day(new + old[:1], "2026-11-01"), kind="fetched")
    gone = prune(archive, "2026-01-01", keep={old[1].id})
    assert gone == 2  # old[2] and old[3]: unmarked, and only in the old day
    assert {p.id for p in archive.by_ids(p.id for p in old + new)} == {
        p.id for p in [old[0], old[1], *new]
    }
    assert archive.days("hf") == ["2025-01-01", "2026-11-01"]  # old[0], old[1] still listed


def test_a_damaged_file_is_set_aside_and_named(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    path.write_bytes(b"this is not a database, but it is long enough to look like one" * 100)
    archive = Archive(path)
    try:
        assert archive.notice is not None
        asides = list(tmp_path.glob("archive.sqlite.corrupt-*"))
        assert len(asides) == 1 and str(asides[0]) in archive.notice
        assert archive.count() == 0  # a new, working archive
    finally:
        archive.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    Archive(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    db.close()
    with pytest.raises(StateError, match="newer reader"):
        Archive(path)


def test_an_older_schema_gains_what_it_lacks_and_keeps_its_papers(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite"
    archive = Archive(path)
    papers = made(5)
    add_digest(archive, "hf", "2026-11-20", day(papers, "2026-11-20"), kind="fetched")
    archive.close()
    # As schema 1 left it: no index of its own for the Inbox, no titles.
    with sqlite3.connect(path) as db:
        db.execute("DROP INDEX papers_inbox")
        db.execute("ALTER TABLE papers DROP COLUMN title")
        db.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    db.close()
    archive = Archive(path)
    try:
        names = {name for (name,) in archive.db.execute("SELECT name FROM sqlite_master")}
        assert "papers_inbox" in names
        assert archive.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            "3",
        )
        inbox = views.inbox(archive, frozenset(), None)
        assert {p.id for p in inbox} == {p.id for p in papers}
        # Rows of before have no title: a list draws them from their papers.
        assert set(archive.titles(range(1, 6)).values()) == {None}
        assert {r.title for r in listed(inbox, range(5))} == {p.title for p in papers}
        (late,) = made(1, first=50)
        add_digest(archive, "hf", "2026-11-21", day([late], "2026-11-21"), kind="fetched")
        assert archive.titles([6]) == {6: late.title}
    finally:
        archive.close()
    Archive(path).close()  # opened again: nothing more to add


# --- the index on disk -----------------------------------------------------------------


def _rows_of(archive: Archive, papers: list[Paper]) -> list[int]:
    found = dict(archive.db.execute("SELECT id, row FROM papers"))
    return [found[p.id] for p in papers]


def _words(papers: list[Paper], count: int) -> list[str]:
    rng = random.Random(4)
    words = []
    for paper in rng.sample(papers, count):
        text = (paper.title + " " + paper.abstract + " " + " ".join(paper.authors)).casefold()
        token = rng.choice(text.split())
        start = rng.randrange(len(token))
        words.append(token[start : start + rng.randint(1, 6)])
    return words + ["zzqx", "é", "ö", "x", "ab"]


def _answers_as_in_memory(
    index: ArchiveIndex, archive: Archive, papers: list[Paper], words: int, fields: tuple[int, ...]
) -> None:
    """The index on disk finds, for words drawn from `papers`, what one built
    in memory from them finds, and nothing more."""
    memory = SearchIndex(papers)
    memory.build()
    rows = np.array(_rows_of(archive, papers))
    for word in _words(papers, words):
        for where in fields:
            found, wanted = index.word(word, where), memory.word(word, where)
            assert (found[rows] == wanted).all() and found.sum() == wanted.sum(), word


def test_the_index_on_disk_answers_as_the_one_in_memory(archive: Archive, tmp_path: Path) -> None:
    papers = made(SEGMENT + 300)  # a whole segment and a partial one
    add_digest(archive, "hf", "2026-11-20", day(papers, "2026-11-20"), kind="fetched")
    index = ArchiveIndex(tmp_path / "index", archive.identity)
    assert index.behind(archive) == len(papers)
    assert index.catch_up(archive)
    assert index.behind(archive) == 0
    # Grown on disk, read only when asked for: a process that searches its own
    # index (a file opened in the app) does not hold the archive's vocabulary too.
    assert not index.ready
    index.load()
    _answers_as_in_memory(index, archive, papers, 40, (ALL_FIELDS, TITLE))


def test_rows_never_given_cost_the_index_no_letters(archive: Archive, tmp_path: Path) -> None:
    """An archive of the version before used up row numbers (papers seen
    again), leaving segments of no papers: they keep no bitmaps on disk and a
    look-up passes them by, with the same answers."""
    first, second = made(200), made(200, seed=5, first=1000)
    add_digest(archive, "hf", "2026-11-20", day(first, "2026-11-20"), kind="fetched")
    with archive.transaction() as db:
        db.execute("UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'papers'", (3 * SEGMENT,))
    add_digest(archive, "hf", "2026-11-21", day(second, "2026-11-21"), kind="fetched")
    index = ArchiveIndex(tmp_path / "index", archive.identity)
    index.catch_up(archive)
    sizes = sorted(p.stat().st_size for p in (tmp_path / "index").glob("segment-*"))
    assert len(sizes) == 4
    assert sizes[:2] == [sizes[0]] * 2 and sizes[0] < 1024  # the two of no papers
    index.load()
    _answers_as_in_memory(index, archive, first + second, 20, (ALL_FIELDS, TITLE))


def test_the_index_grows_as_papers_arrive_and_a_new_process_reads_it(
    archive: Archive, tmp_path: Path
) -> None:
    first, second = made(500), made(700, seed=2, first=1000)
    add_digest(archive, "hf", "2026-11-20", day(first, "2026-11-20"), kind="fetched")
    index = ArchiveIndex(tmp_path / "index", archive.identity)
    index.catch_up(archive)
    add_digest(archive, "hf", "2026-11-21", day(second, "2026-11-21"), kind="fetched")
    assert index.behind(archive) == 700
    assert index.catch_up(archive)
    assert not index.catch_up(archive)  # nothing new: nothing done
    again = ArchiveIndex(tmp_path / "index", archive.identity)
    again.load()
    _answers_as_in_memory(again, archive, first + second, 30, (ALL_FIELDS,))
    files = sorted(p.name for p in (tmp_path / "index").iterdir())
    assert len([f for f in files if f.startswith("segment-")]) == 1  # the old one removed


def test_an_index_interrupted_while_growing_keeps_the_last_whole_one(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = made(300), made(300, seed=3, first=500)
    add_digest(archive, "hf", "2026-11-20", day(first, "2026-11-20"), kind="fetched")
    index = ArchiveIndex(tmp_path / "index", archive.identity)
    index.catch_up(archive)
    add_digest(archive, "hf", "2026-11-21", day(second, "2026-11-21"), kind="fetched")

    import reader.core.archive.index as module

    real = module.atomic_write

    def dies_at_the_manifest(path: Path, data: bytes) -> None:
        if path.name == "manifest.json":
            raise KeyboardInterrupt  # killed before the manifest is replaced
        real(path, data)

    monkeypatch.setattr(module, "atomic_write", dies_at_the_manifest)
    with pytest.raises(KeyboardInterrupt):
        index.catch_up(archive)
    monkeypatch.setattr(module, "atomic_write", real)
    reopened = ArchiveIndex(tmp_path / "index", archive.identity)
    reopened.load()
    assert reopened.rows == 301  # rows 1-300: the first day, whole
    assert reopened.behind(archive) == 300
    assert reopened.catch_up(archive)
    word = second[0].title.split()[0].casefold()
    rows = _rows_of(archive, second)
    assert reopened.word(word, ALL_FIELDS)[rows[0]]


def test_rows_deflated_by_the_version_before_read_as_those_of_now(archive: Archive) -> None:
    """Papers are kept with zstd now; rows written before were deflated, and
    both are read, whole or by one field (a phrase's candidates)."""
    import zlib

    from reader.core.archive.packing import decode_texts, inflate, pack, unpack

    old, new = made(3), made(3, first=10)
    add_digest(archive, "hf", "2026-11-20", day(old + new, "2026-11-20"), kind="fetched")
    kept = archive.by_ids(p.id for p in old + new)
    with archive.transaction() as db:
        for paper in kept[:3]:
            deflated = zlib.compress(msgspec.msgpack.encode(paper), 1)
            db.execute("UPDATE papers SET data = ? WHERE id = ?", (deflated, paper.id))
    stored = dict(archive.db.execute("SELECT id, data FROM papers"))
    assert {stored[p.id][:4] for p in new} == {pack(new[0])[:4]} != {stored[old[0].id][:4]}
    assert [unpack(stored[p.id]) for p in old + new] == kept
    assert archive.by_ids(p.id for p in old + new) == kept
    heavy = max(kept, key=lambda p: len(p.authors))
    raw = inflate(stored[heavy.id])
    assert decode_texts(raw).authors == heavy.authors
    assert decode_texts(raw, "abs").abstract == heavy.abstract
    assert decode_texts(raw, "abs").authors == ()  # the rest left unread
    assert decode_texts(raw, "au").authors == heavy.authors
    assert decode_texts(raw, "ti").title == heavy.title


def test_connections_of_threads_that_ended_are_closed(archive: Archive) -> None:
    """The app filters in a worker thread per keystroke: each opens a
    connection, which must not stay open (with its page cache) until quit."""
    import threading

    add_digest(archive, "hf", "2026-11-20", day(made(3), "2026-11-20"), kind="fetched")
    opened: list[sqlite3.Connection] = []

    def read() -> None:
        opened.append(archive.db)
        assert archive.count() == 3

    for _ in range(20):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert len(archive._connections) <= 2  # this thread's, and the last worker's
    with pytest.raises(sqlite3.ProgrammingError):
        opened[0].execute("SELECT 1")  # closed


def test_a_small_index_keeps_its_pages_and_a_large_one_lets_go(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Letting go of a small index's pages after each look-up only made the next
    fault them in again; a large one's would stay in the process's memory."""
    import reader.core.archive.index as module

    papers = made(300)
    add_digest(archive, "hf", "2026-11-20", day(papers, "2026-11-20"), kind="fetched")
    small = ArchiveIndex(tmp_path / "index", archive.identity)
    small.catch_up(archive)
    small.load()
    postings = small.postings()
    assert postings is not None and all(s.mapping is None for s in postings.segments)
    monkeypatch.setattr(module, "KEPT_MAPPED", 1024)
    large = ArchiveIndex(tmp_path / "index", archive.identity)
    large.load()
    postings = large.postings()
    assert postings is not None and all(s.mapping is not None for s in postings.segments)
    word = papers[0].title.split()[0].casefold()
    rows = _rows_of(archive, papers)
    assert small.word(word, ALL_FIELDS)[rows[0]] and large.word(word, ALL_FIELDS)[rows[0]]
