"""Adding sources to an articles folder: an address, a saved page, or a feed (file or address).

`add_sources` works through the sources in order; each gives one `AddResult`
(a feed gives one per entry). One failing source never stops the others: a
malformed address (typed, in a redirect, a feed link or a canonical link) is
an error for that source alone, with the source named. Each download has its
own overall deadline (`FetchLimits.total_timeout`); setting `cancel` (a
`threading.Event`) stops the download under way and the sources not yet
started, which are reported as failed ("cancelled"). Addresses are stored
without credentials (`user:password@`), and only well-formed http(s) ones.

`adding_allowed()` is false when the environment says CARAVAN_TUI_ALLOW_ADD=0
(set by `caravan-tui serve` without --allow-add for the readers it starts):
then `add_sources` refuses every source, so a browser session can neither
make the server fetch addresses nor import its local files.
Before writing, each article is checked against what the folder already holds
(same normalised address, or same folded text): a duplicate is not added
again, and an existing file is not overwritten, unless `force` is set, in
which case the file already holding the article is replaced. An address
already held whose text has changed is UPDATED: the file as it was is kept as
an earlier version (`versions.keep_version`, in the hidden `.versions` folder)
before the new text replaces it. Each written article carries its fetch time
(`fetched`) and, when the page or the server gives it, its `modified` date.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from caravan_tui.corpus.ingest.extract import ExtractedArticle, ExtractError, extract_page, one_line
from caravan_tui.corpus.ingest.feeds import Feed, FeedEntry, FeedError, looks_like_feed, parse_feed
from caravan_tui.corpus.ingest.fetch import (
    Fetched,
    FetchError,
    FetchLimits,
    fetch_url,
    is_address,
    read_local,
    stored_address,
)
from caravan_tui.corpus.ingest.versions import keep_version, now_iso
from caravan_tui.corpus.ingest.writer import FolderIndex, file_name, render_markdown, text_fingerprint
from caravan_tui.files import write_atomically

ADDED, DUPLICATE, EXISTS, FAILED, UPDATED = "added", "duplicate", "exists", "failed", "updated"
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
MAX_FEED_ENTRIES = 50
CANCELLED = "cancelled"
ALLOW_ADD_ENV = "CARAVAN_TUI_ALLOW_ADD"
ADDING_OFF = "adding articles is turned off here (caravan-tui serve was started without --allow-add)"
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p>", b"<div")


@dataclass(frozen=True)
class AddResult:
    """What became of one source (or one feed entry)."""

    source: str
    status: str  # added, updated, duplicate, exists or failed
    path: Path | None = None
    message: str = ""


@dataclass(frozen=True)
class ProgressUpdate:
    """Sent before each source is worked on (result None) and after it (with its result).

    `total` may grow while adding: a feed adds its entries, and counts itself
    done (with no result of its own) after them.
    """

    done: int
    total: int
    source: str
    result: AddResult | None = None


ProgressCallback = Callable[[ProgressUpdate], None]


class SourceError(Exception):
    """A source that gave no article; the message says why, in one line."""


def add_sources(
    sources: list[str], to_dir: str | Path, force: bool = False, progress: ProgressCallback | None = None,
    limits: FetchLimits = FetchLimits(), max_entries: int = MAX_FEED_ENTRIES, cancel: threading.Event | None = None,
) -> list[AddResult]:
    """Add each source's article(s) to `to_dir`; raises ValueError for a folder that cannot be used.

    Setting `cancel` (from another thread) ends the download under way within a moment; that source
    and every one not yet started are reported as failed with the message "cancelled".
    """
    if not adding_allowed():
        raise ValueError(ADDING_OFF)
    folder = _checked_folder(Path(to_dir))
    adder = _Adder(folder, force, limits, max_entries, progress, cancel)
    adder.total = len(sources)
    results: list[AddResult] = []
    for source in sources:
        adder.report(source)
        if adder.cancelled():
            results.append(adder.finish(AddResult(source, FAILED, message=CANCELLED)))
            continue
        results.extend(adder.add(source))
    return results


def adding_allowed() -> bool:
    """Whether this process may add articles: not when CARAVAN_TUI_ALLOW_ADD is "0" (a served reader)."""
    return os.environ.get(ALLOW_ADD_ENV, "1").strip() != "0"


def _checked_folder(folder: Path) -> Path:
    from caravan_tui.corpus.loader import bundled_corpus_path

    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} is not a folder")
    bundled = bundled_corpus_path().resolve()
    if folder.resolve() == bundled or bundled in folder.resolve().parents:
        raise ValueError(f"{folder} is the bundled sample folder; choose another folder with --to")
    return folder


class _Adder:
    """One run of add_sources: the folder, its index and the progress count."""

    def __init__(self, folder: Path, force: bool, limits: FetchLimits, max_entries: int,
                 progress: ProgressCallback | None, cancel: threading.Event | None = None) -> None:
        self.folder, self.force, self.limits, self.max_entries = folder, force, limits, max_entries
        self.progress, self.cancel = progress, cancel
        self._index: FolderIndex | None = None
        self.done = self.total = 0
        self.lock = threading.RLock()  # refresh stores from several threads

    @property
    def index(self) -> FolderIndex:
        """What the folder holds, read on first use (a refresh that finds nothing new never reads it)."""
        with self.lock:
            if self._index is None:
                self._index = FolderIndex.of_folder(self.folder)
            return self._index

    def report(self, source: str, result: AddResult | None = None) -> None:
        if result is not None:
            self.done += 1
        if self.progress is not None:
            self.progress(ProgressUpdate(self.done, self.total, source, result))

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def finish(self, result: AddResult) -> AddResult:
        self.report(result.source, result)
        return result

    def add(self, source: str) -> Iterator[AddResult]:
        try:
            fetched = self.fetch(source)
            if looks_like_feed(fetched.data, fetched.content_type):
                yield from self.add_feed(source, parse_feed(fetched.data))
                return
            article = self.extract(fetched, source)
        except (SourceError, FetchError, ExtractError, FeedError) as error:
            yield self.finish(AddResult(source, FAILED, message=str(error)))
            return
        except (ValueError, UnicodeError) as error:  # a last guard: one odd source never ends the batch
            yield self.finish(AddResult(source, FAILED, message=f"cannot be read: {error}"))
            return
        yield self.finish(self.store(article, source, [source if is_address(source) else None]))

    def fetch(self, source: str) -> Fetched:
        if is_address(source):
            return fetch_url(source, self.limits, self.cancel)
        try:
            path = Path(source).expanduser()
        except RuntimeError as error:  # "~user" with no such user
            raise SourceError(str(error)) from None
        return read_local(path, self.limits)

    def extract(self, fetched: Fetched, source: str) -> ExtractedArticle:
        if not _is_html(fetched, source):
            raise SourceError(_unsupported(fetched, source))
        article = extract_page(_decoded(fetched), url=fetched.url)
        modified = article.modified or http_date(fetched.last_modified)
        return replace(article, modified=modified, fetched=now_iso() if fetched.url else None)

    def add_feed(self, source: str, feed: Feed) -> Iterator[AddResult]:
        entries = feed.entries[:self.max_entries]
        self.total += len(entries)
        for number, entry in enumerate(entries, 1):
            label = entry.link or f"{source} (entry {number})"
            self.report(label)
            if self.cancelled():
                yield self.finish(AddResult(label, FAILED, message=CANCELLED))
                continue
            yield self.finish(self.add_entry(label, entry, feed))
        self.done += 1  # the feed itself: its entries gave the results
        self.report(source)

    def add_entry(self, label: str, entry: FeedEntry, feed: Feed) -> AddResult:
        from_feed = ExtractedArticle(title=entry.title, source=feed.title, url=entry.link,
                                     published=entry.published, language=feed.language, author=entry.author)
        try:
            article = self.entry_article(entry).filled_from(from_feed)
        except (SourceError, FetchError, ExtractError, FeedError) as error:
            return AddResult(label, FAILED, message=str(error))
        except (ValueError, UnicodeError) as error:
            return AddResult(label, FAILED, message=f"cannot be read: {error}")
        return self.store(article, label, [entry.link])

    def entry_article(self, entry: FeedEntry) -> ExtractedArticle:
        """The linked page's article; the entry's own content when the page gives none."""
        problem: Exception | None = None
        if entry.link:
            try:
                fetched = fetch_url(entry.link, self.limits, self.cancel)
                if looks_like_feed(fetched.data, fetched.content_type):
                    raise SourceError("the entry links to a feed, not an article")
                return self.extract(fetched, entry.link)
            except (SourceError, FetchError, ExtractError) as error:
                problem = error
        if self.cancelled():
            raise SourceError(CANCELLED)
        if entry.content_html:
            try:
                return extract_page(f"<html><body><article>{entry.content_html}</article></body></html>")
            except ExtractError as error:
                problem = problem or error
        raise SourceError(str(problem) if problem else "the entry has neither a link nor any content")

    def store(self, article: ExtractedArticle, source: str, urls: list[str | None]) -> AddResult:
        """Write the article unless the folder holds it; a held address with changed text becomes a version."""
        with self.lock:
            return self._store(_completed(article), source, urls)

    def _store(self, article: ExtractedArticle, source: str, urls: list[str | None]) -> AddResult:
        duplicate = self.index.duplicate_of(article, urls)
        if duplicate and duplicate[1] == "address" and self.changed(duplicate[0], article):
            return self.update(duplicate[0], article, source, urls)
        if duplicate and not self.force:
            path, why = duplicate
            return AddResult(source, DUPLICATE, path, f"already in the folder as {path} (same {why}); not added again")
        path = self.folder / file_name(article)
        if duplicate and duplicate[0].suffix == ".md":
            path = duplicate[0]
        if path.exists() and not self.force:
            return AddResult(source, EXISTS, path, f"{path} already exists; use --force to overwrite it")
        replaced = path.exists()
        try:
            passages = self.write(path, article)
        except SourceError as error:
            return AddResult(source, FAILED, message=str(error))
        self.index.remember(path, passages, [article.url, article.canonical, *urls])
        return AddResult(source, ADDED, path, f"{'replaced' if replaced else 'added as'} {path}")

    def changed(self, path: Path, article: ExtractedArticle) -> bool:
        """Whether the Markdown file at `path` holds other text than `article` (a new version of it)."""
        held = self.index.fingerprints.get(path)
        if path.suffix != ".md" or held is None:
            return False
        return held != text_fingerprint(_passages_as_loaded(article))

    def update(self, path: Path, article: ExtractedArticle, source: str, urls: list[str | None]) -> AddResult:
        """Keep the file as it is as an earlier version, then write the new text in its place."""
        try:
            kept = keep_version(path)
        except OSError as error:
            return AddResult(source, FAILED, message=f"cannot keep the earlier version of {path}: "
                                                     f"{error.strerror or error}; not updated")
        try:
            passages = self.write(path, article)
        except SourceError as error:
            return AddResult(source, FAILED, message=str(error))
        self.index.remember(path, passages, [article.url, article.canonical, *urls])
        return AddResult(source, UPDATED, path, f"updated {path} (the text changed; the earlier version is kept "
                                                f"as {kept})")

    def write(self, path: Path, article: ExtractedArticle) -> list[str]:
        """Write the file and load it back; the passages as loaded."""
        from caravan_tui.corpus.loader import ArticleLoadError, load_article

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, render_markdown(article))
        except OSError as error:
            raise SourceError(f"cannot write {path}: {error.strerror or error}") from None
        try:
            return [passage.text for passage in load_article(path).passages]
        except ArticleLoadError as error:
            path.unlink(missing_ok=True)
            raise SourceError(f"the written file did not load back ({error.reason}); removed") from None


def _completed(article: ExtractedArticle) -> ExtractedArticle:
    """`article` with an outlet and a headline even when the page named neither, and its addresses fit
    to store (well-formed http(s), no credentials)."""
    article = replace(article, url=stored_address(article.url), canonical=stored_address(article.canonical))
    host = (urlsplit(article.url).hostname or "").removeprefix("www.") if article.url else ""
    title = article.title or next((text for kind, text in article.blocks if kind == "heading"), "")
    if not title:
        words = article.blocks[0][1].split() if article.blocks else []
        title = " ".join(words[:12]) + (" …" if len(words) > 12 else "")
    return ExtractedArticle(
        title=one_line(title), source=article.source or host, url=article.url, published=article.published,
        language=article.language, author=article.author, canonical=article.canonical, blocks=article.blocks,
        modified=article.modified, fetched=article.fetched,
    )


def _passages_as_loaded(article: ExtractedArticle) -> list[str]:
    """The passage texts the loader would read from the file written for `article` (what the index holds),
    so that cleaning rules that drop or change a passage never make an unchanged page look changed."""
    from caravan_tui.corpus.front_matter import FrontMatterError
    from caravan_tui.corpus.loader import parse_markdown

    try:
        return [text for _, text in parse_markdown(render_markdown(article)).blocks]
    except (FrontMatterError, ValueError):
        return [text for _, text in article.blocks]


def http_date(header: str | None) -> str | None:
    """An HTTP date (Last-Modified) as ISO 8601 in UTC; None when absent or not a date."""
    from email.utils import parsedate_to_datetime

    if not header:
        return None
    try:
        moment = parsedate_to_datetime(header.strip()[:100])
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(dt.timezone.utc).isoformat()


def _is_html(fetched: Fetched, source: str) -> bool:
    if fetched.content_type:
        return fetched.content_type in HTML_TYPES
    if not is_address(source) and Path(source).suffix.lower() in HTML_SUFFIXES:
        return True
    head = fetched.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(mark in head for mark in _HTML_MARKS)


def _unsupported(fetched: Fetched, source: str) -> str:
    if fetched.content_type:
        return f"unsupported content type '{fetched.content_type}' (expected an HTML page or an RSS/Atom feed)"
    suffix = Path(source).suffix or "(none)"
    return f"unsupported file '{suffix}': not an HTML page or an RSS/Atom feed"


def _decoded(fetched: Fetched) -> bytes | str:
    """The page as text when the server named its charset; bytes for trafilatura to sniff otherwise."""
    if fetched.charset:
        try:
            return fetched.data.decode(fetched.charset, errors="replace")
        except LookupError:
            pass
    return fetched.data
