"""The user's keymap: binding id -> keys, read from config_dir()/keymap.toml.

The file looks like:

    [keymap]
    "reader.next_passage" = "n,down"
    "app.quit" = "ctrl+q"

`read_keymap` never raises: a missing file is an empty keymap, and a TOML
error, an unknown binding id or a value that is not a string is returned as a
problem for the app to show in a notification. `load_keymap` returns the same
keymap with one summary message instead of a list.

The file is untrusted input, so it is bounded before and while it is read:
files over MAX_FILE_BYTES are refused unparsed, nesting too deep for the TOML
parser is a reported error (not a RecursionError), at most MAX_ENTRIES
entries are looked at, a value over MAX_VALUE_CHARS is refused, ids are
shortened in messages, and at most MAX_PROBLEMS_LISTED problems are listed
(the rest are counted).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from caravan_tui.paths import config_dir

KEYMAP_FILE = "keymap.toml"
MAX_FILE_BYTES = 64 * 1024
MAX_ENTRIES = 1_000
MAX_VALUE_CHARS = 200
MAX_PROBLEMS_LISTED = 3
_SHOWN_ID_CHARS = 60


def keymap_path() -> Path:
    return config_dir() / KEYMAP_FILE


def load_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], str | None]:
    """(keymap, one summary message or None) read from `path`: what the app shows as a single notice."""
    keymap, problems = read_keymap(path, known_ids)
    return keymap, "\n".join(problems) if problems else None


def read_keymap(path: Path, known_ids: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Return (keymap, problems) read from `path`; at most MAX_PROBLEMS_LISTED + 1 problems."""
    try:
        data = _parse(path)
    except FileNotFoundError:
        return {}, []
    except _Refused as refusal:
        return {}, [f"{path}: {refusal}"]
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, [f"{path}: [keymap] must be a table of binding id = \"keys\""]
    return _validated(path, table, set(known_ids))


class _Refused(Exception):
    """The file cannot be used at all; the message says why."""


def _parse(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef, import-not-found, unused-ignore]
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _Refused(error) from error
    if len(raw) > MAX_FILE_BYTES:
        raise _Refused(f"larger than {MAX_FILE_BYTES // 1024} KB: not read (a keymap is a few lines)")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise _Refused(error) from error
    except RecursionError as error:
        raise _Refused("nested too deeply to read") from error


def _validated(path: Path, table: dict, known: set[str]) -> tuple[dict[str, str], list[str]]:
    keymap: dict[str, str] = {}
    problems: list[str] = []
    if len(table) > MAX_ENTRIES:
        problems.append(f"only the first {MAX_ENTRIES:,} entries were read, {len(table) - MAX_ENTRIES:,} ignored")
    for number, (binding_id, keys) in enumerate(table.items()):
        if number == MAX_ENTRIES:
            break
        problem = _entry_problem(binding_id, keys, known)
        if problem:
            problems.append(problem)
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, _summarised(path, problems)


def _entry_problem(binding_id: str, keys: object, known: set[str]) -> str | None:
    shown = _shown_id(binding_id)
    if binding_id not in known:
        return f"unknown binding id {shown}"
    if not isinstance(keys, str) or not keys.strip():
        return f"keys for {shown} must be a string like \"n,down\""
    if len(keys) > MAX_VALUE_CHARS:
        return f"keys for {shown} are longer than {MAX_VALUE_CHARS} characters"
    return None


def _shown_id(binding_id: str) -> str:
    if len(binding_id) <= _SHOWN_ID_CHARS:
        return repr(binding_id)
    return repr(binding_id[:_SHOWN_ID_CHARS]) + "…"


def _summarised(path: Path, problems: list[str]) -> list[str]:
    """The first problems, each naming the file, and one line counting the rest."""
    listed = [f"{path}: {problem}" for problem in problems[:MAX_PROBLEMS_LISTED]]
    if len(problems) > MAX_PROBLEMS_LISTED:
        listed.append(f"{path}: and {len(problems) - MAX_PROBLEMS_LISTED:,} more problems")
    return listed
