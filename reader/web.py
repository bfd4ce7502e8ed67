"""The web side of `reader serve`: textual-serve's server, behind a guard.

Whoever reaches the page drives a reader with the user's state, so every
request must prove it came from the user: the token in the printed address,
or the cookie that address sets. A websocket must also come from a page of
the served host (its `Origin`), or a page in another tab could drive reader
(cross-site WebSocket hijacking). The page itself asks nothing of any other
host: the font is served from here.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

TOKEN_BYTES = 24
"""Random bytes in a token: 192 bits, beyond guessing."""
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

FORBIDDEN = """<!doctype html>
<html><head><meta charset="utf-8"><title>reader: not without its token</title>
<style>body {{ font-family: monospace; max-width: 40em; margin: 4em auto; }}</style></head>
<body><h1>This reader needs its token</h1>
<p>{reason}</p>
<p>Open the address that <code>reader serve</code> printed when it started
(<code>http://…/?token=…</code>). It sets a cookie in this browser, so that the
page can be reloaded afterwards.</p></body></html>
"""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_and_port(netloc: str) -> tuple[str, int | None]:
    """`host:port` of a Host header or an origin's netloc, the host in lower case."""
    try:
        parts = urlsplit(f"//{netloc}")
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


class Guard:
    """Decides which requests reach reader: by token (or its cookie) and by origin."""

    def __init__(self, token: str | None, host: str, port: int) -> None:
        self.token = token
        """None when the user turned tokens off (`--no-token`, loopback only)."""
        self.port = port
        self.loopback = loopback(host)
        self.names = set(LOOPBACK_NAMES) if self.loopback else {host.lower().strip("[]")}
        """The hosts the page is served as (every loopback name on loopback)."""
        self.cookie = f"reader-token-{port}"
        """Per port: cookies are shared by every port of a host."""

    def _served_as(self, host: str, port: int | None) -> bool:
        return port == self.port and host.strip("[]") in self.names

    def host_allowed(self, request: web.Request) -> bool:
        """The Host header names this server. On loopback, only a loopback name:
        a page of another site that rebinds its name to 127.0.0.1 is refused."""
        host, port = _host_and_port(request.host)
        return self._served_as(host, port) or (not self.loopback and port == self.port)

    def origin_allowed(self, request: web.Request) -> bool:
        """A websocket opened by a page of the served host, and no other."""
        origin = request.headers.get("Origin")
        if origin is None:
            return False
        scheme, _, netloc = origin.partition("://")
        if scheme.lower() not in ("http", "https"):
            return False
        host, port = _host_and_port(netloc)
        if self._served_as(host, port):
            return True
        # Beyond loopback (--host 0.0.0.0): the page is served as whatever name
        # reached it, which its own Host header says.
        return not self.loopback and (host, port) == _host_and_port(request.host)

    def _matches(self, given: str | None) -> bool:
        token = self.token
        return (
            token is not None
            and given is not None
            and secrets.compare_digest(given.encode(), token.encode())
        )

    def problem(self, request: web.Request) -> tuple[str | None, bool]:
        """Why the request is refused (None if it is not), and whether the token
        came in its query (a cookie is then set)."""
        in_query = self._matches(request.query.get("token"))
        if not self.host_allowed(request):
            return f"This server does not answer to the name {request.host!r}.", False
        if request.path == "/ws":
            if "Origin" in request.headers:
                if not self.origin_allowed(request):
                    return "A websocket from a page of another site is refused.", False
            elif not in_query:  # scripts and tests: no Origin, so the token itself
                return "A websocket without an Origin needs the token in its address.", False
        if self.token is None or in_query or self._matches(request.cookies.get(self.cookie)):
            return None, in_query
        if "token" in request.query:
            return "The token in this address is not this server's.", False
        return "This address has no token, and this browser has no cookie for it.", False

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        reason, in_query = self.problem(request)
        if reason is not None:
            return web.Response(
                status=403, text=FORBIDDEN.format(reason=reason), content_type="text/html"
            )
        response = await handler(request)
        if in_query and self.token is not None and not response.prepared:
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response


_THIRD_PARTY_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_OWN_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
    </style>"""


def page_template(templates: str) -> jinja2.BaseLoader:
    """textual-serve's page, with its font served from here instead of Google's:
    opening reader must tell no third party, and must not wait on one offline."""
    files = jinja2.FileSystemLoader(templates)

    def load(name: str) -> str | None:
        source, _, _ = files.get_source(jinja2.Environment(), name)
        return _THIRD_PARTY_FONT.sub(_OWN_FONT, source)

    return jinja2.FunctionLoader(load)


class GuardedServer(Server):
    """textual-serve's server: every path behind the guard, the page asking
    nothing of another host, and its addresses built for the name it was reached by."""

    def __init__(self, command: str, *, host: str, port: int, token: str | None) -> None:
        super().__init__(command, host=host, port=port, title="reader")
        self.guard = Guard(token, host, port)

    @property
    def address(self) -> str:
        """The address to open: with the token, when there is one."""
        shown = f"[{self.host}]" if ":" in self.host else self.host
        base = f"http://{shown}:{self.port}/"
        return f"{base}?token={self.guard.token}" if self.guard.token else base

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        aiohttp_jinja2.setup(app, loader=page_template(str(self.templates_path)))
        app.middlewares.append(self.guard.middleware)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """reader says where it is served; textual-serve's banner would repeat it."""

    async def handle_index(self, request: web.Request) -> web.Response:
        base = f"http://{request.host}"  # the guard has checked the name
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        context: dict[str, Any] = {
            "font_size": font_size,
            "app_websocket_url": "ws://" + request.host + "/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)
