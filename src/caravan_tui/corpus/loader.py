"""Loading articles from files and folders, with a reason for every file that fails.

`load_corpus(paths)` takes files or folders (searched recursively, in sorted
order, hidden entries skipped, symlink loops cut) and returns a `Corpus` of
the articles that loaded and the problems met. One bad file never stops the
others. `load_article(path)` loads one file or raises `ArticleLoadError`.

Formats by extension: .md and .markdown (`markdown_loader`), .txt
(`text_loader`). Files are read as bytes (at most MAX_FILE_BYTES + 1), checked
(binary, UTF-8 with an optional BOM, empty) and hashed before parsing.

`load_corpus` and `iter_load` keep each parse in a cache (`parsed.ParseCache`,
keyed by the content hash of the file's bytes), so a second start reads and
hashes the files but does not parse them again; without a usable cache they
parse every file, with the same articles as result.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from caravan_tui.corpus.model import Article, Corpus, LoadProblem, Passage, hash_text
from caravan_tui.corpus.parsed import ParseCache, ParsedArticle, ParseFailure, ParseOutcome

_T = TypeVar("_T")

MAX_FILE_BYTES = 5 * 1024 * 1024


# The format parsers (and markdown-it, YAML, the cleaning rules) are imported
# only when a file has to be parsed: not on a start that the cache answers.
def parse_markdown(source: str) -> ParsedArticle:
    """`markdown_loader.parse_markdown`; raises FrontMatterError for bad front matter."""
    from caravan_tui.corpus.markdown_loader import parse_markdown

    return parse_markdown(source)


def parse_text(source: str) -> ParsedArticle:
    """`text_loader.parse_text`."""
    from caravan_tui.corpus.text_loader import parse_text

    return parse_text(source)


PARSERS = {".md": parse_markdown, ".markdown": parse_markdown, ".txt": parse_text}
SUPPORTED_SUFFIXES = tuple(PARSERS)

_BOM = b"\xef\xbb\xbf"
#: Control bytes that do not occur in text (tab, newlines and form feed do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_MAX_CONTROL_RATIO = 0.05


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
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ArticleLoadError("not a regular file")
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                raise ArticleLoadError(_too_large(size))
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


def _too_large(size: int) -> str:
    return f"file too large: {size:,} bytes (the limit is {MAX_FILE_BYTES:,} bytes)"


def decode_text(data: bytes) -> str:
    """UTF-8 text of a file's bytes (BOM dropped), or ArticleLoadError saying what is wrong."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if b"\x00" in data:
        raise ArticleLoadError("binary file (contains NUL bytes), not text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > _MAX_CONTROL_RATIO:
        raise ArticleLoadError(f"binary file ({controls:,} control bytes in {len(data):,}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleLoadError(
            f"not UTF-8 text: invalid byte 0x{data[error.start]:02x} at offset {error.start}"
        ) from None
    if not text.strip():
        raise ArticleLoadError("empty file" if not text else "file holds only whitespace")
    return text


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
    outcome = _parse(parser, data, path.suffix.lower(), content_hash, cache)
    if isinstance(outcome, ParseFailure):
        raise ArticleLoadError(outcome.reason)
    parsed = outcome
    if not parsed.blocks:
        raise ArticleLoadError("no passages found after cleaning")
    fields = parsed.fields
    return Article(
        id=path.stem,
        path=path,
        title=parsed.title,
        source=fields.get("source", ""),
        passages=tuple(Passage(i, kind, text) for i, (kind, text) in enumerate(parsed.blocks)),
        url=fields.get("url"),
        published=fields.get("published"),
        language=fields.get("language"),
        story=fields.get("story"),
        author=fields.get("author"),
        content_hash=content_hash,
    )


def _parse(parser: Callable[[str], ParsedArticle], data: bytes, file_format: str, content_hash: str,
           cache: ParseCache | None) -> ParseOutcome:
    """The parser's outcome for `data`: from the cache when it holds it, else decoded, parsed (and stored).

    Only bytes that decoded are ever stored, so a cached outcome needs no second decoding.
    """
    outcome = cache.get(file_format, content_hash) if cache is not None else None
    if outcome is None:
        from caravan_tui.corpus.front_matter import FrontMatterError

        text = decode_text(data)
        try:
            outcome = parser(text)
        except FrontMatterError as error:
            outcome = ParseFailure(str(error))
        if cache is not None:
            cache.put(file_format, content_hash, outcome)
    return outcome


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
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        path = folder / entry.name
        if _is_dir(entry):
            yield from _walk_folder(path, seen_dirs)
        elif os.path.splitext(entry.name)[1].lower() in PARSERS and _is_file(entry):
            yield path, (None if entry.is_symlink() else os.path.join(real, entry.name))


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


def iter_load(paths: Iterable[str | Path]) -> Iterator[Article | LoadProblem]:
    """Each article or problem in load order: what `load_corpus` collects, for per-file reports."""
    with parse_cache() as cache:
        yield from _iter_load(paths, cache)


def _iter_load(paths: Iterable[str | Path], cache: ParseCache | None) -> Iterator[Article | LoadProblem]:
    seen_files: set[str] = set()
    loaded_from: dict[str, Path] = {}
    for batch in _batches(_unique_files(paths, seen_files), PREFETCH_BATCH):
        read = [(item, _read_or_problem(item)) if isinstance(item, Path) else (item, None) for item in batch]
        hashes = {id(data): hash_text(data) for _, data in read if isinstance(data, bytes)}
        if cache is not None:
            cache.prefetch((path.suffix.lower(), hashes[id(data)]) for path, data in read
                           if isinstance(path, Path) and isinstance(data, bytes))
        for item, data in read:
            if isinstance(item, LoadProblem):
                yield item
                continue
            if isinstance(data, LoadProblem):
                yield data
                continue
            if data is None:  # only a problem comes without data; this narrows the type
                continue
            try:
                article = article_from_bytes(data, item, cache, content_hash=hashes[id(data)])
            except ArticleLoadError as error:
                yield LoadProblem(item, error.reason)
                continue
            if article.id in loaded_from:
                earlier = loaded_from[article.id]
                yield LoadProblem(item, f"duplicate article id '{article.id}' (already loaded from {earlier})")
                continue
            loaded_from[article.id] = item
            yield article


def _unique_files(paths: Iterable[str | Path], seen_files: set[str]) -> Iterator[Path | LoadProblem]:
    """Candidate files (each real file once) and the problems met finding them."""
    for candidate in _candidate_files(paths):
        if isinstance(candidate, LoadProblem):
            yield candidate
            continue
        path, real = candidate
        real = real or os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            yield path


def _read_or_problem(path: Path) -> bytes | LoadProblem:
    try:
        _parser_for(path)
        return _read_capped(path)
    except ArticleLoadError as error:
        return LoadProblem(path, error.reason)


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    batch: list[_T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Load every article under `paths` (files or folders); bad files become problems."""
    corpus = Corpus()
    for item in iter_load(paths):
        if isinstance(item, LoadProblem):
            corpus.problems.append(item)
        else:
            corpus.articles.append(item)
    return corpus
