"""The one way tests build `Article` objects (instead of a private builder in each test module)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from caravan_tui.corpus.model import Article, Passage, hash_text


def make_article(article_id: str, texts: Sequence[str], *, source: str | None = None, title: str | None = None,
                 kinds: Sequence[str] | None = None, story: str | None = None, folder: str | Path = "",
                 url: str | None = None, published: str | None = None, language: str | None = None) -> Article:
    """An article with one passage per text (all paragraphs unless `kinds` says otherwise).

    The outlet defaults to the id in title case ("alpha" -> "Alpha"), the headline to the id, the
    path to `<folder>/<id>.md`; the content hash is that of the texts, as the loader would give.
    """
    kinds = list(kinds) if kinds is not None else ["paragraph"] * len(texts)
    if len(kinds) != len(texts):
        raise ValueError(f"{len(kinds)} kinds for {len(texts)} texts")
    passages = tuple(Passage(index, kind, text) for index, (kind, text) in enumerate(zip(kinds, texts)))
    return Article(
        id=article_id, path=Path(folder) / f"{article_id}.md", title=article_id if title is None else title,
        source=article_id.title() if source is None else source, passages=passages, url=url,
        published=published, language=language, story=story, content_hash=hash_text("\n".join(texts)),
    )


#: An hour ago: a file this old is trusted by its signature at once (not "racy", see corpus.parsed).
HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


def write_markdown_article(folder: Path, name: str, body: str, *, title: str | None = None,
                           mtime_ns: int | None = HOUR_AGO_NS) -> Path:
    """`folder/name.md` with a title ("Alpha headline" for "alpha"), an outlet and `body`, modified at `mtime_ns`."""
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {title or name.title() + ' headline'}\nsource: Outlet {name}\n---\n\n{body}\n",
                    encoding="utf-8")
    if mtime_ns is not None:
        os.utime(path, ns=(mtime_ns, mtime_ns))
    return path


def folder_of_two_and_a_broken(tmp_path: Path) -> Path:
    """tmp_path/articles: "alpha" and "beta" on one flood, and "broken.md" (bad front matter), all an hour old."""
    folder = tmp_path / "articles"
    folder.mkdir()
    write_markdown_article(folder, "alpha", "The river rose two metres.\n\nSchools closed on Monday.")
    write_markdown_article(folder, "beta", "A second report of the floods, with 3,000 people moved.")
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    os.utime(folder / "broken.md", ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    return folder
