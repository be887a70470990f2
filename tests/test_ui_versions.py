"""Versions in the reader: the reading pane says the article was updated, v compares the two versions."""

from __future__ import annotations

from caravan_tui.corpus.ingest.versions import keep_version
from caravan_tui.ui.app import create_app
from caravan_tui.ui.screens.compare import CompareScreen
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import settle

BEFORE = ("Officials estimated the crowd walking north at 7,500 people on Tuesday as it left the border city "
          "before dawn, heading for the capital.")
AFTER = BEFORE.replace("7,500", "about 8,000")


def _write(path, text: str, fetched: str) -> None:
    path.write_text(f"---\ntitle: Crowd grows on its way north\nsource: Daily Alpha\nfetched: '{fetched}'\n---\n\n"
                    f"{text}\n\nAid groups handed out water at the edge of town for the night.\n", encoding="utf-8")


async def test_an_updated_article_says_so_and_v_compares_its_versions(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    story = folder / "crowd.md"
    _write(story, BEFORE, "2023-12-26T10:00:00+00:00")
    keep_version(story)
    _write(story, AFTER, "2023-12-27T08:00:00+00:00")
    app = create_app(paths=[folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        reader = app.main_screen.query_one(ReadingPane)
        assert len(app.main_screen.state.corpus.articles) == 1  # the old version is no article of its own
        assert any("updated · 2 versions" in line for line in reader.lines)
        from caravan_tui.ui.widgets.article_list import ArticleList

        articles = app.main_screen.query_one(ArticleList)
        assert any("(updated)" in articles.render_line(y).text for y in range(articles.size.height))
        reader.focus()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        differences = str(app.screen.query_one("#compare-differences-body").render())
        assert "figure" in differences and "8,000" in differences


async def test_v_on_an_article_with_one_version_says_so(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder / "crowd.md", BEFORE, "2023-12-26T10:00:00+00:00")
    app = create_app(paths=[folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.main_screen.query_one(ReadingPane).focus()
        await pilot.press("v")
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert any("one version" in n.message for n in app._notifications)


async def test_R_refreshes_the_feeds_and_new_articles_appear_unread(tmp_path, monkeypatch):
    from caravan_tui.storage.subscriptions import SubscriptionStore
    from fixtures.web.feed_server import article_html, filler, rss, serve_feeds
    from fixtures.web.web_server import clear_proxies

    clear_proxies(monkeypatch)
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder / "crowd.md", BEFORE, "2023-12-26T10:00:00+00:00")
    with serve_feeds() as server:
        entries = []
        for number in (1, 2):
            server.put(f"/story/{number}", article_html(f"Story number {number}",
                                                        [filler(number), filler(number + 1000)]))
            entries.append((f"Story number {number}", server.url(f"/story/{number}")))
        server.put("/feed.xml", rss("Loopback feed", entries), content_type="application/rss+xml")
        with SubscriptionStore() as store:
            store.add(server.url("/feed.xml"), "Loopback")
        app = create_app(paths=[folder])
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            await pilot.press("R")
            for _ in range(100):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if len(app.main_screen.state.corpus.articles) == 3:
                    break
            await settle(app, pilot)
            state = app.main_screen.state
            assert len(state.corpus.articles) == 3
            assert any("2 new" in n.message for n in app._notifications)
            assert len(state.unread_ids()) == 2  # the new ones are marked unread
