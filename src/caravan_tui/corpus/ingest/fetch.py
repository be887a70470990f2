"""Downloading a page or feed over http(s), and reading a saved one, within limits.

`fetch_url(url, limits, cancel)` GETs an http or https address with urllib3
(the HTTP library trafilatura already depends on): separate connect and read
timeouts, each shrunk to the time left, and one overall deadline
(`limits.total_timeout`) kept by the clock: a watchdog thread shuts the
connection's socket down when the deadline passes or when `cancel` (a
`threading.Event`) is set, so a server that trickles one byte a second, or
stalls mid-header, cannot hold the caller; the host name is looked up in a
helper thread first, so a resolver that hangs is bounded too. Redirects are followed by hand (at
most `limits.max_redirects`, each target checked to be a well-formed http or
https address), and the body is streamed with a size cap so a huge response is
cut off, never held whole. Proxies named by the usual environment variables
(HTTP_PROXY, HTTPS_PROXY, NO_PROXY) are used.

For refreshing many feeds, `fetch_url` also takes request `headers` (the
conditional If-None-Match / If-Modified-Since) and a shared `pool` from
`shared_pool()` (connections reused; a reused connection's socket is handed to
the new fetch's watchdog, so the deadline holds on it too). A 304 answer is a
`Fetched` with `status` 304 and no data; every answer carries its `etag` and
`last_modified` headers.

`read_local(path, limits)` reads a saved file with the same size cap; only a
regular file is read (a FIFO, device or socket is refused before it is
opened, and it is opened non-blocking so a race cannot hang either).

`stored_address(url)` is an address fit to keep in a file: well-formed http(s)
with any `user:password@` removed.

Every failure is a `FetchError` whose message is one line for a person. The
message keeps the server's own text raw (a reason phrase may carry escape
sequences): whoever shows it passes it through `caravan_tui.safe_text.safe`.
"""

from __future__ import annotations

import ipaddress
import os
import re
import socket
import stat
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from caravan_tui import __version__

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse, PoolManager

USER_AGENT = f"caravan-tui/{__version__} (terminal news reader)"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
)
ALLOWED_SCHEMES = ("http", "https")
_REDIRECT_CODES = (301, 302, 303, 307, 308)
_CHUNK = 16 * 1024
_WATCH_INTERVAL = 0.05
_MAX_REASON = 200  # characters of a server's reason phrase kept in a message
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


class FetchError(Exception):
    """A source that could not be downloaded or read; the message says why, in one line."""


@dataclass(frozen=True)
class FetchLimits:
    """How long to wait and how much to read; `total_timeout` bounds one whole fetch, redirects included."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 120.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A downloaded (or read) document: where it finally came from, its type and bytes."""

    url: str | None
    content_type: str
    charset: str | None
    data: bytes
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304: what was fetched before is still current."""
        return self.status == 304


# Addresses ------------------------------------------------------------------


def parse_address(url: str) -> SplitResult:
    """`url` split, with its host and port checked; raises FetchError for a malformed address."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises ValueError for a port out of range or not a number)
    except ValueError as error:
        raise FetchError(f"bad address: {error}") from None
    return parts


def check_scheme(url: str) -> None:
    """Raise FetchError unless `url` is a well-formed http or https address with a host."""
    parts = parse_address(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise FetchError(f"unsupported address ({shown}): only http and https addresses can be fetched")
    if not parts.hostname:
        raise FetchError("address has no host name")


def is_address(source: str) -> bool:
    """Whether `source` looks like an address (has a scheme such as http: or file:) rather than a path.

    Never raises, however malformed the rest of the address is.
    """
    return _SCHEME.match(source.strip()) is not None


def without_credentials(parts: SplitResult) -> SplitResult:
    """`parts` with any `user:password@` removed from the network location."""
    netloc = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=netloc)


def stored_address(url: str | None) -> str | None:
    """`url` as it may be kept in a file: well-formed http(s), no credentials; None otherwise."""
    if not url:
        return None
    try:
        check_scheme(url)
    except FetchError:
        return None
    return urlunsplit(without_credentials(urlsplit(url.strip())))


def _redirect_target(current: str, location: str) -> str:
    try:
        return urljoin(current, location.strip())
    except ValueError as error:
        raise FetchError(f"bad address in a redirect: {error}") from None


# Fetching -------------------------------------------------------------------


def fetch_url(url: str, limits: FetchLimits = FetchLimits(), cancel: threading.Event | None = None,
              headers: dict[str, str] | None = None, pool: PoolManager | None = None) -> Fetched:
    """GET `url`, following redirects, within `limits`; raises FetchError with the reason it could not.

    Returns by `limits.total_timeout` seconds, or soon after `cancel` is set, whatever the server does.
    `headers` are added to the request (e.g. If-None-Match); `pool` (from `shared_pool`) reuses connections.
    """
    with _Watchdog(time.monotonic() + limits.total_timeout, cancel) as watchdog:
        try:
            fetched = _follow(url, limits, watchdog, _Request(headers or {}, pool))
        except FetchError:
            watchdog.raise_if_fired(limits)
            raise
        watchdog.raise_if_fired(limits)
        return fetched


@dataclass(frozen=True)
class _Request:
    headers: dict[str, str]
    pool: PoolManager | None


def _follow(url: str, limits: FetchLimits, watchdog: _Watchdog, request: _Request) -> Fetched:
    current = url
    for _ in range(limits.max_redirects + 1):
        check_scheme(current)
        watchdog.raise_if_fired(limits)
        _resolve_within(current, limits, watchdog)
        response = _request(current, limits, watchdog, request)
        read_whole = False
        try:
            location = response.headers.get("Location")
            if response.status in _REDIRECT_CODES and location:
                current = _redirect_target(current, location)
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} {(response.reason or '')[:_MAX_REASON]}".rstrip())
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
            if response.status == 304:
                return Fetched(url=current, content_type="", charset=None, data=b"", status=304,
                               etag=etag, last_modified=modified)
            data = _read_capped(response, limits, watchdog)
            read_whole = True
            content_type, charset = _content_type(response.headers.get("Content-Type", ""))
            return Fetched(url=current, content_type=content_type, charset=charset, data=data,
                           status=response.status, etag=etag, last_modified=modified)
        finally:
            if not read_whole:  # a body left unread: the connection cannot carry another request
                _drain(response)
            response.release_conn()
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


def _drain(response: BaseHTTPResponse) -> None:
    """Drop a body that is not wanted (a redirect's, an error's, a 304's) unread: the connection is closed."""
    try:
        response.close()
    except OSError:
        pass


class _Watchdog:
    """Shuts down the sockets of one fetch when its deadline passes or `cancel` is set."""

    def __init__(self, deadline: float, cancel: threading.Event | None) -> None:
        self.deadline, self.cancel = deadline, cancel
        self.fired: str | None = None  # "deadline" or "cancelled"
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="caravan-fetch-watchdog", daemon=True)

    def __enter__(self) -> _Watchdog:
        _current.watchdog = self
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        _current.watchdog = None
        self._done.set()
        self._thread.join()

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        """Shut `sock` down when the watchdog fires (at once if it already has)."""
        with self._lock:
            self._sockets.append(sock)
            if self.fired:
                _shut(sock)

    def raise_if_fired(self, limits: FetchLimits) -> None:
        if self.fired == "cancelled" or (self.cancel is not None and self.cancel.is_set()):
            raise FetchError("cancelled")
        if self.fired == "deadline" or self.remaining() <= 0:
            raise FetchError(f"download took too long (more than {limits.total_timeout:g} s)")

    def _watch(self) -> None:
        while not self._done.wait(min(_WATCH_INTERVAL, self.remaining())):
            cancelled = self.cancel is not None and self.cancel.is_set()
            if cancelled or self.remaining() <= 0:
                self._fire("cancelled" if cancelled else "deadline")
                return

    def _fire(self, why: str) -> None:
        with self._lock:
            self.fired = why
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed


class _Current(threading.local):
    watchdog: _Watchdog | None = None


_current = _Current()


def _watched(sock: socket.socket) -> socket.socket:
    """Hand a new connection's socket to this thread's fetch watchdog, if one runs."""
    if _current.watchdog is not None:
        _current.watchdog.watch(sock)
    return sock


def _pool_classes() -> dict[str, Any]:
    """urllib3 pool classes whose connections hand their sockets to the fetch watchdog."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class WatchedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> Any:
            return _watched(super()._new_conn())

    class WatchedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> Any:
            return _watched(super()._new_conn())

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watched_reused(super()._get_conn(timeout))

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

        def _get_conn(self, timeout: float | None = None) -> Any:
            return _watched_reused(super()._get_conn(timeout))

    return {"http": WatchedHTTPPool, "https": WatchedHTTPSPool}


def _watched_reused(connection: Any) -> Any:
    """A pooled connection that is already open: its socket goes to this fetch's watchdog too."""
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        _watched(sock)
    return connection


def shared_pool(max_connections: int = 8) -> PoolManager:
    """A pool manager to share between fetches (thread-safe): connections to a host are reused.

    Addresses that the environment sends through a proxy still get a proxy manager of their own.
    """
    import urllib3

    manager = urllib3.PoolManager(num_pools=max(max_connections * 4, 16), maxsize=max_connections)
    manager.pool_classes_by_scheme = _pool_classes()
    return manager


def _proxy_for(url: str) -> str | None:
    """The environment's proxy for this address, if it names one and does not bypass it."""
    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme.lower())
    return proxy if proxy and not urllib.request.proxy_bypass(parts.hostname or "") else None


def _pool_for(url: str) -> PoolManager:
    """A connection pool manager: through the environment's proxy for this address, if any."""
    import urllib3

    proxy = _proxy_for(url)
    manager: PoolManager = urllib3.ProxyManager(proxy) if proxy else urllib3.PoolManager()
    manager.pool_classes_by_scheme = _pool_classes()
    return manager


def _resolve_within(url: str, limits: FetchLimits, watchdog: _Watchdog) -> None:
    """Look the host up in a helper thread, waiting no longer than the deadline or a cancel.

    getaddrinfo cannot be interrupted, so a resolver that hangs would otherwise hold the fetch; the
    connection made afterwards finds the answer in the resolver's cache. A failed lookup is left for
    the connection to report, with urllib3's reason.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or _is_ip_literal(host) or _proxy_for(url):
        return
    done = threading.Event()

    def resolve() -> None:
        try:
            socket.getaddrinfo(host, parts.port or (443 if parts.scheme.lower() == "https" else 80),
                               type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            pass
        finally:
            done.set()

    threading.Thread(target=resolve, name="caravan-fetch-resolve", daemon=True).start()
    while not done.wait(min(_WATCH_INTERVAL, max(watchdog.remaining(), 0.001))):
        watchdog.raise_if_fired(limits)


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _request(url: str, limits: FetchLimits, watchdog: _Watchdog, request: _Request) -> BaseHTTPResponse:
    import urllib3
    from urllib3 import exceptions as errors

    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate", **request.headers}
    manager = request.pool if request.pool is not None and not _proxy_for(url) else _pool_for(url)
    left = max(watchdog.remaining(), 0.001)
    connect, read = min(limits.connect_timeout, left), min(limits.read_timeout, left)
    timeout = urllib3.Timeout(connect=connect, read=read)
    try:
        return manager.request(
            "GET", url, headers=headers, timeout=timeout, retries=False,
            redirect=False, preload_content=False,
        )
    except errors.NewConnectionError as error:  # a subclass of ConnectTimeoutError: first
        raise FetchError(f"cannot connect: {_reason(error)}") from None
    except errors.ConnectTimeoutError:
        raise FetchError(f"timed out connecting (after {connect:g} s)") from None
    except errors.ReadTimeoutError:
        raise FetchError(f"timed out waiting for a response (after {read:g} s)") from None
    except errors.HTTPError as error:
        raise FetchError(f"network error: {_reason(error)}") from None
    except (ValueError, UnicodeError) as error:
        raise FetchError(f"bad address: {_reason(error)}") from None
    except OSError as error:
        raise FetchError(f"network error: {_reason(error)}") from None


def _read_capped(response: BaseHTTPResponse, limits: FetchLimits, watchdog: _Watchdog) -> bytes:
    from urllib3 import exceptions as errors

    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > limits.max_bytes:
        raise FetchError(f"too large: {int(length):,} bytes (the limit is {limits.max_bytes:,})")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(_CHUNK, decode_content=True):
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchError(_too_large(limits.max_bytes))
            watchdog.raise_if_fired(limits)
            chunks.append(chunk)
    except errors.ReadTimeoutError:
        raise FetchError(f"timed out reading the response (no data for {limits.read_timeout:g} s)") from None
    except errors.HTTPError as error:
        raise FetchError(f"network error while reading: {_reason(error)}") from None
    except OSError as error:
        raise FetchError(f"network error while reading: {_reason(error)}") from None
    return b"".join(chunks)


# Local files ----------------------------------------------------------------


def read_local(path: Path, limits: FetchLimits = FetchLimits()) -> Fetched:
    """Read a saved page or feed, at most `limits.max_bytes`; raises FetchError.

    Only a regular file is read: a FIFO, device or socket is refused without being opened for reading
    in a way that could block.
    """
    try:
        _check_regular(os.stat(path).st_mode)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FetchError("no such file") from None
    except OSError as error:
        raise FetchError(f"cannot read the file: {error.strerror or error}") from None
    except ValueError as error:  # an embedded NUL in the path
        raise FetchError(f"cannot read the file: {error}") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _check_regular(os.fstat(handle.fileno()).st_mode)  # it may have been swapped since the stat
            data = handle.read(limits.max_bytes + 1) or b""
        except OSError as error:
            raise FetchError(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limits.max_bytes:
        raise FetchError(_too_large(limits.max_bytes))
    return Fetched(url=None, content_type="", charset=None, data=data)


def _check_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise FetchError("is a folder, not a saved page or feed")
    if not stat.S_ISREG(mode):
        raise FetchError("not a regular file (a pipe, device or socket): only saved pages and feeds are read")


# Messages -------------------------------------------------------------------


def _too_large(limit: int) -> str:
    return f"too large: more than {limit:,} bytes"


def _content_type(header: str) -> tuple[str, str | None]:
    """The media type (lower case) and charset of a Content-Type header."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower(), charset


def _reason(error: BaseException) -> str:
    """The most telling one-line reason inside a urllib3 error."""
    reason = getattr(error, "reason", None) or error
    text = " ".join(str(reason).split())
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo failed" in text or "NameResolution" in type(reason).__name__:
        return "host name not found"
    return text[:_MAX_REASON]
