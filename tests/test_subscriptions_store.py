"""The subscriptions file: kept across restarts, back-off, damage, and a refresh killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from caravan_tui.corpus.ingest.refresh import refresh_all
from caravan_tui.corpus.ingest.versions import VERSIONS_DIR, versions_of
from caravan_tui.corpus.loader import load_article, load_corpus
from caravan_tui.storage.subscriptions import (
    BACKOFF_FIRST,
    BACKOFF_MOST,
    AlreadySubscribed,
    SubscriptionStore,
    SubscriptionsUnavailable,
    Validators,
    backoff_seconds,
)
from fixtures.web.feed_server import article_html, filler, rss, serve_feeds
from fixtures.web.web_server import clear_proxies


def test_subscriptions_survive_a_restart(tmp_path):
    path = tmp_path / "subs.sqlite3"
    with SubscriptionStore(path) as store:
        store.add("https://a.example/feed", "A", "News")
        store.add("https://b.example/feed")
        with pytest.raises(AlreadySubscribed):
            store.add("https://a.example/feed")
        store.record_success(1, Validators('"tag"', "Tue, 26 Dec 2023 10:00:00 GMT"))
    with SubscriptionStore(path) as store:
        first, second = store.all()  # by folder ("" first), then name
        assert (first.url, first.name, first.folder, first.etag) == ("https://b.example/feed", "", "", None)
        assert (second.url, second.name, second.folder, second.etag) == ("https://a.example/feed", "A", "News", '"tag"')
        assert store.find("A").url == "https://a.example/feed" and store.find("2").url == "https://b.example/feed"
        assert store.remove("https://b.example/feed") is not None
        assert [s.url for s in store.all()] == ["https://a.example/feed"]


def test_failures_back_off_doubling_and_a_success_clears_them(tmp_path):
    with SubscriptionStore(tmp_path / "s.sqlite3") as store:
        feed = store.add("https://a.example/feed")
        first = store.record_failure(feed.id, "HTTP 500 \x1b[2J  Internal", when=1000.0)
        second = store.record_failure(feed.id, "HTTP 500", when=2000.0)
        assert (first.failures, first.retry_at) == (1, 1000.0 + BACKOFF_FIRST)
        assert (second.failures, second.retry_at) == (2, 2000.0 + 2 * BACKOFF_FIRST)
        assert first.error == "HTTP 500 \x1b[2J Internal"  # kept raw, one line; shown through safe()
        assert second.backing_off(now=2001.0) and not second.backing_off(now=second.retry_at + 1)
        store.record_success(feed.id, Validators())
        [cleared] = store.all()
        assert (cleared.failures, cleared.error, cleared.backing_off()) == (0, None, False)
    assert backoff_seconds(100) == BACKOFF_MOST


def test_a_damaged_file_is_moved_aside_and_what_it_holds_is_kept(tmp_path):
    path = tmp_path / "s.sqlite3"
    with SubscriptionStore(path) as store:
        for number in range(3):
            store.add(f"https://{number}.example/feed", f"F{number}")
    data = bytearray(path.read_bytes())
    data[:16] = b"not a database!!"
    path.write_bytes(bytes(data))
    with SubscriptionStore(path) as store:
        assert store.recovery_warning and "damaged" in store.recovery_warning
        moved = list(tmp_path.glob("s.sqlite3.corrupt-*"))
        assert moved  # never deleted
        store.add("https://new.example/feed")


def test_a_file_from_a_newer_program_is_left_alone(tmp_path):
    path = tmp_path / "s.sqlite3"
    SubscriptionStore(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(SubscriptionsUnavailable, match="newer caravan-tui"):
        SubscriptionStore(path)
    assert not list(tmp_path.glob("*.corrupt-*"))


# --- SIGKILL during a refresh ----------------------------------------------------------------

PAGES = 12


def _pages(server, round_number: int, delay: float = 0.0) -> None:
    for number in range(PAGES):
        text = [filler(number), (f"Round {round_number}: the count of boats in the harbour stood at "
                                f"{100 + round_number} on the day of the report, officials said.")]
        server.put(f"/s/{number}", article_html(f"Story {number}", text), delay=delay)
    for feed in range(3):
        items = [(f"Story {n}", server.url(f"/s/{n}")) for n in range(feed, PAGES, 3)]
        server.put(f"/feed{feed}.xml", rss(f"Feed {feed}, round {round_number}", items), "application/rss+xml")


def _version_texts(folder: Path) -> set[bytes]:
    return {p.read_bytes() for p in (folder / VERSIONS_DIR).rglob("*.md")}


def test_sigkill_during_refresh_loses_no_subscription_and_no_version(tmp_path, monkeypatch):
    clear_proxies(monkeypatch)
    folder, data = tmp_path / "articles", Path(os.environ["CARAVAN_TUI_DATA_DIR"])
    with serve_feeds() as server:
        _pages(server, 1)
        with SubscriptionStore() as store:
            for feed in range(3):
                store.add(server.url(f"/feed{feed}.xml"), f"Feed {feed}")
            refresh_all(folder, store=store)
            _pages(server, 2)
            assert refresh_all(folder, store=store).articles("updated") == PAGES
        kept_before = _version_texts(folder)
        assert len(kept_before) == PAGES
        _pages(server, 3, delay=0.15)  # slow pages: the kill lands mid-refresh
        child = subprocess.Popen(
            [sys.executable, "-c", "import sys; from caravan_tui.cli import main; sys.exit(main(sys.argv[1:]))",
             "refresh", "--to", str(folder), "--workers", "3"],
            env={**os.environ, "CARAVAN_TUI_DATA_DIR": str(data)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(_version_texts(folder)) < PAGES + 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        assert PAGES + 2 <= len(_version_texts(folder)) < 2 * PAGES, "the kill did not land mid-refresh"
        # nothing lost: every subscription, every version kept before and during the run, every current file
        with SubscriptionStore() as store:
            assert sorted(s.name for s in store.all()) == ["Feed 0", "Feed 1", "Feed 2"]
        assert kept_before <= _version_texts(folder)
        for version in (folder / VERSIONS_DIR).rglob("*.md"):
            load_article(version)
        assert len(load_corpus([folder]).articles) == PAGES
        # the next run finishes the work: round 3 current everywhere, rounds 1 and 2 kept
        _pages(server, 3)
        with SubscriptionStore() as store:
            refresh_all(folder, store=store)
    for article in load_corpus([folder]).articles:
        texts = [v.path.read_text(encoding="utf-8") for v in versions_of(article)]
        assert [("at 101" in t, "at 102" in t, "at 103" in t) for t in texts] == [
            (True, False, False), (False, True, False), (False, False, True)]


def test_the_feed_modules_import_no_ui_and_no_analysis():
    code = ("import sys; import caravan_tui.corpus.ingest.refresh, caravan_tui.corpus.ingest.versions, "
            "caravan_tui.corpus.ingest.opml, caravan_tui.storage.subscriptions; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') "
            "or m.startswith(('caravan_tui.ui', 'caravan_tui.analysis'))))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_ctrl_c_ends_a_refresh_soon_whatever_the_servers_do(tmp_path, monkeypatch):
    clear_proxies(monkeypatch)
    with serve_feeds() as server:
        with SubscriptionStore() as store:
            for number in range(3):
                server.stall(f"/stall{number}.xml")
                store.add(server.url(f"/stall{number}.xml"))
        child = subprocess.Popen(
            [sys.executable, "-c", "import sys; from caravan_tui.cli import main; sys.exit(main(sys.argv[1:]))",
             "refresh", "--to", str(tmp_path / "a"), "--timeout", "120", "--read-timeout", "120"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not server.requests and time.monotonic() < deadline:  # one at a time: they share a host
            time.sleep(0.02)
        interrupted = time.monotonic()
        child.send_signal(signal.SIGINT)
        assert child.wait(10) == 130
        assert time.monotonic() - interrupted < 5
    with SubscriptionStore() as store:
        assert [s.failures for s in store.all()] == [0, 0, 0]  # an interruption is not the feeds' failure
