"""The reader's state answers the main screen's questions without a screen, and results for old corpora are dropped."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from caravan_tui.analysis.pipeline import analyse_corpus
from caravan_tui.ui.reader_state import MARKS_CACHED, ReaderState
from ui_helpers import make_corpus, settle


def _state_with_analysis() -> ReaderState:
    corpus = make_corpus()
    story_of = {article.id: article.story for article in corpus.articles}
    state = ReaderState()
    state.set_corpus(corpus, story_of)
    state.set_order([article.id for article in corpus.articles])
    state.set_analysis(analyse_corpus(corpus.articles, story_of))
    return state


def test_the_reader_state_module_imports_no_textual():
    code = "import sys, caravan_tui.ui.reader_state; print(any(m.startswith('textual') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_stepping_through_articles_wraps_around_in_list_order():
    state = _state_with_analysis()
    assert state.neighbour(+1) == "beta"  # nothing open yet: counted from the first
    state.open("gamma")
    assert state.neighbour(+1) == "alpha" and state.neighbour(-1) == "beta"


def test_story_members_and_outlets_come_from_the_grouping():
    state = _state_with_analysis()
    assert state.story_members("alpha") == ["alpha", "beta"]
    assert [article.id for article in state.other_members("alpha")] == ["beta"]
    assert state.outlet_of("gamma") == "Gamma Post" and state.outlet_of("missing") == "missing"


def test_marks_follow_the_switched_on_types_and_the_cache_stays_bounded():
    state = _state_with_analysis()
    alpha = state.corpus.by_id("alpha")
    highlights, _ = state.marks(alpha)
    assert any(highlights.values()), "the analysis found no entity in the article"
    assert state.marks(alpha)[0] is highlights  # cached
    for name in list(state.enabled_types):
        state.toggle_type(name)
    assert not any(state.marks(alpha)[0].values())
    for number in range(MARKS_CACHED + 5):
        state.toggle_type("person" if number % 2 else "place")
        state.marks(alpha)
    assert len(state._marks) <= MARKS_CACHED


def test_the_source_switch_target_is_the_same_passage_in_the_other_outlet():
    state = _state_with_analysis()
    target = state.source_target("alpha", 0, +1)
    assert target is not None and target.article == "beta" and target.passage == 0


def test_nothing_is_answered_before_the_analysis_is_ready():
    state = ReaderState()
    corpus = make_corpus()
    state.set_corpus(corpus, {article.id: article.story for article in corpus.articles})
    assert state.marks(corpus.articles[0]) == ({}, {})
    assert state.source_target("alpha", 0, 1) is None and state.counterpart_refs("alpha", 0) == []


def test_a_new_generation_forgets_the_analysis():
    state = _state_with_analysis()
    first = state.generation
    assert state.new_generation() == first + 1 and state.analysis is None


async def test_a_result_for_an_older_corpus_is_dropped():
    from caravan_tui.ui.app import create_app
    from caravan_tui.ui.messages import AnalysisReady

    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        current = screen.state.analysis
        assert current is not None
        screen.post_message(AnalysisReady(screen.state.generation - 1, object()))
        await pilot.pause()
        assert screen.state.analysis is current


def test_a_cancelled_analysis_stops_at_its_next_progress_report():
    from caravan_tui.ui.screens.main import AnalysisCancelled, MainScreen

    cancelled = threading.Event()
    screen = MainScreen()
    report = screen._analysis_progress(screen.state.generation, cancelled)
    cancelled.set()
    with pytest.raises(AnalysisCancelled):
        report("entities", 1, 10)


def test_quitting_does_not_wait_for_a_busy_worker_thread():
    from caravan_tui.ui.launch import _worker_threads_finished

    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, args=(30,))
    busy.start()
    try:
        started = time.monotonic()
        assert _worker_threads_finished(0.2) is False
        assert time.monotonic() - started < 5
    finally:
        stop.set()
        busy.join()
    assert _worker_threads_finished(0.2) is True


def test_the_unread_set_kept_in_step_agrees_with_a_recount():
    state = _state_with_analysis()
    alpha, beta = state.corpus.by_id("alpha"), state.corpus.by_id("beta")
    state.set_read_state({"alpha": alpha.content_hash, "beta": "an older text"})
    assert state.unread_ids() == {"beta", "gamma"}  # beta changed since it was read
    state.set_read(beta, True)
    state.set_read(alpha, False)
    recount = {a.id for a in state.corpus.articles if state.is_unread(a)}
    assert state.unread_ids() == recount == {"alpha", "gamma"}
