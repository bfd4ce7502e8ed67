"""Links open only over http(s), through `webbrowser`; digests never choose file paths."""

from __future__ import annotations

import json
import webbrowser
from pathlib import Path

import pytest

from reader.core.formats.load import parse_text
from reader.core.sources.cache import cache_dir, cache_path, write_cache
from reader.core.text import is_web_url
from reader.screens.editors import ChoiceScreen
from tests.pilot.helpers import make_app, ready


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://x.org/a",
        "http://x.org/\x1b]0;t\x07",
        "https://a b.org",
        "",
        "data:text/html,hi",
        "  ",
        "/etc/passwd",
    ],
)
def test_only_web_urls_pass(url: str) -> None:
    assert not is_web_url(url)


async def test_a_hostile_link_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    digest = tmp_path / "links.json"
    digest.write_text(
        json.dumps(
            [
                {
                    "title": "Links",
                    "url": "https://arxiv.org/abs/2611.00001",
                    "links": [
                        {"label": "Evil", "url": "file:///etc/passwd"},
                        {"label": "Script", "url": "javascript:alert(1)"},
                    ],
                }
            ]
        )
    )
    app = make_app([digest], tmp_path / "state.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")
        await pilot.press("o", "3")
        await pilot.press("o", "1")
        await app.workers.wait_for_complete()
    assert opened == ["https://arxiv.org/abs/2611.00001"]


def test_digest_content_never_chooses_a_path(tmp_path: Path) -> None:
    digest = parse_text(
        json.dumps([{"title": "x", "source": "../../../../etc/passwd", "id": "../../x"}]),
        "hostile.json",
    )
    path = write_cache("hf:2026-11-27", digest)
    assert path.parent == cache_dir() / "digests"
    for spec in ("../../etc/passwd", "/etc/passwd", "a/../../b", "\x00"):
        path = cache_path(spec)
        assert path.parent == cache_dir() / "digests"
        assert path.resolve().parent == (cache_dir() / "digests").resolve()
        assert not path.name.startswith(".")
