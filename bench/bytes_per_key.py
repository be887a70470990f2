"""Bytes on the wire per key: what the reader writes to the terminal for one action.

Runs `caravan-tui` in a pseudo-terminal at 100x30, waits for the first screen
to settle, then for each action sends its key several times and counts the
bytes written until the output has been quiet for QUIET seconds. Prints the
median (and max) per action. Over SSH every byte crosses the network, so a
passage move should stay small (target: at most 4 KB).

    .venv/bin/python bench/bytes_per_key.py [--presses 7] [--term xterm-256color]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

READER = str(Path(sys.executable).with_name("caravan-tui"))
QUIET = 0.3
SETTLE_LIMIT = 30.0
TARGET_PASSAGE_MOVE = 4096
#: action -> (key bytes, key that undoes it, or None)
ACTIONS = {
    "passage move (j)": (b"j", b"k"),
    "half page (ctrl+d)": (b"\x04", b"\x15"),
    "source switch (s)": (b"s", None),
}


def start_reader(term: str, width: int = 100, height: int = 30) -> tuple[int, int]:
    folder = tempfile.mkdtemp(prefix="caravan-bytes-")
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TERM=term)
    env.update({f"CARAVAN_TUI_{n}_DIR": os.path.join(folder, n.lower()) for n in ("CONFIG", "DATA", "CACHE")})
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(READER, [READER], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    return pid, fd


def drain(fd: int, quiet: float = QUIET, limit: float = 10.0) -> int:
    """Read until nothing arrives for `quiet` seconds; return the byte count."""
    total, deadline = 0, time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        total += len(chunk)
    return total


def measure(fd: int, key: bytes, undo: bytes | None, presses: int) -> list[int]:
    sizes = []
    for _ in range(presses):
        os.write(fd, key)
        sizes.append(drain(fd))
        if undo:
            os.write(fd, undo)
            drain(fd)
    return sizes


def stop(pid: int, fd: int) -> None:
    os.write(fd, b"q")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        drain(fd, quiet=0.1, limit=0.5)
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            break
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=7)
    parser.add_argument("--term", default="xterm-256color")
    parser.add_argument("--size", default="100x30", help="WIDTHxHEIGHT (default 100x30)")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    pid, fd = start_reader(args.term, width, height)
    try:
        first = drain(fd, quiet=1.0, limit=SETTLE_LIMIT)
        print(f"first screen: {first} bytes (TERM={args.term}, {args.size})")
        os.write(fd, b"\t")  # focus the reading pane
        drain(fd)
        worst = 0
        for name, (key, undo) in ACTIONS.items():
            sizes = measure(fd, key, undo, args.presses)
            median = statistics.median(sizes)
            worst = median if name.startswith("passage") else worst
            print(f"{name:<20} median {median:>7.0f} bytes  max {max(sizes):>7}  ({len(sizes)} presses)")
    finally:
        stop(pid, fd)
    verdict = "OK" if worst <= TARGET_PASSAGE_MOVE else "OVER"
    print(f"passage move target {TARGET_PASSAGE_MOVE} bytes: {verdict}")
    return 0 if verdict == "OK" else 1


if __name__ == "__main__":
    sys.exit(main())
