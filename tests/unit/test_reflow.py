"""Hard-wrapped abstracts read as prose: reflowed once, when a paper is loaded.

The Hugging Face API and arXiv send abstracts wrapped at about 80 columns
(arXiv's Atom also indents every line); shown as they come, a wide pane has
lines of one word. Paragraphs, list items and indented blocks keep their lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.formats.hf import decode_hf, parse_hf
from reader.core.formats.load import load_digest
from reader.core.formats.reader_json import decode_papers
from reader.core.text import latex_to_unicode, reflow
from tests.support import realshape
from tests.support.fixtures_paths import FIXTURES

CASES = {
    "hugging face": (
        "We study X\nand Y at scale.\nResults show Z.",
        "We study X and Y at scale. Results show Z.",
    ),
    "atom indents every line": (
        "  We study X\n  and Y.\n  Results show Z.",
        "We study X and Y. Results show Z.",
    ),
    "paragraphs": (
        "First para\nwrapped.\n\n  Second para\nwrapped too.",
        "First para wrapped.\n\nSecond para wrapped too.",
    ),
    "a list": (
        "We contribute:\n- a method that\n  scales\n- a benchmark\n(a) and more",
        "We contribute:\n- a method that scales\n- a benchmark\n(a) and more",
    ),
    "an indented block": (
        "Code:\n    x = 1\n    y = 2\nEnd of it.",
        "Code:\n    x = 1\n    y = 2\nEnd of it.",
    ),
    "spaces at line ends": ("line one \nline two\r", "line one line two"),
    "a number that starts a line": ("trained on\n2 percent of it", "trained on 2 percent of it"),
    "one line": ("  Nothing to do. ", "Nothing to do."),
    "a parenthesis that goes on with a sentence": (
        "  We deploy SemanticALLI within Alli\n(PMG's marketing intelligence platform) to\n"
        "answer questions in a charge density wave\n(CDW) ordering and an orbital\n"
        "(NEO) framework.",
        "We deploy SemanticALLI within Alli (PMG's marketing intelligence platform) to "
        "answer questions in a charge density wave (CDW) ordering and an orbital "
        "(NEO) framework.",
    ),
    "a number that goes on with a sentence": (
        "The gain grows by\n12) percent, as in\n2. below.",
        "The gain grows by 12) percent, as in 2. below.",
    ),
    "a list after a sentence, then a run of items": (
        "Results are twofold.\n(i) we bound the\nerror;\n(ii) we test it.\nThat is all.",
        "Results are twofold.\n(i) we bound the error;\n(ii) we test it. That is all.",
    ),
    "a list at the start of a paragraph": (
        "Intro line.\n\n1) first\n2) second",
        "Intro line.\n\n1) first\n2) second",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_reflow(name: str) -> None:
    wrapped, expected = CASES[name]
    assert reflow(wrapped) == expected
    assert reflow(expected) == expected


@settings(max_examples=1000)
@given(st.text(alphabet="ab -1.():;\n\t*'", max_size=80))
def test_reflowing_reflowed_text_changes_nothing(text: str) -> None:
    once = reflow(text)
    assert reflow(once) == once


def test_every_format_reflows_when_it_loads(tmp_path: Path) -> None:
    data = realshape.papers(20, authors=6, seed=9)
    assert all("\n" in p["abstract"] for p in data), "the fixture is hard-wrapped"
    raw = json.dumps(data).encode()
    path = tmp_path / "d.json"
    path.write_bytes(raw)
    for papers in (load_digest(path).papers, decode_papers([raw], "d.json")):
        assert all("\n" not in p.abstract and "  " not in p.abstract for p in papers)
    items = realshape.hf_items(20, authors=6, seed=9)
    hf_raw = json.dumps(items).encode()
    for papers in (decode_hf([hf_raw], "h.json"), parse_hf(json.loads(hf_raw), "h.json").papers):
        assert all("\n" not in p.abstract for p in papers)
    atom = load_digest(FIXTURES / "arxiv-query.atom").papers
    assert atom and all("\n" not in p.abstract and not p.abstract.startswith(" ") for p in atom)


def test_a_page_keeps_its_paragraphs(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Daily Papers\n\nNov 27\n\nA Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n"
        "• 2 authors\n·\nNov 26 4\n"
    )
    paper = load_digest(page).papers[0]
    assert paper.abstract == "First paragraph.\n\nSecond paragraph."


def test_latex_keeps_the_space_between_operator_and_operand() -> None:
    assert latex_to_unicode(r"$\lambda_1 \leq \alpha\sqrt{d}$") == "λ_1 ≤ α√(d)"
    assert latex_to_unicode(r"where $a \cdot b = c$ holds") == "where a · b = c holds"
    assert latex_to_unicode(r"text \alpha and more") == "text α and more"


PIECES = st.sampled_from(
    ["word", "wave", "(CDW)", "(PMG's", "(a)", "(ii)", "2)", "12.", "1.", "-", "•", "end.", "so:"]
)


@settings(max_examples=500)
@given(st.lists(st.tuples(PIECES, st.sampled_from([" ", "\n", "\n  ", "\n\n"])), max_size=40))
def test_reflow_of_real_shaped_lines_is_idempotent(pieces: list[tuple[str, str]]) -> None:
    """Lines that begin with markers, acronyms in parentheses and numbers, in every
    mix: reflowed once, they stay as they are."""
    text = "".join(piece + gap for piece, gap in pieces)
    once = reflow(text)
    assert reflow(once) == once


@pytest.mark.parametrize(
    "abstract",
    [
        # Every line indented alike, as the snapshot's lines often are (and Atom's).
        "  We bound the mixing time of a walk on\n  the hypercube by $O(n\\log n)$ steps and\n"
        "  show it is tight.\n",
        # Only the first line indented.
        "  We bound the mixing time of a walk on\nthe hypercube by $O(n\\log n)$ steps and\n"
        "show it is tight.\n",
    ],
)
def test_a_snapshot_abstract_reads_as_prose(abstract: str) -> None:
    """`reader import`'s papers were shown a line and an indented line at a
    time: the first line's indentation was stripped before the reflow, which
    then took the rest for an indented block."""
    import orjson

    from reader.core.formats.snapshot import paper_of

    line = orjson.dumps({"id": "2401.00001", "title": "A walk", "abstract": abstract})
    assert paper_of(1, line).abstract == (
        "We bound the mixing time of a walk on the hypercube by $O(n\\log n)$ steps and "
        "show it is tight."
    )
