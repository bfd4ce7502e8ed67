"""Text hygiene for paper fields: control characters, LaTeX and links.

Everything here is pure and Textual-free. Sanitising happens once, when a
paper is built, so no widget ever has to remember to do it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# C0 controls (bar newline), DEL, C1 controls, the bidi overrides/isolates
# that can visually reorder text, and the invisible characters that hide inside
# words (zero-width space, word joiner, BOM, direction marks). Tab is treated
# separately. Zero-width (non-)joiners stay: scripts and emoji need them.
_CONTROL_RE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_INVISIBLE = frozenset(
    "\u061c\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\r":
        return ""
    if char in "\t\x0b\x0c":
        return " "
    if char in _INVISIBLE:
        return ""
    if code < 0x20:
        # U+2400.. are the "control pictures": ESC shows as ␛, BEL as ␇.
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean_text(text: str, *, multiline: bool = True) -> str:
    """Return `text` with every control character made harmless.

    CRLF becomes LF; other C0/C1 controls become visible symbols, so an ESC
    from a hostile digest can never reach the terminal as an escape sequence.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _CONTROL_RE.search(text) is not None:
        text = _CONTROL_RE.sub(_visible, text)
    if not multiline and "\n" in text:
        text = " ".join(text.split())
    return text


# A line that starts a new line of its own when text is reflowed: a list item.
_ITEM = r"(?:[-*•–]|\d{1,2}[.)]|\(\w{1,3}\))(?:\s|$)"
_ITEM_RE = re.compile(_ITEM)
_ITEM_LINE_RE = re.compile(r"\n" + _ITEM)
_ITEM_START_RE = re.compile(r"\n[-*•–(\d]")
_CLAUSE_END_RE = re.compile(r"[:;.!?]$")
"""A line that ends so may be followed by a list item; other lines go on in
the next ("charge density wave" / "(CDW) ordering" is one sentence)."""
"""What a list item starts with: a quick filter before `_ITEM_LINE_RE` (most
lines of an abstract start with a letter, which this rejects at once)."""


def reflow(text: str) -> str:
    """Undo the hard wrapping of an abstract: a single line end inside a paragraph
    becomes a space. Paragraphs (blank lines), list items and indented blocks keep
    their lines; the indentation that every line shares is dropped. A list item
    begins a paragraph, follows a line that ends a clause, or follows another
    item: "(CDW)" or "2)" going on with a sentence is not one. Reflowing
    reflowed text changes nothing. `text` is clean (`clean_text`: no CR).
    """
    if "\n" not in text:
        return text.strip()
    # The common case at C speed: no blank or indented line, no space before a
    # line end (each would leave two spaces once joined), no tab, no list item.
    joined = text.strip().replace("\n", " ")
    if (
        "  " not in joined
        and "\t" not in joined
        and (_ITEM_START_RE.search(text) is None or _ITEM_LINE_RE.search(text) is None)
    ):
        return joined
    paragraphs = re.split(r"\n[ \t]*\n\s*", text)
    return "\n\n".join(_reflow_paragraph(p) for p in paragraphs if p.strip())


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _reflow_paragraph(paragraph: str) -> str:
    lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
    base = min(_indent(line) for line in lines)  # Atom indents every line alike
    out: list[str] = [lines[0].strip()]  # more on the first line is a paragraph indent
    block = False  # the line before is part of an indented block
    item = _ITEM_RE.match(out[0]) is not None  # the line before is (part of) a list item
    for line in lines[1:]:
        body = line[base:]
        indented = _indent(body) > 0
        # A marker starts an item in a run of items, or after a line that ends a
        # clause ("We contribute:"); one that goes on with a sentence is text.
        if _ITEM_RE.match(body.lstrip()) and (item or _CLAUSE_END_RE.search(out[-1])):
            out.append(body)
            item, block = True, indented
        elif indented and not item:
            out.append(body)
            block = True
        elif block:
            out.append(body.lstrip())
            block = False
        else:  # a wrapped line, or the continuation of a wrapped list item
            out[-1] += " " + body.strip()
    return "\n".join(out)


def fold(text: str) -> str:
    """casefold(), the quick way for ASCII (where it equals lower(), at 4x the cost)."""
    return text.lower() if text.isascii() else text.casefold()


def one_line(text: str) -> str:
    """Collapse whitespace runs (newlines included) to single spaces."""
    return " ".join(clean_text(text).split())


# --- identity ----------------------------------------------------------------

_LATEX_SPACING_RE = re.compile(r"\\(?:[,;:! ]|quad|qquad|enspace|thinspace)|~")
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_title(title: str) -> str:
    """Fold a title so trivially different copies of it compare equal.

    Case, whitespace, punctuation and LaTeX spacing commands are ignored.
    """
    text = unicodedata.normalize("NFKC", title)
    text = _LATEX_SPACING_RE.sub(" ", text)
    text = _NON_WORD_RE.sub(" ", text.casefold())
    return " ".join(text.split())


def sort_key(title: str) -> str:
    """A title's words for sorting: LaTeX, case, punctuation and accents aside
    (Ärger sorts with the As, $\\alpha$-Blending as "alpha blending")."""
    folded = normalize_title(title)
    if folded.isascii():
        return folded
    folded = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in folded if not unicodedata.combining(c))


# --- links -------------------------------------------------------------------

_URL_RE = re.compile(r"https?://[^\s<>\"'\]\[{}|\\^`]+", re.IGNORECASE)
# Code hosts that abstracts name without a scheme ("Code: github.com/lab/repo").
_BARE_RE = re.compile(
    r"(?<![\w./@-])(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co)/[^\s<>\"'\]\[{}|\\^`]+",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)'\""


def find_links(text: str) -> list[str]:
    """Return the http(s) links in `text`, in order, without duplicates."""
    links: list[str] = []
    found = [(m.start(), m.group()) for m in _URL_RE.finditer(text)]
    found += [(m.start(), "https://" + m.group()) for m in _BARE_RE.finditer(text)]
    for _, match_text in sorted(found):
        url = match_text.rstrip(_TRAILING)
        # Keep a closing parenthesis that balances one inside the URL.
        if url.count("(") > url.count(")") and match_text[len(url) :].startswith(")"):
            url += ")"
        if url not in links and len(url) > len("https://"):
            links.append(url)
    return links


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs, the only kind we hand to a browser."""
    if not url:
        return False
    lowered = url.strip().lower()
    return (
        lowered.startswith(("http://", "https://"))
        and _CONTROL_RE.search(url) is None
        and " " not in url.strip()
    )


# --- LaTeX -------------------------------------------------------------------

_LATEXISH_RE = re.compile(r"\\[A-Za-z\"'`^~=.#%&$_{}]|\$")
# A space after a bare macro name is eaten by LaTeX; `{}` keeps it visible.
_MACRO_SPACE_RE = re.compile(r"(\\[A-Za-z]+) (?=([^\s{]))")
# A math span: `$...$` whose content does not start or end with a space and
# does not look like an amount of money ("$5 and $6").
_MATH_RE = re.compile(r"\$(?!\s)([^$]{1,400}?)(?<![\s\\])\$")
_MONEY_RE = re.compile(r"^\d[\d.,]*\s")


@lru_cache(maxsize=1)
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec  # noqa: F401

    class _Keeping(LatexNodes2Text):  # type: ignore[misc]
        """Keeps unknown macros visible instead of silently dropping them."""

        def macro_node_to_text(self, node: Any) -> str:
            if self.latex_context.get_macro_spec(node.macroname) is None:
                return str(node.latex_verbatim())
            return str(super().macro_node_to_text(node))

    return _Keeping(math_mode="text", strict_latex_spaces=False)


def _escape_plain(text: str) -> str:
    """Escape characters that LaTeX treats specially but abstracts use plainly."""
    text = re.sub(r"(?<!\\)([%&#])", r"\\\1", text)
    return re.sub(r"(?<!\\)~", " ", text)


def _prepare(text: str) -> str:
    # A space after a control word ends it and is swallowed; `{}` keeps it, and
    # before another macro only a control space does ("\leq \alpha": "≤ α").
    text = _MACRO_SPACE_RE.sub(
        lambda m: m.group(1) + ("{}\\ " if m.group(2) == "\\" else "{} "), text
    )
    out: list[str] = []
    pos = 0
    for match in _MATH_RE.finditer(text):
        inner = match.group(1)
        if _MONEY_RE.match(inner):
            continue
        out.append(_escape_plain(text[pos : match.start()]).replace("$", r"\$"))
        out.append("$" + inner.replace("%", r"\%") + "$")
        pos = match.end()
    out.append(_escape_plain(text[pos:]).replace("$", r"\$"))
    return "".join(out)


@lru_cache(maxsize=512)
def latex_to_unicode(text: str) -> str:
    """Make LaTeX in an abstract or title readable as Unicode.

    `R\\"ossler` becomes Rössler and `$\\mathcal{O}(n)$` becomes 𝒪(n). URLs are
    left untouched, unknown macros stay visible, and text that does not look
    like LaTeX is returned as is. Never raises: on a parse failure the
    original text is shown.
    """
    if _LATEXISH_RE.search(text) is None:
        return text
    converter = _converter()
    pieces: list[str] = []
    pos = 0
    try:
        for match in _URL_RE.finditer(text):
            pieces.append(converter.latex_to_text(_prepare(text[pos : match.start()])))
            pieces.append(match.group())
            pos = match.end()
        pieces.append(converter.latex_to_text(_prepare(text[pos:])))
    except Exception:  # pylatexenc raises a variety of errors on odd input.
        return text
    result = "".join(pieces).replace("\xa0", " ")
    return clean_text(result)


# --- searching what is shown --------------------------------------------------

_COMBINING = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a",
}  # fmt: skip
_SPECIAL = {
    "ss": "ß", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "aa": "å", "AA": "Å",
    "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "i": "ı",
}  # fmt: skip
_ACCENT_RE = re.compile(
    r"\{?\\(?:"
    r"(?P<sym>[\"'`^~=.])\s*\{?(?P<a>\\i|[A-Za-z])\}?"  # \"o, \"{o}, {\"o}
    r"|(?P<word>[uvHckr])(?:\s+|\{)(?P<b>\\i|[A-Za-z])\}?"  # \v{s}, \c c
    r"|(?P<special>ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i)(?![A-Za-z])"  # \ss, \o
    r")\}?"
)


_ACCENT_HINT_RE = re.compile(
    r"""\\(?:["'`^~=.]|[uvHckr](?:\s|\{)|(?:ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i)(?![A-Za-z]))"""
)
"""What every accent `_ACCENT_RE` finds holds, looked for first: beginning with
a backslash, it is found by a quick scan, where `_ACCENT_RE` (which may begin
with a brace) is tried at every character. Abstracts hold LaTeX (`\\alpha`,
`$\\mathcal{O}$`) far more often than accents: 43 ms to 4.5 for a phrase's
7,091 candidates."""


def _accented(match: re.Match[str]) -> str:
    if match.group("special"):
        return _SPECIAL[match.group("special")]
    mark = _COMBINING[match.group("sym") or match.group("word")]
    letter = match.group("a") or match.group("b")
    return unicodedata.normalize("NFC", ("i" if letter == "\\i" else letter) + mark)


def latex_accents(text: str) -> str:
    """LaTeX accents as the letters they make (`R\\"ossler` is Rössler,
    `\\c{c}` is ç, `{\\ss}` is ß): quick enough for every paper of a digest,
    where `latex_to_unicode` takes milliseconds a paper."""
    if "\\" not in text or _ACCENT_HINT_RE.search(text) is None:
        return text
    return _ACCENT_RE.sub(_accented, text)


def searchable(text: str) -> str:
    """`text` as the filter reads it: as written, and, when it holds LaTeX
    accents, also as shown, after a NUL (which no query holds and no phrase
    crosses), so that typing "rössler" finds `R\\"ossler`."""
    shown = latex_accents(text)
    return text if shown is text or shown == text else f"{text} \x00 {shown}"
