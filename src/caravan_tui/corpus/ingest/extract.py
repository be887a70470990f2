"""The article inside a web page: headline, outlet, author, date, language and passages.

`extract_page(html, url)` runs trafilatura on the page and walks the XML-like
body it returns, giving passages in reading order: paragraphs, sub-headings
(`heading`), paragraphs of block quotes (`quote`) and list items
(`list_item`). Navigation, adverts, footers and other page furniture are what
trafilatura leaves out. A page with fewer than MIN_ARTICLE_WORDS words of
text is not an article and raises `ExtractError`.

trafilatura (and lxml under it) is imported only when a page is extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

MIN_ARTICLE_WORDS = 30

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_BLOCK_KINDS = {"p": "paragraph", "head": "heading", "item": "list_item"}


class ExtractError(Exception):
    """A page in which no article could be found; the message says why."""


@dataclass(frozen=True)
class ExtractedArticle:
    """One article as extracted: metadata and (kind, text) passages.

    `url` is the address it was fetched from (for a saved page, the page's own
    canonical address, if it names one); `canonical` the address the page names.
    """

    title: str
    source: str = ""
    url: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    canonical: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)
    modified: str | None = None  # when the page says it was last changed (ISO), if it does
    fetched: str | None = None  # when it was fetched (ISO, UTC), for versions

    @property
    def words(self) -> int:
        return sum(len(text.split()) for kind, text in self.blocks if kind != "heading")

    def filled_from(self, other: ExtractedArticle) -> ExtractedArticle:
        """This article with its missing metadata taken from `other` (e.g. a feed entry)."""
        return replace(
            self,
            title=self.title or other.title,
            source=self.source or other.source,
            url=self.url or other.url,
            published=self.published or other.published,
            language=self.language or other.language,
            author=self.author or other.author,
            modified=self.modified or other.modified,
            fetched=self.fetched or other.fetched,
        )


def one_line(text: str | None) -> str:
    """`text` with every run of whitespace made one space, stripped."""
    return " ".join((text or "").split())


def html_language(html: bytes | str) -> str | None:
    """The primary language subtag of `<html lang=...>`, lower case, if the page states one."""
    head = html[:20000] if isinstance(html, bytes) else html[:20000].encode("utf-8", "replace")
    found = _HTML_LANG.search(head)
    return found.group(1).decode("ascii").lower() if found else None


_MODIFIED = re.compile(
    rb"""(?:property|name|itemprop)\s*=\s*["'](?:article:modified_time|og:updated_time|dateModified|last-modified)["']"""
    rb"""[^>]{0,200}?content\s*=\s*["']([0-9][0-9T:.+\-Z ]{9,39})["']"""
    rb'|"dateModified"\s*:\s*"([0-9][0-9T:.+\-Z ]{9,39})"',
    re.IGNORECASE,
)
_MODIFIED_SCAN = 200_000


def modified_date(html: bytes | str) -> str | None:
    """The page's own "last modified" date (meta tag or JSON-LD dateModified), as written, if it gives one."""
    head = html[:_MODIFIED_SCAN] if isinstance(html, bytes) else html[:_MODIFIED_SCAN].encode("utf-8", "replace")
    found = _MODIFIED.search(head)
    if not found:
        return None
    return (found.group(1) or found.group(2)).decode("ascii").strip()


def extract_page(html: bytes | str, url: str | None = None) -> ExtractedArticle:
    """The article in `html` (fetched from `url`, if known); raises ExtractError."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or isinstance(document, dict) or document.body is None:
        raise ExtractError("no article text found on the page")
    title = one_line(document.title)
    blocks = [block for block in body_blocks(document.body) if not _repeats(block, title)]
    article = ExtractedArticle(
        title=title,
        source=_outlet(document),
        url=url or one_line(document.url) or None,
        canonical=one_line(document.url) or None,
        published=one_line(document.date) or None,
        language=html_language(html) or (one_line(document.language) or None),
        author=one_line(document.author) or None,
        blocks=blocks,
        modified=modified_date(html),
    )
    return checked(article)


def checked(article: ExtractedArticle) -> ExtractedArticle:
    """`article` if it has enough text to be an article; else ExtractError."""
    if article.words < MIN_ARTICLE_WORDS:
        found = f"only {article.words} words" if article.words else "none"
        raise ExtractError(f"no article text found on the page ({found}; at least {MIN_ARTICLE_WORDS} needed)")
    return article


def body_blocks(body: Any) -> list[tuple[str, str]]:
    """(kind, text) for each text block of trafilatura's body element, in order."""
    blocks: list[tuple[str, str]] = []
    for element in body.iter("p", "head", "item"):
        kind = _BLOCK_KINDS[element.tag]
        if kind == "paragraph" and _inside(element, "item"):
            continue  # a paragraph inside a list item: the item gives the text
        if kind == "paragraph" and _inside(element, "quote"):
            kind = "quote"
        text = one_line(_own_text(element))
        if text:
            blocks.append((kind, text))
    return blocks


def _own_text(element: Any) -> str:
    """The text of `element` without that of lists nested in it (their items are passages too)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _inside(element: Any, tag: str) -> bool:
    return any(ancestor.tag == tag for ancestor in element.iterancestors())


def _repeats(block: tuple[str, str], title: str) -> bool:
    """A heading that repeats the headline (the page's own h1)."""
    return block[0] == "heading" and block[1].casefold() == title.casefold()


def _outlet(document: Any) -> str:
    """The site name the page states; "" when trafilatura only had the host name to go on."""
    sitename = one_line(document.sitename)
    return "" if sitename.removeprefix("www.") == one_line(document.hostname).removeprefix("www.") else sitename
