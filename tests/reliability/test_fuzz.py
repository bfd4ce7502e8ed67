"""Hostile digests: every parser returns papers or raises DigestError. Nothing else.

A normal run tries a few hundred generated inputs per parser; set
READER_FUZZ_EXAMPLES=10000 for the full run quoted in the README.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.errors import DigestError
from reader.core.formats.feeds import parse_feed
from reader.core.formats.load import decode, parse_text
from reader.core.formats.page import parse_page
from reader.core.formats.reader_json import parse_json
from reader.core.models import Digest
from tests.reliability.conftest import fuzz_examples

SETTINGS = settings(
    max_examples=fuzz_examples(),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CONTROL = "\x1b]0;pwned\x07\x1b[2J\x1b[31m\x9b\x00\u202e"
MARKUP = "[bold red]x[/] [link=https://e.vil]y[/link] :smile:"

Parser = Callable[[str], Digest]
PARSERS: dict[str, Parser] = {
    "page": lambda text: parse_page(text, "fuzz.txt"),
    "json": lambda text: parse_json(text, "fuzz.json"),
    "hf": lambda text: parse_json(text, "fuzz-hf.json"),  # recognises the HF shape
    "feed": lambda text: parse_feed(text, "fuzz.xml"),
    "any": lambda text: parse_text(text, "fuzz.any"),
}


def check(parser: Parser, text: str) -> None:
    """Papers, or our own error naming the file; no other exception, no hang."""
    started = time.monotonic()
    try:
        digest = parser(text)
    except DigestError as error:
        assert error.source.startswith("fuzz")
        assert str(error).startswith(error.source)
    else:
        for paper in digest.papers:
            for field in (paper.title, paper.abstract, *paper.authors, paper.url or ""):
                assert "\x1b" not in field and "\x07" not in field and "\x00" not in field
    assert time.monotonic() - started < 10


page_line = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Daily Papers",
            "Dec 11",
            "Sep 29 1",
            "May 26, 2024 3",
            "·",
            "• 3 authors",
            "• 1 authors",
            "Feb 29",
            "Zzz 40",
            "",
            CONTROL,
            MARKUP,
        ]
    ),
)


@SETTINGS
@given(st.lists(page_line, max_size=40))
def test_page_parser(lines: list[str]) -> None:
    check(PARSERS["page"], "\n".join(lines))


json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from([CONTROL, MARKUP]),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "title",
                    "abstract",
                    "authors",
                    "upvotes",
                    "published",
                    "url",
                    "paper",
                    "summary",
                    "name",
                    "links",
                    "keywords",
                    "label",
                ]
            ),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@SETTINGS
@given(st.lists(json_value, max_size=6))
def test_json_parsers(items: list[object]) -> None:
    text = json.dumps(items)
    check(PARSERS["json"], text)
    check(PARSERS["hf"], text)
    check(PARSERS["any"], text)


xml_piece = st.sampled_from(
    [
        "<rss version='2.0'><channel>",
        "</channel></rss>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<description>arXiv:2611.00001v1 Announce Type: new \nAbstract: ",
        "</description>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>",
        "</feed>",
        "<entry>",
        "</entry>",
        "<id>http://arxiv.org/abs/2611.00002v1</id>",
        "&amp;",
        "&bogus;",
        "<![CDATA[",
        "]]>",
        CONTROL.replace("\x00", ""),
        MARKUP,
        "<link href='javascript:alert(1)'/>",
    ]
)


@SETTINGS
@given(st.lists(st.one_of(xml_piece, st.text(max_size=20)), max_size=30))
def test_feed_parser(pieces: list[str]) -> None:
    check(PARSERS["feed"], "".join(pieces))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.bin")
    except DigestError as error:
        assert error.line is not None
        return
    check(PARSERS["any"], text)


# --- a corpus of known-nasty inputs ---------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>x</title>
<item><title>&lol9;</title><description>arXiv:2611.00001v1 Announce Type: new
Abstract: &lol9;</description></item></channel></rss>"""

PAGE = "Daily Papers\n\nNov 27\n\n{title}\n\n{abstract}\n\n• 2 authors\n·\nNov 26 4\n"

CORPUS: dict[str, str] = {
    "billion laughs": BILLION_LAUGHS,
    "deep json": "[" * 100_000 + "]" * 100_000,
    "deep json objects": '{"papers": ' * 5000 + "[]" + "}" * 5000,
    "nul byte": PAGE.format(title="Ti\x00tle", abstract="x"),
    "10 MB abstract": PAGE.format(title="Long", abstract="word " * 2_000_000),
    "100k title": PAGE.format(title="T" * 100_000, abstract="x"),
    "escapes everywhere": PAGE.format(title=CONTROL.replace("\x00", ""), abstract=CONTROL),
    "markup everywhere": json.dumps(
        [
            {
                "title": MARKUP,
                "abstract": MARKUP,
                "authors": [MARKUP],
                "url": MARKUP,
                "source": MARKUP,
            }
        ]
    ),
    "hf shaped garbage": json.dumps([{"paper": {"id": ["x"], "title": 5}}]),
    "empty": "",
    "only whitespace": " \n\t\n",
    "bom": "\ufeff" + PAGE.format(title="With BOM", abstract="x"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_corpus(name: str) -> None:
    check(PARSERS["any"], CORPUS[name])


def test_billion_laughs_does_not_expand() -> None:
    started = time.monotonic()
    try:
        digest = parse_text(BILLION_LAUGHS, "laughs.xml")
    except DigestError:
        return
    assert time.monotonic() - started < 5
    assert all(len(p.title) < 100_000 for p in digest.papers)


def test_large_inputs_keep_their_size() -> None:
    digest = parse_text(CORPUS["10 MB abstract"], "big.txt")
    assert len(digest.papers[0].abstract) > 9_000_000
    digest = parse_text(CORPUS["100k title"], "title.txt")
    assert len(digest.papers[0].title) == 100_000


def test_feed_text_that_looks_like_a_url_or_path_is_never_fetched_or_opened(
    tmp_path: Path,
) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_text(
        "<rss version='2.0'><channel><item><title>SECRET</title></item></channel></rss>"
    )
    for text in (str(secret), "http://127.0.0.1:9/feed", "file:///etc/passwd"):
        try:
            digest = parse_feed(text, "fuzz-url.xml")
        except DigestError:
            continue
        assert all("SECRET" not in p.title for p in digest.papers)


@pytest.mark.parametrize("shape", ["deep arrays", "deep after a paper", "deep objects"])
def test_deeply_nested_json_files_are_a_clear_error(tmp_path: Path, shape: str) -> None:
    """Through the file path that the app and the CLI take (head peek, fast path)."""
    import subprocess
    import sys

    from reader.core.formats.load import load_digest

    text = {
        "deep arrays": "[" * 100_000 + "]" * 100_000,
        "deep after a paper": '[{"title": "ok"}, ' + "[" * 100_000 + "]" * 100_000 + "]",
        "deep objects": '[{"title": ' * 100_000 + "1" + "}]" * 100_000,
    }[shape]
    path = tmp_path / "deep.json"
    path.write_text(text)
    with pytest.raises(DigestError) as raised:
        load_digest(path)
    assert raised.value.source == str(path) and raised.value.line == 1
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(path), "--state", str(tmp_path / "s.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"reader: {path}:1: ") and "Traceback" not in result.stderr


INVISIBLE = "\u200b\ufeff\u2060\u200e\u200f\u061c"


@pytest.mark.parametrize("form", ["page", "json", "json escaped", "hf"])
def test_zero_width_characters_are_stripped_from_display_text(tmp_path: Path, form: str) -> None:
    from reader.core.formats.load import load_digest

    title = f"Zero{INVISIBLE}width Title"
    joined = "Emoji 👩\u200d🔬 and Persian می\u200cخواهم keep their joiners"
    if form == "page":
        text = PAGE.format(title=title, abstract=joined)
    elif form == "hf":
        text = json.dumps(
            [{"paper": {"id": "2611.00001", "title": title, "summary": joined, "authors": []}}],
            ensure_ascii=False,
        )
    else:
        text = json.dumps(
            [{"title": title, "abstract": joined, "authors": [f"A{INVISIBLE}B"]}],
            ensure_ascii=form == "json escaped",
        )
    path = tmp_path / "digest.txt"
    path.write_text(text, encoding="utf-8")
    paper = load_digest(path, today=date(2026, 11, 28)).papers[0]
    assert paper.title == "Zerowidth Title"
    assert paper.abstract == joined
    assert not any(c in INVISIBLE for c in "".join(paper.authors))
