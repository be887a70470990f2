"""Finding the article in a saved page, and the entries of RSS and Atom feeds."""

from __future__ import annotations

import pytest

from caravan_tui.corpus.ingest.extract import ExtractError, extract_page, html_language
from caravan_tui.corpus.ingest.feeds import FeedError, looks_like_feed, parse_feed
from fixtures.web.web_server import WEB

DEBRIS = ("Advertisement", "Related stories", "Subscribe", "Sign up", "All rights reserved", "Share", "Tweet",
          "Storm season outlook", "Home")


def _page(name: str) -> bytes:
    return (WEB / name).read_bytes()


def test_extracts_headline_outlet_author_date_and_language():
    article = extract_page(_page("floods.html"), url="https://ledger.example/floods")
    assert article.title == 'River towns evacuated: "worst floods in decades"'
    assert (article.source, article.author, article.published, article.language) == (
        "The Valley Ledger", "Ana Ruiz", "2024-03-05", "en")
    assert article.url == "https://ledger.example/floods"


def test_passages_in_order_with_kinds_and_no_page_debris():
    article = extract_page(_page("floods.html"))
    kinds = [kind for kind, _ in article.blocks]
    texts = [text for _, text in article.blocks]
    assert texts[0].startswith("Heavy rain pushed the Marrow river")
    assert ("heading", "Warnings ignored") in article.blocks
    assert kinds.count("quote") == 1 and kinds.count("list_item") == 2
    assert texts[-1].startswith("More rain is expected")
    assert not any(text.startswith(word) for text in texts for word in DEBRIS)
    assert article.title not in texts  # the h1 is the headline, not a passage


def test_saved_page_without_address_takes_its_canonical_address():
    article = extract_page(_page("market.html"))
    assert article.url == article.canonical == "https://courier.example/news/harbour-market-reopens"


def test_page_without_an_article_is_an_error():
    with pytest.raises(ExtractError, match="no article text"):
        extract_page(_page("no_article.html"))


def test_html_language():
    assert html_language(b'<!doctype html><html class="x" lang="pt-BR">') == "pt"
    assert html_language("<html><body>") is None


def test_rss_feed_entries():
    feed = parse_feed(_page("feed_rss.xml"))
    assert (feed.title, feed.language) == ("Coastline Courier", "en")
    assert [e.link for e in feed.entries] == ["{BASE}/market.html", "{BASE}/bridge.html"]
    first = feed.entries[0]
    assert (first.title, first.author, first.published) == (
        "Harbour market reopens after two-year rebuild", "Kofi Mensah", "2024-04-11")


def test_atom_feed_entries_with_full_content():
    feed = parse_feed(_page("feed_atom.xml"))
    assert (feed.title, feed.language) == ("Northern Post", "en")
    library = feed.entries[1]
    assert library.author == "Priya Shah" and library.published == "2024-04-16"
    assert "2,300 people signed a petition" in library.content_html


def test_feed_without_entries_is_an_error():
    with pytest.raises(FeedError, match="no entries"):
        parse_feed(b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>")


@pytest.mark.parametrize(("data", "content_type", "expected"), [
    (b"<?xml version='1.0'?><rss version='2.0'>", "", True),
    (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "application/xml", True),
    (b"anything", "application/atom+xml", True),
    (b"<?xml version='1.0'?><rss>", "text/html", False),
    (b"<!DOCTYPE html><html><body><p>rss</p>", "", False),
    (b"<html><body>", "", False),
])
def test_looks_like_feed(data, content_type, expected):
    assert looks_like_feed(data, content_type) is expected
