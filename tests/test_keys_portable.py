"""Every binding must have a key that survives SSH, tmux and plain terminals.

Alt/meta combinations, ctrl+enter, ctrl+shift and most function keys are not
sent (or sent differently) by many terminals, by tmux without extended keys,
and over SSH from some clients. Some control keys are taken before the app
sees them: ctrl+b (tmux prefix), ctrl+a (screen prefix), ctrl+z (suspend),
ctrl+c, ctrl+backslash; others are the same bytes as another key (ctrl+i is
tab, ctrl+m enter, ctrl+h backspace, ctrl+j newline, ctrl+[ escape). ctrl+s
and ctrl+q are allowed: the app's raw mode turns off XON/XOFF flow control on
its own pty, and ssh and tmux pass them through.
"""

from __future__ import annotations

import pytest

from caravan_tui.ui.catalogue import all_bindings

NAMED_PORTABLE = {
    "tab", "shift+tab", "enter", "escape", "backspace", "space", "delete", "insert",
    "up", "down", "left", "right", "home", "end", "pageup", "pagedown", "f1",
}
#: Textual's names for printable characters (a few of them) are portable too.
PRINTABLE_NAMES = {
    "question_mark", "backslash", "slash", "full_stop", "comma", "left_square_bracket",
    "right_square_bracket", "minus", "plus", "equals_sign", "colon", "semicolon",
    "apostrophe", "quotation_mark", "number_sign", "exclamation_mark", "asterisk",
    "left_parenthesis", "right_parenthesis", "less_than_sign", "greater_than_sign",
    "underscore", "vertical_line", "tilde", "grave_accent", "circumflex_accent",
    "dollar_sign", "percent_sign", "ampersand", "at", "left_curly_bracket", "right_curly_bracket",
}
TAKEN_CONTROL_LETTERS = set("abcimhjz")


def is_portable(key: str) -> bool:
    """True for a key every terminal sends, through SSH and tmux, unambiguously."""
    key = key.strip()
    if len(key) == 1 and key.isprintable():
        return True
    if key in NAMED_PORTABLE or key in PRINTABLE_NAMES:
        return True
    modifier, _, rest = key.partition("+")
    return modifier == "ctrl" and len(rest) == 1 and rest.isalpha() and rest not in TAKEN_CONTROL_LETTERS


def keys_of(entry) -> list[str]:
    return [key.strip() for key in entry.binding.key.split(",") if key.strip()]


@pytest.mark.parametrize("key", ["j", "G", "?", "question_mark", "tab", "shift+tab", "f1", "ctrl+d", "ctrl+s",
                                 "ctrl+p", "escape", "pagedown"])
def test_portable_keys(key):
    assert is_portable(key)


@pytest.mark.parametrize("key", ["alt+j", "meta+x", "ctrl+enter", "shift+enter", "ctrl+shift+p", "f2",
                                 "f12", "ctrl+b", "ctrl+a", "ctrl+z", "ctrl+i", "ctrl+up", "super+k",
                                 "ctrl+backslash"])
def test_unportable_keys(key):
    assert not is_portable(key)


def test_every_binding_has_a_portable_key():
    lacking = [(entry.id, entry.binding.key) for entry in all_bindings()
               if not any(is_portable(key) for key in keys_of(entry))]
    assert lacking == [], f"bindings reachable only by keys that SSH/tmux may not deliver: {lacking}"


def test_no_binding_uses_alt_ctrl_enter_or_high_function_keys():
    """Not even as a second key: users would learn keys that fail over SSH."""
    banned = []
    for entry in all_bindings():
        for key in keys_of(entry):
            parts = key.split("+")
            if {"alt", "meta", "super", "hyper"} & set(parts[:-1]) or key in ("ctrl+enter", "shift+enter"):
                banned.append((entry.id, key))
            elif parts[-1].startswith("f") and parts[-1][1:].isdigit() and key != "f1":
                banned.append((entry.id, key))
    assert banned == []


def test_catalogue_is_not_empty_and_ids_are_unique():
    ids = [entry.id for entry in all_bindings()]
    assert len(ids) >= 10
    assert len(ids) == len(set(ids))


def test_help_closes_with_escape_and_with_a_printable_key():
    from caravan_tui.ui.screens.help import HelpScreen

    keys = {key.strip() for binding in HelpScreen.BINDINGS for key in binding.key.split(",")}
    assert "escape" in keys
    assert any(len(key) == 1 or key == "question_mark" for key in keys)
