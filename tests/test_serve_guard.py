"""`reader serve` lets no one else in: each request to a real server on a free
port, checked by its status (a token, its cookie, the websocket's Origin)."""

from __future__ import annotations

import base64
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SAMPLE
from tests.support.serving import serve


class Served:
    def __init__(self, process: subprocess.Popen[str], url: str, port: int) -> None:
        self.process = process
        self.url = url
        self.port = port
        self.token = url.partition("?token=")[2]
        self.base = f"http://127.0.0.1:{port}"


def start(tmp_path: Path, *args: str) -> Served:
    env = {**os.environ, "READER_STATE": str(tmp_path / "state.json")}
    process, url, port = serve(str(SAMPLE), *args, env=env)
    end = time.monotonic() + 30
    while time.monotonic() < end:  # until it answers at all (403 counts)
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    return Served(process, url, port)


def stop(served: Served) -> str:
    served.process.send_signal(2)  # Ctrl+C
    assert served.process.wait(timeout=15) == 0
    assert served.process.stderr is not None
    return served.process.stderr.read()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = start(tmp_path)
    try:
        yield server
    finally:
        stop(server)


def upgrade(
    port: int,
    path: str = "/ws",
    *,
    origin: str | None = None,
    cookie: str | None = None,
    host: str | None = None,
) -> int:
    """The status a websocket upgrade gets (101 when it is let in)."""
    key = base64.b64encode(secrets.token_bytes(16)).decode()
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host or f'127.0.0.1:{port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    if cookie is not None:
        lines.append(f"Cookie: {cookie}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        status = connection.recv(4096).split(b"\r\n", 1)[0]
    return int(status.split()[1])


def test_the_token_is_random_long_and_printed(tmp_path: Path, served: Served) -> None:
    assert served.url.startswith(f"http://127.0.0.1:{served.port}/?token=")
    assert len(base64.urlsafe_b64decode(served.token + "==")) >= 16  # at least 128 bits
    other = start(tmp_path)
    try:
        assert other.token != served.token  # a new one at every start
    finally:
        stop(other)


def test_every_request_without_the_token_is_refused(served: Served) -> None:
    own = f"http://127.0.0.1:{served.port}"
    plain_page = httpx.get(served.base + "/")
    assert plain_page.status_code == 403 and "printed" in plain_page.text
    assert httpx.get(served.base + "/ws").status_code == 403
    assert httpx.get(served.base + "/static/js/textual.js").status_code == 403
    assert httpx.get(served.base + "/?token=" + "x" * 32).status_code == 403  # a wrong token
    assert upgrade(served.port, origin=own) == 403  # no token, no cookie
    assert upgrade(served.port) == 403  # no Origin: only with the token itself
    assert upgrade(served.port, f"/ws?token={served.token}", origin="https://evil.example") == 403
    # A page of another site whose name now points here (DNS rebinding).
    rebound = httpx.get(
        f"{served.base}/?token={served.token}", headers={"Host": f"evil.example:{served.port}"}
    )
    assert rebound.status_code == 403


def test_the_right_token_lets_in_and_sets_a_strict_cookie(served: Served) -> None:
    own = f"http://127.0.0.1:{served.port}"
    page = httpx.get(served.url)
    assert page.status_code == 200 and "fonts.googleapis" not in page.text
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    name_value = cookie.split(";", 1)[0]
    assert name_value == f"reader-token-{served.port}={served.token}"
    # The cookie alone: the page reloads, its files load, its websocket opens.
    with_cookie = {"Cookie": name_value}
    assert httpx.get(served.base + "/", headers=with_cookie).status_code == 200
    assert httpx.get(served.base + "/static/js/textual.js", headers=with_cookie).status_code == 200
    assert upgrade(served.port, origin=own, cookie=name_value) == 101
    # ...but not from a page of another site, cookie and all.
    assert upgrade(served.port, origin="http://evil.example", cookie=name_value) == 403
    # A script with no Origin, with the token in the address.
    assert upgrade(served.port, f"/ws?token={served.token}") == 101
    # Every loopback name of this machine is the served host.
    local = f"http://localhost:{served.port}"
    assert (
        upgrade(served.port, origin=local, cookie=name_value, host=f"localhost:{served.port}")
        == 101
    )


def test_a_chosen_token_and_no_token(tmp_path: Path) -> None:
    chosen = start(tmp_path, "--token", "my-bookmark-token-1234")
    try:
        assert chosen.url.endswith("/?token=my-bookmark-token-1234")
        assert httpx.get(chosen.url).status_code == 200
    finally:
        stop(chosen)
    open_to_all = start(tmp_path, "--no-token")
    try:
        assert open_to_all.url == f"http://127.0.0.1:{open_to_all.port}/"
        assert httpx.get(open_to_all.base + "/").status_code == 200
        assert upgrade(open_to_all.port, origin="http://evil.example") == 403  # Origin still
    finally:
        said = stop(open_to_all)
    assert "every user and program on this machine" in said
    refused = subprocess.run(
        [sys.executable, "-m", "reader", "serve", "--host", "0.0.0.0", "--no-token"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.returncode == 2 and "reverse proxy or an SSH tunnel" in refused.stderr
    short = subprocess.run(
        [sys.executable, "-m", "reader", "serve", "--token", "short"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert short.returncode == 2 and "16 characters" in short.stderr
