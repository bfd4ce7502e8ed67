"""A large file opened goes into the archive as it is read, a piece at a time,
and is shown from it: the same papers in the same order as a file read into
memory, one digest kept whole or not at all, and a bad paper still named by
its line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.archive.handle import ArchiveHandle
from reader.core.archive.views import ArchivePapers
from reader.core.errors import DigestError
from reader.core.formats import fast, load
from reader.core.formats.load import load_digest, stream_digest
from reader.core.models import Paper
from reader.core.reading.digest import OpenDigest
from reader.core.reading.view import View
from reader.core.sources.opener import Opened, Opener
from reader.core.sources.specs import Spec
from reader.core.state.places import Places
from reader.core.state.store import StateStore
from tests.support import realshape


@pytest.fixture
def handle(tmp_path: Path) -> Iterator[ArchiveHandle]:
    opened = ArchiveHandle(tmp_path / "archive.sqlite", tmp_path / "archive-index")
    yield opened
    opened.close()


def write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(items, indent=1, ensure_ascii=False), encoding="utf-8")
    return path


def opener_for(store: StateStore, handle: ArchiveHandle) -> Opener:
    """An opener that keeps every file larger than a byte in the archive."""
    return Opener(store, archive=handle, archive_from=1)


@pytest.mark.parametrize("shape", ["reader", "hf"])
def test_a_large_file_is_shown_from_the_archive_as_it_reads(
    tmp_path: Path, store: StateStore, handle: ArchiveHandle, shape: str
) -> None:
    items = realshape.papers(1500) if shape == "reader" else realshape.hf_items(1200)
    path = write(tmp_path / f"big-{shape}.json", items)
    assert len(fast._pieces(path.read_bytes()) or ()) >= 3  # really read in pieces
    firsts: list[Opened] = []
    counts: list[int] = []

    opened = opener_for(store, handle).open(Spec("file", str(path)), firsts.append, counts.append)

    papers = opened.digest.papers
    assert isinstance(papers, ArchivePapers)
    whole = load_digest(path).papers
    assert list(papers.id_list()) == [p.id for p in whole]  # the file's order
    assert list(papers) == list(whole)  # every field, as read into memory
    # The first piece was shown while the rest were read, and the file is
    # remembered as opened (the Inbox, the offline fallback).
    assert len(firsts) == 1 and firsts[0].partial and 0 < len(firsts[0].digest.papers) < len(whole)
    assert list(firsts[0].digest.papers) == list(whole[: len(firsts[0].digest.papers)])
    assert len(counts) >= 3 and counts == sorted(counts) and counts[-1] == len(whole)
    assert str(path.resolve()) in [r.path for r in Places(store).recent()]
    inbox = handle.view("inbox", frozenset())
    assert sorted(inbox.papers.id_list()) == sorted(p.id for p in whole)


def test_a_file_opened_again_is_not_read_again_unless_it_changed(
    tmp_path: Path, store: StateStore, handle: ArchiveHandle, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = realshape.papers(1500)
    path = write(tmp_path / "big.json", items)
    opener = opener_for(store, handle)
    first = opener.open(Spec("file", str(path))).digest.papers
    reads: list[Path] = []
    real = load.stream_digest

    def counted(path: Path, sink: Callable[[list[Paper]], None]) -> bool:
        reads.append(path)
        return real(path, sink)

    monkeypatch.setattr(load, "stream_digest", counted)
    again = opener.open(Spec("file", str(path))).digest.papers
    assert list(again) == list(first) and reads == []  # the archive had it
    added = {**items[0], "id": "2612.00001", "title": "A paper added to the file later"}
    write(path, [*items, added])  # changed: read again
    changed = opener.open(Spec("file", str(path))).digest.papers
    assert reads == [path] and len(changed) == 1501
    assert list(changed)[:1500] == list(first)
    digests = handle.archive.db.execute("SELECT count(*) FROM digests").fetchone()[0]
    papers = handle.archive.db.execute("SELECT count(*) FROM papers").fetchone()[0]
    assert (digests, papers) == (1, 1501)


def test_a_bad_paper_deep_in_the_file_is_named_and_nothing_is_kept(
    tmp_path: Path, store: StateStore, handle: ArchiveHandle
) -> None:
    items = realshape.papers(1500)
    items[1400]["title"] = 17  # far past the first pieces, which went in already
    path = write(tmp_path / "bad.json", items)
    with pytest.raises(DigestError) as raised:
        opener_for(store, handle).open(Spec("file", str(path)))
    assert raised.value.source == str(path) and raised.value.line is not None
    assert "title" in str(raised.value)
    held = handle.archive.db.execute("SELECT count(*) FROM papers").fetchone()[0]
    assert held == 0  # the pieces read before it were taken back


def test_a_file_that_cannot_be_read_in_pieces_is_read_into_memory(
    tmp_path: Path, store: StateStore, handle: ArchiveHandle
) -> None:
    # A byte order mark, and an object rather than an array: both read whole.
    marked = tmp_path / "bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + json.dumps(realshape.papers(40)).encode())
    wrapped = write(tmp_path / "wrapped.json", realshape.papers(40))
    wrapped.write_text(json.dumps({"papers": realshape.papers(40)}), encoding="utf-8")
    for path in (marked, wrapped):
        opened = opener_for(store, handle).open(Spec("file", str(path)))
        assert isinstance(opened.digest.papers, tuple)
        assert len(opened.digest.papers) == 40


def test_stream_digest_never_holds_more_than_a_piece(tmp_path: Path) -> None:
    path = write(tmp_path / "big.json", realshape.papers(1500))
    pieces: list[list[Paper]] = []
    assert stream_digest(path, pieces.append)
    assert len(pieces) >= 3 and max(map(len, pieces)) < 1500 // 2
    assert [p.id for piece in pieces for p in piece] == [p.id for p in load_digest(path).papers]


def test_a_view_of_a_file_filters_and_sorts_as_the_file_in_memory(
    tmp_path: Path, store: StateStore, handle: ArchiveHandle
) -> None:
    path = write(tmp_path / "big.json", realshape.papers(1500))
    shown = OpenDigest(opener_for(store, handle).open(Spec("file", str(path))).digest)
    shown.index.build()
    memory = OpenDigest(load_digest(path))
    word = memory.papers[7].title.split()[0]
    for view in (
        View(),
        View(filter_text=word),
        View(filter_text=f"ti:{word}", order="title"),
        View(order="upvotes"),
        View(order="date"),
    ):
        got = [p.id for p in shown.select(view, store)]
        assert got == [p.id for p in memory.select(view, store)], view
