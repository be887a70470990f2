"""How many reader processes, and how much memory, N websocket connections to `caravan-tui serve` cost.

    .venv/bin/python bench/serve_sessions.py [--connections 20] [--max-sessions 4]

Starts `caravan-tui serve` on a free loopback port, reads the token from the
address it prints, opens N websocket sessions with the served page's Origin
(held open together), waits for the readers to start, then prints how many
handshakes were accepted and refused, how many processes the server has
under it, and their total resident memory (Linux /proc). With --no-token it
makes the same connections without the token, as a foreign page would.
Everything stops when it is done; only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READER = str(Path(sys.executable).with_name("caravan-tui"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


async def connect_all(port: int, token: str, count: int, settle: float) -> tuple[int, int]:
    import aiohttp

    accepted = refused = 0
    sockets = []
    async with aiohttp.ClientSession() as session:
        for _ in range(count):
            try:
                sockets.append(await session.ws_connect(f"http://127.0.0.1:{port}/ws/{token}",
                                                        origin=f"http://127.0.0.1:{port}"))
                accepted += 1
            except aiohttp.WSServerHandshakeError:
                refused += 1
        await asyncio.sleep(settle)  # the readers start
        record_figures()
        for ws in sockets:
            await ws.close()
    return accepted, refused


FIGURES: dict[str, float] = {}


def record_figures() -> None:
    pids = descendants(int(FIGURES["server_pid"]))
    FIGURES["processes"] = len(pids)
    FIGURES["rss_mb"] = rss_mb(pids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--max-sessions", type=int, default=4)
    parser.add_argument("--settle", type=float, default=8.0, help="seconds to let the readers start")
    parser.add_argument("--no-token", action="store_true")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        with log.open("wb") as out:
            server = subprocess.Popen([READER, "serve", "--port", str(port), "--max-sessions", str(args.max_sessions)],
                                      stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            token = wait_for_token(port, log)
            FIGURES["server_pid"] = server.pid
            used = "wrong-token" if args.no_token else token
            accepted, refused = asyncio.run(connect_all(port, used, args.connections, args.settle))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    print(f"connections {args.connections}, max sessions {args.max_sessions}, token {'no' if args.no_token else 'yes'}")
    print(f"accepted {accepted}, refused {refused}")
    print(f"processes under the server {FIGURES['processes']:.0f}, their memory {FIGURES['rss_mb']:.0f} MB")


def wait_for_token(port: int, log: Path, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(rf"open http://127\.0\.0\.1:{port}/\?token=([A-Za-z0-9_-]+)", log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise SystemExit(f"caravan-tui serve did not start:\n{log.read_text()}")


if __name__ == "__main__":
    main()
