"""Bringing articles in: a web page, a saved HTML file, or an RSS/Atom feed, written as Markdown.

    from caravan_tui.corpus.ingest import add_sources
    results = add_sources(["https://example.org/story", "saved.html"], Path("articles"))

Modules: `fetch` (downloads within time and size limits), `extract` (the
article in a page, with trafilatura), `feeds` (RSS/Atom with feedparser),
`writer` (Markdown with front matter, duplicate checks), `sources` (the run).
Importing this package imports none of trafilatura, feedparser or urllib3;
they are loaded when a source is added. Never imports Textual.
"""

from caravan_tui.corpus.ingest.fetch import FetchLimits
from caravan_tui.corpus.ingest.sources import (
    ADDED,
    ALLOW_ADD_ENV,
    DUPLICATE,
    EXISTS,
    FAILED,
    UPDATED,
    AddResult,
    ProgressCallback,
    ProgressUpdate,
    add_sources,
    adding_allowed,
)

__all__ = [
    "ADDED", "ALLOW_ADD_ENV", "DUPLICATE", "EXISTS", "FAILED", "AddResult", "FetchLimits", "ProgressCallback",
    "ProgressUpdate", "UPDATED", "add_sources", "adding_allowed",
]
