"""Each JSON format has one mapping to `Paper`: its fast and careful readings agree.

The fast path decodes bytes straight into structs; the careful path checks a
decoded object field by field and names the line of a bad paper. Both end in
the same mapping, so on any input both accept they give the same papers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from reader.core.formats.hf import decode_hf, parse_hf
from reader.core.formats.reader_json import decode_papers, parse_json
from tests.support import realshape


def _roughen(papers: list[dict[str, Any]], key: str) -> None:
    """Control characters, zero-width spaces and a bidi override in the text."""
    papers[3][key] += " \x1b[31m red"
    papers[5][key] = "Zero\u200bwidth " + papers[5][key]
    papers[7][key] += " \u202e reversed"


@pytest.mark.parametrize("rough", [False, True], ids=["clean text", "control characters"])
def test_reader_json_reads_the_same_both_ways(rough: bool) -> None:
    data = realshape.papers(40, seed=5)
    data[2]["published"] = "2026-11-02T17:59:01.000Z"
    data[4]["links"] = [{"label": "GitHub", "url": " https://example.org/code "}]
    data[6]["keywords"] = ["sparse  attention", " retrieval", ""]
    if rough:
        _roughen(data, "title")
    raw = json.dumps(data, ensure_ascii=False).encode()
    fast = decode_papers([raw], "d.json")
    careful = parse_json(raw.decode(), "d.json").papers
    assert tuple(fast) == careful
    assert careful[2].published == "2026-11-02"


@pytest.mark.parametrize("rough", [False, True], ids=["clean text", "control characters"])
def test_hugging_face_items_read_the_same_both_ways(rough: bool) -> None:
    items = realshape.hf_items(40, authors=9, seed=6)
    items[1]["paper"]["githubRepo"] = "https://github.com/example/code"
    items[2]["paper"]["publishedAt"] = "not a date"
    if rough:
        _roughen([item["paper"] for item in items], "summary")
    raw = json.dumps(items, ensure_ascii=False).encode()
    fast = decode_hf([raw], "hf.json")
    careful = parse_hf(json.loads(raw), "hf.json").papers
    assert tuple(fast) == careful
    assert "\n" not in careful[0].title  # the API wraps long titles
    assert careful[2].published is None
