"""Property tests: no input crashes the loader, and passages are always exact source text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from caravan_tui.corpus.loader import ArticleLoadError, article_from_bytes, load_article

#: Text rich in the characters the parsers and cleaning rules react to.
page_text = st.lists(
    st.one_of(
        st.sampled_from(list("\n\n\n\r \t*_#>-:/().![]`\"“”’0123456789")),
        st.sampled_from(["Updated:", "0:00", "Share", "Jane Roe/AFP", "(AP Photo/X)", "---\n", "title: x\n"]),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    ),
    max_size=80,
).map("".join)
any_bytes = st.one_of(st.binary(max_size=400), page_text.map(lambda t: t.encode("utf-8")))


def decoded(data: bytes) -> str:
    return data.decode("utf-8").removeprefix("\ufeff")


def check_indices(article) -> None:
    assert [p.index for p in article.passages] == list(range(len(article.passages)))
    assert all(p.text and p.text == p.text.strip() for p in article.passages)


@settings(max_examples=300, deadline=None)
@given(data=any_bytes)
def test_txt_loader_never_crashes_and_passages_are_substrings(data):
    try:
        article = article_from_bytes(data, Path("page.txt"))
    except ArticleLoadError as error:
        assert error.reason
        return
    source = decoded(data)
    check_indices(article)
    assert article.title and article.title in source
    for passage in article.passages:
        assert passage.text in source


@settings(max_examples=300, deadline=None)
@given(data=any_bytes)
def test_markdown_loader_never_crashes_and_passage_lines_come_from_source(data):
    try:
        article = article_from_bytes(data, Path("page.md"))
    except ArticleLoadError as error:
        assert error.reason
        return
    source = re.sub(r"\r\n?", "\n", decoded(data))
    check_indices(article)
    for passage in article.passages:
        for line in passage.text.splitlines():
            assert line.strip() in source


@settings(max_examples=40, deadline=None)
@given(data=any_bytes, suffix=st.sampled_from([".txt", ".md", ".markdown"]))
def test_load_article_from_disk_gives_article_or_error(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            article = load_article(path)
        except ArticleLoadError:
            return
        assert article.id == "article" and article.path == path
