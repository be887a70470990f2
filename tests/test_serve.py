"""`caravan-tui serve`: the page, a websocket session running the reader, and headless Chromium.

The server runs as a child process on a free port on 127.0.0.1 and is
stopped (its whole process group) after each test. The websocket test speaks
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
import urllib.request
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


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "caravan-tui serve exited early"
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("caravan-tui serve did not listen in time")


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
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([READER, "serve", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                               env=env, start_new_session=True)
    try:
        wait_for_port(port, process)
        yield port, process, tmp_path / "serve.log"
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
    args = type("Args", (), {"host": "127.0.0.1", "port": 0, "public_url": None, "paths": []})()
    assert serve.run(args) == 2
    assert "pip install 'caravan-tui[web]'" in capsys.readouterr().err


def test_defaults_bind_loopback_only():
    import argparse

    parser = argparse.ArgumentParser()
    serve.add_arguments(parser)
    args = parser.parse_args([])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("::1") and serve.is_loopback("localhost")
    assert not serve.is_loopback("0.0.0.0")


def test_reader_command_quotes_paths():
    command = serve.reader_command([Path("/tmp/my articles")])
    assert command.endswith("-m caravan_tui.cli '/tmp/my articles'")


@needs_serve
def test_page_names_the_app_and_its_websocket(server):
    port, _, _ = server
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode()
    assert "caravan-tui" in html
    assert f"ws://127.0.0.1:{port}/ws" in html


async def read_screen_over_websocket(port: int, wanted: bytes, timeout: float = 30) -> bytes:
    import aiohttp

    received = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws:
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
    port, _, _ = server
    text = asyncio.run(read_screen_over_websocket(port, b"The Epoch Times"))
    assert b"The Epoch Times" in text
    assert b"Traceback" not in text


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
    port, _, _ = server
    browser = run_chromium(tmp_path / "profile", f"http://127.0.0.1:{port}/", "--virtual-time-budget=8000",
                           "--dump-dom")
    try:
        dom = browser.communicate(timeout=60)[0].decode(errors="replace")
    finally:
        stop(browser)
    assert "xterm" in dom, "the page's script did not build the terminal"


@needs_serve
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_headless_chromium_starts_a_reader_session(server, tmp_path):
    """A browser that stays on the page opens the websocket, and the server starts a reader for it."""
    port, process, log = server
    browser = run_chromium(tmp_path / "profile", f"http://127.0.0.1:{port}/")
    sessions: list[str] = []
    try:
        deadline = time.monotonic() + 60  # generous: CI machines are shared and slow
        while not sessions and browser.poll() is None and time.monotonic() < deadline:
            sessions = [c for c in children_of(process.pid) if "caravan_tui.cli" in c]
            time.sleep(0.1)
    finally:
        stop(browser)
    assert sessions, f"no reader process started for the browser; server log:\n{log.read_text()}"
