"""The web server behind `caravan-tui serve`: textual-serve's Server with a token, an Origin check and a session cap.

textual-serve alone lets any web page the user visits open a session (a
websocket from the page to 127.0.0.1 needs no permission), so:

- every page and websocket address carries a random token
  (`secrets.token_urlsafe`), printed once when the server starts; a request
  without it is answered 403 and starts nothing;
- the websocket's `Origin` must be the served address (the host and port the
  server listens on, their loopback names, or --public-url); a browser always
  sends it, so a foreign page is refused even if it learnt the token;
- at most `max_sessions` readers run at once (each is a process); past that a
  new session is answered 503 until one ends;
- textual-serve's download route is not served (the reader delivers no files).

Imported only by `serve.run`, after textual-serve is known to be installed.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import hdrs, web
from textual_serve.server import Server, to_int

TOKEN_PARAM = "token"  # noqa: S105 - the name of the query parameter, not a secret
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")  # noqa: S104 - recognised, not bound to
FORBIDDEN_TEXT = "caravan-tui serve: open the address printed when the server started (it carries the token)\n"
FOREIGN_ORIGIN_TEXT = "caravan-tui serve: sessions are only opened from the reader's own page\n"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def origin_of(url: str) -> str:
    """scheme://host[:port] of `url`, lower case, without a default port; "" when it has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    if not parts.hostname or parts.scheme.lower() not in ("http", "https"):
        return ""
    scheme, host = parts.scheme.lower(), parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    default = {"http": 80, "https": 443}[scheme]
    return f"{scheme}://{host}" if port in (None, default) else f"{scheme}://{host}:{port}"


def served_origins(host: str, port: int, public_url: str, loopback: bool) -> set[str]:
    """The origins a session may be opened from: the public address and the address listened on."""
    names = {host, *LOOPBACK_NAMES} if loopback else {host}
    origins = {origin_of(f"http://{_bracketed(name)}:{port}") for name in names}
    return {origin for origin in (*origins, origin_of(public_url)) if origin}


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def token_matches(given: str, token: str) -> bool:
    return secrets.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


class GuardedServer(Server):
    """textual-serve's Server, refusing requests without the token, foreign origins, and sessions past the cap."""

    def __init__(self, command: str, *, token: str, max_sessions: int, loopback: bool, **options: Any) -> None:
        super().__init__(command, **options)
        self.token, self.max_sessions = token, max_sessions
        self.sessions = 0
        self.origins = served_origins(self.host, self.port, self.public_url, loopback)

    @property
    def page_url(self) -> str:
        """The address to open in a browser, token included."""
        return f"{self.public_url.rstrip('/')}/?{TOKEN_PARAM}={self.token}"

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_page, name="index"),
            web.get("/ws/{token}", self.handle_session, name="session"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_startup.append(self.on_startup)
        return app

    async def on_startup(self, app: web.Application) -> None:
        print(f"caravan-tui serve: open {self.page_url}", flush=True)
        print(f"caravan-tui serve: at most {self.max_sessions} sessions at once; ctrl+c stops the server",
              flush=True)

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        if not token_matches(request.query.get(TOKEN_PARAM, ""), self.token):
            return web.Response(status=403, text=FORBIDDEN_TEXT)
        context = self.page_context(request)
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    def page_context(self, request: web.Request) -> dict[str, Any]:
        """What textual-serve's page template needs; the websocket address carries the token in its path."""
        base = self.public_url.rstrip("/")
        websocket_base = ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1]
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{websocket_base}/ws/{self.token}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }

    def refusal(self, request: web.Request) -> web.Response | None:
        """Why a websocket request may not open a session, as the response to send; None when it may."""
        if not token_matches(request.match_info.get("token", ""), self.token):
            return web.Response(status=403, text=FORBIDDEN_TEXT)
        if not self.origin_allowed(request):
            return web.Response(status=403, text=FOREIGN_ORIGIN_TEXT)
        if self.sessions >= self.max_sessions:
            text = f"caravan-tui serve: {self.max_sessions} sessions are open already; close one and reload\n"
            return web.Response(status=503, text=text)
        return None

    def origin_allowed(self, request: web.Request) -> bool:
        origin = origin_of(request.headers.get(hdrs.ORIGIN, ""))
        if not origin:
            return False
        if origin in self.origins:
            return True
        # Listening on every interface: the page's own origin is whatever host name reached this port.
        return self.host in WILDCARD_HOSTS and origin.split("://", 1)[1] == request.host.lower()

    async def handle_session(self, request: web.Request) -> web.StreamResponse:
        refused = self.refusal(request)
        if refused is not None:
            return refused
        self.sessions += 1  # counted before the first await: no two requests pass the cap together
        try:
            return await self.handle_websocket(request)
        finally:
            self.sessions -= 1
