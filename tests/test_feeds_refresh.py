"""Subscriptions and refresh against a loopback server: new entries, changed pages, 304s, gzip, failures.

Every refresh runs in a thread joined with a bound, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from caravan_tui.cli import main
from caravan_tui.corpus.ingest import FetchLimits
from caravan_tui.corpus.ingest.refresh import FAILED_FEED, NEW, SKIPPED, UNCHANGED, refresh_all
from caravan_tui.corpus.ingest.versions import VERSIONS_DIR, versions_of
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.storage.subscriptions import SubscriptionStore
from fixtures.web.feed_server import article_html, filler, rss, serve_feeds
from fixtures.web.web_server import clear_proxies

LIMITS = FetchLimits(connect_timeout=2, read_timeout=1.5, total_timeout=2.0)
BOUND = 30.0


@pytest.fixture
def server(monkeypatch):
    clear_proxies(monkeypatch)
    with serve_feeds() as running:
        yield running


@pytest.fixture
def store(tmp_path):
    with SubscriptionStore(tmp_path / "subs.sqlite3") as opened:
        yield opened


def story(server, number: int, extra: str = "") -> str:
    path = f"/story/{number}"
    server.put(path, article_html(f"Story number {number}", [filler(number), filler(number + 1000) + extra]))
    return server.url(path)


def feed_of(server, path: str, numbers: list[int], title: str = "Loopback feed") -> None:
    server.put(path, rss(title, [(f"Story number {n}", story(server, n)) for n in numbers]),
               content_type="application/rss+xml")


def bounded_refresh(folder: Path, store: SubscriptionStore, **options):
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(refresh_all(folder, store=store, limits=LIMITS,
                                                                        **options)), daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), f"refresh still running after {BOUND} s"
    return outcome[0], time.monotonic() - started


def by_url(report) -> dict:
    return {outcome.subscription.url: outcome for outcome in report.feeds}


def test_a_feed_that_gains_entries_adds_only_the_new_ones(server, store, tmp_path):
    folder = tmp_path / "missing" / "articles"
    feed_of(server, "/feed.xml", [1, 2])
    store.add(server.url("/feed.xml"), "Loopback")
    first, _ = bounded_refresh(folder, store)
    assert first.articles("added") == 2 and folder.is_dir()
    feed_of(server, "/feed.xml", [3, 1, 2])
    second, _ = bounded_refresh(folder, store)
    [outcome] = second.feeds
    assert outcome.status == NEW and [a.status for a in outcome.articles] == ["added"]
    assert "Story number 3" in outcome.articles[0].path.read_text(encoding="utf-8")
    assert len(load_corpus([folder]).articles) == 3
    # the unchanged pages were asked for conditionally and answered 304
    assert server.statuses("/story/1")[-1] == 304


def test_conditional_requests_and_gzip(server, store, tmp_path):
    feed_of(server, "/feed.xml", [1])
    store.add(server.url("/feed.xml"))
    bounded_refresh(tmp_path / "a", store)
    again, _ = bounded_refresh(tmp_path / "a", store)
    assert again.feeds[0].status == UNCHANGED and "304" in again.feeds[0].message
    feed_requests = [r for r in server.requests if r[0] == "/feed.xml"]
    assert [(status, conditional) for _, status, conditional, _ in feed_requests] == [(200, False), (304, True)]
    assert feed_requests[0][3] is True  # the first answer came gzipped, and was read
    assert store.all()[0].etag


def test_last_modified_alone_is_used_when_there_is_no_etag(server, store, tmp_path):
    feed_of(server, "/feed.xml", [1])
    store.add(server.url("/feed.xml"))
    bounded_refresh(tmp_path / "a", store)
    with store._lock:  # the server's ETag forgotten: If-Modified-Since must do alone
        store._connection.execute("UPDATE feeds SET etag = NULL")
    again, _ = bounded_refresh(tmp_path / "a", store)
    assert again.feeds[0].status == UNCHANGED and server.statuses("/feed.xml")[-1] == 304


def test_a_changed_page_is_a_new_version_and_the_old_is_kept(server, store, tmp_path):
    folder = tmp_path / "articles"
    page = "/story/7"
    first_text = [("Officials counted 7,500 people walking north on the highway before dawn on Sunday morning "
                  "while buses waited at the edge of the town and volunteers handed out bottled water to families."),
                  ("Many of the migrants said they had waited for months for papers that never came, and that "
                  "walking together was the only safe way to travel through the region.")]
    changed = [first_text[0].replace("7,500", "8,000"), first_text[1].replace("the migrants", "the illegal migrants")]
    server.put(page, article_html("Caravan moves north", first_text))
    server.put("/feed.xml", rss("F", [("Caravan moves north", server.url(page))]), "application/rss+xml")
    store.add(server.url("/feed.xml"))
    bounded_refresh(folder, store)
    server.put(page, article_html("Caravan moves north", changed, modified="2023-12-27T10:00:00Z"))
    server.put("/feed.xml", rss("F", [("Caravan moves north (updated)", server.url(page))]), "application/rss+xml")
    report, _ = bounded_refresh(folder, store)
    [result] = report.feeds[0].articles
    assert result.status == "updated"
    versions = versions_of(result.path)
    assert [v.current for v in versions] == [False, True]
    assert "7,500" in versions[0].path.read_text(encoding="utf-8")
    assert "8,000" in versions[1].path.read_text(encoding="utf-8")
    assert versions[1].modified == "2023-12-27T10:00:00Z" and versions[0].fetched and versions[1].fetched
    assert versions[0].path.parent == folder / VERSIONS_DIR / result.path.stem
    # the old version is not an article of its own: one address, one outlet
    assert [a.path for a in load_corpus([folder]).articles] == [result.path]


def test_failures_end_in_bounded_time_with_a_clear_line_and_the_others_go_in(server, store, tmp_path):
    feed_of(server, "/good.xml", [1, 2])
    server.stall("/stalls.xml")
    server.put("/page.html", article_html("A page", [filler(5)]))
    server.put("/broken.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti', "application/rss+xml")
    server.put("/gone.xml", b"gone", "text/plain", status=410)
    server.redirect("/moved.xml", server.url("/good2.xml"))
    feed_of(server, "/good2.xml", [3])
    for path in ("/good.xml", "/stalls.xml", "/page.html", "/broken.xml", "/gone.xml", "/moved.xml"):
        store.add(server.url(path))
    report, seconds = bounded_refresh(tmp_path / "articles", store)
    outcomes = by_url(report)
    assert outcomes[server.url("/good.xml")].count("added") == 2
    assert outcomes[server.url("/moved.xml")].count("added") == 1  # followed the redirect
    messages = {path: outcomes[server.url(path)].message for path in ("/stalls.xml", "/page.html", "/broken.xml",
                                                                        "/gone.xml")}
    assert all(outcomes[server.url(path)].status == FAILED_FEED for path in messages)
    assert "took too long" in messages["/stalls.xml"] or "timed out" in messages["/stalls.xml"]
    assert "not a feed (text/html)" in messages["/page.html"]
    assert "feed has no entries" in messages["/broken.xml"]
    assert "HTTP 410" in messages["/gone.xml"]
    assert seconds < 15
    kept = {item.url: item for item in store.all()}
    assert kept[server.url("/stalls.xml")].failures == 1 and kept[server.url("/stalls.xml")].error
    # a failing feed backs off: the next refresh skips it (saying why) and still does the others
    again, _ = bounded_refresh(tmp_path / "articles", store)
    skipped = by_url(again)[server.url("/broken.xml")]
    assert skipped.status == SKIPPED and "feed has no entries" in skipped.message
    assert by_url(again)[server.url("/good.xml")].status == UNCHANGED


def test_one_request_at_a_time_per_host(server, store, tmp_path, monkeypatch):
    from caravan_tui.corpus.ingest import refresh

    active: dict[str, int] = {}
    most = {"value": 0}
    lock = threading.Lock()
    real = refresh.fetch_url

    def counting(url, *args, **kwargs):
        with lock:
            active[url] = active.get(url, 0) + 1
            most["value"] = max(most["value"], sum(active.values()))
        try:
            time.sleep(0.01)
            return real(url, *args, **kwargs)
        finally:
            with lock:
                active[url] -= 1

    monkeypatch.setattr(refresh, "fetch_url", counting)
    for number in range(6):
        feed_of(server, f"/f{number}.xml", [number * 10, number * 10 + 1])
        store.add(server.url(f"/f{number}.xml"))
    report, _ = bounded_refresh(tmp_path / "a", store, max_workers=6)
    assert report.articles("added") == 12
    assert most["value"] == 1  # every feed is on 127.0.0.1: never two requests to it at once


def test_cancel_stops_the_refresh_soon(server, store, tmp_path):
    server.stall("/stalls.xml")
    store.add(server.url("/stalls.xml"))
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    report, seconds = bounded_refresh(tmp_path / "a", store, cancel=cancel)
    assert report.feeds[0].status == "cancelled" and seconds < 1.9
    assert store.all()[0].failures == 0  # a cancelled fetch is not the feed's failure


def test_cli_feeds_add_finds_the_feed_a_page_names_and_refresh_names_the_folder(server, tmp_path, capsys,
                                                                               monkeypatch):
    feed_of(server, "/feed.xml", [1], title="Loopback Daily")
    server.put("/home", '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                        "</head><body>home</body></html>")
    assert main(["feeds", "add", server.url("/home")]) == 0
    assert f"<{server.url('/feed.xml')}>" in capsys.readouterr().out
    assert main(["feeds", "add", server.url("/feed.xml")]) == 1
    assert "already subscribed" in capsys.readouterr().err
    server.put("/plain", "<html><body><p>nothing here</p></body></html>")
    assert main(["feeds", "add", server.url("/plain")]) == 1
    assert "names no feed" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["refresh", "--json"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["kind"] for r in rows] == ["article", "feed", "summary"]
    assert rows[0]["status"] == "added" and rows[2]["new"] == 1
    assert str(tmp_path / "articles") in captured.err


def test_cli_feeds_list_shows_the_error_a_feed_keeps_failing_with(server, capsys, tmp_path, monkeypatch):
    server.put("/feed.xml", rss("F", [("a", server.url("/story/1"))]), "application/rss+xml")
    story(server, 1)
    assert main(["feeds", "add", server.url("/feed.xml"), "--name", "Soon gone"]) == 0
    server.put("/feed.xml", b"gone", "text/plain", status=404)
    monkeypatch.chdir(tmp_path)
    assert main(["refresh", "--timeout", "5"]) == 1
    err = capsys.readouterr().err
    assert "feed failed" in err and "Soon gone: HTTP 404" in err
    assert main(["feeds", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Soon gone" in listed and "failing (1 time(s) in a row): HTTP 404" in listed and "next try after" in listed
    assert main(["feeds", "remove", "Soon gone"]) == 0
    assert "unsubscribed Soon gone" in capsys.readouterr().out
    assert main(["feeds", "list", "--json"]) == 0
    assert capsys.readouterr().out == ""


def _render(bar) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(bar.make_tasks_table(bar.tasks))
    return console.file.getvalue()


def test_progress_bars_show_hostile_names_as_text(tmp_path):
    from caravan_tui.commands import add as add_command
    from caravan_tui.commands import refresh as refresh_command
    from caravan_tui.corpus.ingest import ProgressUpdate
    from caravan_tui.corpus.ingest.refresh import RefreshUpdate
    from caravan_tui.storage.subscriptions import Subscription

    hostile = "http://x.example/[/]\x1b[2J[bold]"
    adding = add_command._Reporter(as_json=False, show_bar=True)
    adding(ProgressUpdate(0, 1, hostile))
    refreshing = refresh_command._Reporter(as_json=False, show_bar=True)
    refreshing(RefreshUpdate(0, 1, Subscription(1, "http://x.example/f", "[/]\x1b[2J[bold]", "", 0.0)))
    for shown in (_render(adding.bar), _render(refreshing.bar)):
        assert "[/]" in shown and "␛[2J[bold]" in shown and "\x1b" not in shown


def test_feeds_add_no_check_subscribes_a_feed_that_is_down(server, capsys):
    server.stall("/down.xml")
    assert main(["feeds", "add", server.url("/down.xml"), "--no-check", "--name", "Down"]) == 0
    assert "(not checked)" in capsys.readouterr().out
    assert server.requests == []
    assert main(["feeds", "add", "file:///etc/passwd", "--no-check"]) == 2
    assert "not an http(s) address" in capsys.readouterr().err


def test_refreshing_into_another_folder_fetches_everything_again(server, store, tmp_path):
    feed_of(server, "/feed.xml", [1, 2])
    store.add(server.url("/feed.xml"))
    bounded_refresh(tmp_path / "one", store)
    assert bounded_refresh(tmp_path / "one", store)[0].feeds[0].status == UNCHANGED
    other, _ = bounded_refresh(tmp_path / "two", store)  # validators earned for "one" are not used for "two"
    assert other.articles("added") == 2 and len(load_corpus([tmp_path / "two"]).articles) == 2
