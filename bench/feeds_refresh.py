#!/usr/bin/env python3
"""Refresh speed: N feeds of M entries each, served from loopback servers in another process.

    .venv/bin/python bench/feeds_refresh.py [--feeds 200] [--entries 50] [--hosts 8] [--workers 8]

A child process runs `--hosts` servers (tests/fixtures/web/feed_server.py) on
127.0.0.1, 127.0.0.2, ... (one request at a time per host is the rule, so the
feeds are spread over hosts as real subscriptions are); every server answers
with ETag and Last-Modified and gzips. Feed k lives on host k mod hosts and
links M article pages (about 150 words each, distinct text) on the same host.

This process subscribes to every feed (a fresh data folder) and runs
`refresh_all` twice into a fresh articles folder:
  1. the first refresh: every feed and page fetched, extracted and written;
     target >= 30 new articles per second;
  2. a second refresh where nothing changed: every feed answers 304;
     target <= 5 s.
It prints the time, articles per second, the requests the servers saw (and how
many were answered 304), and this process's peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = r"""
import json, sys, threading
sys.path.insert(0, sys.argv[1])
from fixtures.web.feed_server import FeedServer, article_html, filler, rss
feeds, entries, hosts = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
servers = [FeedServer(f"127.0.0.{h + 1}") for h in range(hosts)]
for server in servers:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
urls = []
for k in range(feeds):
    server = servers[k % hosts]
    items = []
    for e in range(entries):
        n = k * entries + e
        path = f"/f{k}/s{e}"
        paragraphs = [filler(n), filler(n + 1_000_000), filler(n + 2_000_000)]
        server.put(path, article_html(f"Story {n} of feed {k}", paragraphs,
                                      outlet=f"Outlet {k}"))
        items.append((f"Story {n} of feed {k}", server.url(path)))
    server.put(f"/feed{k}.xml", rss(f"Outlet {k}", items), "application/rss+xml")
    urls.append(server.url(f"/feed{k}.xml"))
print(json.dumps(urls), flush=True)
for line in sys.stdin:
    if line.strip() == "count":
        rows = [r for s in servers for r in s.requests]
        print(json.dumps({"requests": len(rows), "not_modified": sum(1 for r in rows if r[1] == 304)}), flush=True)
        for s in servers:
            s.requests.clear()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="caravan-feeds-bench-"))
    for name in ("DATA", "CACHE", "CONFIG"):
        os.environ[f"CARAVAN_TUI_{name}_DIR"] = str(work / name.lower())
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = ",".join(f"127.0.0.{h + 1}" for h in range(args.hosts))
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        os.environ.pop(name, None)
    child = subprocess.Popen([sys.executable, "-c", SERVER, str(ROOT / "tests"), str(args.feeds), str(args.entries),
                              str(args.hosts)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        urls = json.loads(child.stdout.readline())
        run(urls, work, args, child)
    finally:
        child.kill()
        child.wait()


def _counts(child: subprocess.Popen) -> dict:
    child.stdin.write("count\n")
    child.stdin.flush()
    return json.loads(child.stdout.readline())


def run(urls: list[str], work: Path, args: argparse.Namespace, child: subprocess.Popen) -> None:
    from caravan_tui.corpus.ingest.refresh import refresh_all
    from caravan_tui.storage.subscriptions import SubscriptionStore

    folder = work / "articles"
    with SubscriptionStore() as store:
        for url in urls:
            store.add(url)
        print(f"{len(urls)} feeds x {args.entries} entries on {args.hosts} loopback hosts, {args.workers} workers")
        for label in ("first refresh", "second refresh (nothing changed)"):
            started = time.perf_counter()
            report = refresh_all(folder, store=store, max_workers=args.workers)
            seconds = time.perf_counter() - started
            added = report.articles("added")
            seen = _counts(child)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{label}: {seconds:.2f} s, {added} new articles ({added / seconds:.1f}/s), "
                  f"{report.feeds_with('failed')} feeds failed, {seen['requests']} requests "
                  f"({seen['not_modified']} answered 304), peak RSS {peak:.0f} MB")
    print(f"articles written to {folder} ({sum(1 for _ in folder.glob('*.md'))} files)")


if __name__ == "__main__":
    main()
