"""`caravan-tui refresh`: fetch every subscription, adding new articles and keeping changed ones as versions.

The first line names the articles folder (--to, default ./articles, made if
missing). Then one line per article added (`added`) or changed (`updated`: the
earlier version is kept, see `caravan-tui versions`), and one per feed:
`new`, `unchanged` (often a 304), `failed` (with the reason and when it is
tried again; on stderr), `skipped` (still backing off after failures; --force
tries it now) or `cancelled`. A progress bar is shown on stderr on a terminal;
--json prints JSON Lines instead (`"kind": "article" | "feed" | "summary"`).
Exits 1 when a feed failed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from caravan_tui.commands.add import _positive

HELP = "fetch every subscribed feed: new articles into the articles folder, changed ones kept as versions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, default=Path("articles"), metavar="DIR",
                        help="the articles folder to write to (default: ./articles, created if missing)")
    parser.add_argument("--force", action="store_true", help="also fetch feeds still backing off after failures")
    parser.add_argument("--workers", type=int, default=8, metavar="N",
                        help="feeds fetched at once (default: 8; never more than one request per host)")
    parser.add_argument("--connect-timeout", type=_positive, default=10.0, metavar="SECONDS",
                        help="seconds to wait for a connection (default: 10)")
    parser.add_argument("--read-timeout", type=_positive, default=20.0, metavar="SECONDS",
                        help="seconds to wait for data from the server (default: 20)")
    parser.add_argument("--timeout", type=_positive, default=120.0, metavar="SECONDS",
                        help="most seconds for each download, redirects included (default: 120)")
    parser.add_argument("--max-size", type=_positive, default=10.0, metavar="MB",
                        help="largest download, in megabytes (default: 10)")
    parser.add_argument("--max-entries", type=int, default=50, metavar="N",
                        help="at most N entries of each feed (default: 50)")
    parser.add_argument("--json", action="store_true", help="print JSON Lines, one object per result")


class _Reporter:
    """Prints articles and feeds as they come, from the worker threads, above a progress bar on a terminal."""

    def __init__(self, as_json: bool, show_bar: bool) -> None:
        self.as_json, self.bar, self.lock = as_json, None, threading.Lock()
        if show_bar and not as_json:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                console=Console(stderr=True), transient=True)
            self.task = self.bar.add_task("refreshing", total=None)

    def __enter__(self) -> _Reporter:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __call__(self, update) -> None:
        with self.lock:
            if self.bar is not None:
                name = update.feed.label if len(update.feed.label) <= 40 else update.feed.label[:39] + "…"
                from rich.markup import escape

                self.bar.update(self.task, completed=update.done, total=update.total, description=escape(_safe(name)))
            if update.article is not None:
                self.article(update.feed, update.article)
            if update.outcome is not None:
                self.feed(update.outcome)

    def article(self, feed, result) -> None:
        if self.as_json:
            self.json({"kind": "article", "feed": feed.url, "source": result.source, "status": result.status,
                       "path": str(result.path) if result.path else None, "message": result.message})
        elif result.status == "failed":
            self.line(f"  failed     {result.source}: {result.message}", error=True)
        else:
            self.line(f"{result.status:<10} {result.path}  <- {result.source}")

    def feed(self, outcome) -> None:
        if self.as_json:
            self.json({"kind": "feed", "feed": outcome.subscription.url, "name": outcome.subscription.name,
                       "status": outcome.status, "new": outcome.count("added"), "updated": outcome.count("updated"),
                       "message": outcome.message})
            return
        failed = outcome.status == "failed"
        self.line(f"feed {outcome.status:<9} {outcome.subscription.label}: {outcome.message}", error=failed)

    def json(self, row: dict) -> None:
        from caravan_tui.safe_text import json_dumps

        print(json_dumps(row), flush=True)

    def line(self, text: str, error: bool = False) -> None:
        text = _safe(text)
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
            if not error and not sys.stdout.isatty():
                print(text, flush=True)
        else:
            print(text, file=sys.stderr if error else sys.stdout, flush=True)


def _safe(text: str) -> str:
    from caravan_tui.safe_text import safe

    return safe(text)


def _summary(report) -> str:
    parts = [f"{len(report.feeds)} feed(s) in {report.seconds:.1f} s", f"{report.articles('added')} new article(s)",
             f"{report.articles('updated')} updated"]
    for status in ("failed", "skipped", "cancelled"):
        if report.feeds_with(status):
            parts.append(f"{report.feeds_with(status)} feed(s) {status}")
    return ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    from caravan_tui.corpus.ingest import FetchLimits
    from caravan_tui.corpus.ingest.refresh import refresh_all
    from caravan_tui.storage.subscriptions import SubscriptionStore, SubscriptionsUnavailable

    limits = FetchLimits(connect_timeout=args.connect_timeout, read_timeout=args.read_timeout,
                         total_timeout=args.timeout, max_bytes=int(args.max_size * 1024 * 1024))
    try:
        store = SubscriptionStore()
    except SubscriptionsUnavailable as error:
        print(f"caravan-tui refresh: {_safe(str(error))}", file=sys.stderr)
        return 2
    with store:
        if not store.all():
            print("caravan-tui refresh: no subscriptions (caravan-tui feeds add URL adds one)", file=sys.stderr)
            return 0
        folder = args.to.resolve() if args.to.exists() else args.to.absolute()
        print(f"caravan-tui refresh: articles go to {_safe(str(folder))}", file=sys.stderr)
        try:
            with _Reporter(args.json, show_bar=sys.stderr.isatty()) as reporter:
                report = refresh_all(args.to, store=store, progress=reporter, limits=limits, force=args.force,
                                     max_workers=max(args.workers, 1), max_entries=max(args.max_entries, 1))
        except (ValueError, OSError) as error:
            print(f"caravan-tui refresh: {_safe(str(error))}", file=sys.stderr)
            return 2
    if args.json:
        reporter.json({"kind": "summary", "folder": str(report.folder), "feeds": len(report.feeds),
                       "new": report.articles("added"), "updated": report.articles("updated"),
                       "failed_feeds": report.feeds_with("failed"), "seconds": round(report.seconds, 3)})
    print(_summary(report), file=sys.stderr)
    return 1 if report.feeds_with("failed") else 0
