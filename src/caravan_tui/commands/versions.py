"""`caravan-tui versions ARTICLE [--json]`: the versions kept of an article, and what changed between them.

ARTICLE is an article file, or an article id (its file name without .md) in
the articles folder (--in, default ./articles). Versions are listed oldest
first with their fetch time and the page's modified date where it gave one;
then, for each pair of consecutive versions, the passages added, removed and
changed, each change with the difference class the analysis gives between
outlets (`analysis.differences`: style, framing, wording, and figure for a
changed number where the analysis has that class). --json prints JSON Lines:
one `"kind": "version"` object per version, then one `"kind": "change"` per
difference or passage added/removed.

`version_changes(old, new)` is the comparison itself, for the reader's compare view.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from caravan_tui.commands.common import visible, write_line

if TYPE_CHECKING:
    from caravan_tui.corpus.model import Article

HELP = "list the versions kept of an article (refresh or add found its text changed) and their differences"
ADDED_PASSAGE, REMOVED_PASSAGE = "added passage", "removed passage"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("article", metavar="ARTICLE", help="an article file, or an article id in the folder")
    parser.add_argument("--in", dest="folder", type=Path, default=Path("articles"), metavar="DIR",
                        help="the articles folder to look an id up in (default: ./articles)")
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per version and change")


@dataclass(frozen=True)
class PassageChange:
    """One difference between two versions: in a passage kept (with its class), or a passage added or removed."""

    old_index: int | None
    new_index: int | None
    cls: str  # a difference class, or "added passage" / "removed passage"
    old_text: str
    new_text: str


def version_changes(old, new) -> list[PassageChange]:
    """The changes from article `old` to article `new` (two versions of one article), in reading order.

    Passages are paired in order by their folded text; a pair whose text differs gives one
    `PassageChange` per difference `analysis.differences.differences` finds, with its class.
    """
    from caravan_tui.analysis.differences import differences
    from caravan_tui.corpus.ingest.writer import fold_text

    a, b = list(old.passages), list(new.passages)
    matcher = difflib.SequenceMatcher(None, [fold_text(p.text) for p in a], [fold_text(p.text) for p in b],
                                      autojunk=False)
    changes: list[PassageChange] = []
    for tag, a_lo, a_hi, b_lo, b_hi in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(a_hi - a_lo, b_hi - b_lo) if tag == "replace" else 0
        for offset in range(paired):
            x, y = a[a_lo + offset], b[b_lo + offset]
            changes += [PassageChange(x.index, y.index, d.cls, d.a, d.b) for d in differences(x.text, y.text)]
        changes += [PassageChange(p.index, None, REMOVED_PASSAGE, p.text, "") for p in a[a_lo + paired:a_hi]]
        changes += [PassageChange(None, p.index, ADDED_PASSAGE, "", p.text) for p in b[b_lo + paired:b_hi]]
    return changes


def _resolve(args: argparse.Namespace) -> Path | None:
    given = Path(args.article)
    if given.is_file():
        return given
    for candidate in (args.folder / f"{args.article}.md", args.folder / args.article):
        if candidate.is_file():
            return candidate
    return None


def run(args: argparse.Namespace) -> int:
    from caravan_tui.corpus.ingest.versions import versions_of
    from caravan_tui.corpus.loader import ArticleLoadError, load_article
    from caravan_tui.safe_text import safe

    path = _resolve(args)
    if path is None:
        write_line(f"caravan-tui versions: {visible(args.article)}: no such article file or id in "
                   f"{visible(args.folder)}", file=sys.stderr)
        return 2
    versions = versions_of(path)
    loaded: list[Article | None] = []
    for version in versions:
        try:
            loaded.append(load_article(version.path))
        except ArticleLoadError as error:
            write_line(f"caravan-tui versions: {safe(str(version.path))}: {safe(error.reason)}", file=sys.stderr)
            loaded.append(None)
    _print(args.json, versions, loaded)
    return 0


def _print(as_json: bool, versions: list, loaded: list) -> None:
    from caravan_tui.safe_text import json_dumps, safe

    out = (lambda row: print(json_dumps(row))) if as_json else None
    title = next((article.title for article in reversed(loaded) if article is not None), "")
    if not as_json:
        write_line(safe(f"{title} — {len(versions)} version(s)"))
    for number, version in enumerate(versions, 1):
        row = {"kind": "version", "number": number, "path": str(version.path), "fetched": version.fetched,
               "modified": version.modified, "current": version.current}
        if out:
            out(row)
            continue
        modified = f"  modified {version.modified}" if version.modified else ""
        current = "  (current)" if version.current else ""
        write_line(safe(f"  v{number}  fetched {version.fetched or 'unknown'}{modified}  {version.path}{current}"))
    for number in range(1, len(versions)):
        old, new = loaded[number - 1], loaded[number]
        if old is None or new is None:
            continue
        changes = version_changes(old, new)
        if not out:
            write_line(f"changes v{number} → v{number + 1}: {len(changes) or 'none'}")
        for change in changes:
            if out:
                out({"kind": "change", "from": number, "to": number + 1, "class": change.cls,
                     "old_passage": change.old_index, "new_passage": change.new_index,
                     "old": change.old_text, "new": change.new_text})
            else:
                write_line(safe(_change_line(change)))


def _change_line(change: PassageChange) -> str:
    where = f"¶{(change.new_index if change.new_index is not None else change.old_index or 0) + 1}"
    if change.cls == ADDED_PASSAGE:
        return f"  {where} + added passage: {_short(change.new_text)}"
    if change.cls == REMOVED_PASSAGE:
        return f"  {where} - removed passage: {_short(change.old_text)}"
    return f"  {where} {change.cls}: {change.old_text or '‸'} → {change.new_text or '‸'}"


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
