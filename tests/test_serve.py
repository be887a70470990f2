"""`caravan-tui serve`: the token, the Origin check, the session cap, a websocket session running the reader,
and headless Chromium.

The server runs as a child process on a free port on 127.0.0.1 and is
stopped (its whole process group) after each test; its token is read from
the address it prints. The websocket test speaks
textual-serve's protocol (["stdin", keys], binary terminal output) and reads
the reader's first screen from the stream; the Chromium test loads the page
for real and checks that its JavaScript built the terminal and that the
server started a reader for it.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from caravan_tui.commands import serve

READER = str(Path(sys.executable).with_name("caravan-tui"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ANSI = re.compile(rb"\x1b\[[0-9;?<>]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")

try:
    import textual_serve  # noqa: F401
    HAVE_SERVE = True
except ImportError:
    HAVE_SERVE = False
needs_serve = pytest.mark.skipif(not HAVE_SERVE, reason="textual-serve missing: pip install '.[web]'")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_token(port: int, process: subprocess.Popen, log: Path, timeout: float = 20) -> str:
    """The token in the address the server prints once it listens."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"caravan-tui serve exited early:\n{log.read_text()}"
        found = re.search(rf"open http://127\.0\.0\.1:{port}/\?token=([A-Za-z0-9_-]+)", log.read_text())
        with socket.socket() as sock:
            if found and sock.connect_ex(("127.0.0.1", port)) == 0:
                return found.group(1)
        time.sleep(0.05)
    raise AssertionError(f"caravan-tui serve did not listen in time:\n{log.read_text()}")


def descendant_pids(pid: int) -> list[int]:
    return [int(line.split(" ", 1)[0]) for line in children_of(pid, with_pid=True)]


def children_of(pid: int, with_pid: bool = False) -> list[str]:
    """Command lines of the descendants of `pid` (Linux /proc), "PID cmdline" with `with_pid`."""
    found, parents = [], {pid}
    for _ in range(4):
        new = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if ppid in parents and int(entry.name) not in parents:
                    new.add(int(entry.name))
                    line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    found.append(f"{entry.name} {line}" if with_pid else line)
            except (OSError, IndexError, ValueError):
                continue
        if not new:
            break
        parents |= new
    return found


@pytest.fixture
def server(tmp_path):
    """A running `caravan-tui serve`: (port, process, log, token)."""
    with running_server(tmp_path) as running:
        yield running


@contextmanager
def running_server(tmp_path: Path, *extra: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", serve.ALLOW_ADD_ENV)}
    process = subprocess.Popen([READER, "serve", "--port", str(port), *extra], stdout=log,
                               stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        token = wait_for_token(port, process, tmp_path / "serve.log")
        yield port, process, tmp_path / "serve.log", token
    finally:
        readers = descendant_pids(process.pid)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        stop_pids(readers)
        log.close()


def stop_pids(pids: list[int], grace: float = 5) -> None:
    """Wait for the server's reader processes to end; kill by pid those that linger."""
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
        time.sleep(0.05)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_missing_textual_serve_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # import fails
    args = type("Args", (), {"host": "127.0.0.1", "port": 0, "public_url": None, "paths": [], "max_sessions": 4,
                             "allow_add": False})()
    assert serve.run(args) == 2
    assert "pip install 'caravan-tui[web]'" in capsys.readouterr().err


def test_defaults_bind_loopback_only():
    import argparse

    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args([])
    assert (args.host, args.port, args.max_sessions, args.allow_add) == ("127.0.0.1", 8000, 4, False)
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("::1") and serve.is_loopback("localhost")
    assert not serve.is_loopback("0.0.0.0")


def test_reader_command_quotes_paths():
    command = serve.reader_command([Path("/tmp/my articles")])
    assert command.endswith("-m caravan_tui.cli '/tmp/my articles'")


def status_of(url: str) -> int:
    try:
        return urllib.request.urlopen(url, timeout=10).status  # noqa: S310 - a loopback http address of the test
    except urllib.error.HTTPError as error:
        return error.code


@needs_serve
def test_page_needs_the_token_and_names_the_app_and_its_websocket(server):
    port, _, _, token = server
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=10).read().decode()
    assert "caravan-tui" in html
    assert f"ws://127.0.0.1:{port}/ws/{token}" in html
    assert status_of(f"http://127.0.0.1:{port}/") == 403
    assert status_of(f"http://127.0.0.1:{port}/?token={token[:-1]}") == 403
    assert status_of(f"http://127.0.0.1:{port}/?token=%C3%A9") == 403


def origin(port: int) -> str:
    return f"http://127.0.0.1:{port}"


async def read_screen_over_websocket(port: int, token: str, wanted: bytes, timeout: float = 30) -> bytes:
    import aiohttp

    received = b""
    async with aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}/ws/{token}?width=100&height=30"
        async with session.ws_connect(url, origin=origin(port)) as ws:
            deadline = time.monotonic() + timeout
            while wanted not in ANSI.sub(b"", received) and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
            await ws.send_str(json.dumps(["stdin", "q"]))
    return ANSI.sub(b"", received)


@needs_serve
def test_websocket_session_runs_the_reader(server):
    port, _, _, token = server
    text = asyncio.run(read_screen_over_websocket(port, token, b"The Epoch Times"))
    assert b"The Epoch Times" in text
    assert b"Traceback" not in text


async def handshake_status(url: str, origin: str | None) -> int:
    """The HTTP status a websocket handshake gets (101 when the session opened)."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, origin=origin) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


@needs_serve
def test_a_missing_or_wrong_token_and_a_foreign_origin_are_refused(server):
    port, process, _, token = server
    base = f"http://127.0.0.1:{port}"
    attempts = [
        (f"{base}/ws", origin(port)),                       # textual-serve's own address, no token
        (f"{base}/ws/{token[:-2]}", origin(port)),          # a wrong token
        (f"{base}/ws/{token}", "http://evil.example"),      # a foreign page that learnt the token
        (f"{base}/ws/{token}", f"http://127.0.0.1:{port + 1}"),
        (f"{base}/ws/{token}", "null"),
        (f"{base}/ws/{token}", None),                       # no Origin at all
    ]
    statuses = [asyncio.run(handshake_status(url, sent_origin)) for url, sent_origin in attempts]
    assert statuses == [404, 403, 403, 403, 403, 403]
    assert not [c for c in children_of(process.pid) if "caravan_tui.cli" in c], "a refused request started a reader"


async def hold_sessions(port: int, token: str, count: int) -> list[int]:
    """Open `count` sessions one after another, all held open; the status each handshake got."""
    import aiohttp

    statuses, sockets = [], []
    async with aiohttp.ClientSession() as session:
        for _ in range(count):
            try:
                sockets.append(await session.ws_connect(f"http://127.0.0.1:{port}/ws/{token}", origin=origin(port)))
                statuses.append(101)
            except aiohttp.WSServerHandshakeError as error:
                statuses.append(error.status)
        for ws in sockets:
            await ws.send_str(json.dumps(["stdin", "q"]))
            await ws.close()
    return statuses


@needs_serve
def test_sessions_are_capped(tmp_path):
    with running_server(tmp_path, "--max-sessions", "2") as (port, _process, _, token):
        assert asyncio.run(hold_sessions(port, token, 4)) == [101, 101, 503, 503]
        deadline = time.monotonic() + 30  # the closed sessions' readers quit, and their places are free again
        url = f"http://127.0.0.1:{port}/ws/{token}"
        while asyncio.run(handshake_status(url, origin(port))) != 101:
            assert time.monotonic() < deadline, "a closed session kept its place"
            time.sleep(0.2)


@needs_serve
def test_served_origins_and_their_forms():
    from caravan_tui.commands.serve_guard import origin_of, served_origins, token_matches

    assert origin_of("HTTP://LocalHost:80/x") == "http://localhost"
    assert origin_of("https://example.org:443/reader") == "https://example.org"
    assert origin_of("http://[::1]:8000") == "http://[::1]:8000"
    assert origin_of("http://[::1:8000") == origin_of("null") == origin_of("") == origin_of("http://a:99999") == ""
    origins = served_origins("127.0.0.1", 8000, "http://127.0.0.1:8000", loopback=True)
    assert origins == {"http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"}
    assert served_origins("::1", 9000, "https://example.org/reader", loopback=True) >= {
        "http://[::1]:9000", "https://example.org"}
    assert token_matches("abc", "abc") and not token_matches("abd", "abc") and not token_matches("é", "abc")


async def reader_environment(port: int, token: str, server_pid: int, timeout: float = 20) -> list[str]:
    """The environment of the reader process a session starts, read while the session is open."""
    import aiohttp

    url = f"http://127.0.0.1:{port}/ws/{token}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url, origin=origin(port)) as ws:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            readers = [line.split(" ", 1)[0] for line in children_of(server_pid, with_pid=True)
                       if "caravan_tui.cli" in line]
            if readers:
                await ws.close()
                return Path(f"/proc/{readers[-1]}/environ").read_bytes().decode(errors="replace").split("\0")
            await asyncio.sleep(0.05)
    raise AssertionError("no reader process started")


@needs_serve
def test_readers_are_told_adding_is_off_unless_allowed(tmp_path):
    with running_server(tmp_path / "off") as (port, process, _, token):
        assert f"{serve.ALLOW_ADD_ENV}=0" in asyncio.run(reader_environment(port, token, process.pid))
    with running_server(tmp_path / "on", "--allow-add") as (port, process, _, token):
        assert f"{serve.ALLOW_ADD_ENV}=1" in asyncio.run(reader_environment(port, token, process.pid))


def run_chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.Popen:
    """Start headless Chromium on `url` in its own process group (stdout piped)."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               f"--user-data-dir={tmp_path}", *extra, url]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)


def stop(browser: subprocess.Popen) -> None:
    if browser.poll() is None:
        os.killpg(browser.pid, signal.SIGKILL)
    browser.wait(timeout=10)


@needs_serve
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_headless_chromium_builds_the_terminal(server, tmp_path):
    port, _, _, token = server
    address = f"http://127.0.0.1:{port}/?token={token}"
    browser = run_chromium(tmp_path / "profile", address, "--virtual-time-budget=8000", "--dump-dom")
    try:
        dom = browser.communicate(timeout=60)[0].decode(errors="replace")
    finally:
        stop(browser)
    assert "xterm" in dom, "the page's script did not build the terminal"


@needs_serve
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_headless_chromium_starts_a_reader_session(server, tmp_path):
    """A browser that stays on the page opens the websocket, and the server starts a reader for it."""
    port, process, log, token = server
    browser = run_chromium(tmp_path / "profile", f"http://127.0.0.1:{port}/?token={token}")
    sessions: list[str] = []
    try:
        deadline = time.monotonic() + 60  # generous: CI machines are shared and slow
        while not sessions and browser.poll() is None and time.monotonic() < deadline:
            sessions = [c for c in children_of(process.pid) if "caravan_tui.cli" in c]
            time.sleep(0.1)
    finally:
        stop(browser)
    assert sessions, f"no reader process started for the browser; server log:\n{log.read_text()}"
