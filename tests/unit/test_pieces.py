"""Large JSON arrays decode in pieces of whole items, so that the UI thread
gets the GIL between them; the papers are the same as from one decode."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from reader.core.errors import DigestError
from reader.core.formats import fast
from reader.core.formats.hf import decode_hf
from reader.core.formats.load import load_digest
from reader.core.formats.reader_json import decode_papers
from tests.support import realshape


def whole(monkeypatch: pytest.MonkeyPatch, decode: Any, data: bytes) -> list[Any]:
    """What one decode of all the bytes gives."""
    with monkeypatch.context() as patch:
        patch.setattr(fast, "PIECE", len(data) + 1)
        return list(decode([data], "x"))


@pytest.mark.parametrize("indent", [None, 2])
def test_reader_json_in_pieces_is_the_same(
    monkeypatch: pytest.MonkeyPatch, indent: int | None
) -> None:
    data = json.dumps(realshape.papers(1500), indent=indent, ensure_ascii=False).encode()
    pieces = fast._pieces(data)
    assert pieces is not None and len(pieces) >= 3  # really cut: about 2.5 MB in 512 kB pieces
    assert decode_papers([data], "x") == whole(monkeypatch, decode_papers, data)


def test_hugging_face_items_in_pieces_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.dumps(realshape.hf_items(1200)).encode()
    assert len(fast._pieces(data) or ()) >= 3
    papers = decode_hf([data], "x")
    assert len(papers) == 1200 and papers == whole(monkeypatch, decode_hf, data)


def test_a_cut_inside_a_nested_object_is_noticed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Items whose first key also starts nested objects: some cuts fall inside an
    item, the piece does not decode, and the whole array is decoded instead."""
    items = realshape.hf_items(1200)
    shaped = [
        {
            "title": item["title"],
            **item,
            "paper": {
                **item["paper"],
                "authors": [{"title": "x", **a} for a in item["paper"]["authors"]],
            },
        }
        for item in items
    ]
    data = json.dumps(shaped).encode()
    cuts = fast._pieces(data)
    assert cuts is not None

    def decodes(start: int, end: int) -> bool:
        try:
            msgspec.json.decode(b"[" + data[start:end] + b"]")
        except msgspec.DecodeError:
            return False
        return True

    assert not all(decodes(start, end) for start, end in cuts)  # a cut fell inside an item
    papers = decode_hf([data], "x")
    assert papers == whole(monkeypatch, decode_hf, data) and len(papers) == 1200
    assert papers == decode_hf([json.dumps(items).encode()], "x")


def test_a_bad_item_in_a_late_piece_is_named_by_its_line(tmp_path: Path) -> None:
    rows = realshape.papers(1500)
    rows[1400]["title"] = 1400  # not a string
    path = tmp_path / "big.json"
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    data = path.read_bytes()
    with pytest.raises(fast.FastPathError) as raised:
        decode_papers([data], str(path))
    assert raised.value.index == 1400 and "$[1400]" in str(raised.value)
    with pytest.raises(DigestError) as error:
        load_digest(path)
    line = data[: data.index(b'"title": 1400')].count(b"\n") + 1
    assert error.value.line is not None and abs(error.value.line - line) <= 2
