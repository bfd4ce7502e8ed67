"""A paper's links: only ones that can exist, and the ones its abstract names."""

from __future__ import annotations

import json

from reader.core.formats.hf import parse_hf
from reader.core.models import Paper
from reader.core.text import find_links


def _hf_paper(identifier: str) -> Paper:
    item = {"paper": {"id": identifier, "title": "A title", "summary": "", "authors": []}}
    return parse_hf(json.loads(json.dumps([item])), "hf.json").papers[0]


def test_hugging_face_pages_only_for_new_style_ids() -> None:
    old = _hf_paper("astro-ph/9904306")
    assert [label for label, _ in old.all_links()] == ["Abstract page", "PDF"]
    new = _hf_paper("2611.01234")
    assert ("Hugging Face", "https://huggingface.co/papers/2611.01234") in new.all_links()


def test_bare_code_links_in_an_abstract_are_links() -> None:
    text = (
        "Code: github.com/lab/repo. Weights at (huggingface.co/lab/model), "
        "docs at https://github.com/lab/repo/wiki; not a link: mygithub.com/x or a@github.com/y."
    )
    assert find_links(text) == [
        "https://github.com/lab/repo",
        "https://huggingface.co/lab/model",
        "https://github.com/lab/repo/wiki",
    ]
    paper = Paper.create(title="T", abstract=text)
    assert ("In the abstract", "https://github.com/lab/repo") in paper.all_links()
