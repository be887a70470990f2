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
from pathlib import Path
from typing import Any

from caravan_tui.commands.common import visible, write_line
from caravan_tui.commands.fetching import ProgressLines, add_fetch_arguments, fetch_limits

HELP = "fetch every subscribed feed: new articles into the articles folder, changed ones kept as versions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, default=Path("articles"), metavar="DIR",
                        help="the articles folder to write to (default: ./articles, created if missing)")
    parser.add_argument("--force", action="store_true", help="also fetch feeds still backing off after failures")
    parser.add_argument("--workers", type=int, default=8, metavar="N",
                        help="feeds fetched at once (default: 8; never more than one request per host)")
    add_fetch_arguments(parser)


class _Reporter(ProgressLines):
    """Prints articles and feeds as they come, from the worker threads, above a progress bar on a terminal."""

    def __init__(self, as_json: bool, show_bar: bool) -> None:
        super().__init__(show_bar and not as_json, "refreshing")
        self.as_json = as_json

    def __call__(self, update: Any) -> None:
        with self.lock:
            label = update.feed.label
            self.progress(update.done, update.total, label if len(label) <= 40 else label[:39] + "…")
            if update.article is not None:
                self.article(update.feed, update.article)
            if update.outcome is not None:
                self.feed(update.outcome)

    def article(self, feed: Any, result: Any) -> None:
        if self.as_json:
            self.json({"kind": "article", "feed": feed.url, "source": result.source, "status": result.status,
                       "path": str(result.path) if result.path else None, "message": result.message})
        elif result.status == "failed":
            self.line(f"  failed     {result.source}: {result.message}", error=True)
        else:
            self.line(f"{result.status:<10} {result.path}  <- {result.source}")

    def feed(self, outcome: Any) -> None:
        if self.as_json:
            self.json({"kind": "feed", "feed": outcome.subscription.url, "name": outcome.subscription.name,
                       "status": outcome.status, "new": outcome.count("added"), "updated": outcome.count("updated"),
                       "message": outcome.message})
            return
        failed = outcome.status == "failed"
        self.line(f"feed {outcome.status:<9} {outcome.subscription.label}: {outcome.message}", error=failed)


def _summary(report) -> str:
    parts = [f"{len(report.feeds)} feed(s) in {report.seconds:.1f} s", f"{report.articles('added')} new article(s)",
             f"{report.articles('updated')} updated"]
    for status in ("failed", "skipped", "cancelled"):
        if report.feeds_with(status):
            parts.append(f"{report.feeds_with(status)} feed(s) {status}")
    return ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    from caravan_tui.corpus.ingest.refresh import refresh_all
    from caravan_tui.storage.subscriptions import SubscriptionStore, SubscriptionsUnavailable

    limits = fetch_limits(args)
    try:
        store = SubscriptionStore()
    except SubscriptionsUnavailable as error:
        write_line(f"caravan-tui refresh: {visible(error)}", file=sys.stderr)
        return 2
    with store:
        if not store.all():
            write_line("caravan-tui refresh: no subscriptions (caravan-tui feeds add URL adds one)", file=sys.stderr)
            return 0
        folder = args.to.resolve() if args.to.exists() else args.to.absolute()
        write_line(f"caravan-tui refresh: articles go to {visible(folder)}", file=sys.stderr)
        try:
            with _Reporter(args.json, show_bar=sys.stderr.isatty()) as reporter:
                report = refresh_all(args.to, store=store, progress=reporter, limits=limits, force=args.force,
                                     max_workers=max(args.workers, 1), max_entries=max(args.max_entries, 1))
        except (ValueError, OSError) as error:
            write_line(f"caravan-tui refresh: {visible(error)}", file=sys.stderr)
            return 2
    if args.json:
        reporter.json({"kind": "summary", "folder": str(report.folder), "feeds": len(report.feeds),
                       "new": report.articles("added"), "updated": report.articles("updated"),
                       "failed_feeds": report.feeds_with("failed"), "seconds": round(report.seconds, 3)})
    write_line(_summary(report), file=sys.stderr)
    return 1 if report.feeds_with("failed") else 0
