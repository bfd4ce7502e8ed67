"""`reader list` and `reader export` on every way an arXiv mail is kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.mails import body, mail, not_a_digest, write_maildir, write_mbox
from tests.test_cli import run

pytestmark = pytest.mark.dates
"""Date-sensitive: run again at odd moments by .ci/datecheck.py (libfaketime)."""


def kept(tmp_path: Path, form: str) -> Path:
    if form == "body.txt":
        (tmp_path / form).write_text(body(22), encoding="utf-8")
    elif form.endswith(".eml"):
        encoding = form.split(".")[0]
        data = mail(22, multipart=True) if encoding == "multipart" else mail(22, encoding=encoding)
        (tmp_path / form).write_bytes(data)
    elif form == "arxiv.mbox":
        write_mbox(tmp_path / form, [20, 21, 22])
    else:
        write_maildir(tmp_path / form, [21, 22])
    return tmp_path / form


@pytest.mark.parametrize(
    ("form", "first_ids"),
    [
        ("body.txt", ["2601.22001"]),
        ("quoted-printable.eml", ["2601.22001"]),
        ("base64.eml", ["2601.22001"]),
        ("multipart.eml", ["2601.22001"]),
        ("arxiv.mbox", ["2601.20001", "2601.21001", "2601.22001"]),
        ("Maildir", ["2601.21001", "2601.22001"]),
    ],
)
def test_list_reads_every_form(form: str, first_ids: list[str], tmp_path: Path) -> None:
    path = kept(tmp_path, form)
    done = run("list", str(path), "--format", "json", "--state", str(tmp_path / "s.json"))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["id"] for r in rows if r["id"].endswith("001") and "." in r["id"]] == first_ids
    first = rows[0]
    assert first["announce"] == "new" and len(first["authors"]) == 1000
    assert {"label": "DOI", "text": "10.1234/wes.2026.0042"} in first["details"]
    assert {r["announce"] for r in rows} == {"new", "cross", "replace", "replace-cross"}
    hidden = run(
        "list",
        str(path),
        "--no-replacements",
        "--format",
        "json",
        "--state",
        str(tmp_path / "s.json"),
    )
    assert "replace" not in {r["announce"] for r in json.loads(hidden.stdout)}


def test_export_takes_a_mailbox(tmp_path: Path) -> None:
    path = kept(tmp_path, "arxiv.mbox")
    done = run("export", str(path), "--all", "--format", "json", "--state", str(tmp_path / "s"))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 16


def test_mails_that_are_not_digests_are_named(tmp_path: Path) -> None:
    lunch = tmp_path / "lunch.eml"
    lunch.write_bytes(not_a_digest())
    done = run("list", str(lunch), "--state", str(tmp_path / "s.json"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{lunch}: this mail (“lunch?”) is not an arXiv digest" in done.stderr
    box = write_mbox(tmp_path / "other.mbox", [], other=True)
    done = run("list", str(box), "--state", str(tmp_path / "s.json"))
    assert done.returncode == 1 and "no arXiv digest among the 1 mails" in done.stderr


def test_a_skipped_entry_is_said_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text(body(22, broken=True), encoding="utf-8")
    done = run("list", str(path), "--format", "json", "--state", str(tmp_path / "s.json"))
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 6
    assert "skipped an entry: no arXiv id on the line after" in done.stderr
    assert f"{path}: line " in done.stderr
