"""Full garbage collections move to a timer once the analysis is loaded, and come back when the reader exits."""

from __future__ import annotations

import gc

from caravan_tui.gc_tuning import LOAD_YOUNG_THRESHOLD
from caravan_tui.ui import collector
from caravan_tui.ui.app import create_app
from ui_helpers import make_corpus, settle


async def test_full_collections_are_taken_over_while_the_reader_runs_and_given_back_after():
    before = gc.get_threshold()
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.collector.running
        young, middle, full = gc.get_threshold()
        assert (young, middle) == before[:2] and full > 1_000_000  # automatic full collections are off
        timers = [timer for timer in app._timers if timer.name == "full garbage collection"]
        assert len(timers) == 1 and timers[0]._interval == collector.LOOK_EVERY
    assert gc.get_threshold() == before
    assert not app.collector.running


def test_stop_without_start_changes_nothing():
    before = gc.get_threshold()
    collector.QuietCollector().stop()
    assert gc.get_threshold() == before


async def test_the_timer_runs_full_collections(monkeypatch):
    monkeypatch.setattr(collector, "FULL_COLLECTION_EVERY", 0.05)
    monkeypatch.setattr(collector, "QUIET_AFTER_INPUT", 0.05)
    monkeypatch.setattr(collector, "LOOK_EVERY", 0.05)
    full: list[int] = []

    def count(phase, info):
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        gc.callbacks.append(count)
        try:
            for _ in range(100):  # up to ~5 s on a loaded machine; usually the first pause is enough
                await pilot.pause(0.05)
                if full:
                    break
        finally:
            gc.callbacks.remove(count)
    assert full, "no full collection ran from the timer"


async def test_startup_thresholds_last_until_the_first_paint():
    before = gc.get_threshold()
    collector.STARTUP.begin()
    try:
        assert gc.get_threshold() == (LOAD_YOUNG_THRESHOLD, *before[1:])
        app = create_app(corpus=make_corpus())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            assert app.first_paint_at is not None
            assert not collector.STARTUP.active
            assert gc.get_threshold()[:2] == before[:2]  # the young threshold is back (full ones: the quiet timer)
    finally:
        collector.STARTUP.end()
    assert gc.get_threshold() == before


def test_startup_end_without_begin_changes_nothing():
    before = gc.get_threshold()
    collector.STARTUP.end()
    assert gc.get_threshold() == before and not collector.STARTUP.active



class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_full_collection_waits_for_a_pause_in_the_input():
    clock = Clock()
    quiet = collector.QuietCollector(clock)
    clock.now += collector.FULL_COLLECTION_EVERY - 0.1
    assert not quiet.is_due()  # too soon after the last one
    clock.now += 0.2
    assert quiet.is_due()  # no input since: due
    quiet.input_seen()
    clock.now += collector.QUIET_AFTER_INPUT / 2
    assert not quiet.is_due()  # keys are coming
    clock.now += collector.QUIET_AFTER_INPUT
    assert quiet.is_due()  # they stopped


def test_a_full_collection_is_not_put_off_for_ever():
    clock = Clock()
    quiet = collector.QuietCollector(clock)
    while clock.now < 1000.0 + collector.MOST_DEFERRED:
        quiet.input_seen()  # a key held down
        assert not quiet.is_due()
        clock.now += 0.05
    quiet.input_seen()
    assert quiet.is_due()
    quiet.collect()
    assert not quiet.is_due()


async def test_the_app_reports_keys_to_its_collector():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = app.collector._last_input
        await pilot.pause(0.05)
        await pilot.press("j")
        assert app.collector._last_input > before
