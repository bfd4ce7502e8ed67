"""arXiv's digest mails: the body read exactly, and every way a mail is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import DigestError
from reader.core.formats.load import load_digest
from reader.core.formats.mail import parse_body, split_authors
from reader.core.formats.mailbox import index, load_entry, neighbour
from reader.core.text import latex_to_unicode
from tests.support.mails import CROWD, body, mail, not_a_digest, write_maildir, write_mbox


def test_the_body_read_exactly() -> None:
    digest = parse_body(body(22), "digest.txt")
    assert digest.date == "2026-01-22"  # the "received … to …" line
    assert digest.title == "arXiv Computer Science · 2026-01-22"
    assert [p.id for p in digest.papers] == [
        "2601.22001",
        "2601.22002",
        "math/0601001",
        "2601.22003",
        "2512.22004",
        "2512.22005",
    ]
    first = digest.papers[0]
    assert first.title == (
        "Counting Tokens Boldly: a Second Look at Cache Eviction for Long Context "
        "Serving under Tight Memory"
    )  # joined across its wrapped line
    assert len(first.authors) == 1000  # "…, X and Y" over 40 wrapped lines
    assert first.authors[:2] == ("Kenji Mori", "Léa Dubois")
    assert first.authors[-2:] == tuple(CROWD[-2:])
    assert {d.label: d.text for d in first.details} == {
        "Comments": "15 pages, 1 figure; a longer version of the workshop paper, with the "
        "appendix restored",
        "Journal-ref": "Proc. of the Workshop on Efficient Serving 2026, 12-27",
        "DOI": "10.1234/wes.2026.0042",
        "Report-no": "WES-2026-07",
        "MSC-class": "68T05",
        "ACM-class": "I.2.6",
        "License": "http://creativecommons.org/licenses/by/4.0/",
    }
    assert ("DOI", "https://doi.org/10.1234/wes.2026.0042") in first.all_links()
    assert first.url == "https://arxiv.org/abs/2601.22001"
    assert first.published == "2026-01-12" and first.categories == ("cs.LG", "cs.AI")
    assert "\n" not in first.abstract  # reflowed
    assert "𝒪(√(n))" in latex_to_unicode(first.abstract)  # LaTeX made readable when shown
    announce = [p.announce for p in digest.papers]
    assert announce == ["new", "new", "new", "cross", "replace", "replace-cross"]
    replaced = digest.papers[4]
    assert replaced.abstract == "" and replaced.published == "2026-01-21"
    assert digest.papers[2].url == "https://arxiv.org/abs/math/0601001"  # an old-style id


def test_one_malformed_entry_is_skipped_and_named() -> None:
    digest = parse_body(body(22, broken=True), "digest.txt")
    assert len(digest.papers) == 6
    (notice,) = digest.notices
    text = body(22, broken=True)
    line = (
        text.splitlines().index(
            "\\\\", text.splitlines().index("this line should have been an arXiv id") - 2
        )
        + 1
    )
    assert notice.startswith(f"digest.txt: line {line}: skipped an entry: no arXiv id")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A. One, B. Two and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One, B. Two, and C. Three", ["A. One", "B. Two", "C. Three"]),
        ("A. One and B. Two", ["A. One", "B. Two"]),
        ("Solo Author", ["Solo Author"]),
        (
            "A. One (MIT, Cambridge), B. Two (ETH and EPFL)",
            ["A. One (MIT, Cambridge)", "B. Two (ETH and EPFL)"],
        ),
        ("Sandy Anderson, Andrea Landis", ["Sandy Anderson", "Andrea Landis"]),
    ],
)
def test_authors_split_on_commas_and_the_last_and(text: str, names: list[str]) -> None:
    assert split_authors(text) == names


@pytest.mark.parametrize("kind", ["quoted-printable", "base64", "multipart"])
def test_saved_mails_decode_as_the_body_reads(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "digest.eml"
    if kind == "multipart":
        path.write_bytes(mail(22, multipart=True))
    else:
        path.write_bytes(mail(22, encoding=kind))
    assert path.read_bytes().count(b"Counting Tokens") == (0 if kind == "base64" else 1)
    digest = load_digest(path)
    assert digest.papers == parse_body(body(22), str(path)).papers


def test_a_mail_that_is_not_a_digest_says_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "lunch.eml"
    path.write_bytes(not_a_digest())
    with pytest.raises(DigestError) as raised:
        load_digest(path)
    assert str(path) in str(raised.value) and "is not an arXiv digest" in str(raised.value)
    empty = write_mbox(tmp_path / "other.mbox", [], other=True)
    with pytest.raises(DigestError, match="no arXiv digest among the 1 mails of this mbox"):
        load_digest(empty)


def test_an_mbox_of_three_digests_in_date_order(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "arxiv.mbox", [21, 20, 22])  # delivered out of order
    entries = index(path)
    assert len(entries) == 3  # the lunch mail is not a digest
    days = [load_entry(path, e.key)[0].date for e in entries]
    assert days == ["2026-01-20", "2026-01-21", "2026-01-22"]
    newest, key = load_entry(path)
    assert newest.date == "2026-01-22" and newest.title.endswith("(mail 3 of 3)")
    older = neighbour(path, key, -1)
    assert older is not None and load_entry(path, older)[0].date == "2026-01-21"
    assert neighbour(path, key, +1) is None
    # reader list and export: every digest, each paper once (math/0601001 is in all three)
    assert len(load_digest(path).papers) == 16


def test_a_maildir_of_two(tmp_path: Path) -> None:
    path = write_maildir(tmp_path / "Maildir", [23, 22])
    assert [load_entry(path, e.key)[0].date for e in index(path)] == ["2026-01-22", "2026-01-23"]
    assert load_entry(path)[0].papers[0].id == "2601.23001"


def test_many_skipped_entries_make_one_notice() -> None:
    text = body(22)
    for number in ("22001", "22002", "22003"):
        text = text.replace(f"arXiv:2601.{number}", f"arXiv:2601.{number}9999")
    text = text.replace("arXiv:2512.22004", "ARXIV 2512.22004")
    digest = parse_body(text, "digest.txt")
    assert [p.id for p in digest.papers] == ["math/0601001", "2512.22005"]
    (notice,) = digest.notices
    assert notice.startswith("digest.txt: skipped 4 entries that could not be read: line ")
    assert notice.endswith("; and 2 more")
