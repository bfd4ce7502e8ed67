"""The README's keys table and commands match the code."""

from __future__ import annotations

import re

from reader.bindings import all_bindings, key_display
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_keys() -> list[tuple[str, str]]:
    section = README.split("## Keys", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = re.match(r"^\| (.+?) \| (.+?) \|$", line)
        if match and match.group(1) not in ("key", "---"):
            keys = " / ".join(re.findall(r"`([^`]+)`", match.group(1)))
            rows.append((keys, match.group(2)))
    return rows


def test_keys_table_matches_the_bindings() -> None:
    expected = [(key_display(b.key), b.tooltip) for b in all_bindings()]
    assert readme_keys() == expected


def test_every_binding_has_an_id_and_a_description() -> None:
    ids = [b.id for b in all_bindings()]
    assert all(ids) and len(set(ids)) == len(ids)
    assert all(b.tooltip for b in all_bindings())


def test_readme_gives_the_two_commands() -> None:
    assert "python -m pip install . && reader" in README
    assert "python -m pip install '.[test]' && python -m pytest" in README
