"""The reader's two themes, dark and light, and how one is chosen.

Both use only the terminal's 16 ANSI colours and its own foreground and
background (`ansi_default`), so body text is always the terminal's own text
colour and the reader looks the same in xterm, 256-colour and truecolor
terminals. They differ in the accent colours: bright ones on a dark
background, normal ones (readable on white) on a light background.

The choice, first that is set: the `CARAVAN_TUI_THEME` environment variable,
`theme` under `[reader]` in config_dir()/config.toml, else "auto". "auto"
reads the terminal's colours from `COLORFGBG` (set by rxvt, Konsole, iTerm2
and others: "15;0" is light text on a dark background) and takes dark when
the terminal does not say.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from textual.theme import BUILTIN_THEMES, Theme

from caravan_tui.paths import config_dir

THEME_SETTINGS = ("auto", "dark", "light")
SETTINGS_FILE = "config.toml"
MAX_SETTINGS_BYTES = 64 * 1024
#: ANSI colour numbers that are light backgrounds (white, bright colours but bright black).
LIGHT_BACKGROUNDS = frozenset({7, *range(9, 16)})


def _theme(name: str, dark: bool, accent: str, border: str, muted: str) -> Theme:
    return Theme(
        name=name,
        ansi=True,
        primary="ansi_blue",
        secondary="ansi_cyan",
        warning="ansi_yellow",
        error="ansi_red",
        success="ansi_green",
        accent=accent,
        foreground="ansi_default",
        background="ansi_default",
        surface="ansi_default",
        panel="ansi_default",
        boost="ansi_default",
        dark=dark,
        variables={
            **BUILTIN_THEMES["ansi-dark" if dark else "ansi-light"].variables,
            "border": border,
            "border-blurred": muted,
            "text-muted": muted,
            "footer-key-foreground": accent,
        },
    )


DARK_THEME = _theme("caravan-dark", True, accent="ansi_bright_cyan", border="ansi_bright_cyan",
                    muted="ansi_bright_black")
LIGHT_THEME = _theme("caravan-light", False, accent="ansi_blue", border="ansi_blue", muted="ansi_bright_black")
THEMES = {"dark": DARK_THEME, "light": LIGHT_THEME}


def theme_setting(environ: Mapping[str, str] | None = None,
                  settings_path: Path | None = None) -> tuple[str, str | None]:
    """(the chosen setting: auto, dark or light; a problem with the settings to show, or None)."""
    environ = os.environ if environ is None else environ
    from_env = environ.get("CARAVAN_TUI_THEME", "").strip().lower()
    if from_env:
        if from_env in THEME_SETTINGS:
            return from_env, None
        return "auto", f"CARAVAN_TUI_THEME={from_env[:40]!r} is not one of {', '.join(THEME_SETTINGS)}"
    path = settings_path or config_dir() / SETTINGS_FILE
    value, problem = _theme_from_file(path)
    if value is None:
        return "auto", problem
    if value not in THEME_SETTINGS:
        return "auto", f"{path.name}: theme {value[:40]!r} is not one of {', '.join(THEME_SETTINGS)}"
    return value, None


def _theme_from_file(path: Path) -> tuple[str | None, str | None]:
    try:
        if not path.is_file():
            return None, None
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            return None, f"{path.name} is larger than {MAX_SETTINGS_BYTES // 1024} KB; ignored"
        data = path.read_bytes().decode("utf-8")
        try:
            import tomllib
        except ImportError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef, import-not-found, unused-ignore]
        settings = tomllib.loads(data)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        return None, f"{path.name} could not be read: {error}"
    reader = settings.get("reader")
    value = reader.get("theme") if isinstance(reader, dict) else None
    return (value.strip().lower() if isinstance(value, str) else None), None


def terminal_is_light(environ: Mapping[str, str] | None = None) -> bool | None:
    """What COLORFGBG says of the terminal's background: True light, False dark, None not said."""
    environ = os.environ if environ is None else environ
    background = environ.get("COLORFGBG", "").split(";")[-1].strip()
    if not background.isdigit():
        return None
    return int(background) in LIGHT_BACKGROUNDS


def choose_theme(setting: str, environ: Mapping[str, str] | None = None) -> Theme:
    """The theme for a setting; "auto" asks the terminal and falls back to dark."""
    if setting in THEMES:
        return THEMES[setting]
    return LIGHT_THEME if terminal_is_light(environ) else DARK_THEME
