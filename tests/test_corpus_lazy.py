"""Warm loads of large folders: unchanged files are not read again, and lazy articles read their text on use."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from caravan_tui.corpus import lazy, loader
from caravan_tui.corpus.lazy import LazyPassages, PassageStore, StoredParse
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.corpus.model import Passage
from factories import folder_of_two_and_a_broken, write_markdown_article

pytestmark = pytest.mark.usefixtures("fresh_passage_store")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return folder_of_two_and_a_broken(tmp_path)


def described(corpus) -> list[tuple]:
    return [(a.id, a.title, a.source, a.content_hash, a.words, [(p.index, p.kind, p.text) for p in a.passages])
            for a in corpus.articles]


def refuse_reads(monkeypatch) -> None:
    def refuse(path):
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(loader, "_read_capped", refuse)


def test_a_warm_lazy_load_reads_no_file_and_gives_the_same_articles(folder, monkeypatch):
    eager = load_corpus([folder])
    refuse_reads(monkeypatch)
    warm = load_corpus([folder], lazy=True)
    assert all(isinstance(a.passages, LazyPassages) for a in warm.articles)
    assert described(warm) == described(eager)
    assert [str(p) for p in warm.problems] == [str(p) for p in eager.problems]


def test_lazy_passages_are_read_only_when_used(folder):
    load_corpus([folder])
    warm = load_corpus([folder], lazy=True)
    article = warm.by_id("alpha")
    assert article is not None
    assert (article.words, len(article.passages), lazy.STORE.reads) == (9, 2, 0)
    assert article.passages[1].text == "Schools closed on Monday."
    assert list(article.passages)[0].text == "The river rose two metres."
    assert lazy.STORE.reads == 1


def test_a_changed_file_is_read_again(folder):
    load_corpus([folder])
    minute_ago = time.time_ns() - 60 * 10**9
    write_markdown_article(folder, "beta", "The count was revised to 2,500 people.", mtime_ns=minute_ago)
    warm = load_corpus([folder], lazy=True)
    beta = warm.by_id("beta")
    assert beta is not None and beta.passages[0].text == "The count was revised to 2,500 people."


def test_a_signature_recorded_right_after_a_write_is_not_trusted(folder):
    """Same size and modification time, different bytes: only the racy rule catches it."""
    mtime_ns = time.time_ns()
    path = write_markdown_article(folder, "gamma", "Officials said ten.", mtime_ns=mtime_ns)
    load_corpus([folder])  # records gamma's signature within the same second as its write
    path.write_text(path.read_text(encoding="utf-8").replace("ten.", "six."), encoding="utf-8")
    os.utime(path, ns=(mtime_ns, mtime_ns))
    gamma = load_corpus([folder], lazy=True).by_id("gamma")
    assert gamma is not None and gamma.passages[0].text == "Officials said six."


def test_a_lazy_article_whose_text_is_gone_says_so_in_as_many_passages(folder, monkeypatch):
    load_corpus([folder])
    alpha = load_corpus([folder], lazy=True).by_id("alpha")
    assert alpha is not None
    monkeypatch.setattr(PassageStore, "_from_cache", lambda self, stored: None)
    (folder / "alpha.md").unlink()
    texts = [p.text for p in alpha.passages]
    assert len(texts) == 2 and all("could not be read again" in text for text in texts)


def test_a_lazy_article_whose_file_changed_and_left_the_cache_does_not_show_the_new_text(folder, monkeypatch):
    load_corpus([folder])
    alpha = load_corpus([folder], lazy=True).by_id("alpha")
    assert alpha is not None
    monkeypatch.setattr(PassageStore, "_from_cache", lambda self, stored: None)
    write_markdown_article(folder, "alpha", "Rewritten.\n\nEntirely.")
    assert all("changed since it was loaded" in p.text for p in alpha.passages)


def test_the_store_keeps_only_the_most_recently_used_articles(monkeypatch):
    store = PassageStore(limit=2)
    monkeypatch.setattr(PassageStore, "_from_cache", lambda self, stored: [("paragraph", stored.content_hash)])
    refs = [StoredParse(Path(f"{n}.md"), ".md", f"hash{n}") for n in range(3)]
    for ref in refs:
        assert store.passages(ref, 1) == (Passage(0, "paragraph", ref.content_hash),)
    store.passages(refs[2], 1)
    assert store.reads == 3  # the last one was kept
    store.passages(refs[0], 1)
    assert store.reads == 4  # the first one had been dropped


def test_lazy_articles_compare_equal_to_loaded_ones(folder):
    eager = load_corpus([folder])
    warm = load_corpus([folder], lazy=True)
    assert warm.articles == eager.articles
    assert hash(warm.articles[0]) == hash(eager.articles[0])


def count_queries(monkeypatch) -> list[str]:
    """The cache kinds read per file (get_many calls), recorded."""
    from caravan_tui.storage.cache import AnalysisCache

    kinds: list[str] = []
    original = AnalysisCache.get_many

    def recording(self, kind, keys, valid=None):
        kinds.append(kind.split("/")[0])
        return original(self, kind, keys, valid)

    monkeypatch.setattr(AnalysisCache, "get_many", recording)
    return kinds


def test_a_second_lazy_load_answers_every_unchanged_file_from_one_snapshot(folder, monkeypatch):
    (folder / "broken.md").unlink()  # a failed parse has no snapshot entry: it is looked up file by file
    load_corpus([folder])
    first = load_corpus([folder], lazy=True)  # writes the snapshot
    kinds = count_queries(monkeypatch)
    refuse_reads(monkeypatch)
    second = load_corpus([folder], lazy=True)
    assert kinds == ["snapshot"]
    assert described(second) == described(first)


def test_the_snapshot_notices_a_changed_an_added_and_a_removed_file(folder):
    load_corpus([folder], lazy=True)
    load_corpus([folder], lazy=True)
    write_markdown_article(folder, "beta", "A corrected count: 2,900 people.", mtime_ns=time.time_ns() - 60 * 10**9)
    write_markdown_article(folder, "delta", "A new report.")
    (folder / "alpha.md").unlink()
    corpus = load_corpus([folder], lazy=True)
    assert sorted(a.id for a in corpus.articles) == ["beta", "delta"]
    beta = corpus.by_id("beta")
    assert beta is not None and beta.passages[0].text == "A corrected count: 2,900 people."
    again = load_corpus([folder], lazy=True)
    assert described(again) == described(corpus)


def test_a_damaged_snapshot_entry_is_a_miss(folder, monkeypatch):
    from caravan_tui.corpus import parsed

    load_corpus([folder], lazy=True)
    original = parsed.ParseCache.snapshot

    def damaged(self, key):
        entries = original(self, key)
        return {real: entry[:5] + [12345] + entry[6:] if real.endswith("alpha.md") else entry
                for real, entry in entries.items()}

    monkeypatch.setattr(parsed.ParseCache, "snapshot", damaged)
    corpus = load_corpus([folder], lazy=True)
    alpha = corpus.by_id("alpha")
    assert alpha is not None and alpha.passages[0].text == "The river rose two metres."


def test_a_lazy_article_is_pickled_with_its_text(folder):
    """Chunks shipped to workers on other machines must carry the text, not a reference to this cache."""
    import pickle

    load_corpus([folder])
    alpha = load_corpus([folder], lazy=True).by_id("alpha")
    assert alpha is not None
    lazy.STORE.forget()
    shipped = pickle.loads(pickle.dumps(alpha))  # noqa: S301 - our own bytes, just made
    assert isinstance(shipped.passages, tuple) and shipped == alpha


def test_lean_frees_the_text_and_reads_it_again_on_use(folder):
    alpha = load_corpus([folder]).by_id("alpha")
    assert alpha is not None and isinstance(alpha.passages, tuple)
    leaned = lazy.lean(alpha)
    assert isinstance(leaned.passages, LazyPassages) and leaned.words == alpha.words
    assert lazy.STORE.reads == 0
    assert list(leaned.passages) == list(alpha.passages) and lazy.STORE.reads == 1


def test_the_store_follows_the_cache_folder(folder, tmp_path, monkeypatch):
    load_corpus([folder])
    alpha = load_corpus([folder], lazy=True).by_id("alpha")
    assert alpha is not None and alpha.passages[0].text == "The river rose two metres."
    other = tmp_path / "other-cache"
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(other))
    load_corpus([folder])  # the same parses, in the other folder
    beta = load_corpus([folder], lazy=True).by_id("beta")
    assert beta is not None and beta.passages[0].text.startswith("A second report")
    assert (other / "analysis-cache.sqlite3").exists() and lazy.STORE._cache_folder == str(other)
