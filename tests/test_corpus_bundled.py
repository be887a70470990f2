"""The bundled sample corpus: Markdown versions of the raw samples, passage for passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from caravan_tui.corpus.loader import bundled_corpus_path, load_article, load_corpus

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SAMPLES = {
    "000_749070dece7ac021": (
        "The Epoch Times",
        "https://www.theepochtimes.com/us/migrant-caravan-advances-north-as-us-officials-head-to-mexico-5553545",
    ),
    "004_bdaef11c943deee3": (
        "TRT World",
        "https://www.trtworld.com/us-and-canada/exodus-from-poverty-migrant-caravan-slogs-on-through-southern-mexico-16411476",
    ),
}


def test_bundled_corpus_loads_cleanly():
    corpus = load_corpus([bundled_corpus_path()])
    assert corpus.problems == []
    assert sorted(a.id for a in corpus.articles) == sorted(SAMPLES)


@pytest.mark.parametrize("article_id", sorted(SAMPLES))
def test_front_matter_of_each_sample(article_id):
    article = load_article(bundled_corpus_path() / f"{article_id}.md")
    source, url = SAMPLES[article_id]
    assert (article.source, article.url, article.language, article.published) == (source, url, "en", None)


@pytest.mark.parametrize("article_id", sorted(SAMPLES))
def test_markdown_passages_match_the_raw_sample(article_id):
    markdown = load_article(bundled_corpus_path() / f"{article_id}.md")
    raw = load_article(SEEDS / f"{article_id}.txt")
    assert markdown.title == raw.title
    raw_kinds = {p.text: p.kind for p in raw.passages}
    for passage in markdown.passages:
        assert raw_kinds.get(passage.text) == passage.kind, passage.text


def test_kinds_in_the_bundled_samples():
    first = load_article(bundled_corpus_path() / "000_749070dece7ac021.md")
    second = load_article(bundled_corpus_path() / "004_bdaef11c943deee3.md")
    assert [p.kind for p in first.passages].count("caption") == 1
    assert second.passages[0].kind == "standfirst"
    assert [p.text for p in second.passages if p.kind == "heading"] == ["Blinken-Lopez Obrador meeting"]


def test_every_raw_sentence_survives_in_markdown():
    for article_id in SAMPLES:
        markdown_text = (bundled_corpus_path() / f"{article_id}.md").read_text(encoding="utf-8")
        for passage in load_article(SEEDS / f"{article_id}.txt").passages:
            assert passage.text in markdown_text


def test_the_repository_articles_folder_starts_as_the_bundled_samples():
    """`./articles` (the reader's working folder in a clone) holds the same samples the package ships."""
    repo_articles = Path(__file__).parent.parent / "articles"
    for bundled in sorted(bundled_corpus_path().glob("*.md")):
        assert (repo_articles / bundled.name).read_bytes() == bundled.read_bytes()
