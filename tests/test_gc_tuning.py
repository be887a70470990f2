"""Loads run with rarer young collections, and the thresholds come back after, whatever happens inside."""

from __future__ import annotations

import gc

import pytest

from caravan_tui.gc_tuning import LOAD_YOUNG_THRESHOLD, fewer_collections


def test_young_collections_are_rarer_inside_and_as_before_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == (LOAD_YOUNG_THRESHOLD, *before[1:])
        with fewer_collections():  # nested: no change
            assert gc.get_threshold() == (LOAD_YOUNG_THRESHOLD, *before[1:])
        assert gc.get_threshold() == (LOAD_YOUNG_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("a load that failed")
    assert gc.get_threshold() == before


def test_a_command_loads_with_rarer_collections(monkeypatch, tmp_path):
    from caravan_tui.cli import main
    from caravan_tui.corpus import loader

    seen = []
    real = loader.load_corpus
    monkeypatch.setattr(loader, "load_corpus", lambda *args, **kwargs: seen.append(gc.get_threshold()[0])
                        or real(*args, **kwargs))
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n\nOne passage.\n", encoding="utf-8")
    assert main(["list", str(tmp_path)]) == 0
    assert seen == [LOAD_YOUNG_THRESHOLD] and gc.get_threshold()[0] != LOAD_YOUNG_THRESHOLD


def test_what_forked_workers_share_is_frozen_while_they_run_and_only_then():
    from caravan_tui.gc_tuning import frozen_while_forking

    assert gc.get_freeze_count() == 0
    shared = [object() for _ in range(100)]
    with frozen_while_forking():
        assert gc.get_freeze_count() >= len(shared)
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_objects_itself_keeps_them_frozen():
    from caravan_tui.gc_tuning import frozen_while_forking

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with frozen_while_forking():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()


def test_the_entities_command_runs_with_rarer_collections(monkeypatch, tmp_path):
    from caravan_tui import analysis
    from caravan_tui.cli import main

    seen = []
    real = analysis.entities.analyse_entities
    monkeypatch.setattr(analysis.entities, "analyse_entities",
                        lambda *args, **kwargs: seen.append(gc.get_threshold()[0]) or real(*args, **kwargs))
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n\nJane Roe spoke in Paris.\n", encoding="utf-8")
    assert main(["entities", str(tmp_path), "--json", "--no-cache"]) == 0
    assert seen == [LOAD_YOUNG_THRESHOLD] and gc.get_threshold()[0] != LOAD_YOUNG_THRESHOLD
