"""`caravan-tui feeds add|list|remove|import|export`: the feeds `caravan-tui refresh` follows.

`feeds add URL [--name NAME] [--folder PATH]` fetches the address first: a feed
is subscribed as it is; a page is searched for the feed it names in
`<link rel="alternate">`, and that feed is subscribed (`--no-check` subscribes
without fetching: a feed that is down now). `feeds list` shows each
subscription with its state (last success, or the error it keeps failing with
and when it is tried again). `feeds remove NAME|URL|ID` unsubscribes.
`feeds import FILE.opml` adds the feeds of an OPML list (folders kept) without
fetching them; `feeds export [FILE]` writes all of them as OPML 2.0, folders as
nested outlines. Subscriptions live in the data folder (subscriptions.sqlite3).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from caravan_tui.commands.common import write_line

HELP = "follow feeds: add (a feed, or a page naming one), list, remove, import and export OPML"
MAX_OPML_BYTES = 10 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="subscribe to a feed, or to the feed a page names")
    add.add_argument("url", metavar="URL", help="the address of an RSS/Atom feed, or of a page that names one")
    add.add_argument("--name", default="", help="what to call it (default: the feed's title)")
    add.add_argument("--folder", default="", help="a folder for it in lists and OPML, e.g. News/World")
    add.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="most seconds per download")
    add.add_argument("--no-check", action="store_true",
                     help="subscribe without fetching it first (a feed that is down now; no page discovery)")
    listing = actions.add_parser("list", help="the subscriptions and their state")
    listing.add_argument("--json", action="store_true", help="print JSON Lines, one object per subscription")
    remove = actions.add_parser("remove", help="unsubscribe")
    remove.add_argument("key", metavar="NAME|URL|ID", help="the subscription's name, address or id")
    imported = actions.add_parser("import", help="subscribe to the feeds of an OPML file")
    imported.add_argument("file", type=Path, metavar="FILE.opml")
    exported = actions.add_parser("export", help="write the subscriptions as OPML 2.0")
    exported.add_argument("file", type=Path, nargs="?", metavar="FILE", help="where to write (default: stdout)")


def run(args: argparse.Namespace) -> int:
    from caravan_tui.storage.subscriptions import SubscriptionStore, SubscriptionsUnavailable

    try:
        with SubscriptionStore() as store:
            if store.recovery_warning:
                write_line(f"caravan-tui feeds: {store.recovery_warning}", file=sys.stderr)
            action = {"add": _add, "list": _list, "remove": _remove, "import": _import, "export": _export}
            return action[args.action](args, store)
    except SubscriptionsUnavailable as error:
        return _fail(str(error), 2)


def _fail(message: str, code: int = 1) -> int:
    from caravan_tui.safe_text import safe

    write_line(f"caravan-tui feeds: {safe(message)}", file=sys.stderr)
    return code


def _add(args: argparse.Namespace, store) -> int:
    from caravan_tui.corpus.ingest.feeds import FeedError
    from caravan_tui.corpus.ingest.fetch import FetchError, FetchLimits, stored_address
    from caravan_tui.corpus.ingest.refresh import find_feed
    from caravan_tui.corpus.ingest.sources import SourceError
    from caravan_tui.safe_text import safe
    from caravan_tui.storage.subscriptions import AlreadySubscribed

    if stored_address(args.url) is None:
        return _fail(f"{args.url}: not an http(s) address", 2)
    timeout = max(args.timeout, 1.0)
    try:
        if args.no_check:
            subscription = store.add(stored_address(args.url) or args.url, args.name, args.folder)
            write_line(f"subscribed {safe(subscription.label)} <{safe(subscription.url)}> (not checked)")
            return 0
        found = find_feed(args.url, FetchLimits(total_timeout=timeout, read_timeout=min(20.0, timeout)))
        subscription = store.add(stored_address(found.url) or found.url, args.name or found.title, args.folder)
    except (FetchError, FeedError, SourceError) as error:
        return _fail(f"{args.url}: {error}")
    except AlreadySubscribed as error:
        return _fail(str(error))
    where = f" (named by {found.page})" if found.page else ""
    write_line(f"subscribed {safe(subscription.label)} <{safe(subscription.url)}>{safe(where)}")
    return 0


def _list(args: argparse.Namespace, store) -> int:
    from caravan_tui.safe_text import json_dumps, safe

    subscriptions = store.all()
    if args.json:
        for item in subscriptions:
            print(json_dumps(_row(item)))
        return 0
    if not subscriptions:
        write_line("no subscriptions: caravan-tui feeds add URL adds one", file=sys.stderr)
    for item in subscriptions:
        folder = f"  [{item.folder}]" if item.folder else ""
        write_line(safe(f"{item.id:>4}  {item.label}  <{item.url}>{folder}"))
        write_line(safe(f"      {_state(item)}"))
    return 0


def _row(item) -> dict:
    return {"id": item.id, "url": item.url, "name": item.name, "folder": item.folder, "error": item.error,
            "failures": item.failures, "retry_at": _iso(item.retry_at) if item.failures else None,
            "checked_at": _iso(item.checked_at), "succeeded_at": _iso(item.succeeded_at)}


def _state(item) -> str:
    if item.failures:
        return (f"failing ({item.failures} time(s) in a row): {item.error}; next try after "
                f"{_clock(item.retry_at)}")
    if item.succeeded_at:
        return f"ok, last refreshed {_clock(item.succeeded_at)}"
    return "not refreshed yet"


def _remove(args: argparse.Namespace, store) -> int:
    from caravan_tui.safe_text import safe

    removed = store.remove(args.key)
    if removed is None:
        return _fail(f"no subscription is called {args.key} (give its address or id from caravan-tui feeds list)")
    write_line(f"unsubscribed {safe(removed.label)} <{safe(removed.url)}>")
    return 0


def _import(args: argparse.Namespace, store) -> int:
    from caravan_tui.corpus.ingest.fetch import FetchError, FetchLimits, read_local, stored_address
    from caravan_tui.corpus.ingest.opml import OpmlError, read_opml
    from caravan_tui.storage.subscriptions import AlreadySubscribed

    try:
        feeds = read_opml(read_local(args.file, FetchLimits(max_bytes=MAX_OPML_BYTES)).data)
    except (FetchError, OpmlError) as error:
        return _fail(f"{args.file}: {error}")
    added = held = bad = 0
    for feed in feeds:
        url = stored_address(feed.url)
        if url is None:
            bad += 1
            continue
        try:
            store.add(url, feed.name, feed.folder)
            added += 1
        except AlreadySubscribed:
            held += 1
    skipped = f", {bad} skipped (not http(s) addresses)" if bad else ""
    write_line(f"imported {added} feed(s), {held} already subscribed{skipped}")
    return 0


def _export(args: argparse.Namespace, store) -> int:
    from caravan_tui.corpus.ingest.opml import OpmlFeed, write_opml
    from caravan_tui.files import write_atomically

    text = write_opml([OpmlFeed(item.url, item.name, item.folder) for item in store.all()])
    if args.file is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomically(args.file, text)
    except OSError as error:
        return _fail(f"cannot write {args.file}: {error.strerror or error}")
    write_line(f"exported to {args.file}", file=sys.stderr)
    return 0


def _clock(moment: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(moment)) if moment else "never"


def _iso(moment: float | None) -> str | None:
    import datetime as dt

    return dt.datetime.fromtimestamp(moment, dt.timezone.utc).isoformat(timespec="seconds") if moment else None
