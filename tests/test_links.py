"""Opening addresses: a browser only for local sessions, OSC 52 when remote, http(s) only."""

from __future__ import annotations

import base64
import re

import pytest

from caravan_tui.ui.links import is_remote_session, open_link, osc52_sequence

URL = "https://www.trtworld.com/us-and-canada/exodus-16411476"
LOCAL_X11 = {"DISPLAY": ":0"}


class Recorder:
    """A stand-in for webbrowser.open that records its calls."""

    def __init__(self, result: bool = True) -> None:
        self.calls: list[str] = []
        self.result = result

    def __call__(self, url: str) -> bool:
        self.calls.append(url)
        return self.result


def decode_osc52(sequence: str) -> str:
    match = re.fullmatch(r"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", sequence)
    assert match, repr(sequence)
    return base64.b64decode(match.group(1)).decode("utf-8")


@pytest.mark.parametrize("variable", ["SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"])
def test_over_ssh_the_address_is_copied_and_no_browser_starts(variable):
    opener = Recorder()
    action = open_link(URL, {**LOCAL_X11, variable: "10.0.0.1 5000 10.0.0.2 22"}, platform="linux", opener=opener)
    assert action.kind == "clipboard"
    assert opener.calls == []
    assert URL in action.message
    assert decode_osc52(action.osc52) == URL


def test_linux_without_display_counts_as_remote():
    opener = Recorder()
    action = open_link(URL, {}, platform="linux", opener=opener)
    assert action.kind == "clipboard" and opener.calls == []
    assert is_remote_session({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux") is False


def test_macos_without_display_is_local():
    opener = Recorder()
    action = open_link(URL, {}, platform="darwin", opener=opener)
    assert action.kind == "browser"
    assert opener.calls == [URL]


def test_local_session_opens_the_browser():
    opener = Recorder()
    action = open_link(URL, LOCAL_X11, platform="linux", opener=opener)
    assert (action.kind, opener.calls) == ("browser", [URL])
    assert action.osc52 == ""


def test_browser_failure_falls_back_to_the_clipboard():
    action = open_link(URL, LOCAL_X11, platform="linux", opener=Recorder(result=False))
    assert action.kind == "clipboard"
    assert decode_osc52(action.osc52) == URL


def test_inside_tmux_the_sequence_is_wrapped_for_passthrough():
    sequence = osc52_sequence(URL, {"TMUX": "/tmp/tmux-0/default,1,0"})
    assert sequence.startswith("\x1bPtmux;\x1b\x1b]52;c;") and sequence.endswith("\x07\x1b\\")
    inner = sequence[len("\x1bPtmux;"):-len("\x1b\\")].replace("\x1b\x1b", "\x1b")
    assert decode_osc52(inner) == URL


def test_non_ascii_address_round_trips():
    url = "https://example.org/café?q=niño"
    assert decode_osc52(osc52_sequence(url, {})) == url


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "mailto:a@example.org",
    "data:text/html,hi", "https://", "https://exa mple.org/", "https://example.org/\x1b]52;c;eA==\x07",
    "", None, "www.example.org",
])
def test_other_addresses_are_refused_and_nothing_opens(url):
    opener = Recorder()
    action = open_link(url, LOCAL_X11, platform="linux", opener=opener)
    assert action.kind == "refused"
    assert opener.calls == [] and action.osc52 == ""
    assert "\x1b" not in action.message and "\x07" not in action.message


def test_uppercase_scheme_is_accepted():
    opener = Recorder()
    assert open_link("HTTP://example.org/a", LOCAL_X11, platform="linux", opener=opener).kind == "browser"


def test_long_address_is_shortened_in_the_message_but_copied_whole():
    url = "https://example.org/" + "a" * 500
    action = open_link(url, {"SSH_TTY": "/dev/pts/1"}, platform="linux")
    assert len(action.message) < 300
    assert decode_osc52(action.osc52) == url
