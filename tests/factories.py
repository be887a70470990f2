"""The one way tests build `Article` objects (instead of a private builder in each test module)."""

from __future__ import annotations

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
