"""Cached analyses key on a fingerprint of the code that produced them: changed code never gets old results."""

from __future__ import annotations

import importlib
import sys
import textwrap

from caravan_tui.analysis.entities import analyse_entities, cache_kind, get_engine
from caravan_tui.analysis.fingerprint import code_fingerprint, module_files
from caravan_tui.analysis.pipeline import alignment_kind
from caravan_tui.storage.cache import AnalysisCache
from ui_helpers import make_article

ENGINE_SOURCE = '''
from caravan_tui.analysis.entities.base import Span

class WordEngine:
    """Marks the word {word!r} as a {kind}."""
    name = "word-engine"
    version = "1"
    fingerprint_modules = ("word_engine_for_test",)
    fingerprint_data = ()

    def recognise(self, text):
        start = text.find({word!r})
        return [Span(start, start + len({word!r}), {kind!r}, {word!r})] if start >= 0 else []

    def recognise_many(self, texts):
        return [self.recognise(text) for text in texts]
'''


def _write_engine(folder, word: str, kind: str):
    (folder / "word_engine_for_test.py").write_text(textwrap.dedent(ENGINE_SOURCE.format(word=word, kind=kind)))
    importlib.invalidate_caches()
    code_fingerprint.cache_clear()
    if "word_engine_for_test" in sys.modules:
        return importlib.reload(sys.modules["word_engine_for_test"]).WordEngine()
    return importlib.import_module("word_engine_for_test").WordEngine()


def test_changing_an_engines_code_makes_its_cached_spans_miss(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    article = make_article("a1", "Outlet", "Headline", ["Maria Lopez met Lisbon officials."])
    with AnalysisCache(tmp_path / "cache.sqlite3") as cache:
        first = _write_engine(tmp_path, "Maria Lopez", "person")
        found = analyse_entities([article], first, cache=cache)
        assert [m.text for m in found.mentions_in("a1", 0)] == ["Maria Lopez"]
        kind_before = cache_kind(first)
        changed = _write_engine(tmp_path, "Lisbon", "place")  # same name and version, other code
        assert cache_kind(changed) != kind_before
        found = analyse_entities([article], changed, cache=cache)
        assert [(m.text, m.type) for m in found.mentions_in("a1", 0)] == [("Lisbon", "place")]
    sys.modules.pop("word_engine_for_test", None)


def test_the_rules_engine_and_the_alignment_key_on_their_code():
    kind = cache_kind(get_engine("rules"))
    assert kind.startswith("entities/rules/") and len(kind.split("/")) == 4
    assert alignment_kind().startswith("alignment/")
    assert module_files("caravan_tui.analysis.entities")  # the package's sources are found
    assert module_files("no_such_module_here") == []


def test_a_fingerprint_changes_with_a_files_content(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "fp_module_for_test.py").write_text("A = 1\n")
    importlib.invalidate_caches()
    code_fingerprint.cache_clear()
    before = code_fingerprint(("fp_module_for_test",))
    (tmp_path / "fp_module_for_test.py").write_text("A = 2\n")
    code_fingerprint.cache_clear()
    assert code_fingerprint(("fp_module_for_test",)) != before
