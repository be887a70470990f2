"""Fingerprints of the code and data that produce a cached analysis, so a cache cannot go stale.

Every cached analysis keys on `code_fingerprint(...)` of the modules (and the
shipped data folders) that produced it, as the parse cache does
(`corpus.parsed.parser_fingerprint`): a change to an engine's source or data
changes the cache kind, and results of the old code are never served. No
hand-set version number has to be remembered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def module_files(name: str) -> list[Path]:
    """The source files of a module, or of every module of a package; [] when it cannot be found."""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    if spec.submodule_search_locations:
        return sorted(origin.parent.rglob("*.py"))
    return [origin]


def data_files(folder: str) -> list[Path]:
    """The files of a folder of shipped data (`caravan_tui/data/<folder>`)."""
    root = DATA_DIR / folder
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.is_dir() else []


def fingerprint_files(paths: Iterable[Path]) -> str:
    """A short hash of the files' names and contents (a file that cannot be read counts as its name alone)."""
    digest = hashlib.blake2b(digest_size=8)
    for path in paths:
        digest.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=64)
def code_fingerprint(modules: tuple[str, ...], data: tuple[str, ...] = ()) -> str:
    """The fingerprint of some modules' sources and some shipped data folders (cached per process)."""
    files = [path for name in modules for path in module_files(name)]
    files += [path for folder in data for path in data_files(folder)]
    return fingerprint_files(files)
