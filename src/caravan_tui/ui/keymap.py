"""The user's keymap: binding id -> keys, read from config_dir()/keymap.toml.

The file looks like:

    [keymap]
    "reader.next_passage" = "n,down"
    "app.quit" = "ctrl+q"

`read_keymap` never raises: a missing file is an empty keymap, and a TOML
error, an unknown binding id or a value that is not a string is returned as a
problem for the app to show in a notification.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from caravan_tui.paths import config_dir

KEYMAP_FILE = "keymap.toml"


def keymap_path() -> Path:
    return config_dir() / KEYMAP_FILE


def read_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Return (keymap, problems) read from `path`."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [f"{path}: {error}"]
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, [f"{path}: [keymap] must be a table of binding id = \"keys\""]
    return _validated(path, table, set(known_ids))


def _validated(path: Path, table: dict, known: set[str]) -> tuple[dict[str, str], list[str]]:
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known:
            problems.append(f"{path}: unknown binding id {binding_id!r}")
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: keys for {binding_id!r} must be a string like \"n,down\"")
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems
