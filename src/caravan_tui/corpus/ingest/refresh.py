"""Refreshing every subscription: new articles into the articles folder, changed ones kept as versions.

    from caravan_tui.corpus.ingest.refresh import refresh_all
    report = refresh_all(Path("articles"), cancel=event, progress=callback)

Each feed is fetched with a conditional request (If-None-Match /
If-Modified-Since from its last answer, when that refresh wrote to the same
folder): a 304 ends its work at once. A feed
that changed has its entries' pages fetched, conditionally too when they were
fetched before; a new page is added, a page whose text changed is written as
the new current version with the old one kept (see `versions`), an unchanged
one is left alone. Downloads keep the limits and redirect rules of `add`
(`FetchLimits`: connect/read timeouts, an overall deadline per download, a size
cap), gzip is asked for, and connections are reused through one shared pool.

At most `max_workers` feeds are worked on at once, and only one request at a
time goes to any one host. A feed that fails (network, HTTP error, not a feed,
broken XML) has its error stored and shown, and is not tried again before its
back-off ends (`force=True` tries it anyway); the other feeds go on. A feed's
validators, and its pages', are stored in one transaction only after its
articles are written, so a run killed midway fetches that feed (and its pages)
again next time and loses nothing: a page whose text is already held is
recognised and not written again.

`progress` is called from worker threads (the reader must hand it to its own
thread) with a `RefreshUpdate` after every article and every feed. Setting
`cancel` stops the downloads under way within a moment; feeds not finished
are reported as cancelled and are fetched in full next time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from caravan_tui.corpus.ingest.extract import ExtractedArticle, ExtractError, extract_page
from caravan_tui.corpus.ingest.feeds import Feed, FeedEntry, FeedError, looks_like_feed, parse_feed
from caravan_tui.corpus.ingest.fetch import Fetched, FetchError, FetchLimits, fetch_url, shared_pool
from caravan_tui.corpus.ingest.sources import (
    ADDED,
    ADDING_OFF,
    CANCELLED,
    DUPLICATE,
    FAILED,
    MAX_FEED_ENTRIES,
    UPDATED,
    AddResult,
    SourceError,
    _Adder,
    _checked_folder,
    adding_allowed,
)
from caravan_tui.storage.subscriptions import Subscription, SubscriptionStore, Validators

if TYPE_CHECKING:
    from urllib3 import PoolManager

NEW, UNCHANGED, FAILED_FEED, SKIPPED = "new", "unchanged", "failed", "skipped"
MAX_WORKERS = 8
DEFAULT_LIMITS = FetchLimits()


@dataclass(frozen=True)
class FeedOutcome:
    """What became of one subscription: new, unchanged, failed, skipped (backing off) or cancelled."""

    subscription: Subscription
    status: str
    articles: tuple[AddResult, ...] = ()
    message: str = ""

    def count(self, status: str) -> int:
        return sum(1 for article in self.articles if article.status == status)


@dataclass(frozen=True)
class RefreshUpdate:
    """Sent after each article (`article` set) and after each feed (`outcome` set)."""

    done: int
    total: int
    feed: Subscription
    article: AddResult | None = None
    outcome: FeedOutcome | None = None


RefreshProgress = Callable[[RefreshUpdate], None]


@dataclass
class RefreshReport:
    """The whole run: the folder written to and every feed's outcome, in subscription order."""

    folder: Path
    feeds: list[FeedOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def articles(self, status: str) -> int:
        return sum(outcome.count(status) for outcome in self.feeds)

    def feeds_with(self, status: str) -> int:
        return sum(1 for outcome in self.feeds if outcome.status == status)


def refresh_all(to_dir: str | Path, *, store: SubscriptionStore | None = None, cancel: threading.Event | None = None,
                progress: RefreshProgress | None = None, limits: FetchLimits = DEFAULT_LIMITS,
                max_workers: int = MAX_WORKERS, max_entries: int = MAX_FEED_ENTRIES,
                force: bool = False) -> RefreshReport:
    """Fetch every subscription into `to_dir` (made if missing); raises ValueError for a folder that cannot be used,
    or when adding is turned off (a reader served without --allow-add: `sources.adding_allowed`).

    `store` defaults to the user's subscriptions file. Never raises for a feed's failure: it is in the report.
    """
    if not adding_allowed():
        raise ValueError(ADDING_OFF)
    started = time.monotonic()
    folder = _checked_folder(Path(to_dir))
    folder.mkdir(parents=True, exist_ok=True)
    owned = store is None
    store = store if store is not None else SubscriptionStore()
    try:
        run = _Run(folder, store, cancel, progress, limits, max_entries, force, max(1, max_workers))
        outcomes = run.all(store.all())
    finally:
        if owned:
            store.close()
    return RefreshReport(folder=folder, feeds=outcomes, seconds=time.monotonic() - started)


class _HostGate:
    """One request at a time per host name."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def hold(self, url: str) -> Iterator[None]:
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            yield


class _Run:
    """One refresh: the shared pool, host gate, folder writer and progress count."""

    def __init__(self, folder: Path, store: SubscriptionStore, cancel: threading.Event | None,
                 progress: RefreshProgress | None, limits: FetchLimits, max_entries: int, force: bool,
                 workers: int) -> None:
        self.store, self.progress, self.limits = store, progress, limits
        self.cancel = cancel if cancel is not None else threading.Event()  # also set on Ctrl-C
        self.max_entries, self.force, self.workers = max_entries, force, workers
        self.adder = _Adder(folder, False, limits, max_entries, None, self.cancel)
        self.target = str(folder.resolve())
        self.pool: PoolManager = shared_pool(workers)
        self.gate = _HostGate()
        self.done = self.total = 0
        self._report_lock = threading.Lock()

    def all(self, subscriptions: list[Subscription]) -> list[FeedOutcome]:
        self.total = len(subscriptions)
        try:
            with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="caravan-refresh") as pool:
                futures = [pool.submit(self.feed, subscription) for subscription in subscriptions]
                try:
                    return [future.result() for future in futures]
                except BaseException:  # Ctrl-C: the workers stop within a moment instead of finishing every feed
                    self.cancel.set()
                    raise
        finally:
            self.pool.clear()

    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def report(self, feed: Subscription, article: AddResult | None = None, outcome: FeedOutcome | None = None) -> None:
        with self._report_lock:
            if outcome is not None:
                self.done += 1
            if self.progress is not None:
                self.progress(RefreshUpdate(self.done, self.total, feed, article, outcome))

    def fetch(self, url: str, validators: Validators | None = None) -> Fetched:
        with self.gate.hold(url):
            return fetch_url(url, self.limits, self.cancel, validators.headers() if validators else None, self.pool)

    # --- one feed ----------------------------------------------------------------------

    def feed(self, subscription: Subscription) -> FeedOutcome:
        try:
            outcome = self._feed(subscription)
        except Exception as error:  # noqa: BLE001 (one feed's surprise never ends the run)
            outcome = self.failed(subscription, f"unexpected error: {type(error).__name__}: {error}")
        self.report(subscription, outcome=outcome)
        return outcome

    def _feed(self, subscription: Subscription) -> FeedOutcome:
        if self.cancelled():
            return FeedOutcome(subscription, CANCELLED, message=CANCELLED)
        if subscription.backing_off() and not self.force:
            return FeedOutcome(subscription, SKIPPED, message=_backing_off(subscription))
        stored = subscription.validators_for(self.target)
        try:
            fetched = self.fetch(subscription.url, stored)
            if fetched.not_modified:
                self.store.record_success(subscription.id, _kept(fetched, stored), target=self.target)
                return FeedOutcome(subscription, UNCHANGED, message="not modified (304)")
            feed = _as_feed(fetched)
        except (FetchError, FeedError, SourceError) as error:
            if self.cancelled():
                return FeedOutcome(subscription, CANCELLED, message=CANCELLED)
            return self.failed(subscription, str(error))
        pages: list[tuple[str, Validators]] = []
        articles = tuple(self.entries(subscription, feed, pages))
        if self.cancelled():
            return FeedOutcome(subscription, CANCELLED, articles, CANCELLED)
        self.store.record_success(subscription.id, _kept(fetched, Validators()), pages=pages, target=self.target)
        changed = any(article.status in (ADDED, UPDATED) for article in articles)
        return FeedOutcome(subscription, NEW if changed else UNCHANGED, articles, _counts(articles))

    def failed(self, subscription: Subscription, error: str) -> FeedOutcome:
        updated = self.store.record_failure(subscription.id, error) or subscription
        return FeedOutcome(updated, FAILED_FEED, message=f"{error} (next try after {_clock(updated.retry_at)})")

    def entries(self, subscription: Subscription, feed: Feed, pages: list[tuple[str, Validators]]
                ) -> Iterator[AddResult]:
        """Each entry's result (unchanged pages left out); `pages` gets the validators to keep for the next time."""
        for number, entry in enumerate(feed.entries[:self.max_entries], 1):
            if self.cancelled():
                return
            result = self.entry(subscription, feed, entry, number, pages)
            if result.status != DUPLICATE and result.source:
                self.report(subscription, article=result)
                yield result

    # --- one entry ---------------------------------------------------------------------

    def entry(self, subscription: Subscription, feed: Feed, entry: FeedEntry, number: int,
              pages: list[tuple[str, Validators]]) -> AddResult:
        label = entry.link or f"{subscription.url} (entry {number})"
        same_folder = subscription.target == self.target  # pages fetched for another folder are fetched again
        stored = self.store.page_validators(subscription.id, entry.link) if entry.link and same_folder else None
        from_feed = ExtractedArticle(title=entry.title, source=feed.title or subscription.name, url=entry.link,
                                     published=entry.published, language=feed.language, author=entry.author)
        try:
            page = self.page(entry, stored)
            if page is None:
                return AddResult("", DUPLICATE, message="not modified (304)")
            article, fetched = page
            result = self.adder.store(article.filled_from(from_feed), label, [entry.link])
        except (SourceError, FetchError, ExtractError, FeedError) as error:
            return AddResult(label, FAILED, message=str(error))
        except (ValueError, UnicodeError) as error:
            return AddResult(label, FAILED, message=f"cannot be read: {error}")
        if entry.link and fetched is not None and result.status in (ADDED, UPDATED, DUPLICATE):
            pages.append((entry.link, _kept(fetched, Validators())))  # stored with the feed's success
        return result

    def page(self, entry: FeedEntry, stored: Validators | None) -> tuple[ExtractedArticle, Fetched | None] | None:
        """The entry's article and the answer it came from; None when the page is unchanged (304)."""
        problem: Exception | None = None
        if entry.link:
            try:
                fetched = self.fetch(entry.link, stored)
                if fetched.not_modified:
                    return None
                if looks_like_feed(fetched.data, fetched.content_type):
                    raise SourceError("the entry links to a feed, not an article")
                return self.adder.extract(fetched, entry.link), fetched
            except (SourceError, FetchError, ExtractError) as error:
                problem = error
        if self.cancelled():
            raise SourceError(CANCELLED)
        if entry.content_html:
            try:
                html = f"<html><body><article>{entry.content_html}</article></body></html>"
                return extract_page(html), None
            except ExtractError as error:
                problem = problem or error
        raise SourceError(str(problem) if problem else "the entry has neither a link nor any content")


def _as_feed(fetched: Fetched) -> Feed:
    if not looks_like_feed(fetched.data, fetched.content_type):
        kind = fetched.content_type or "unknown type"
        raise SourceError(f"not a feed ({kind}): subscribe to the page's feed instead (caravan-tui feeds add finds it)")
    return parse_feed(fetched.data)


def _kept(fetched: Fetched, previous: Validators) -> Validators:
    """The validators to keep after an answer: the answer's own, else those it confirmed."""
    return Validators(fetched.etag or previous.etag, fetched.last_modified or previous.last_modified)


def _counts(articles: tuple[AddResult, ...]) -> str:
    counts = {status: sum(1 for a in articles if a.status == status) for status in (ADDED, UPDATED, FAILED)}
    parts = [f"{counts[ADDED]} new", f"{counts[UPDATED]} updated"]
    if counts[FAILED]:
        parts.append(f"{counts[FAILED]} failed")
    return ", ".join(parts)


def _backing_off(subscription: Subscription) -> str:
    return f"backing off after {subscription.failures} failure(s) until {_clock(subscription.retry_at)}: " \
           f"{subscription.error or 'unknown error'} (--force tries it now)"


def _clock(moment: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(moment))


# Subscribing ----------------------------------------------------------------


@dataclass(frozen=True)
class FoundFeed:
    """A feed to subscribe to: its address, its title, and the page it was found on (if it was)."""

    url: str
    title: str
    page: str | None = None


def find_feed(url: str, limits: FetchLimits = DEFAULT_LIMITS, cancel: threading.Event | None = None) -> FoundFeed:
    """The feed at `url`, or the first feed a page at `url` names in `<link rel="alternate">`.

    Raises SourceError (or FetchError/FeedError) saying why there is none.
    """
    from caravan_tui.corpus.ingest.feeds import alternate_feeds

    fetched = fetch_url(url, limits, cancel)
    if looks_like_feed(fetched.data, fetched.content_type):
        return FoundFeed(url, parse_feed(fetched.data).title)
    candidates = alternate_feeds(fetched.data, fetched.url or url)
    problems: list[str] = []
    for candidate in candidates[:5]:
        try:
            answer = fetch_url(candidate, limits, cancel)
            if looks_like_feed(answer.data, answer.content_type):
                return FoundFeed(candidate, parse_feed(answer.data).title, page=url)
            problems.append(f"{candidate}: not a feed")
        except (FetchError, FeedError) as error:
            problems.append(f"{candidate}: {error}")
    if not candidates:
        raise SourceError("not a feed, and the page names no feed (no <link rel=\"alternate\"> to RSS or Atom)")
    raise SourceError("the feeds the page names cannot be read: " + "; ".join(problems))
