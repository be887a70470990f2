"""Every version of an article kept: the current file in the folder, earlier ones in a hidden folder beside it.

Layout: an article `<folder>/<name>.md` is always the current version. When a
fetch of its address (by `add` or `refresh`) finds changed text, the file as it
was is first copied to `<folder>/.versions/<name>/<stamp>.md` (`<stamp>` is the
UTC time that version was fetched, `20231226T153000Z`, with `-2`, `-3`... when
taken), and only then is the current file replaced (atomically). A version is
never overwritten or deleted. A process killed between the two steps leaves the
old text in both places, never in neither; `versions_of` shows identical
neighbours once.

The loader skips hidden entries, so old versions are never listed as articles
and two versions of one address never count as two outlets.

Each version's front matter carries `fetched` (ISO time, UTC) and, when the page
or the server said so, `modified` (the page's own last-modified date).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

VERSIONS_DIR = ".versions"
MAX_VERSION_BYTES = 5 * 1024 * 1024
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Version:
    """One version of an article: its file, when it was fetched, the page's modified date, whether current."""

    path: Path
    fetched: str | None
    modified: str | None
    current: bool


def now_iso() -> str:
    """The present time as ISO 8601, UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def versions_folder(article_path: Path) -> Path:
    """Where the earlier versions of the article in `article_path` are kept."""
    return article_path.parent / VERSIONS_DIR / article_path.stem


def keep_version(article_path: Path) -> Path:
    """Copy the current file into its versions folder before it is replaced; returns the copy.

    Raises OSError when the copy cannot be made (the caller must then not replace the file).
    A copy of identical bytes already there (a run killed before it replaced the file) is reused.
    """
    folder = versions_folder(article_path)
    folder.mkdir(parents=True, exist_ok=True)
    data = article_path.read_bytes()
    for existing in _old_version_files(folder):
        if existing.stat().st_size == len(data) and existing.read_bytes() == data:
            return existing
    target = _free_name(folder, _stamp(data, article_path))
    temporary = folder / f".{target.name}.tmp"
    shutil.copyfile(article_path, temporary)
    os.replace(temporary, target)
    return target


def versions_of(article: object) -> list[Version]:
    """The versions of an article (an `Article` or the path of its file), oldest first, the current last.

    An article with no earlier version has one version, itself. Identical neighbours are shown once.
    """
    path = _path_of(article)
    files = [*_old_version_files(versions_folder(path)), path] if path.exists() else []
    kept: list[tuple[Path, bytes]] = []
    for file in files:
        data = _read(file)
        if data is None:
            continue
        if kept and kept[-1][1] == data:
            kept[-1] = (file, data)  # the later file stands for both (the current one, after a crash)
            continue
        kept.append((file, data))
    return [_version(file, data, current=file == path) for file, data in kept]


def version_count(article: object) -> int:
    """How many distinct versions an article has (1 when it was never updated)."""
    path = _path_of(article)
    if not versions_folder(path).is_dir():
        return 1
    return max(len(versions_of(path)), 1)


def updated_articles(paths: Iterable[Path]) -> set[Path]:
    """Which of these article files have earlier versions kept: one listing of each folder's versions folder."""
    by_folder: dict[Path, list[Path]] = {}
    for path in paths:
        by_folder.setdefault(path.parent, []).append(path)
    updated: set[Path] = set()
    for folder, files in by_folder.items():
        try:
            kept = {entry.name for entry in os.scandir(folder / VERSIONS_DIR) if entry.is_dir()}
        except OSError:
            continue
        updated.update(path for path in files if path.stem in kept)
    return updated


def _path_of(article: object) -> Path:
    found = getattr(article, "path", article)
    if not isinstance(found, (str, os.PathLike)):
        raise TypeError(f"not an article or a path: {article!r}")
    return Path(found)


def _version(file: Path, data: bytes, current: bool) -> Version:
    fields = version_fields(data)
    return Version(path=file, fetched=fields.get("fetched"), modified=fields.get("modified"), current=current)


def version_fields(data: bytes) -> dict[str, str]:
    """The `fetched` and `modified` fields of a version file's front matter (those present, as text)."""
    try:
        match = _FRONT_MATTER.match(data[:65536].decode("utf-8", errors="replace"))
        loaded = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {name: str(loaded[name]) for name in ("fetched", "modified") if loaded.get(name) not in (None, "")}


def _old_version_files(folder: Path) -> list[Path]:
    try:
        found = [p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=_order)


def _order(file: Path) -> tuple[str, int, str]:
    """Stamp, then the counter added to a stamp already taken (`<stamp>-2.md` after `<stamp>.md`)."""
    stamp, _, counter = file.stem.partition("-")
    return stamp, int(counter) if counter.isdigit() else 1, file.name


def _read(file: Path) -> bytes | None:
    try:
        with open(file, "rb") as handle:
            return handle.read(MAX_VERSION_BYTES)
    except OSError:
        return None


def _stamp(data: bytes, article_path: Path) -> str:
    """The version's fetch time as a file-name stamp; the file's modification time when it has none."""
    fetched = version_fields(data).get("fetched")
    if fetched:
        try:
            moment = dt.datetime.fromisoformat(fetched.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.timezone.utc)
            return moment.astimezone(dt.timezone.utc).strftime(_STAMP_FORMAT)
        except ValueError:
            pass
    try:
        seconds = article_path.stat().st_mtime
    except OSError:
        seconds = time.time()
    return time.strftime(_STAMP_FORMAT, time.gmtime(seconds))


def _free_name(folder: Path, stamp: str) -> Path:
    target = folder / f"{stamp}.md"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{stamp}-{counter}.md"
    return target
