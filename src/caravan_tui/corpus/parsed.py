"""What a format parser hands to the loader: a headline, front-matter fields and passage blocks.

The parsers (`text_loader`, `markdown_loader`) know one file format each and
nothing about files on disk; `loader` turns a `ParsedArticle` into an `Article`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ParsedArticle:
    """A parsed document: its headline, metadata fields and (kind, text) blocks in order."""

    title: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    blocks: list[tuple[str, str]] = field(default_factory=list)
