"""Loading articles from files and folders, with a reason for every file that fails.

`load_corpus(paths)` takes files or folders (searched recursively, in sorted
order, hidden entries skipped, symlink loops cut) and returns a `Corpus` of
the articles that loaded and the problems met. One bad file never stops the
others. `load_article(path)` loads one file or raises `ArticleLoadError`.

Formats by extension: .md and .markdown (`markdown_loader`), .txt
(`text_loader`). Only regular files are read (a named pipe is reported, never
opened: it would block). Files are read as bytes (at most MAX_FILE_BYTES + 1),
checked (binary, UTF-8, or UTF-8/16/32 with a byte-order mark, empty) and
hashed before parsing. Whatever a parser raises for one file becomes that
file's problem (its reason, or the exception's type for an unexpected one).

`load_corpus` and `iter_load` keep each parse in a cache (`parsed.ParseCache`,
keyed by the content hash of the file's bytes), so a second start does not
parse the files again, nor read a file whose signature (size, modification
time, inode) is unchanged; without a usable cache they read and parse every
file, with the same articles as result. `load_corpus(paths, lazy=True)` (the
reader, `list`) builds unchanged files' articles without their text, which
is read when first used (`corpus.lazy`, `corpus.snapshot`).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from caravan_tui.corpus.lazy import lazy_passages
from caravan_tui.corpus.model import Article, Corpus, LoadProblem, Passage, hash_text, passages_of
from caravan_tui.corpus.parsed import (
    ParseCache,
    ParsedArticle,
    ParsedSummary,
    ParseError,
    ParseFailure,
    ParseOutcome,
)
from caravan_tui.corpus.parsed import key as parse_key
from caravan_tui.corpus.snapshot import Snapshot, snapshot_key

MAX_FILE_BYTES = 5 * 1024 * 1024
_Item = TypeVar("_Item")


# The format parsers (and markdown-it, YAML, the cleaning rules) are imported
# only when a file has to be parsed: not on a start that the cache answers.
def parse_markdown(source: str) -> ParsedArticle:
    """`markdown_loader.parse_markdown`; raises ParseError for bad front matter or too deep nesting."""
    from caravan_tui.corpus.markdown_loader import parse_markdown

    return parse_markdown(source)


def parse_text(source: str) -> ParsedArticle:
    """`text_loader.parse_text`."""
    from caravan_tui.corpus.text_loader import parse_text

    return parse_text(source)


PARSERS = {".md": parse_markdown, ".markdown": parse_markdown, ".txt": parse_text}
SUPPORTED_SUFFIXES = tuple(PARSERS)

#: Control bytes that do not occur in text (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.05
_SURROGATE = re.compile("[\ud800-\udfff]")


class ArticleLoadError(Exception):
    """A file that cannot be loaded as an article; the message says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def bundled_corpus_path() -> Path:
    """The sample corpus shipped inside the package."""
    import caravan_tui

    package_dir = Path(caravan_tui.__file__).parent
    if (package_dir / "data" / "articles").is_dir():  # an ordinary install: skip importlib.resources
        return package_dir / "data" / "articles"
    from importlib import resources

    return Path(str(resources.files("caravan_tui").joinpath("data").joinpath("articles")))


def default_corpus_paths() -> list[Path]:
    """./articles when the current directory has one, else the bundled samples."""
    local = Path.cwd() / "articles"
    return [local] if local.is_dir() else [bundled_corpus_path()]


def _read_capped(path: Path) -> bytes:
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise ArticleLoadError(_not_regular(mode))
        # Opened without blocking, then checked again: a file swapped for a named pipe meanwhile is never read.
        with open(path, "rb", opener=_open_nonblocking) as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise ArticleLoadError(_not_regular(status.st_mode))
            if status.st_size > MAX_FILE_BYTES:
                raise ArticleLoadError(_too_large(status.st_size))
            data = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise ArticleLoadError("cannot read the file: permission denied") from None
    except FileNotFoundError:
        raise ArticleLoadError("no such file (or a broken link)") from None
    except OSError as error:
        raise ArticleLoadError(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ArticleLoadError(_too_large(len(data)))
    return data


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _not_regular(mode: int) -> str:
    """The reason a named pipe, socket or device is not read."""
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"))
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"not a regular file ({kind}): not read"


def _too_large(size: int) -> str:
    return f"file too large: {size:,} bytes (the limit is {MAX_FILE_BYTES:,} bytes)"


def decode_text(data: bytes) -> str:
    """The text of a file's bytes: UTF-8, or UTF-8/16/32 with a BOM (dropped); ArticleLoadError says what is wrong."""
    encoding, bom = _encoding_of(data)
    data = data[len(bom):]
    if encoding == "utf-8":
        _check_not_binary(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        name = encoding.upper().removesuffix("-LE").removesuffix("-BE")
        raise ArticleLoadError(
            f"not {name} text: invalid byte 0x{data[error.start]:02x} at offset {error.start + len(bom)}"
        ) from None
    if encoding != "utf-8":
        _check_not_binary(text.encode("utf-8", "surrogatepass"))
    if not text.strip():
        raise ArticleLoadError("empty file" if not text else "file holds only whitespace")
    return text


#: Byte-order marks and the codec each names; UTF-32 first, since its little-endian mark begins with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _encoding_of(data: bytes) -> tuple[str, bytes]:
    """The codec named by the byte-order mark `data` starts with, and the mark (UTF-8 and no mark without one)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, bom
    return "utf-8", b""


def _check_not_binary(data: bytes) -> None:
    """ArticleLoadError for bytes with NULs or many control bytes (checked on the UTF-8 form)."""
    if b"\x00" in data:
        raise ArticleLoadError("binary file (contains NUL bytes), not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > _MAX_CONTROL_RATIO:
        raise ArticleLoadError(f"binary file ({controls:,} control bytes in {len(data):,}), not text")


def _parser_for(path: Path) -> Callable[[str], ParsedArticle]:
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ArticleLoadError(
            f"unsupported file type '{path.suffix or '(none)'}' (expected {', '.join(SUPPORTED_SUFFIXES)})"
        )
    return parser


#: Files read, then looked up in the parse cache in one query, at a time.
PREFETCH_BATCH = 256


def article_from_bytes(data: bytes, path: Path, cache: ParseCache | None = None,
                       content_hash: str | None = None) -> Article:
    """Build the article held in `data`, read from `path` (whose extension picks the format).

    With a `cache`, the parse is looked up there (by format and content hash) and stored.
    """
    parser = _parser_for(path)
    content_hash = content_hash or hash_text(data)
    return _article_from_outcome(path, _parse(parser, data, path.suffix.lower(), content_hash, cache), content_hash)


def _article(path: Path, title: str, fields: dict[str, str], passages: Sequence[Passage], content_hash: str,
             word_count: int | None = None) -> Article:
    return Article(
        id=article_id(path),
        path=path,
        title=title,
        source=fields.get("source", ""),
        passages=passages,
        url=fields.get("url"),
        published=fields.get("published"),
        language=fields.get("language"),
        story=fields.get("story"),
        author=fields.get("author"),
        content_hash=content_hash,
        word_count=word_count,
    )


def _article_from_outcome(path: Path, outcome: ParseOutcome, content_hash: str) -> Article:
    """The article of a parse outcome; raises ArticleLoadError for a rejected file or one with no passages."""
    if isinstance(outcome, ParseFailure):
        raise ArticleLoadError(outcome.reason)
    if not outcome.blocks:
        raise ArticleLoadError("no passages found after cleaning")
    return _article(path, outcome.title, outcome.fields, passages_of(outcome.blocks), content_hash)


def _lazy_article(path: Path, summary: ParsedSummary, content_hash: str) -> Article:
    """The article of a cached parse, its passages read when first used (see `corpus.lazy`)."""
    return _article(path, summary.title, summary.fields, lazy_passages(path, content_hash, summary.passages),
                    content_hash, summary.words)


def article_id(path: Path) -> str:
    """The id of the article in `path`: its file name without extension, as text.

    A name that is not valid in the file system's encoding (bytes kept as lone surrogates by Python) has
    them replaced by U+FFFD, so that the id can be stored, hashed and printed like any other text.
    """
    return _SURROGATE.sub("\ufffd", path.stem)


def _parse(parser: Callable[[str], ParsedArticle], data: bytes, file_format: str, content_hash: str,
           cache: ParseCache | None) -> ParseOutcome:
    """The parser's outcome for `data`: from the cache when it holds it, else decoded, parsed (and stored).

    Only bytes that decoded are ever stored, so a cached outcome needs no second decoding.
    """
    outcome = cache.get(file_format, content_hash) if cache is not None else None
    if outcome is None:
        text = decode_text(data)
        try:
            outcome = parser(text)
        except ParseError as error:
            outcome = ParseFailure(str(error))
        except Exception as error:
            # One file's failure is that file's problem, not the corpus's; not cached, so a fixed parser reads it again.
            raise ArticleLoadError(_unexpected(error)) from error
        if cache is not None:
            cache.put(file_format, content_hash, outcome)
    return outcome


def _unexpected(error: Exception) -> str:
    """The reason given for an exception a parser was not expected to raise: its type and (short) message."""
    message = str(error)
    message = message if len(message) <= 200 else message[:200] + "…"
    return f"could not be parsed ({type(error).__name__}{': ' + message if message else ''})"


def load_article(path: Path, cache: ParseCache | None = None) -> Article:
    """Load one article file; raises ArticleLoadError with the reason it cannot."""
    path = Path(path)
    _parser_for(path)
    return article_from_bytes(_read_capped(path), path, cache)


@contextmanager
def parse_cache() -> Iterator[ParseCache | None]:
    """The user's parse cache for one load (None when it cannot be used), flushed and closed after."""
    cache = ParseCache.open()
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


#: A file to load and its real path when already known (None: ask the file system).
Candidate = tuple[Path, "str | None"]


def _walk_folder(folder: Path, seen_dirs: set[str]) -> Iterator[Candidate | LoadProblem]:
    """Supported files under `folder`, depth first in name order; problems for loops and unreadable folders.

    A file that is not a link has the folder's real path plus its name as its real path, which
    saves a `realpath` per file on large folders.
    """
    real = os.path.realpath(folder)
    if real in seen_dirs:
        yield LoadProblem(folder, "folder already visited (a symbolic link loop or a repeated path): skipped",
                          fatal=False)
        return
    seen_dirs.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield LoadProblem(folder, f"cannot read the folder: {error.strerror or error}")
        return
    # a child path without parsing it again (pathlib's own fast way, as its glob uses; `/` where it is missing)
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    real_prefix = real if real.endswith(os.sep) else real + os.sep  # os.path.join, once per folder
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = child(entry.name)
        if _is_dir(entry):
            yield from _walk_folder(path, seen_dirs)
        elif os.path.splitext(entry.name)[1].lower() in PARSERS:
            if _is_file(entry):
                yield path, (None if entry.is_symlink() else real_prefix + entry.name)
            else:
                yield LoadProblem(path, _special_file_reason(entry))
        elif _is_file(entry):
            yield LoadProblem(path, unknown_kind_reason(entry.name), fatal=False)


#: Files a user may have saved into the articles folder that `caravan-tui add` can import.
IMPORTABLE_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")


def unknown_kind_reason(name: str) -> str:
    """Why a file in an articles folder is not read, and what to do about it."""
    suffix = os.path.splitext(name)[1].lower()
    readable = ", ".join(SUPPORTED_SUFFIXES)
    if suffix in IMPORTABLE_SUFFIXES:
        return (f"a {suffix} file is not an article here: `caravan-tui add` imports a saved page or feed "
                f"as Markdown (articles are {readable})")
    return f"not an article file ({suffix or 'no extension'}): not read (articles are {readable})"


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Regular files and links to them; broken links too, so that they are reported."""
    try:
        return entry.is_file() or entry.is_symlink()
    except OSError:
        return True


def _special_file_reason(entry: os.DirEntry[str]) -> str:
    """Why a folder entry that is neither a folder nor a regular file (nor a link) is not read."""
    try:
        return _not_regular(entry.stat(follow_symlinks=False).st_mode)
    except OSError as error:
        return f"cannot read the file: {error.strerror or error}"


def _candidate_files(paths: Iterable[str | Path]) -> Iterator[Candidate | LoadProblem]:
    seen_dirs: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk_folder(path, seen_dirs)
        elif path.exists() or path.is_symlink():
            yield path, None
        else:
            yield LoadProblem(path, "no such file or folder")


def iter_load(paths: Iterable[str | Path], lazy: bool = False) -> Iterator[Article | LoadProblem]:
    """Each article or problem in load order: what `load_corpus` collects, for per-file reports.

    A file whose signature (size, modification time, inode) is unchanged is not read again. With `lazy`,
    an unchanged file whose parse is cached gives an article whose passages are read on first use
    (`corpus.lazy`), most of them from one snapshot of the folders (`corpus.snapshot`).
    """
    with parse_cache() as cache:
        yield from _iter_load(paths, cache, lazy)


#: A file to load: its path, its real path, and its signature (None: it could not be taken).
_File = tuple[Path, str, "os.stat_result | None"]


def _iter_load(paths: Iterable[str | Path], cache: ParseCache | None, lazy: bool = False
               ) -> Iterator[Article | LoadProblem]:
    paths = list(paths)
    seen_files: set[str] = set()
    loaded_from: dict[str, Path] = {}
    snapshot = Snapshot(cache, snapshot_key(paths)) if lazy and cache is not None else None
    for batch in _batches(_unique_files(paths, seen_files), PREFETCH_BATCH):
        files = [item for item in batch if not isinstance(item, LoadProblem)]
        found = _from_snapshot(files, snapshot) if snapshot is not None else {}
        from_snapshot = set(found)
        reads = _resolve_rest([file for file in files if file[1] not in found], cache, lazy, found)
        for item in batch:
            if isinstance(item, LoadProblem):
                yield item
                continue
            path, real, stat = item
            article = _unique_id(found.get(real) or _loaded(path, *reads[real], cache), loaded_from)
            if snapshot is not None and isinstance(article, Article):
                if real in from_snapshot:
                    snapshot.carry(real)
                else:
                    snapshot.keep(real, stat, article)
            yield article
    if snapshot is not None:
        snapshot.save()


def _resolve_rest(files: list[_File], cache: ParseCache | None, lazy: bool, found: dict[str, Article]
                  ) -> dict[str, tuple[bytes | LoadProblem | None, str]]:
    """Files the snapshot did not answer: lazy articles from cached summaries go into `found` (when `lazy`);
    the others are read, or their known hash is looked up (see `_read_batch`)."""
    known = cache.known_hashes((real, stat) for _, real, stat in files if stat is not None) if cache else {}
    if lazy and cache is not None:
        found.update(_from_summaries(files, known, cache))
    return _read_batch([file for file in files if file[1] not in found], known, cache)


def _from_snapshot(files: list[_File], snapshot: Snapshot) -> dict[str, Article]:
    """Real path -> lazy article, for the files unchanged since the last lazy load of these paths."""
    found = {}
    for path, real, file_stat in files:
        article = snapshot.article(path, real, file_stat, article_id(path))
        if article is not None:
            found[real] = article
    return found


def _from_summaries(files: list[_File], known: dict[str, str], cache: ParseCache) -> dict[str, Article]:
    """Real path -> lazy article, for the unchanged files whose parse summary is cached."""
    wanted = {real: (path, known[real]) for path, real, _ in files if real in known}
    summaries = cache.summaries((path.suffix.lower(), content_hash) for path, content_hash in wanted.values())
    found = {}
    for real, (path, content_hash) in wanted.items():
        summary = summaries.get(parse_key(path.suffix.lower(), content_hash))
        if summary is not None and summary.passages:
            found[real] = _lazy_article(path, summary, content_hash)
    return found


def _read_batch(files: list[_File], known: dict[str, str], cache: ParseCache | None
                ) -> dict[str, tuple[bytes | LoadProblem | None, str]]:
    """Real path -> (the file's bytes, a problem, or None when its hash is known; its content hash).

    A file whose signature is unchanged is not read: its parse comes from the cache by its known hash
    (and the file is read after all when the cache no longer holds it). The parses are prefetched in one query.
    """
    reads: dict[str, tuple[bytes | LoadProblem | None, str]] = {}
    for path, real, signature in files:
        if real in known:
            reads[real] = (None, known[real])
            continue
        data = _read_or_problem(path)
        content_hash = hash_text(data) if isinstance(data, bytes) else ""
        if cache is not None and signature is not None and isinstance(data, bytes):
            cache.remember(real, signature, content_hash)
        reads[real] = (data, content_hash)
    if cache is not None and files:
        cache.prefetch((path.suffix.lower(), reads[real][1]) for path, real, _ in files
                       if not isinstance(reads[real][0], LoadProblem))
    return reads


def _loaded(path: Path, data: bytes | LoadProblem | None, content_hash: str, cache: ParseCache | None
            ) -> Article | LoadProblem:
    """The article in `data` (None: the file's bytes are those of `content_hash`), or the problem with it."""
    if isinstance(data, LoadProblem):
        return data
    try:
        if data is None:
            outcome = cache.get(path.suffix.lower(), content_hash) if cache is not None else None
            if outcome is None:
                return _loaded(path, _read_or_problem(path), "", cache)  # no longer cached: read the file
            return _article_from_outcome(path, outcome, content_hash)
        return article_from_bytes(data, path, cache, content_hash=content_hash or None)
    except ArticleLoadError as error:
        return LoadProblem(path, error.reason)


def _unique_id(article: Article | LoadProblem, loaded_from: dict[str, Path]) -> Article | LoadProblem:
    """The article, or a problem when its id was already loaded from another file; records the id's file."""
    if isinstance(article, LoadProblem):
        return article
    if article.id in loaded_from:
        return LoadProblem(article.path,
                           f"duplicate article id '{article.id}' (already loaded from {loaded_from[article.id]})")
    loaded_from[article.id] = article.path
    return article


def _unique_files(paths: Iterable[str | Path], seen_files: set[str]) -> Iterator[_File | LoadProblem]:
    """Candidate files (each real file once, with its signature) and the problems met finding them."""
    for candidate in _candidate_files(paths):
        if isinstance(candidate, LoadProblem):
            yield candidate
            continue
        path, real = candidate
        real = real or os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            yield path, real, _stat_or_none(real)


def _stat_or_none(real: str) -> os.stat_result | None:
    """The file's signature source, taken before it is read (None: no signature; the file is read as ever).

    By its real path, a string already made (a Path would be turned into one again for each of 100,000 files).
    """
    try:
        return os.stat(real)
    except (OSError, ValueError):
        return None


def _read_or_problem(path: Path) -> bytes | LoadProblem:
    try:
        _parser_for(path)
        return _read_capped(path)
    except ArticleLoadError as error:
        return LoadProblem(path, error.reason)


def _batches(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_corpus(paths: Iterable[str | Path], lazy: bool = False,
                loaded: Callable[[], None] | None = None) -> Corpus:
    """Load every article under `paths` (files or folders); bad files become problems.

    `lazy`: the articles of unchanged files whose parse is cached read their passages only when they
    are used (see `corpus.lazy`): what the reader and `list` want on a large folder. `loaded` is called
    after each file (an article or a problem), for a progress report.
    """
    corpus = Corpus()
    for item in iter_load(paths, lazy):
        if isinstance(item, LoadProblem):
            corpus.problems.append(item)
        else:
            corpus.articles.append(item)
        if loaded is not None:
            loaded()
    return corpus
