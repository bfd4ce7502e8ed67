"""Authors' names split into family and given names, as reference managers
keep them, by a real name parser (nameparser) and the conventions it does
not know: a comma (`Zhang, Wei`), a family name in capitals (`ZHANG Wei`),
family-first scripts (`山田 太郎`), and Vietnamese names (`Nguyễn Văn An`).

Where splitting would be a guess (one word, a collaboration, CJK written
without a space) the name stays whole: a reference manager shows it as
written, which is better than a wrong family name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import msgspec

from ..text import latex_to_unicode


class Name(msgspec.Struct, frozen=True):
    """A person's name for a citation; `literal` when it is kept whole."""

    family: str = ""
    given: str = ""
    suffix: str = ""
    literal: str = ""

    @property
    def whole(self) -> str:
        """The name as written, given name first."""
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family) if p) + (
            f", {self.suffix}" if self.suffix else ""
        )


_GROUP = re.compile(
    r"\b(collaboration|consortium|team|group|project|initiative|society|committee|"
    r"network|alliance|association|institute|laboratory|university|et al)\b",
    re.IGNORECASE,
)
_VIETNAMESE_FAMILIES = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trịnh".split()
)
"""Family names that open a Vietnamese name, written with their diacritics
(without them, `Nguyen Van An` may as well be written given name first)."""


def _family_first_script(text: str) -> bool:
    """Chinese, Japanese or Korean letters: names in those scripts put the family first."""
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")):
                return True
    return False


@lru_cache(maxsize=65536)
def split_name(raw: str) -> Name:
    """`raw` (an author as a digest lists them) as family, given and suffix."""
    text = " ".join(latex_to_unicode(raw).split()) if ("\\" in raw or "$" in raw) else raw.strip()
    words = text.split()
    if len(words) < 2 or _GROUP.search(text):
        return Name(literal=text)
    if "," in text:  # "Family, Given" or "Family, Given, Jr."
        family, _, rest = text.partition(",")
        given, _, suffix = rest.partition(",")
        if family.strip() and given.strip():
            return Name(family.strip(), given.strip(), suffix.strip())
        return Name(literal=text)
    if _family_first_script(text):
        return Name(words[0], " ".join(words[1:]))
    capitals = [
        w
        for w in words
        if len(w) > 1 and w.isupper() and w.isalpha() and w.lower() not in _NOT_PLAIN
    ]
    if len(capitals) == 1 and len(words) > len(capitals):  # "ZHANG Wei", "Wei ZHANG"
        family = capitals[0]
        return Name(family.title(), " ".join(w for w in words if w is not family))
    if words[0].lower() in _VIETNAMESE_FAMILIES:
        return Name(words[0], " ".join(words[1:]))
    if _plain(words):  # most names: what the parser would say, 50 times sooner
        return Name(words[-1], " ".join(words[:-1]))
    return _parsed(text)


_NOT_PLAIN = frozenset(
    "da de del della der di du la le van von den ten ter dos das do bin ibn al el st st. "
    "jr jr. sr sr. ii iii iv v vi vii viii phd ph.d. md m.d. esq esq. dr dr. prof prof. mr mr. mrs "
    "mrs. ms ms. sir".split()
)
"""Words that make the parser's work worth it: particles, suffixes, titles."""


def _plain(words: list[str]) -> bool:
    """Two to four capitalised words, none a particle, suffix or title:
    given names, then one family name."""
    return len(words) <= 4 and all(
        w[0].isupper() and w.lower() not in _NOT_PLAIN and not w.endswith(",") for w in words
    )


def _parsed(text: str) -> Name:
    from nameparser import HumanName

    parsed = HumanName(text)
    family = parsed.last
    given = " ".join(p for p in (parsed.first, parsed.middle) if p)  # no "Dr.", "Prof."
    if not family or not given:
        return Name(literal=text)
    return Name(family, given, parsed.suffix)
