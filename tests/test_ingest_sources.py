"""add_sources end to end against a local server: pages, saved files, feeds, duplicates, errors."""

from __future__ import annotations

import shutil

import pytest

from caravan_tui.corpus.ingest import ADDED, DUPLICATE, EXISTS, FAILED, UPDATED, FetchLimits, add_sources
from caravan_tui.corpus.loader import bundled_corpus_path, load_article, load_corpus
from fixtures.web.web_server import WEB, clear_proxies, feed_file, serve_web

FAST = FetchLimits(connect_timeout=2, read_timeout=0.5, total_timeout=10, max_bytes=256 * 1024)


@pytest.fixture
def web(monkeypatch):
    clear_proxies(monkeypatch)
    with serve_web() as server:
        yield server


def _add(sources, folder, **options):
    return add_sources(sources, folder, limits=FAST, **options)


def test_page_is_written_as_markdown_that_loads_back(web, tmp_path):
    folder = tmp_path / "articles"
    [result] = _add([f"{web.base}/floods.html"], folder)
    assert result.status == ADDED and result.path.parent == folder
    assert result.path.name.startswith("river-towns-evacuated-worst-floods-in-decades-")
    article = load_article(result.path)
    assert article.title == 'River towns evacuated: "worst floods in decades"'
    assert (article.source, article.url, article.published, article.language) == (
        "The Valley Ledger", f"{web.base}/floods.html", "2024-03-05", "en")
    assert "author: Ana Ruiz" in result.path.read_text(encoding="utf-8")
    assert article.passages[0].text.startswith("Heavy rain pushed the Marrow river")
    assert "Warnings ignored" in [p.text for p in article.passages if p.kind == "heading"]
    assert not any("Advertisement" in p.text or "newsletter" in p.text for p in article.passages)


def test_saved_html_file(tmp_path):
    [result] = _add([str(WEB / "market.html")], tmp_path)
    article = load_article(result.path)
    assert result.status == ADDED
    assert article.url == "https://courier.example/news/harbour-market-reopens"
    assert (article.source, article.published) == ("Coastline Courier", "2024-04-11")


def test_same_address_or_same_text_is_not_added_twice(web, tmp_path):
    first = _add([f"{web.base}/floods.html", str(WEB / "market.html")], tmp_path)
    assert [r.status for r in first] == [ADDED, ADDED]
    again = _add([f"{web.base}/redirect", f"{web.base}/floods.html?utm_source=x#top", f"{web.base}/market.html"],
                 tmp_path)
    assert [r.status for r in again] == [DUPLICATE, DUPLICATE, DUPLICATE]
    assert "same address" in again[0].message and again[0].path == first[0].path
    assert len(list(tmp_path.glob("*.md"))) == 2


def test_same_text_under_another_address_is_a_duplicate(web, tmp_path):
    shutil.copy(WEB / "bridge.html", tmp_path / "copy.html")
    folder = tmp_path / "articles"
    _add([f"{web.base}/bridge.html"], folder)
    [result] = _add([str(tmp_path / "copy.html")], folder)
    assert result.status == DUPLICATE and "same text" in result.message


def test_changed_text_at_a_held_address_is_kept_as_a_version_and_force_still_replaces(web, tmp_path):
    [first] = _add([f"{web.base}/floods.html"], tmp_path)
    first.path.write_text(first.path.read_text(encoding="utf-8").replace("Heavy rain", "Light rain"), encoding="utf-8")
    [again] = _add([f"{web.base}/floods.html"], tmp_path)
    assert again.status == UPDATED and again.path == first.path
    assert "Heavy rain" in first.path.read_text(encoding="utf-8")
    [kept] = (tmp_path / ".versions" / first.path.stem).glob("*.md")
    assert "Light rain" in kept.read_text(encoding="utf-8")
    [same] = _add([f"{web.base}/floods.html"], tmp_path)
    assert same.status == DUPLICATE
    [forced] = _add([f"{web.base}/floods.html"], tmp_path, force=True)
    assert forced.status == ADDED and forced.path == first.path and "replaced" in forced.message
    assert len(list(tmp_path.glob("*.md"))) == 1


def test_existing_file_of_the_same_name_is_not_overwritten(web, tmp_path):
    [first] = _add([f"{web.base}/floods.html"], tmp_path)
    first.path.write_text("not an article any more", encoding="utf-8")  # no longer loads: not a duplicate
    [again] = _add([f"{web.base}/floods.html"], tmp_path)
    assert again.status == EXISTS and "--force" in again.message
    assert first.path.read_text(encoding="utf-8") == "not an article any more"
    [forced] = _add([f"{web.base}/floods.html"], tmp_path, force=True)
    assert forced.status == ADDED and load_article(first.path).source == "The Valley Ledger"


def test_rss_feed_file_adds_each_linked_article(web, tmp_path):
    feed = feed_file("feed_rss.xml", web.base, tmp_path)
    results = _add([str(feed)], tmp_path / "articles")
    assert [(r.source, r.status) for r in results] == [
        (f"{web.base}/market.html", ADDED), (f"{web.base}/bridge.html", ADDED)]
    bridge = load_article(results[1].path)
    assert (bridge.title, bridge.source, bridge.published) == (
        "Old rail bridge to become a footpath", "Northern Post", "2024-04-15")


def test_atom_feed_by_address_uses_entry_content_when_the_page_fails(web, tmp_path):
    results = _add([f"{web.base}/feed_atom.xml"], tmp_path)
    assert [r.status for r in results] == [ADDED, ADDED]
    library = load_article(results[1].path)
    assert library.title == "Library extends opening hours"
    assert (library.source, library.published, library.url) == (
        "Northern Post", "2024-04-16", f"{web.base}/missing-library.html")
    assert "2,300 people signed a petition" in library.passages[0].text
    assert "author: Priya Shah" in results[1].path.read_text(encoding="utf-8")


def test_failures_are_reported_and_the_other_sources_still_go_in(web, tmp_path):
    sources = [f"{web.base}/no_article.html", f"{web.base}/slow", f"{web.base}/huge", f"{web.base}/data.json",
               "file:///etc/hostname", str(tmp_path / "absent.html"), f"{web.base}/floods.html",
               str(WEB / "web_server.py")]
    results = _add(sources, tmp_path / "articles")
    assert [r.source for r in results] == sources
    assert [r.status for r in results] == [FAILED] * 6 + [ADDED, FAILED]
    messages = [r.message for r in results]
    assert "no article text" in messages[0]
    assert "timed out" in messages[1]
    assert "too large" in messages[2]
    assert "unsupported content type 'application/json'" in messages[3]
    assert "only http and https" in messages[4]
    assert "no such file" in messages[5]
    assert "unsupported file '.py'" in messages[7]
    assert all("\n" not in m for m in messages)
    assert len(load_corpus([tmp_path / "articles"]).articles) == 1


def test_progress_reports_each_source_before_and_after(web, tmp_path):
    updates = []
    feed = feed_file("feed_rss.xml", web.base, tmp_path)
    _add([f"{web.base}/floods.html", str(feed)], tmp_path / "articles", progress=updates.append)
    finished = [u for u in updates if u.result is not None]
    assert [u.result.status for u in finished] == [ADDED, ADDED, ADDED]
    assert updates[-1].done == updates[-1].total == 4  # two sources, the feed's two entries
    assert updates[0].result is None and updates[0].done == 0


def test_the_bundled_sample_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="bundled"):
        add_sources([str(WEB / "floods.html")], bundled_corpus_path())
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="not a folder"):
        add_sources([str(WEB / "floods.html")], tmp_path / "file")
