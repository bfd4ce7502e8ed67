"""`reader serve` in a real Chromium (Debian's), driven by Playwright.

The page's terminal draws on a canvas, so the test watches what the app does:
the websocket's first frame, the state file, a new tab, a download, the exit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.formats.load import load_digest
from tests.support.fixtures_paths import FIXTURES
from tests.support.serving import free_port, serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="needs playwright")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"
)


def wait_for(page: Any, condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    """Poll `condition`, letting Playwright deliver events meanwhile."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never happened: {what}")


def answering(url: str) -> None:
    """Wait until the server answers (then Ctrl+C is its own to handle)."""
    import urllib.request

    end = time.monotonic() + 30
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"{url} never answered")


def listening_on(port: int) -> set[str]:
    """The addresses a local TCP socket listens on at `port` (Linux: /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, state = row.split()[1], row.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                found.add(address)
    return found


def starred(state: Path) -> set[str]:
    if not state.exists():
        return set()
    try:
        papers = json.loads(state.read_text()).get("papers", {})
    except ValueError:
        return set()  # caught mid-write: asked again
    return {r["id"] for r in papers.values() if r.get("starred")}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    state = tmp_path / "state.json"
    env = {
        **os.environ,
        "READER_STATE": str(state),
        "READER_CACHE": str(tmp_path / "cache"),
        "READER_DATA_DIR": str(tmp_path / "data"),
        "READER_CONFIG_DIR": str(tmp_path / "config"),
    }
    server, printed, port = serve(str(FIXTURES / "hf-day.json"), env=env)
    assert printed.startswith(f"http://127.0.0.1:{port}/?token="), printed
    answering(printed)
    if Path("/proc/net/tcp").exists():  # without --host: this machine only
        assert listening_on(port) == {"0100007F"}, listening_on(port)
    try:
        yield printed, state
    finally:
        server.send_signal(2)  # Ctrl+C
        assert server.wait(timeout=15) == 0


@needs_chromium
def test_the_served_app_in_chromium(served: tuple[str, Path]) -> None:
    url, state = served
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 720}
        )
        # What the page writes to the clipboard, kept where the test can read it
        # (headless Chromium will not let a page read the clipboard back).
        context.add_init_script(
            "(() => { window.copied = [];"
            " const w = navigator.clipboard.writeText.bind(navigator.clipboard);"
            " navigator.clipboard.writeText = (t) => {"
            " window.copied.push(t); return w(t).catch(() => {}); }; })();"
        )
        page = context.new_page()
        received: list[int] = []
        closed: list[bool] = []
        asked: list[str] = []  # every request the page makes, of any kind
        context.on("request", lambda request: asked.append(request.url))

        def watch(ws: Any) -> None:
            asked.append(ws.url)  # websockets are not "requests" to Playwright
            ws.on("framereceived", lambda frame: received.append(len(frame)))
            ws.on("close", lambda _: closed.append(True))

        page.on("websocket", watch)
        page.goto(url)
        wait_for(page, lambda: sum(received) > 20_000, "the app's first frame")
        # Focus the page on its header line: a click there moves no focus in the app.
        page.click(".textual-terminal", position={"x": 8, "y": 4})

        def answered(key: str) -> None:
            """Press `key` and wait for the frame it causes to reach the page."""
            before = sum(received)
            page.keyboard.press(key)
            wait_for(page, lambda: sum(received) > before, f"the frame after {key!r}")

        # Everything the page asked for came from the served host: no font from
        # Google, nothing from any third party, and the websocket was let in.
        served_host = url.split("/")[2]
        assert asked and all(a.split("/")[2] == served_host for a in asked), asked
        assert any(a.startswith(f"ws://{served_host}/ws") for a in asked), asked

        answered("g")
        page.keyboard.press("j")
        page.keyboard.press("s")
        page.keyboard.press("j")
        page.keyboard.press("s")
        wait_for(
            page,
            lambda: len(starred(state)) == 2,
            f"two stars in the state file: {state.read_text() if state.exists() else 'none'}",
        )
        ids = [p.id for p in load_digest(FIXTURES / "hf-day.json").papers]
        assert starred(state) == {ids[1], ids[2]}
        shot = page.screenshot()  # docs/served.png, in the README, is one of these
        assert len(shot) > 10_000

        # `Y` copies the paper's BibTeX to the browser's clipboard (OSC 52 through
        # the page's terminal).
        answered("Y")
        wait_for(
            page,
            lambda: any("@misc{" in text for text in page.evaluate("window.copied || []")),
            "the BibTeX in the browser's clipboard",
        )

        # `o` on a paper with several links: the chooser, then a new tab (there is
        # no internet here: the test answers for arxiv.org).
        context.route("https://arxiv.org/**", lambda route: route.fulfill(body="abstract"))
        page.keyboard.press("g")
        with context.expect_page(timeout=15_000) as opened:
            answered("o")  # the link chooser
            page.keyboard.press("1")
        assert opened.value.url == f"https://arxiv.org/abs/{ids[0]}"
        opened.value.close()

        # Export the shown papers: a download in the browser, not a file on the server.
        with page.expect_download(timeout=15_000) as download:
            answered("e")  # the format chooser
            page.keyboard.press("1")
        assert download.value.suggested_filename.endswith(".bib")
        bib = Path(download.value.path()).read_text()
        assert bib.count("@misc{") == 3

        page.keyboard.press("q")
        wait_for(page, lambda: closed, "the app's end (its websocket closes)")
        browser.close()


def test_serving_beyond_this_machine_warns(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "READER_STATE": str(tmp_path / "state.json")},
    )
    try:
        assert server.stderr is not None and server.stdout is not None
        warning = server.stderr.readline()
        assert "warning: serving on 0.0.0.0" in warning and "SSH tunnel" in warning
        assert "HTTPS behind a reverse proxy" in warning
        printed = server.stdout.readline()
        assert f"served at http://0.0.0.0:{port}/?token=" in printed  # never without one
        answering(f"http://127.0.0.1:{port}/?token={printed.split('?token=')[1].split()[0]}")
    finally:
        server.send_signal(2)
        assert server.wait(timeout=15) == 0
    bad = subprocess.run(
        [sys.executable, "-m", "reader", "serve", "hf:2026-13-01"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "no month 13" in bad.stderr
