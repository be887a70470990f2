"""Issue #12 item 9: a hostile keymap file (deep nesting, 100,000 ids, a 4 MB value) is one notice, not a hang."""

from __future__ import annotations

from caravan_tui.ui.app import create_app
from caravan_tui.ui.keymap import (
    MAX_FILE_BYTES,
    MAX_PROBLEMS_LISTED,
    MAX_VALUE_CHARS,
    load_keymap,
    read_keymap,
)
from caravan_tui.ui.widgets.reading_pane import ReadingPane
from test_ui_keymap import write_keymap
from ui_helpers import make_corpus, settle

KNOWN = ["reader.next_passage", "app.quit"]


def test_deep_nesting_is_a_problem_not_a_recursion_error(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text("x = " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    assert path.stat().st_size <= MAX_FILE_BYTES  # small enough to be parsed: the parser itself must be guarded
    keymap, problems = read_keymap(path, KNOWN)
    assert keymap == {} and len(problems) == 1 and "nested too deeply" in problems[0]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"app.quit" = "' + "q," * 2_000_000 + 'q"\n', encoding="utf-8")  # 4 MB
    keymap, problems = read_keymap(path, KNOWN)
    assert keymap == {} and len(problems) == 1 and "larger than 64 KB" in problems[0]


def test_a_long_value_is_refused_and_the_rest_applies(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text(f'[keymap]\n"app.quit" = "{"q," * MAX_VALUE_CHARS}q"\n"reader.next_passage" = "n"\n',
                    encoding="utf-8")
    keymap, problems = read_keymap(path, KNOWN)
    assert keymap == {"reader.next_passage": "n"}
    assert len(problems) == 1 and "longer than" in problems[0] and "'app.quit'" in problems[0]


def test_many_unknown_ids_give_a_few_lines_and_a_count(tmp_path):
    lines = [f'"unknown.id{n}" = "x"' for n in range(100_000)]
    small = tmp_path / "small.toml"
    small.write_text("[keymap]\n" + "\n".join(lines[:2500]) + '\n"reader.next_passage" = "n"\n', encoding="utf-8")
    keymap, problems = read_keymap(small, KNOWN)
    assert small.stat().st_size <= MAX_FILE_BYTES and keymap == {}  # the known id comes after the first 1,000
    assert len(problems) == MAX_PROBLEMS_LISTED + 1
    assert "1,000 entries were read" in problems[0] and "more problems" in problems[-1]
    keymap, summary = load_keymap(small, KNOWN)
    assert summary is not None and summary.count("\n") == MAX_PROBLEMS_LISTED
    huge = tmp_path / "huge.toml"
    huge.write_text("[keymap]\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert read_keymap(huge, KNOWN)[1][0].endswith("not read (a keymap is a few lines)")


def test_a_long_unknown_id_is_shortened_in_the_message(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text(f'[keymap]\n"{"z" * 5000}" = "x"\n', encoding="utf-8")
    _, problems = read_keymap(path, KNOWN)
    assert len(problems) == 1 and len(problems[0]) < len(str(path)) + 120


def test_load_keymap_of_a_good_file_has_no_message(tmp_path):
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"app.quit" = "ctrl+q"\n', encoding="utf-8")
    assert load_keymap(path, KNOWN) == ({"app.quit": "ctrl+q"}, None)


async def test_the_reader_starts_with_a_deeply_nested_keymap(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, "[keymap]\nx = " + "[" * 20_000 + "]" * 20_000 + "\n")
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert sum("keymap.toml" in n.message for n in app._notifications) == 1
        await pilot.press("enter", "j")
        assert app.screen.query_one(ReadingPane).cursor == 1


async def test_the_reader_shows_few_notices_for_many_unknown_ids(tmp_path, monkeypatch):
    write_keymap(tmp_path, monkeypatch, "[keymap]\n" + "\n".join(f'"no.id{n}" = "x"' for n in range(2500)) + "\n")
    app = create_app(corpus=make_corpus())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert 1 <= sum("keymap.toml" in n.message for n in app._notifications) <= MAX_PROBLEMS_LISTED + 1
