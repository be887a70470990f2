"""Where caravan-tui keeps its files: configuration, data (reader's notes), cache.

Each follows the platform's conventions (platformdirs) and can be moved with an
environment variable, which the tests use to stay out of the user's home:
CARAVAN_TUI_CONFIG_DIR, CARAVAN_TUI_DATA_DIR, CARAVAN_TUI_CACHE_DIR.
The articles folder is only ever read.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "caravan-tui"
#: The variable that moves the cache folder.
CACHE_DIR_VARIABLE = "CARAVAN_TUI_CACHE_DIR"


def _dir(env_var: str, default) -> Path:
    override = os.environ.get(env_var)
    return Path(override) if override else Path(default(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Keymap and settings (keymap.toml, config.toml)."""
    from platformdirs import user_config_dir

    return _dir("CARAVAN_TUI_CONFIG_DIR", user_config_dir)


def data_dir() -> Path:
    """The reader's notes: never lost, never in the articles folder."""
    from platformdirs import user_data_dir

    return _dir("CARAVAN_TUI_DATA_DIR", user_data_dir)


def cache_dir() -> Path:
    """Analysis results keyed by content hash; safe to delete."""
    from platformdirs import user_cache_dir

    return _dir(CACHE_DIR_VARIABLE, user_cache_dir)
