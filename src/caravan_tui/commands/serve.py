"""`caravan-tui serve`: the reader in a web browser, through textual-serve.

Each browser tab that opens the page starts its own reader process, driven
over a websocket (xterm.js in the page). The server binds 127.0.0.1 unless
told otherwise: anyone who can reach it can read the articles it serves. To
use it from another machine, prefer an SSH tunnel (`ssh -L 8000:127.0.0.1:8000
host`) to `--host 0.0.0.0`. textual-serve is optional: `pip install
'caravan-tui[web]'`.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys

from caravan_tui.commands.common import add_paths_argument

HELP = "serve the reader to a web browser (needs the [web] extra)"
INSTALL_HINT = "pip install 'caravan-tui[web]'"
EXIT_MISSING_EXTRA = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--public-url", default=None,
                        help="address the browser uses, if not http://HOST:PORT (e.g. behind a proxy)")
    add_paths_argument(parser)


def reader_command(paths) -> str:
    """The shell command textual-serve runs for each browser session."""
    return shlex.join([sys.executable, "-m", "caravan_tui.cli", *(str(path) for path in paths)])


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"caravan-tui serve needs textual-serve: {INSTALL_HINT}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    if not is_loopback(args.host):
        print(f"warning: listening on {args.host}: anyone who can reach this port can use the reader",
              file=sys.stderr)
    server = Server(reader_command(args.paths), host=args.host, port=args.port,
                    title="caravan-tui", public_url=args.public_url)
    server.serve()
    return 0
