"""The watch list and saved searches: matching, the config's checks, and edits
that keep the user's file as it was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.config import Watch, load_config
from reader.core.config_edit import save_search, watch
from reader.core.errors import ConfigError
from reader.core.models import Paper
from reader.core.query.index import SearchIndex
from reader.core.query.language import parse
from reader.core.query.matching import Matcher
from reader.core.query.watch import scan

PAPERS = (
    Paper(id="1", title="Plain", authors=("JOSÉ GARCÍA", "Ana Ruiz")),
    Paper(id="2", title="Graph\nNeural nets", authors=("Jose Garcia-Lopez",)),
    Paper(
        id="3", title="Other", abstract="we use graph   neural\n  networks", authors=("Kenji Mori",)
    ),
    Paper(id="4", title="Nothing", authors=("Mori Kenji", "Kenji Moriyama")),
    Paper(id="5", title="Accents, none watched", authors=("Zoë Ąb", "Łukasz Nowak")),
    Paper(id="6", title="As arXiv writes names", authors=("Jos\\'e Garc\\'{\\i}a",)),
)


@pytest.mark.parametrize("indexed", [False, True])
def test_authors_by_whole_name_and_keywords_as_phrases(indexed: bool) -> None:
    found = Watch(authors=("José García", "kenji mori"), keywords=("graph neural",))
    matcher = None
    if indexed:
        index = SearchIndex(PAPERS)
        index.build()
        matcher = Matcher(PAPERS, index)
    assert scan(PAPERS, found, matcher) == {
        "1": "author José García",  # case and accents aside; not "Garcia-Lopez"
        "2": "keyword “graph neural”",  # across the title's line break
        "3": "author kenji mori; keyword “graph neural”",
        "6": "author José García",  # LaTeX accents, as arXiv's feeds give names
    }  # "Mori Kenji" and "Kenji Moriyama" are other names; accents alone watch nothing


def test_an_empty_watch_list_watches_nothing() -> None:
    assert scan(PAPERS, Watch(), None) == {}
    assert not Watch()


def test_a_phrase_answered_once_is_cheap_the_next_time() -> None:
    index = SearchIndex(PAPERS)
    index.build()
    matcher = Matcher(PAPERS, index)
    node = parse('abs:"graph neural" is:unread')
    assert matcher.cheap(parse("au:kenji")) and matcher.cheap(parse("is:read"))
    assert not matcher.cheap(node)
    from reader.core.state.marks import Marks

    assert matcher.indices(node, Marks(lambda: None)) == [2]
    assert matcher.cheap(node)
    assert not Matcher(PAPERS, SearchIndex(PAPERS)).cheap(parse("kenji"))  # not built


CONFIG = """\
# reader settings
read_after = 3  # seconds

[searches]
# the morning round
cheap = 'ti:retriev OR abs:"original accuracy"'

[watch]
authors = [
    "Kenji Mori",  # the lab next door
]
"""


def test_edits_keep_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    path.chmod(0o640)
    config = save_search(path, "popular", "upvotes:>50 -is:read")
    config = watch(path, "authors", "Chidi Okafor")
    config = watch(path, "keywords", "graph neural")
    text = path.read_text(encoding="utf-8")
    for kept in (
        "# reader settings",
        "read_after = 3  # seconds",
        "# the morning round",
        "# the lab next door",
        "cheap = 'ti:retriev OR abs:\"original accuracy\"'",
    ):
        assert kept in text
    assert config.searches == {
        "cheap": 'ti:retriev OR abs:"original accuracy"',
        "popular": "upvotes:>50 -is:read",
    }
    assert config.watch == Watch(authors=("Kenji Mori", "Chidi Okafor"), keywords=("graph neural",))
    assert path.stat().st_mode & 0o777 == 0o640  # the user's permissions stay
    config = watch(path, "authors", "Kenji Mori", add=False)
    assert config.watch.authors == ("Chidi Okafor",)
    assert "# reader settings" in path.read_text(encoding="utf-8")


def test_edits_make_a_config_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    config = watch(path, "keywords", "sparse attention")
    assert config.watch.keywords == ("sparse attention",)
    assert load_config(path) == config


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[searches]\nbroken = 'ti:('\n", "[searches] broken = 'ti:(': ti: needs a word"),
        ("[searches]\nn = 3\n", "[searches] maps names to queries"),
        ("[watch]\nauthors = 'Kenji Mori'\n", "[watch] authors must be a list of strings"),
        ("[watch]\nauthor = ['Kenji Mori']\n", "[watch] has no setting 'author'"),
        ("watch = 3\n", "[watch] is a table"),
    ],
)
def test_bad_searches_and_watch_lists_are_named(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert said in str(raised.value) and str(path) in str(raised.value)


def test_an_edit_to_a_broken_config_says_so_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("read_after = [\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        watch(path, "authors", "Kenji Mori")
    assert path.read_text(encoding="utf-8") == "read_after = [\n"
