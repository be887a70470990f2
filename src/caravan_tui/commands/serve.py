"""`caravan-tui serve`: the reader in a web browser, through textual-serve.

Each browser tab that opens the page starts its own reader process, driven
over a websocket (xterm.js in the page). The address printed at start carries
a random token; without it nothing is served, and a websocket from any other
page (another `Origin`) is refused, so a web page the user happens to visit
cannot open a session. At most --max-sessions readers run at once (default 4).
Readers cannot add articles (no fetching addresses, no importing the
server's files) unless --allow-add is given: the reader processes get
CARAVAN_TUI_ALLOW_ADD=0. The server binds 127.0.0.1 unless told otherwise; to
use it from another machine, prefer an SSH tunnel (`ssh -L 8000:127.0.0.1:8000
host`) to `--host 0.0.0.0`. textual-serve is optional: `pip install
'caravan-tui[web]'`. The server itself is `serve_guard.GuardedServer`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import sys

from caravan_tui.commands.common import add_paths_argument

HELP = "serve the reader to a web browser (needs the [web] extra)"
INSTALL_HINT = "pip install 'caravan-tui[web]'"
EXIT_MISSING_EXTRA = 2
DEFAULT_MAX_SESSIONS = 4
ALLOW_ADD_ENV = "CARAVAN_TUI_ALLOW_ADD"  # read by caravan_tui.corpus.ingest.adding_allowed


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--public-url", default=None,
                        help="address the browser uses, if not http://HOST:PORT (e.g. behind a proxy)")
    parser.add_argument("--max-sessions", type=_at_least_one, default=DEFAULT_MAX_SESSIONS, metavar="N",
                        help=f"at most N readers at once, each a process (default: {DEFAULT_MAX_SESSIONS})")
    parser.add_argument("--allow-add", action="store_true",
                        help="let readers add articles: fetch web addresses from this machine and import its "
                             "local HTML files into the articles folder (off by default)")
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
        from textual_serve.server import Server  # noqa: F401 (is the extra installed?)

        from caravan_tui.commands.serve_guard import GuardedServer, new_token
    except ImportError:
        print(f"caravan-tui serve needs textual-serve: {INSTALL_HINT}", file=sys.stderr)
        return EXIT_MISSING_EXTRA
    if not is_loopback(args.host):
        print(f"warning: listening on {args.host}: anyone who can reach this port and has the address printed "
              "below (with its token) can use the reader", file=sys.stderr)
    os.environ[ALLOW_ADD_ENV] = "1" if args.allow_add else "0"  # the readers inherit it
    server = GuardedServer(reader_command(args.paths), token=new_token(), max_sessions=args.max_sessions,
                           loopback=is_loopback(args.host), host=args.host, port=args.port,
                           title="caravan-tui", public_url=args.public_url)
    server.serve()
    return 0
