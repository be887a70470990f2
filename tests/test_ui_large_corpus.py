"""The reader on a corpus too large to analyse at once: each story is analysed when it is opened."""

from __future__ import annotations

import pytest

from caravan_tui.ui import reader_state
from caravan_tui.ui.app import create_app
from corpus_generator import generate, write_markdown
from ui_helpers import settle


@pytest.fixture
def many_stories(tmp_path, monkeypatch):
    monkeypatch.setattr(reader_state, "WHOLE_CORPUS_ANALYSIS_UP_TO", 5)
    folder = tmp_path / "articles"
    write_markdown(generate(30, 0)[0], folder)
    return folder


def analysed_ids(state) -> set[str]:
    return {article.id for article in state.analysed}


async def test_only_the_open_story_is_analysed_and_the_next_one_when_opened(many_stories):
    app = create_app(paths=[many_stories])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        state = app.main_screen.state
        first = state.current_article.id
        assert state.by_story and analysed_ids(state) == set(state.story_members(first))
        other = next(article_id for article_id in state.article_order
                     if article_id not in state.story_members(first))
        app.main_screen.open_article(other)
        await settle(app, pilot)
        assert state.is_analysed(other) and not state.is_analysed(first)
        assert analysed_ids(state) == set(state.story_members(other))
        assert state.marks(state.current_article)[1]  # the gutter marks of the story's shared passages


async def test_the_passage_findings_come_from_the_open_story_only(many_stories, monkeypatch):
    from caravan_tui.analysis import findings

    seen: list[int] = []
    original = findings.findings_index

    def recording(analysis, articles):
        seen.append(len(articles))
        return original(analysis, articles)

    monkeypatch.setattr(findings, "findings_index", recording)
    app = create_app(paths=[many_stories])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        state = app.main_screen.state
        state.passage_findings(state.current_article.id, 0)
        assert seen and max(seen) == len(state.story_members(state.current_article.id)) < len(state.corpus.articles)
