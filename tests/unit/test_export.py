"""Every export format, read back by the parser its users will use."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest
from markdown_it import MarkdownIt

from reader.core.export import assign_keys, choose, citation_key, render
from reader.core.export.bibtex import to_bibtex
from reader.core.formats.load import load_digest
from reader.core.formats.reader_json import parse_json
from reader.core.models import Paper
from reader.core.state.store import StateStore
from reader.core.text import latex_to_unicode
from tests.conftest import TODAY

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def hard_papers() -> list[Paper]:
    return [
        Paper.create(
            id="2611.20417",
            title=r"Tidal Memory: 100% of $\mathcal{O}(n)$ & {Braces} #1_x~^\\",
            abstract="We use $k$ tokens.\nSecond line with [markdown](x) *stars*.",
            authors=["Mira Okonkwo", "Jürgen Müller-Lüdenscheidt", "O'Brien, Pat"],
            published="2026-11-26",
            categories=["cs.LG"],
        ),
        Paper.create(
            id="2611.20418", title="Tidal waves", authors=["Mira Okonkwo"], published="2026-11-20"
        ),
        Paper.create(title="A paper with no arXiv id", published="2025-01-02"),
    ]


def test_bibtex_parses_with_bibtexparser() -> None:
    papers = hard_papers()
    text = to_bibtex(papers, assign_keys(papers, None))
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert len(library.entries) == 3
    first = library.entries[0]
    assert first.entry_type == "misc"
    assert first.key == "okonkwo2026tidal"
    assert library.entries[1].key == "okonkwo2026tidala"  # unique keys
    fields = {f.key: f.value for f in first.fields}
    assert fields["eprint"] == "2611.20417"
    assert fields["archivePrefix"] == "arXiv" and fields["primaryClass"] == "cs.LG"
    assert fields["year"] == "2026"
    assert " and " in fields["author"] and "Müller" in fields["author"]
    # LaTeX is made readable first, then BibTeX's special characters are escaped.
    assert fields["title"] == r"{Tidal Memory: 100\% of 𝒪(n) \& Braces \#1\_x \textasciicircum{}}"
    assert "𝒪(n)" in fields["title"]
    assert fields["url"] == "https://arxiv.org/abs/2611.20417" or fields["url"].startswith("http")
    assert citation_key(papers[2]) == "anon2025paper"


def test_csv_opens_with_dictreader(store: StateStore) -> None:
    papers = hard_papers()
    store.set_tags(papers[0].id, "reading-group theory")
    store.set_note(papers[0].id, 'Quote "this", and, commas.\nTwo lines.')
    rows = list(csv.DictReader(io.StringIO(render("csv", papers, store))))
    assert len(rows) == 3
    # Text as the app shows it: LaTeX made readable (BibTeX alone keeps LaTeX).
    assert rows[0]["title"] == "Tidal Memory: 100% of 𝒪(n) & Braces #1_x ^"
    assert rows[0]["title"] == " ".join(latex_to_unicode(papers[0].title).split())
    assert rows[0]["tags"] == "reading-group; theory"
    assert rows[0]["note"] == 'Quote "this", and, commas.\nTwo lines.'
    assert rows[0]["authors"].split("; ")[1] == "Jürgen Müller-Lüdenscheidt"
    assert rows[2]["upvotes"] == ""


def test_csv_cells_never_run_as_formulas(store: StateStore) -> None:
    """A title or note a spreadsheet would run (=, +, -, @, tab, CR first) is
    read back as text, with a leading quote; other cells are left alone."""
    papers = [
        Paper.create(id="2611.00001", title='=HYPERLINK("http://evil.example","x")'),
        Paper.create(id="2611.00002", title="+1 for Sparse Models", authors=["@handle"]),
        Paper.create(id="2611.00003", title="-ln(p) Bounds", abstract="=1+1"),
        Paper.create(id="2611.00004", title="A plain title = fine"),
    ]
    store.set_note(papers[3].id, "@team: read this")
    rows = list(csv.DictReader(io.StringIO(render("csv", papers, store))))
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1]["title"] == "'+1 for Sparse Models" and rows[1]["authors"] == "'@handle"
    assert rows[2]["title"] == "'-ln(p) Bounds" and rows[2]["abstract"] == "'=1+1"
    assert rows[3]["title"] == "A plain title = fine" and rows[3]["note"] == "'@team: read this"
    assert all(not value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_json_is_the_list_format_and_reads_back(store: StateStore, tmp_path: Path) -> None:
    papers = hard_papers()
    text = render("json", papers, store)
    rows = json.loads(text)
    assert {"read", "starred", "note", "tags"} <= set(rows[0])
    back = parse_json(text, "back.json")
    assert [p.id for p in back.papers] == [p.id for p in papers]


def test_markdown_agenda(store: StateStore, page: Path) -> None:
    papers = list(load_digest(page, today=TODAY).papers[:3]) + hard_papers()[:1]
    store.set_note(papers[0].id, "Lead: Ana.\n\nDiscuss the proof in section 3.")
    store.set_tags(papers[0].id, "reading-group")
    text = render("markdown", papers, store)
    tokens = MarkdownIt().parse(text)
    headings = [t for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].tag == "h2"]
    assert len(headings) == 4
    assert headings[0].children is not None
    link = headings[0].children[0]
    assert link.type == "link_open" and str(link.attrs["href"]).startswith("https://arxiv.org/")
    assert "> Lead: Ana." in text and "Tags: `reading-group`" in text
    # Markdown in paper text is shown literally, not as formatting.
    assert r"\[markdown\](x) \*stars\*" in text


def test_choose_by_state_tag_and_since(state_path: Path) -> None:
    from datetime import datetime

    noon = datetime.combine(TODAY, datetime.min.time()).timestamp() + 12 * 3600
    store = StateStore(state_path, clock=lambda: noon)  # every mark made at noon on TODAY
    papers = hard_papers()
    store.toggle(papers[0].id, "starred")
    store.toggle(papers[1].id, "starred")
    store.set_tags(papers[1].id, "rg")
    store.toggle(papers[2].id, "read")
    assert choose(papers, store, "starred") == papers[:2]
    assert choose(papers, store, "starred", tag="#RG") == [papers[1]]
    assert choose(papers, store, "read") == [papers[2]]
    assert choose(papers, store, "unread") == papers[:2]
    assert choose(papers, store, "all", since=TODAY.replace(day=21)) == [papers[0]]
    assert choose(papers, store, "starred", since=TODAY) == papers[:2]  # starred today
    assert choose(papers, store, "starred", since=TODAY.replace(year=2027)) == []
    store.close()


def test_every_export_but_bibtex_shows_text_as_the_app_does(store: StateStore) -> None:
    paper = Paper.create(
        id="2611.30001",
        title=r"Chaos in R\"ossler Flows with $\alpha$-Mixing",
        authors=[r"Otto R\"ossler", r"Ana Garc\'{\i}a"],
        abstract=r"We bound $\lambda_1$ for R\"ossler.",
    )
    for fmt in ("markdown", "csv", "json"):
        text = render(fmt, [paper], store)  # type: ignore[arg-type]
        assert "Rössler" in text and "García" in text and "α" in text, fmt
        assert '\\"ossler' not in text.replace('\\\\"', '"'), fmt
    rows = list(csv.DictReader(io.StringIO(render("csv", [paper], store))))
    assert rows[0]["authors"] == "Otto Rössler; Ana García"
    assert rows[0]["abstract"] == "We bound λ_1 for Rössler."
    bib = render("bibtex", [paper], store)
    assert "Rössler" in bib  # readable, then escaped for BibTeX


@pytest.mark.parametrize("count", [0, 1, 6, 7, 15])
def test_json_written_in_chunks_is_one_array(
    store: StateStore, tmp_path: Path, count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reader list --format json` writes a chunk at a time (a year's Inbox is
    240 MB of JSON); the chunks, across any boundary, are one valid array."""
    from reader.core import export
    from reader.core.export import plain
    from tests.support import realshape

    monkeypatch.setattr(plain, "CHUNK", 7)
    papers = load_digest(realshape.write(tmp_path / "d.json", realshape.papers(15))).papers
    store.set_field([papers[0].id], "starred", True)
    chunks = list(export.json_chunks(papers[:count], store))
    assert len(chunks) == max(1, -(-count // 7) + 1)
    rows = json.loads("".join(chunks))
    assert [r["id"] for r in rows] == [p.id for p in papers[:count]]
    assert [r["starred"] for r in rows] == [p.id == papers[0].id for p in papers[:count]]
