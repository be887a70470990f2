"""Themes: chosen by the environment, the settings file or the terminal; body text plain; styles per theme."""

from __future__ import annotations

from rich.style import Style

from caravan_tui.entity_types import ENTITY_TYPES
from caravan_tui.ui.app import create_app
from caravan_tui.ui.themes import DARK_THEME, LIGHT_THEME, choose_theme, terminal_is_light, theme_setting
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from ui_helpers import make_corpus, settle


def test_the_environment_wins_over_the_settings_file(tmp_path):
    settings = tmp_path / "config.toml"
    settings.write_text('[reader]\ntheme = "dark"\n')
    assert theme_setting({"CARAVAN_TUI_THEME": "light"}, settings) == ("light", None)
    assert theme_setting({}, settings) == ("dark", None)
    assert theme_setting({}, tmp_path / "missing.toml") == ("auto", None)


def test_a_bad_setting_falls_back_to_auto_and_says_why(tmp_path):
    settings = tmp_path / "config.toml"
    settings.write_text('[reader]\ntheme = "purple"\n')
    setting, problem = theme_setting({}, settings)
    assert setting == "auto" and "purple" in problem
    settings.write_text("[reader\n")
    setting, problem = theme_setting({}, settings)
    assert setting == "auto" and "could not be read" in problem
    setting, problem = theme_setting({"CARAVAN_TUI_THEME": "sepia"}, settings)
    assert setting == "auto" and "sepia" in problem


def test_auto_reads_the_terminal_background_from_colorfgbg():
    assert terminal_is_light({"COLORFGBG": "0;15"}) is True
    assert terminal_is_light({"COLORFGBG": "15;default;0"}) is False
    assert terminal_is_light({}) is None
    assert choose_theme("auto", {"COLORFGBG": "0;15"}) is LIGHT_THEME
    assert choose_theme("auto", {}) is DARK_THEME
    assert choose_theme("dark", {"COLORFGBG": "0;15"}) is DARK_THEME


def test_light_styles_avoid_bright_colours_and_figures_are_black_on_yellow_in_both():
    for kind in ENTITY_TYPES.values():
        assert "bright" not in kind.style_on(False).replace("bright_yellow on black", "")
    figure = Style.parse(ENTITY_TYPES["figure"].style_on(False))
    assert figure.reverse and figure.color.name == "bright_yellow" and figure.bgcolor.name == "black"


async def test_article_text_is_drawn_in_the_terminal_foreground_not_bold():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        reader = app.main_screen.query_one(ReadingPane)
        plain_segments = [segment for line in range(reader.size.height)
                          for segment in reader.render_line(line) if segment.text.strip()]
        body = [segment for segment in plain_segments if "walking along the highway" in segment.text]
        assert body, "the body text was not drawn"
        for segment in body:
            style = segment.style or Style()
            assert not style.bold and (style.color is None or style.color.is_default), style


async def test_switching_to_the_light_theme_restyles_the_highlights():
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.main_screen
        article = screen.state.current_article
        dark_styles = {style for spans in screen.state.marks(article)[0].values() for *_, style in spans}
        app.theme = "caravan-light"
        await pilot.pause()
        light_styles = {style for spans in screen.state.marks(article)[0].values() for *_, style in spans}
        assert screen.state.dark is False and dark_styles and light_styles
        assert not any("bright_cyan" in style for style in light_styles)


async def test_help_explains_the_marks_and_the_difference_classes():
    from caravan_tui.diff_classes import DIFF_CLASSES
    from caravan_tui.ui.screens.help import HelpScreen

    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        marks = app.screen.marks_text().plain
        for klass in DIFF_CLASSES.values():
            assert f"{klass.label}: {klass.description}" in marks
        assert "your note" in marks and "Organisation" in marks
