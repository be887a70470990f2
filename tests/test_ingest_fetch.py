"""Downloads from a local server: redirects, timeouts, size limits, schemes, errors."""

from __future__ import annotations

import socket
import time

import pytest

from caravan_tui.corpus.ingest.fetch import USER_AGENT, FetchError, FetchLimits, check_scheme, fetch_url, read_local
from fixtures.web.web_server import clear_proxies, serve_web

FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, total_timeout=10, max_bytes=256 * 1024)


@pytest.fixture
def web(monkeypatch):
    clear_proxies(monkeypatch)
    with serve_web() as server:
        yield server


def test_fetches_a_page_with_its_type_charset_and_user_agent(web):
    fetched = fetch_url(f"{web.base}/floods.html", FAST)
    assert (fetched.url, fetched.content_type, fetched.charset) == (f"{web.base}/floods.html", "text/html", "utf-8")
    assert b"Marrow river" in fetched.data
    assert web.user_agents == [USER_AGENT]


def test_follows_a_redirect_and_reports_the_final_address(web):
    fetched = fetch_url(f"{web.base}/redirect", FAST)
    assert fetched.url == f"{web.base}/floods.html"
    assert web.requests == ["/redirect", "/floods.html"]


def test_redirects_are_bounded(web):
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_url(f"{web.base}/redirect-loop", FetchLimits(max_redirects=3))
    assert len(web.requests) == 4


def test_a_redirect_to_another_scheme_is_refused(web):
    with pytest.raises(FetchError, match="'ftp:'"):
        fetch_url(f"{web.base}/redirect-ftp", FAST)


def test_slow_server_times_out(web):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetch_url(f"{web.base}/slow", FAST)
    assert time.monotonic() - started < 2.5


def test_streamed_body_over_the_limit_is_cut_off(web):
    with pytest.raises(FetchError, match="too large: more than 262,144 bytes"):
        fetch_url(f"{web.base}/huge", FAST)


def test_declared_length_over_the_limit_is_refused_before_reading(web):
    with pytest.raises(FetchError, match="too large: 53,687,091,200 bytes"):
        fetch_url(f"{web.base}/huge-declared", FAST)


def test_http_error_status(web):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{web.base}/missing.html", FAST)


def test_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        fetch_url(f"http://127.0.0.1:{port}/", FAST)


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://example.org/a", "data:text/html,<p>x</p>",
                                     "javascript:alert(1)", "example.org/page"])
def test_only_http_and_https(address):
    with pytest.raises(FetchError, match="only http and https"):
        check_scheme(address)


def test_address_without_host():
    with pytest.raises(FetchError, match="no host"):
        check_scheme("http:///path")


def test_read_local_caps_size(tmp_path):
    path = tmp_path / "big.html"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(FetchError, match="too large"):
        read_local(path, FetchLimits(max_bytes=1024))
    assert read_local(path, FetchLimits(max_bytes=4096)).data == b"x" * 2048
    with pytest.raises(FetchError, match="no such file"):
        read_local(tmp_path / "none.html")
