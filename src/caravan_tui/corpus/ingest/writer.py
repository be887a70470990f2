"""Writing an extracted article as Markdown with YAML front matter, and knowing what a folder holds.

The file format is that of the bundled samples (see `markdown_loader`): front
matter with title, source, url, published (ISO date), language and author
(each only when known, dumped with `yaml.safe_dump`), then one passage per
paragraph: `## ` for sub-headings, `> ` for quotes, `- ` for list items.
A passage that would otherwise start a Markdown construct ("# ", "1. ",
"> ", "<div", ...) has its first character escaped.

The file is named `<slug of the headline>-<8 hex digits of the address>.md`.
`FolderIndex` knows the normalised addresses and the folded-text fingerprints
of the articles already in a folder, so the same article is not added twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from caravan_tui.corpus.ingest.extract import ExtractedArticle
from caravan_tui.corpus.ingest.fetch import stored_address

MAX_SLUG_CHARS = 60
FRONT_MATTER_ORDER = ("title", "source", "url", "published", "language", "author", "modified", "fetched")

_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|src)$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")  # NFKD after casefold can give capitals (𝕬 -> A)
#: Line starts that Markdown would read as something other than a paragraph.
_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|<|`{3}|~{3}|={3,}\s*$|(?:[-*_]\s*){3,}$)")
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(\s|$)")
_KIND_PREFIX = {"heading": "## ", "quote": "> ", "list_item": "- ", "paragraph": ""}


def normalise_url(url: str) -> str:
    """An address reduced for comparison: lower-case scheme and host, no www., credentials, default port,
    fragment, tracking parameters or trailing slash; query parameters sorted. A malformed address
    (a bad IPv6 host, a port out of range) is returned stripped, never an error."""
    try:
        parts = urlsplit(url.strip())
        given_port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    port = given_port if given_port and given_port != _DEFAULT_PORTS.get(scheme) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING_PARAMS.match(k)))
    return urlunsplit((scheme, netloc, path, query, ""))


def fold_text(text: str) -> str:
    """Text reduced for comparison: no accents, case, punctuation or Markdown marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():  # the common case, ten times faster: ASCII has no combining marks
        return " ".join(_NOT_ASCII_ALNUM.sub(" ", decomposed).split())
    letters = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())


def text_fingerprint(passages: list[str]) -> str:
    """A hash of the folded body text of an article's passages."""
    folded = fold_text(" ".join(passages))
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=16).hexdigest()


def slugify(text: str) -> str:
    """A lower-case ASCII slug of `text`, cut at a word boundary, or "article"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS + 1].rsplit("-", 1)[0] or slug[:MAX_SLUG_CHARS]
    return slug or "article"


def file_name(article: ExtractedArticle) -> str:
    """`<slug>-<hash>.md`: the hash of the normalised address, or of the text when there is none."""
    key = normalise_url(article.url) if article.url else text_fingerprint([t for _, t in article.blocks])
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()
    return f"{slugify(article.title)}-{digest}.md"


def escape_block_start(text: str) -> str:
    """`text` escaped where its start would be read as Markdown markup ("# ", "> ", "1. " ...)."""
    if _ORDERED_MARKER.match(text):
        return _ORDERED_MARKER.sub(r"\1\\\2\3", text, count=1)
    return "\\" + text if _BLOCK_START.match(text) else text


def front_matter(article: ExtractedArticle) -> str:
    """The YAML front matter block; the address only when well-formed http(s), and without credentials."""
    values = {name: getattr(article, name) for name in FRONT_MATTER_ORDER}
    values["url"] = stored_address(article.url)
    fields = {name: value for name, value in values.items() if value}
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=float("inf"))
    return f"---\n{dumped}---\n"


def render_markdown(article: ExtractedArticle) -> str:
    """The whole file: front matter, then the passages separated by blank lines."""
    parts: list[str] = []
    for position, (kind, text) in enumerate(article.blocks):
        if position:
            # Consecutive list items make one tight list; other passages are paragraphs apart.
            tight = kind == "list_item" and article.blocks[position - 1][0] == "list_item"
            parts.append("\n" if tight else "\n\n")
        parts.append(_KIND_PREFIX.get(kind, "") + escape_block_start(text))
    body = "".join(parts)
    return f"{front_matter(article)}\n{body}\n"


@dataclass
class FolderIndex:
    """The addresses and text fingerprints of the articles in a folder, and their files."""

    by_url: dict[str, Path] = field(default_factory=dict)
    by_text: dict[str, Path] = field(default_factory=dict)
    fingerprints: dict[Path, str] = field(default_factory=dict)  # each file's text, as last written or read

    @classmethod
    def of_folder(cls, folder: Path) -> FolderIndex:
        from caravan_tui.corpus.loader import load_corpus

        index = cls()
        if folder.is_dir():
            for article in load_corpus([folder]).articles:
                index.remember(article.path, [p.text for p in article.passages], [article.url])
        return index

    def remember(self, path: Path, passages: list[str], urls: list[str | None]) -> None:
        fingerprint = text_fingerprint(passages)
        self.by_text.setdefault(fingerprint, path)
        self.fingerprints[path] = fingerprint
        for url in filter(None, urls):
            self.by_url.setdefault(normalise_url(url), path)

    def duplicate_of(self, article: ExtractedArticle, urls: list[str | None]) -> tuple[Path, str] | None:
        """The file already holding this article, and why ("address" or "text"), if any."""
        for url in filter(None, [article.url, article.canonical, *urls]):
            found = self.by_url.get(normalise_url(url))
            if found:
                return found, "address"
        found = self.by_text.get(text_fingerprint([text for _, text in article.blocks]))
        return (found, "text") if found else None
