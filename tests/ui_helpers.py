"""Deterministic corpora and small helpers for the reader's Pilot and snapshot tests."""

from __future__ import annotations

import factories
from caravan_tui.corpus.model import Article, Corpus, LoadProblem

WIRE = (
    "The caravan of several thousand people set off before dawn from the southern city, "
    "walking along the highway towards the north."
)


def make_article(article_id: str, source: str, title: str, texts: list[str], story: str = "caravan",
                 kinds: list[str] | None = None) -> Article:
    """factories.make_article with what the reader shows filled in (address, date, language, story)."""
    return factories.make_article(article_id, texts, source=source, title=title, kinds=kinds, story=story,
                                  folder="/corpus", url=f"https://example.org/{article_id}",
                                  published="2023-12-26", language="en")


def make_corpus(problems: list[LoadProblem] | None = None) -> Corpus:
    """Three articles in two stories; passages long enough to wrap."""
    first = make_article("alpha", "Daily Alpha", "Caravan sets off north", [
        WIRE,
        "Officials said 6,000 people joined the march on Tuesday.",
        "Some walkers carried children on their shoulders in the heat.",
        "Aid groups handed out water at the edge of the town.",
        "The march is expected to reach the next city by Friday.",
    ], kinds=["standfirst", "paragraph", "paragraph", "caption", "paragraph"])
    second = make_article("beta", "Beta News", "Thousands walk through southern Mexico", [
        WIRE.replace("several thousand", "about 6,500"),
        "Officials said 6,500 people joined the march.",
        "Talks between the two governments are planned for Wednesday.",
    ])
    third = make_article("gamma", "Gamma Post", "Storm season ends early", [
        "The storm season ended early this year, forecasters said.",
    ], story="weather")
    return Corpus(articles=[first, second, third], problems=list(problems or []))


def many_passages_corpus(count: int = 60) -> Corpus:
    texts = [f"Passage number {n}. " + WIRE for n in range(count)]
    return Corpus(articles=[make_article("long", "Long Read", "A very long article", texts)])


async def settle(app, pilot) -> None:
    """Wait for the loading and analysis workers and the screen updates they trigger."""
    for _ in range(200):  # the analysis worker starts only after the first paint
        await app.workers.wait_for_complete()
        await pilot.pause()
        state = app.main_screen.state
        if state.analysis is not None or (app.first_paint_at is not None and not state.corpus.articles):
            break
    await pilot.pause()


def offered_scopes(app) -> frozenset[str]:
    """The binding scopes the command palette offers over the current screen."""
    from caravan_tui.ui.commands import palette_scopes

    return palette_scopes([*app.COMMANDS, *app.screen.COMMANDS])
