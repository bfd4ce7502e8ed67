"""`Z` and the palette's "Send starred to Zotero", against a stand-in for
Zotero's connector on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.screens.dialogs import ConfirmScreen
from tests.pilot.helpers import make_app, ready, wait_until
from tests.support.citations import written
from tests.support.zotero import not_running, zotero


@pytest.fixture
def digest(tmp_path: Path) -> Path:
    return written(tmp_path)


async def test_z_sends_the_paper_and_asks_before_sending_it_again(
    digest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zotero() as stand_in:
        monkeypatch.setenv("READER_ZOTERO_URL", stand_in.url)
        app = make_app([digest], tmp_path / "state.json")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await ready(pilot)
            store = screen.session.store
            first = screen.paper_list.papers[0]
            await pilot.press("Z")
            await wait_until(pilot, lambda: store.record(first.id).zotero, "marked as sent")
            (item,) = stand_in.saved
            assert item["itemType"] == "preprint" and item["archiveID"] == "arXiv:2611.20417"
            assert (
                len(item["creators"]) == 9 and item["creators"][0]["lastName"] == "de la Fontaine"
            )
            body = screen.detail.query_one("#detail-body")
            await wait_until(
                pilot, lambda: "In Zotero since" in str(body.render()), "the pane says"
            )
            await pilot.press("Z")
            assert isinstance(app.screen, ConfirmScreen)
            assert "in Zotero since" in app.screen.question
            await pilot.press("n")
            await pilot.pause()
            assert len(stand_in.saved) == 1  # not sent twice without asking
            await pilot.press("Z", "y")
            await wait_until(pilot, lambda: len(stand_in.saved) == 2, "sent again, as asked")


async def test_a_zotero_not_running_is_said_and_nothing_is_marked(
    digest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_ZOTERO_URL", not_running())
    app = make_app([digest], tmp_path / "state.json")
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(pilot)
        store = screen.session.store
        await pilot.press("s", "Z")
        await wait_until(
            pilot,
            lambda: any("Zotero is not running" in m.text for m in app.messages),
            "the message",
        )
        message = next(m for m in app.messages if "Zotero is not running" in m.text)
        assert message.severity == "error" and "press e to export a file" in message.text
        first = screen.paper_list.papers[0]
        assert not store.record(first.id).zotero and store.is_starred(first.id)


async def test_a_hung_zotero_never_holds_the_keys(
    digest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zotero("hang") as stand_in:
        monkeypatch.setenv("READER_ZOTERO_URL", stand_in.url)
        monkeypatch.setenv("READER_ZOTERO_DEADLINE", "1")
        app = make_app([digest], tmp_path / "state.json")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await ready(pilot)
            await pilot.press("Z")
            await wait_until(pilot, lambda: stand_in.requests, "Zotero asked")
            await pilot.press("j", "j")  # while Zotero hangs, the app answers
            assert screen.paper_list.cursor == 2
            await wait_until(
                pilot,
                lambda: any("did not answer within 1 s" in m.text for m in app.messages),
                "given up after the deadline",
            )
            assert not screen.session.store.record(screen.paper_list.papers[0].id).zotero


async def test_send_starred_skips_papers_sent_before(
    digest: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with zotero() as stand_in:
        monkeypatch.setenv("READER_ZOTERO_URL", stand_in.url)
        app = make_app([digest], tmp_path / "state.json")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await ready(pilot)
            store = screen.session.store
            await pilot.press("Z", "s", "j", "s", "j", "j", "s")  # the first sent, three starred
            await wait_until(pilot, lambda: len(stand_in.saved) == 1, "the first sent")
            screen.take_out.zotero_starred()
            await wait_until(pilot, lambda: len(stand_in.saved) == 3, "the other two sent")
            assert [i["title"][:12] for i in stand_in.saved[1:]] == ["Tidal memory", "{Tidal} memo"]
            await wait_until(
                pilot,
                lambda: any("(1 sent before were skipped)" in m.text for m in app.messages),
                "the skip said",
            )
            assert all(store.record(p.id).zotero for p in screen.paper_list.papers[:4:3])
