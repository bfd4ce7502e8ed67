"""Authors' names split for citations: each convention, and the quick path
for plain names agreeing with the parser."""

from __future__ import annotations

import pytest
from nameparser import HumanName

from reader.core.export.names import Name, split_name
from tests.support.citations import NAMES, SPLITS


@pytest.mark.parametrize("name", NAMES)
def test_each_convention_splits_as_a_reference_manager_keeps_it(name: str) -> None:
    found = split_name(name)
    if name in SPLITS:
        assert (found.family, found.given, found.suffix) == SPLITS[name]
    else:
        assert found == Name(literal=name)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Zhang, Wei", Name("Zhang", "Wei")),
        ("King, Martin Luther, Jr.", Name("King", "Martin Luther", "Jr.")),
        ("Wei ZHANG", Name("Zhang", "Wei")),
        ('Otto R\\"ossler', Name("Rössler", "Otto")),
        ("Vincent Van Gogh", Name("Van Gogh", "Vincent")),
        ("Sukarno", Name(literal="Sukarno")),
        ("山田太郎", Name(literal="山田太郎")),
        ("The CMS Consortium", Name(literal="The CMS Consortium")),
        ("Suus VI", Name(literal="Suus VI")),
    ],
)
def test_names_as_sources_write_them(raw: str, expected: Name) -> None:
    assert split_name(raw) == expected


def test_plain_names_split_as_the_parser_splits_them() -> None:
    firsts = ["Amara", "Bjørn", "Chloé", "Eun-ji", "J.", "Mary Ann", "José María"]
    lasts = ["Okonkwo", "Lindqvist", "García-López", "O'Brien", "Schäfer"]
    for first in firsts:
        for last in lasts:
            parsed = HumanName(f"{first} {last}")
            given = " ".join(p for p in (parsed.first, parsed.middle) if p)
            assert split_name(f"{first} {last}") == Name(parsed.last, given), (first, last)
