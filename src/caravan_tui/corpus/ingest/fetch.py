"""Downloading a page or feed over http(s), and reading a saved one, within limits.

`fetch_url(url, limits)` GETs an http or https address with urllib3 (the HTTP
library trafilatura already depends on): separate connect and read timeouts,
an overall deadline, redirects followed by hand (at most `limits.max_redirects`,
each target checked to be http or https), and the body streamed with a size
cap so a huge response is cut off, never held whole. Proxies named by the
usual environment variables (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) are used.
`read_local(path, limits)` reads a saved file with the same size cap.

Every failure is a `FetchError` whose message is one line for a person.
"""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

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
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A source that could not be downloaded or read; the message says why, in one line."""


@dataclass(frozen=True)
class FetchLimits:
    """How long to wait and how much to read."""

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


def check_scheme(url: str) -> None:
    """Raise FetchError unless `url` is an http or https address with a host."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise FetchError(f"unsupported address ({shown}): only http and https addresses can be fetched")
    if not parts.hostname:
        raise FetchError("address has no host name")


def is_address(source: str) -> bool:
    """Whether `source` looks like an address (has a scheme such as http: or file:) rather than a path."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and source[len(scheme):].startswith(":")


def fetch_url(url: str, limits: FetchLimits = FetchLimits()) -> Fetched:
    """GET `url`, following redirects; raises FetchError with the reason it could not."""
    deadline = time.monotonic() + limits.total_timeout
    current = url
    for _ in range(limits.max_redirects + 1):
        check_scheme(current)
        response = _request(current, limits)
        try:
            location = response.headers.get("Location")
            if response.status in _REDIRECT_CODES and location:
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise FetchError(f"HTTP {response.status} {response.reason or ''}".rstrip())
            data = _read_capped(response, limits, deadline)
            content_type, charset = _content_type(response.headers.get("Content-Type", ""))
            return Fetched(url=current, content_type=content_type, charset=charset, data=data)
        finally:
            response.release_conn()
    raise FetchError(f"too many redirects (more than {limits.max_redirects})")


def read_local(path: Path, limits: FetchLimits = FetchLimits()) -> Fetched:
    """Read a saved page or feed, at most `limits.max_bytes`; raises FetchError."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise FetchError("no such file") from None
    except IsADirectoryError:
        raise FetchError("is a folder, not a saved page or feed") from None
    except OSError as error:
        raise FetchError(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > limits.max_bytes:
        raise FetchError(_too_large(limits.max_bytes))
    return Fetched(url=None, content_type="", charset=None, data=data)


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


def _pool_for(url: str) -> PoolManager:
    """A connection pool manager: through the environment's proxy for this address, if any."""
    import urllib3

    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme.lower())
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        return urllib3.ProxyManager(proxy)
    return urllib3.PoolManager()


def _request(url: str, limits: FetchLimits) -> BaseHTTPResponse:
    import urllib3
    from urllib3 import exceptions as errors

    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    timeout = urllib3.Timeout(connect=limits.connect_timeout, read=limits.read_timeout)
    try:
        return _pool_for(url).request(
            "GET", url, headers=headers, timeout=timeout, retries=False,
            redirect=False, preload_content=False,
        )
    except errors.NewConnectionError as error:  # a subclass of ConnectTimeoutError: first
        raise FetchError(f"cannot connect: {_reason(error)}") from None
    except errors.ConnectTimeoutError:
        raise FetchError(f"timed out connecting (after {limits.connect_timeout:g} s)") from None
    except errors.ReadTimeoutError:
        raise FetchError(f"timed out waiting for a response (after {limits.read_timeout:g} s)") from None
    except errors.HTTPError as error:
        raise FetchError(f"network error: {_reason(error)}") from None
    except ValueError as error:
        raise FetchError(f"bad address: {error}") from None


def _read_capped(response: BaseHTTPResponse, limits: FetchLimits, deadline: float) -> bytes:
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
            if time.monotonic() > deadline:
                raise FetchError(f"download took too long (more than {limits.total_timeout:g} s)")
            chunks.append(chunk)
    except errors.ReadTimeoutError:
        raise FetchError(f"timed out reading the response (no data for {limits.read_timeout:g} s)") from None
    except errors.HTTPError as error:
        raise FetchError(f"network error while reading: {_reason(error)}") from None
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    """The most telling one-line reason inside a urllib3 error."""
    reason = getattr(error, "reason", None) or error
    text = " ".join(str(reason).split())
    if "Connection refused" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo failed" in text or "NameResolution" in type(reason).__name__:
        return "host name not found"
    return text[:200]
