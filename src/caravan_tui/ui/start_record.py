"""What the reader last loaded from these paths, so that the next start paints before the files are checked.

A warm start on 100,000 files spends two to three seconds before it can show
anything: walking the folders, a `stat` of each file, matching the folder
snapshot, reading the story grouping. The record keeps what that load gave:
each article's list fields, content hash, passage and word counts and story
(before the reader's corrections, which are applied fresh), and the problems
reported. The next start builds lazy articles from it at once (`provisional`);
the reader then loads the files the usual way in the background and, when the
result differs from the record (`digest`), shows the fresh one (`ui.preload`).

The record lives in the parse cache, so a new parser discards it with the
parses. It is keyed by the working folder and the paths as given (article paths
are kept as given: relative ones stay right). A record damaged in any way is
not used; nothing in it is trusted that the check would not replace.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from caravan_tui.corpus.lazy import lazy_passages
from caravan_tui.corpus.model import Article, Corpus, LoadProblem
from caravan_tui.corpus.snapshot import FIELDS, field_shapes

#: A row: folder index, file name, id, then the article FIELDS (those a snapshot entry keeps), then content
#: hash, passages, words, story.
_SHAPES = field_shapes((int, str, str), (str, int, int, str))


class StartRecord(NamedTuple):
    """A load rebuilt from its record: the articles (lazy), each article's story, and the record's digest."""

    corpus: Corpus
    story_of: dict[str, str]
    digest: str


def record_key(paths: Sequence[str | Path]) -> str:
    """Which start this is: the working folder and the paths as given, in order."""
    try:
        working = os.getcwd()
    except OSError:  # the working folder was deleted: only absolute paths can be read anyway
        working = ""
    joined = "\n".join([working, *(os.fspath(path) for path in paths)])
    return hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest_key(key: str) -> str:
    """Where the digest of the record under `key` is kept too (compared without reading the record back)."""
    return f"{key}:digest"


def record_of(corpus: Corpus, story_of: dict[str, str]) -> dict[str, Any] | None:
    """The record of a load (None when an article cannot be rebuilt lazily: it has no content hash)."""
    folders: dict[str, int] = {}
    rows = []
    for article in corpus.articles:
        if not article.content_hash or not article.passages:
            return None
        folder_name, name = _split(os.fspath(article.path))
        folder = folders.setdefault(folder_name, len(folders))
        rows.append([folder, name, article.id, *(getattr(article, name) for name in FIELDS),
                     article.content_hash, len(article.passages), article.words,
                     story_of.get(article.id, article.id)])
    problems = [[os.fspath(problem.path), problem.reason, problem.fatal] for problem in corpus.problems]
    record = {"folders": list(folders), "rows": rows, "problems": problems}
    record["digest"] = digest_of(record)
    return record


def _split(path: str) -> tuple[str, str]:
    """A path's folder and file name, as strings (`Path.parent` and `.name` make objects: 100,000 of them)."""
    cut = path.rfind(os.sep)
    if cut < 0:
        return "", path
    return path[:cut] or os.sep, path[cut + 1:]


def digest_of(record: dict[str, Any]) -> str:
    """A hash of the record's content (its folders, rows and problems)."""
    text = json.dumps([record.get("folders"), record.get("rows"), record.get("problems")], separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def rebuilt(record: Any) -> StartRecord | None:
    """The load a record describes, or None when it is damaged in any way."""
    try:
        folders = [Path(folder) for folder in record["folders"]]
        rows, problems, digest = record["rows"], record["problems"], record["digest"]
        if not (type(rows) is list and type(problems) is list and type(digest) is str and rows
                and all(type(row) is list and tuple(map(type, row)) in _SHAPES for row in rows)):
            return None
        articles, story_of = _articles(folders, rows)
        return StartRecord(Corpus(articles=articles, problems=[_problem(item) for item in problems]),
                           story_of, digest)
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _articles(folders: list[Path], rows: list[list[Any]]) -> tuple[list[Article], dict[str, str]]:
    children = [getattr(folder, "_make_child_relpath", folder.joinpath) for folder in folders]  # as the loader
    articles = []
    story_of = {}
    for folder, name, article_id, title, source, url, published, language, story, author, content_hash, \
            passages, words, story_id in rows:
        if passages <= 0 or words < 0 or folder < 0 or not name or os.sep in name:
            raise ValueError("a damaged row")
        path = children[folder](name)
        articles.append(Article(id=article_id, path=path, title=title, source=source,
                                passages=lazy_passages(path, content_hash, passages), url=url,
                                published=published, language=language, story=story, author=author,
                                content_hash=content_hash, word_count=words))
        story_of[article_id] = story_id
    if len(story_of) != len(articles):
        raise ValueError("an article id twice")
    return articles, story_of


def _problem(item: Any) -> LoadProblem:
    path, reason, fatal = item
    if not (type(path) is str and type(reason) is str and type(fatal) is bool):
        raise TypeError("a damaged problem")
    return LoadProblem(Path(path), reason, fatal=fatal)
