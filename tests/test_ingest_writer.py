"""The Markdown an added article becomes: front matter, passages, escaping, names, duplicate keys."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from caravan_tui.corpus.ingest.extract import ExtractedArticle
from caravan_tui.corpus.ingest.writer import (
    FolderIndex,
    escape_block_start,
    file_name,
    fold_text,
    normalise_url,
    render_markdown,
    slugify,
    text_fingerprint,
)
from caravan_tui.corpus.loader import load_article
from caravan_tui.files import write_atomically

BLOCKS = [
    ("paragraph", "First paragraph of the story, with a figure of 1,200 people."),
    ("heading", "What happened next"),
    ("quote", '"It was terrible," said a witness.'),
    ("list_item", "Roads closed"),
    ("list_item", "Schools shut"),
    ("paragraph", "1. Not a list, just a sentence starting with a number."),
    ("paragraph", "# Not a heading either."),
    ("paragraph", "<div> is not HTML here."),
]


def _article(**fields) -> ExtractedArticle:
    values = {"title": "Floods hit towns", "source": "The Ledger", "url": "https://ledger.example/floods",
              "published": "2024-03-05", "language": "en", "author": "Ana Ruiz", "blocks": BLOCKS}
    values.update(fields)
    return ExtractedArticle(**values)


def _front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_written_file_loads_back_with_every_passage(tmp_path):
    path = tmp_path / "a.md"
    write_atomically(path, render_markdown(_article()))
    article = load_article(path)
    assert (article.title, article.source) == ("Floods hit towns", "The Ledger")
    assert article.url == "https://ledger.example/floods"
    assert (article.published, article.language) == ("2024-03-05", "en")
    assert [p.kind for p in article.passages] == [kind for kind, _ in BLOCKS]
    texts = [p.text for p in article.passages]
    assert texts[:5] == [text for _, text in BLOCKS[:5]]
    assert texts[5:] == ["1\\. Not a list, just a sentence starting with a number.",
                         "\\# Not a heading either.", "\\<div> is not HTML here."]


def test_front_matter_has_author_and_only_known_fields(tmp_path):
    fields = _front_matter(render_markdown(_article(author=None, published=None)))
    assert list(fields) == ["title", "source", "url", "language"]
    assert _front_matter(render_markdown(_article()))["author"] == "Ana Ruiz"


@pytest.mark.parametrize("title", [
    'Mayor: "we will rebuild"', "- a dash first", "---", "yes", "null", "#hashtag: news", "12:30", "'quoted'",
    "Line\\break \\ and {braces} [brackets] & *stars*", "Zürich – naïve café ☕",
])
def test_front_matter_values_are_yaml_safe(tmp_path, title):
    path = tmp_path / "a.md"
    write_atomically(path, render_markdown(_article(title=title, source=title, author=title)))
    assert _front_matter(path.read_text(encoding="utf-8"))["title"] == title
    assert load_article(path).title == title
    assert load_article(path).source == title


def test_consecutive_list_items_make_one_tight_list():
    text = render_markdown(_article())
    assert "- Roads closed\n- Schools shut\n\n1\\." in text
    assert "\n## What happened next\n" in text
    assert '\n> "It was terrible," said a witness.\n' in text


@pytest.mark.parametrize(("text", "escaped"), [
    ("1. a", "1\\. a"), ("3) b", "3\\) b"), ("# x", "\\# x"), ("- y", "\\- y"), ("> q", "\\> q"),
    ("---", "\\---"), ("```code", "\\```code"), ("#hash", "#hash"), ("-5 degrees", "-5 degrees"),
    ("2024 was a year", "2024 was a year"), ("plain", "plain"),
])
def test_escape_block_start(text, escaped):
    assert escape_block_start(text) == escaped


def test_normalise_url_ignores_case_www_port_fragment_tracking_and_trailing_slash():
    same = [
        "https://www.Example.org/news/story/?utm_source=rss&b=2&a=1#top",
        "HTTPS://example.org:443/news/story?a=1&b=2",
        "https://example.org/news/story?fbclid=x&a=1&b=2",
    ]
    assert len({normalise_url(url) for url in same}) == 1
    assert normalise_url("https://example.org/news/story") != normalise_url("https://example.org/news/story2")
    assert normalise_url("http://example.org:8080/a") == "http://example.org:8080/a"


def test_slug_and_file_name():
    assert slugify("'Exodus from poverty': Migrant caravan — día 3!") == "exodus-from-poverty-migrant-caravan-dia-3"
    assert slugify("!!!") == "article"
    long = slugify("word " * 40)
    assert len(long) <= 60 and not long.endswith("-")
    name = file_name(_article())
    assert name.startswith("floods-hit-towns-") and name.endswith(".md")
    assert len(name) == len("floods-hit-towns-") + 8 + len(".md")
    assert file_name(_article(url="https://www.ledger.example/floods/")) == name
    assert file_name(_article(url="https://ledger.example/other")) != name


def test_fold_and_fingerprint_ignore_case_accents_punctuation_and_markup():
    assert fold_text("“Café” — SAID *he*.") == "cafe said he"
    assert text_fingerprint(["Hello, World!", "> Quote"]) == text_fingerprint(["hello world", "quote"])
    assert text_fingerprint(["one"]) != text_fingerprint(["two"])


def test_folder_index_finds_duplicates_by_address_and_by_text(tmp_path):
    path = tmp_path / "a.md"
    write_atomically(path, render_markdown(_article()))
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n", encoding="utf-8")
    index = FolderIndex.of_folder(tmp_path)
    moved = _article(url="https://www.ledger.example/floods#x", blocks=[("paragraph", "x")])
    assert index.duplicate_of(moved, []) == (path, "address")
    assert index.duplicate_of(_article(url="https://other.example/copy"), []) == (path, "text")
    assert index.duplicate_of(_article(url="https://other.example/copy", blocks=[("paragraph", "new")]), []) is None
    assert FolderIndex.of_folder(tmp_path / "missing").by_url == {}


@given(st.text(max_size=60))
@example("\U0001d56c")  # MATHEMATICAL BOLD FRAKTUR CAPITAL A: casefold keeps it, NFKD makes it a capital "A"
def test_fold_text_fast_path_agrees_with_the_general_rule(text):
    import unicodedata

    from caravan_tui.corpus.ingest.writer import fold_text

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    general = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    assert fold_text(text) == " ".join(general.split())
