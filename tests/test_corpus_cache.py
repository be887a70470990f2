"""The parse cache: warm loads give the same articles without parsing, and never a wrong one."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from caravan_tui.corpus import loader, parsed
from caravan_tui.corpus.loader import bundled_corpus_path, load_article, load_corpus
from caravan_tui.corpus.parsed import ParsedArticle, ParseFailure, outcome_from_json, outcome_to_json

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
MARKDOWN = """---
title: Floods close the river road
source: Test Outlet
published: 2024-03-01
story: floods
---
*The river rose two metres overnight, officials said.*

Water covered the road by dawn.

> "We have never seen it this high," a resident said.

- Schools are closed.
- Buses are diverted.

![Volunteers fill sandbags. Jane Roe/Agency](sandbags.jpg)

## What comes next

More rain is expected on Friday.
"""
TEXT = "A headline for a test\n\nBy Jane Roe\n\nThe first paragraph of the test article.\n"
BAD_FRONT_MATTER = "---\ntitle: [unclosed\n---\nBody text.\n"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "floods.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "plain.txt").write_text(TEXT, encoding="utf-8")
    (folder / "broken.md").write_text(BAD_FRONT_MATTER, encoding="utf-8")
    return folder


def cache_file() -> Path:
    return Path(os.environ["CARAVAN_TUI_CACHE_DIR"]) / "analysis-cache.sqlite3"


def parsed_rows() -> list[tuple[str, str, str]]:
    with sqlite3.connect(cache_file()) as connection:
        return connection.execute(
            "SELECT kind, key, value FROM entries WHERE kind LIKE 'parsed/%' ORDER BY key").fetchall()


def set_value(key: str, value: str) -> None:
    with sqlite3.connect(cache_file()) as connection:
        connection.execute("UPDATE entries SET value = ? WHERE key = ?", (value, key))


def forbid_parsing(monkeypatch) -> None:
    def fail(source: str) -> ParsedArticle:
        raise AssertionError("parsed although the cache holds the file")

    for suffix in loader.PARSERS:
        monkeypatch.setitem(loader.PARSERS, suffix, fail)


def uncached(paths: list[Path]):
    """Articles and problem reasons of a load that bypasses the cache, file by file."""
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setattr(parsed.ParseCache, "open", classmethod(lambda cls: None))
        corpus = load_corpus(paths)
    return corpus.articles, [(p.path, p.reason) for p in corpus.problems]


def loaded(paths: list[Path]):
    corpus = load_corpus(paths)
    return corpus.articles, [(p.path, p.reason) for p in corpus.problems]


@pytest.mark.parametrize("corpus", ["own", "seeds", "bundled"])
def test_cold_and_warm_loads_give_the_same_articles_as_an_uncached_load(corpus_dir, corpus):
    paths = [{"own": corpus_dir, "seeds": SEEDS, "bundled": bundled_corpus_path()}[corpus]]
    expected = uncached(paths)
    assert len(expected[0]) == 2 and len(expected[1]) == (corpus == "own")
    assert loaded(paths) == expected  # cold: parses and fills the cache
    assert parsed_rows()
    assert loaded(paths) == expected  # warm: from the cache


def test_warm_load_does_not_parse(corpus_dir, monkeypatch):
    expected = loaded([corpus_dir])
    forbid_parsing(monkeypatch)
    assert loaded([corpus_dir]) == expected


def test_bad_front_matter_is_reported_the_same_from_the_cache(corpus_dir, monkeypatch):
    cold = dict(loaded([corpus_dir])[1])
    forbid_parsing(monkeypatch)
    warm = dict(loaded([corpus_dir])[1])
    assert warm == cold
    assert "malformed YAML front matter" in warm[corpus_dir / "broken.md"]


def test_load_article_alone_matches_the_cached_corpus(corpus_dir):
    load_corpus([corpus_dir])
    warm = load_corpus([corpus_dir])
    assert warm.by_id("floods") == load_article(corpus_dir / "floods.md")
    assert warm.by_id("plain") == load_article(corpus_dir / "plain.txt")


def test_a_changed_file_is_parsed_again(corpus_dir):
    load_corpus([corpus_dir])
    (corpus_dir / "plain.txt").write_text(TEXT.replace("first paragraph", "revised paragraph"), encoding="utf-8")
    article = load_corpus([corpus_dir]).by_id("plain")
    assert [p.text for p in article.passages] == ["The revised paragraph of the test article."]


def test_same_bytes_in_another_format_are_not_taken_from_the_cache(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n*Emphasised words only here.*\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes((tmp_path / "a.md").read_bytes())
    expected = uncached([tmp_path])
    load_corpus([tmp_path])
    assert loaded([tmp_path]) == expected


@pytest.mark.parametrize("damage", [
    lambda value: value.replace("Water covered the road", "Water covered the town"),  # valid JSON, wrong text
    lambda value: value[: len(value) // 2],                                         # not JSON
    lambda value: json.dumps({"parsed": {"error": "bad"}, "check": "0" * 32}),         # an invented failure
    lambda value: json.dumps([1, 2, 3]),                                               # wrong shape
])
def test_a_damaged_entry_is_a_miss_and_the_file_is_parsed_again(corpus_dir, damage):
    expected = uncached([corpus_dir])
    load_corpus([corpus_dir])
    (_, key, value), = [row for row in parsed_rows() if row[1].startswith(".md:") and "Water" in row[2]]
    set_value(key, damage(value))
    assert loaded([corpus_dir]) == expected
    assert loaded([corpus_dir]) == expected  # and the entry was rewritten


def test_a_new_parser_version_misses(corpus_dir, monkeypatch):
    load_corpus([corpus_dir])
    monkeypatch.setattr(parsed, "parser_fingerprint", lambda: "another-parser")
    calls = []
    original = loader.PARSERS[".md"]
    monkeypatch.setitem(loader.PARSERS, ".md", lambda source: calls.append(source) or original(source))
    load_corpus([corpus_dir])
    assert len(calls) == 2


def test_an_unusable_cache_folder_means_loading_without_cache(corpus_dir, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(not_a_folder / "cache"))
    expected = uncached([corpus_dir])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert loaded([corpus_dir]) == expected
        assert loaded([corpus_dir]) == expected


def test_a_cache_file_that_is_not_a_database_does_not_break_loading(corpus_dir):
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(b"this is not SQLite" * 100)
    expected = uncached([corpus_dir])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the analysis cache warns that it moved the file aside
        assert loaded([corpus_dir]) == expected
    assert loaded([corpus_dir]) == expected


def test_outcomes_round_trip_through_json():
    article = ParsedArticle("Title", {"source": "Outlet"}, [("standfirst", "Summary."), ("paragraph", "Text.")])
    assert outcome_from_json(json.loads(json.dumps(outcome_to_json(article)))) == article
    failure = ParseFailure("malformed YAML front matter (line 2): oops")
    assert outcome_from_json(outcome_to_json(failure)) == failure


def test_an_outcome_with_an_unknown_passage_kind_is_rejected():
    value = outcome_to_json(ParsedArticle("Title", {}, [("paragraph", "Text.")]))
    value["parsed"]["blocks"][0][0] = "sidebar"
    value["check"] = parsed._checksum(ParsedArticle("Title", {}, [("sidebar", "Text.")]))  # a valid checksum
    assert outcome_from_json(value) is None


@pytest.mark.slow  # a fresh interpreter, or thousands of files
def test_a_warm_start_imports_neither_markdown_it_nor_yaml(corpus_dir):
    script = (
        "import sys\n"
        "from caravan_tui.corpus.loader import load_corpus\n"
        f"corpus = load_corpus([{str(corpus_dir)!r}])\n"
        "print(len(corpus.articles),\n"
        "      sorted(m for m in ('markdown_it', 'yaml', 'mdit_py_plugins') if m in sys.modules))\n"
    )
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0].split(None, 1) == ["2", "['markdown_it', 'mdit_py_plugins', 'yaml']\n"]
    assert runs[1] == "2 []\n"
