"""RSS and Atom feeds: telling a feed from a page, and reading its entries with feedparser.

`looks_like_feed(data, content_type)` decides from the media type, or when
that says nothing (a saved file, `application/xml`), from the first bytes.
`parse_feed(data)` returns the feed's title and language and, per entry, its
link, headline, author, date and any full content it carries (used when the
linked page cannot be fetched). feedparser is imported only when a feed is read.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml")
XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
_SNIFF_BYTES = 2048


class FeedError(Exception):
    """A feed that cannot be read; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    link: str | None
    title: str = ""
    author: str | None = None
    published: str | None = None
    content_html: str | None = None


@dataclass(frozen=True)
class Feed:
    """A feed's title (the outlet), language and entries."""

    title: str = ""
    language: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """Whether a document is an RSS or Atom feed."""
    if content_type in FEED_TYPES:
        return True
    if content_type and content_type not in XML_TYPES:
        return False
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return bool(_FEED_ROOT.search(head)) and not head[:200].lower().startswith((b"<!doctype html", b"<html"))


def parse_feed(data: bytes) -> Feed:
    """The feed in `data`; raises FeedError if it has no entries or cannot be parsed."""
    import feedparser

    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f": {' '.join(str(problem).split())[:160]}" if parsed.get("bozo") and problem else ""
        raise FeedError(f"feed has no entries{reason}")
    info = parsed.feed
    return Feed(
        title=_clean(info.get("title")),
        language=_language(info.get("language")),
        entries=[_entry(entry) for entry in parsed.entries],
    )


def _entry(entry: Any) -> FeedEntry:
    return FeedEntry(
        link=_clean(entry.get("link")) or None,
        title=_clean(entry.get("title")),
        author=_clean(entry.get("author")) or None,
        published=_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        content_html=_content(entry),
    )


def _content(entry: Any) -> str | None:
    """The entry's full HTML content, else its summary, if it carries any."""
    for content in entry.get("content") or []:
        value = content.get("value")
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) and summary.strip() else None


def _date(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _language(code: str | None) -> str | None:
    primary = (code or "").strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


# Discovery ------------------------------------------------------------------

_DISCOVERY_CHARS = 512 * 1024
_MAX_ALTERNATES = 20


def alternate_feeds(html: bytes | str, base_url: str) -> list[str]:
    """The feed addresses a page names in `<link rel="alternate" type="application/rss+xml" href=...>`.

    Absolute addresses, in page order, without repeats; only the first part of a page is read.
    """
    from html.parser import HTMLParser
    from urllib.parse import urljoin

    text = html[:_DISCOVERY_CHARS].decode("utf-8", "replace") if isinstance(html, bytes) else html[:_DISCOVERY_CHARS]
    found: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = {name.lower(): (value or "") for name, value in attrs}
            rel = values.get("rel", "").lower().split()
            kind = values.get("type", "").split(";")[0].strip().lower()
            href = values.get("href", "").strip()
            if tag == "link" and "alternate" in rel and kind in FEED_TYPES and href and len(found) < _MAX_ALTERNATES:
                try:
                    address = urljoin(base_url, href)
                except ValueError:
                    return
                if address not in found:
                    found.append(address)

    parser = Links(convert_charrefs=True)
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):  # html.parser on very broken markup
        pass
    return found
