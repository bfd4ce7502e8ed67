"""The filter's query language: parsed once into a tree, judged per paper.

`parse` turns what the user typed into a tree of `Node`s or raises a
`QueryError` saying what is wrong and at which column. `judge` judges one
paper by reading its text: the reference meaning of every query, used where
no index exists (`reader list`, a digest still being indexed) and by the
property test that holds the indexed engine (`matching`) to it.

The language: bare words match title, abstract or authors (case-insensitive
substrings, all must match); `field:value` narrows to one field; `"quoted
phrases"` match whole runs of words; `-term` and `NOT term` exclude; `OR`
joins alternatives, binding looser than the implicit AND; parentheses group.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal

import msgspec

from ..text import fold

TextField = Literal["any", "ti", "abs", "au", "id", "cat", "tag", "note"]
TEXT_FIELDS: dict[str, TextField] = {
    "ti": "ti",
    "title": "ti",
    "abs": "abs",
    "abstract": "abs",
    "au": "au",
    "author": "au",
    "id": "id",
    "arxiv": "id",
    "cat": "cat",
    "category": "cat",
    "tag": "tag",
    "note": "note",
}
"""Field names (and the longer spellings accepted) of the text fields."""
MARKS = ("starred", "read", "unread", "noted", "tagged")
AUTHORED: tuple[TextField, ...] = ("ti", "abs", "au")
"""The fields a bare word is looked for in."""
FIELD_LIST = "ti:, abs:, au:, id:, cat:, tag:, note:, is:, upvotes:, date:"


class QueryError(ValueError):
    """A query that cannot be read; `column` (1-based) is where the trouble is."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


class Text(msgspec.Struct, frozen=True):
    """A word (a substring) or a phrase (a run of words) in a field."""

    field: TextField
    value: str
    """Casefolded; a phrase's words are joined by single spaces."""
    phrase: bool = False


class Mark(msgspec.Struct, frozen=True):
    name: str


class Upvotes(msgspec.Struct, frozen=True):
    """Upvotes from `low` to `high`, both included (None: unbounded)."""

    low: int | None
    high: int | None


class Published(msgspec.Struct, frozen=True):
    """A published date compared at the precision given: `2026`, `2026-09`
    or `2026-09-13` (`low`, `high` included; `strict` excludes them)."""

    low: str | None
    high: str | None
    low_strict: bool = False
    high_strict: bool = False


class Not(msgspec.Struct, frozen=True):
    node: Node


class And(msgspec.Struct, frozen=True):
    nodes: tuple[Node, ...]


class Or(msgspec.Struct, frozen=True):
    nodes: tuple[Node, ...]


Node = Text | Mark | Upvotes | Published | Not | And | Or


# --- reading the query ---------------------------------------------------------------

_TOKEN_RE = re.compile(r'\s+|\(|\)|"[^"]*"?|[^\s()"]+(?:"[^"]*"?)?')


class _Token(msgspec.Struct, frozen=True):
    text: str
    column: int


def _tokens(query: str) -> list[_Token]:
    """Words, quoted runs (with any `field:` before them), and parentheses."""
    found = []
    for match in _TOKEN_RE.finditer(query):
        text = match.group()
        if not text.isspace():
            found.append(_Token(text, match.start() + 1))
    return found


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def peek_after(self) -> _Token | None:
        return self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None

    def end_column(self) -> int:
        return len(self.query.rstrip()) + 1

    def parse(self) -> Node:
        if not self.tokens:
            return And(())
        node = self.alternatives()
        extra = self.peek()
        if extra is not None:  # only a ")" stops the alternatives early
            raise QueryError("“)” without a “(” before it", extra.column)
        return node

    def alternatives(self) -> Node:
        nodes = [self.all_of()]
        while (token := self.peek()) is not None and token.text == "OR":
            self.at += 1
            following = self.peek()
            if following is None or following.text in ("OR", ")"):
                raise QueryError("OR needs a term after it", token.column)
            nodes.append(self.all_of())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def all_of(self) -> Node:
        nodes: list[Node] = []
        while (token := self.peek()) is not None and token.text not in ("OR", ")"):
            if token.text == "AND":
                self.at += 1
                if not nodes:
                    raise QueryError("AND needs a term before it", token.column)
                following = self.peek()
                if following is None or following.text in ("OR", "AND", ")"):
                    raise QueryError("AND needs a term after it", token.column)
                continue
            nodes.append(self.unary())
        if not nodes:
            token = self.peek()
            column = token.column if token is not None else self.end_column()
            raise QueryError("OR needs a term before it", column)
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def unary(self) -> Node:
        token = self.tokens[self.at]
        if token.text == "NOT" or (token.text.startswith("-") and token.text != "-"):
            if token.text == "NOT":
                self.at += 1
                following = self.peek()
                if following is None or following.text in ("OR", "AND", ")"):
                    raise QueryError("NOT needs a term after it", token.column)
                return Not(self.unary())
            # "-term": the rest of the token is the term (it may be "(", a field…)
            rest = _Token(token.text[1:], token.column + 1)
            self.tokens[self.at] = rest
            return Not(self.unary())
        if token.text == "-":
            following = self.peek_after()
            if following is None or following.column != token.column + 1:
                raise QueryError("“-” needs a term right after it", token.column)
            self.at += 1
            return Not(self.unary())
        if token.text == "(":
            self.at += 1
            if (following := self.peek()) is None or following.text == ")":
                raise QueryError("“(” needs a query inside", token.column)
            node = self.alternatives()
            closing = self.peek()
            if closing is None:
                raise QueryError("“(” is never closed", token.column)
            self.at += 1
            return node
        self.at += 1
        return _term(token)


def _term(token: _Token) -> Node:
    text, column = token.text, token.column
    if text.startswith('"'):
        return _phrase("any", text, column)
    if text.startswith("#") and len(text) > 1:
        return Text("tag", fold(text[1:]))
    name, colon, value = text.partition(":")
    if not colon or not re.fullmatch(r"[A-Za-z]+", name) or name.lower() in ("http", "https"):
        if '"' in text:
            raise QueryError("a quote inside a word: put the quote before it", column)
        return Text("any", fold(text))
    field = name.lower()
    value_column = column + len(name) + 1
    if not value:
        raise QueryError(
            f"{field}: needs a word or a “quoted phrase” right after the colon", value_column
        )
    if field in TEXT_FIELDS:
        if value.startswith('"'):
            return _phrase(TEXT_FIELDS[field], value, value_column)
        if '"' in value:
            raise QueryError("a quote inside a word: put the quote before it", value_column)
        return Text(TEXT_FIELDS[field], fold(value))
    if field == "is":
        if value.lower() not in MARKS:
            raise QueryError(f"is: takes {', '.join(MARKS[:-1])} or {MARKS[-1]}", value_column)
        return Mark(value.lower())
    if field in ("upvotes", "votes"):
        return _upvotes(value, value_column)
    if field == "date":
        return _published(value, value_column)
    raise QueryError(
        f"no field “{name}:” (fields: {FIELD_LIST}); quote it to search for the text", column
    )


def _phrase(field: TextField, text: str, column: int) -> Text:
    if len(text) < 2 or not text.endswith('"'):
        raise QueryError("this quote is never closed", column)
    words = fold(text[1:-1]).split()
    if not words:
        raise QueryError("empty quotes", column)
    return Text(field, " ".join(words), phrase=len(words) > 1)


def _upvotes(value: str, column: int) -> Upvotes:
    wrong = QueryError("upvotes: takes N, >N, <N, >=N, <=N or N..M (whole numbers)", column)
    match = re.fullmatch(r"(>=|<=|>|<)?(\d+)", value)
    if match:
        op, number = match.group(1), int(match.group(2))
        return {
            None: Upvotes(number, number),
            ">": Upvotes(number + 1, None),
            ">=": Upvotes(number, None),
            "<": Upvotes(None, number - 1),
            "<=": Upvotes(None, number),
        }[op]
    match = re.fullmatch(r"(\d*)\.\.(\d*)", value)
    if match and (match.group(1) or match.group(2)):
        low = int(match.group(1)) if match.group(1) else None
        high = int(match.group(2)) if match.group(2) else None
        if low is not None and high is not None and low > high:
            raise QueryError(f"upvotes: {low}..{high} is empty (the first is larger)", column)
        return Upvotes(low, high)
    raise wrong


_DAY_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _day(value: str, column: int) -> str:
    """A year, month or day, checked against the calendar."""
    if not _DAY_RE.fullmatch(value):
        raise QueryError("date: takes YYYY-MM-DD (or YYYY-MM, YYYY), >A, <A or A..B", column)
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as error:
        raise QueryError(f"date: {value} is not a date ({error})", column) from None
    return value


def _published(value: str, column: int) -> Published:
    for op in (">=", "<=", ">", "<"):
        if value.startswith(op):
            day = _day(value[len(op) :], column + len(op))
            if op.startswith(">"):
                return Published(day, None, low_strict=op == ">")
            return Published(None, day, high_strict=op == "<")
    if ".." in value:
        first, _, last = value.partition("..")
        if not first and not last:
            raise QueryError("date: a range needs a start or an end (A..B)", column)
        low = _day(first, column) if first else None
        high = _day(last, column + len(first) + 2) if last else None
        if low is not None and high is not None and low[: len(high)] > high:
            raise QueryError(f"date: {value} is empty (the start is after the end)", column)
        return Published(low, high)
    day = _day(value, column)
    return Published(day, day)


@lru_cache(maxsize=256)
def parse(query: str) -> Node:
    """The tree of `query`; raises `QueryError`. An empty query is `And(())`."""
    return _Parser(query).parse()


def uses_text(node: Node) -> bool:
    """True when the query reads papers' text (so the index matters)."""
    return any(t.field in ("any", *AUTHORED) for t in texts(node))


def texts(node: Node) -> list[Text]:
    """The text terms of a query."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, Not):
        return texts(node.node)
    if isinstance(node, And | Or):
        return [t for n in node.nodes for t in texts(n)]
    return []
