"""Opening an article's address: a browser when local, the clipboard when remote.

On a machine reached over SSH (or a Linux box with no graphical display),
starting a browser would open it on the server, or worse, run a text browser
that takes over the reader's terminal. There the address is shown and copied
to the reader's *local* clipboard with an OSC 52 escape sequence, which the
terminal (through SSH and tmux) turns into a clipboard write.

Only http and https addresses are opened or copied; anything else is refused.
No Textual import here: the app writes `LinkAction.osc52` through its driver.
"""

from __future__ import annotations

import base64
import os
import sys
import webbrowser
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")
REMOTE_VARIABLES = ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT")
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY")
SHOWN_LENGTH = 200


@dataclass(frozen=True)
class LinkAction:
    """What `open_link` did: kind is "browser", "clipboard" or "refused"."""

    kind: str
    message: str
    url: str = ""
    osc52: str = ""  # the escape sequence to write to the terminal ("clipboard" only)


def shown(url: str) -> str:
    """The address as it may be shown: control characters escaped, length capped."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in url)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def is_web_address(url: str) -> bool:
    """True for an http(s) address with a host and no spaces or control characters."""
    if not url or any(ch.isspace() or not ch.isprintable() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def is_remote_session(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True over SSH, or on Linux without an X11 or Wayland display."""
    if any(environ.get(name) for name in REMOTE_VARIABLES):
        return True
    return platform.startswith("linux") and not any(environ.get(name) for name in DISPLAY_VARIABLES)


def osc52_sequence(text: str, environ: Mapping[str, str] = os.environ) -> str:
    """The OSC 52 "set clipboard" sequence for `text`, wrapped for tmux when inside tmux."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    sequence = f"\x1b]52;c;{payload}\x07"
    if environ.get("TMUX"):
        # tmux passthrough: DCS tmux; <sequence with every ESC doubled> ST
        return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def _clipboard(url: str, environ: Mapping[str, str], reason: str) -> LinkAction:
    message = f"{reason}: copied to your clipboard (OSC 52): {shown(url)}"
    return LinkAction("clipboard", message, url, osc52_sequence(url, environ))


def _browser_in_background() -> bool:
    """False when the default browser would run in the terminal (lynx, w3m, …)."""
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return False
    return not isinstance(controller, webbrowser.GenericBrowser)


def open_link(url: str | None, environ: Mapping[str, str] = os.environ, *,
              platform: str = sys.platform,
              opener: Callable[[str], bool] | None = None) -> LinkAction:
    """Open `url` in a browser when the session is local, else copy it via OSC 52.

    `opener` (default: webbrowser.open, after checking the browser is not a
    terminal one) is replaceable for tests.
    """
    url = (url or "").strip()
    if not url:
        return LinkAction("refused", "This article has no address: add `url:` to its front matter to open it.", url)
    if not is_web_address(url):
        return LinkAction("refused", f"Not opened: {shown(url)} is not an http or https address.", url)
    if is_remote_session(environ, platform):
        return _clipboard(url, environ, "Remote session")
    if opener is None:
        if not _browser_in_background():
            return _clipboard(url, environ, "No graphical browser")
        opener = webbrowser.open
    try:
        opened = opener(url)
    except Exception:  # noqa: BLE001 - any browser failure falls back to the clipboard
        opened = False
    if not opened:
        return _clipboard(url, environ, "Browser did not start")
    return LinkAction("browser", f"Opened in your browser: {shown(url)}", url)
