"""`caravan-tui notes` and `caravan-tui export`, called through cli.main."""

from __future__ import annotations

import json

import pytest

from caravan_tui.cli import main
from caravan_tui.commands.export import build_report, render_markdown
from fixture_paths import SEEDS

KINDS = {"counterpart", "figure", "quote", "exclusive", "term"}
FIRST, SECOND = "000_749070dece7ac021", "004_bdaef11c943deee3"


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_notes_json_lines_have_a_kind_and_the_passages_they_are_about(capsys):
    assert main(["notes", str(SEEDS), "--json"]) == 0
    notes = json_lines(capsys.readouterr().out)
    assert {n["kind"] for n in notes} == KINDS
    for note in notes:
        assert note["refs"] and all(set(r) == {"article", "passage"} for r in note["refs"])
        assert note["refs"][0]["article"] in (FIRST, SECOND) and note["text"]


def test_notes_kind_filter_and_figure_fields(capsys):
    assert main(["notes", str(SEEDS), "--json", "--kind", "figure"]) == 0
    notes = json_lines(capsys.readouterr().out)
    assert notes and {n["kind"] for n in notes} == {"figure"}
    arrests = [n for n in notes if n["value"] == 2_000_000]
    assert arrests[0]["status"] == "exclusive" and arrests[0]["counts"] == "arrests"


def test_notes_unknown_kind_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["notes", str(SEEDS), "--kind", "gossip"])
    assert exit_.value.code == 2 and "gossip" in capsys.readouterr().err


def test_notes_human_output(capsys):
    assert main(["notes", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "Not carried by" in out and "Matthew Miller" in out
    assert out.rstrip().endswith("notes")


def test_export_markdown_to_a_file_replaces_it(tmp_path, capsys):
    target = tmp_path / "report.md"
    target.write_text("old content", encoding="utf-8")
    assert main(["export", str(SEEDS), "--format", "markdown", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "old content" not in text and text.startswith("# caravan-tui report")
    for heading in ("### Coverage", "### Terms", "### Who is quoted", "### Figures", "### Notes"):
        assert heading in text
    assert "| illegal immigrants | 2 | 0 |" in text
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]   # no temporary file left behind
    assert capsys.readouterr().out == ""


def test_export_json_is_one_document(capsys):
    assert main(["export", str(SEEDS), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    [story] = report["stories"]
    assert {a["article"] for a in story["overview"]["articles"]} == {FIRST, SECOND}
    assert {n["kind"] for n in story["notes"]} == KINDS and story["reader_notes"] == []


def test_export_to_an_unwritable_path_exits_2(tmp_path, capsys):
    target = tmp_path / "missing-folder" / "report.md"
    assert main(["export", str(SEEDS), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and str(target) in err
    assert not target.parent.exists()


def test_reader_notes_hook_lists_them_under_their_story():
    from caravan_tui.analysis.pipeline import analyse_corpus
    from caravan_tui.analysis.stories import story_of_each
    from caravan_tui.corpus.loader import load_corpus

    corpus = load_corpus([SEEDS])
    analysis = analyse_corpus(corpus.articles, story_of_each(corpus.articles))
    mine = {"article": SECOND, "passage": 12, "text": "check the age with the photo caption"}
    report = build_report(analysis, corpus.articles, reader_notes=[mine])
    assert report["stories"][0]["reader_notes"] == [mine]
    assert "check the age with the photo caption" in render_markdown(report)


def test_markdown_export_lines_up_figures_by_quantity_and_lists_speakers(capsys):
    from caravan_tui.cli import main
    from fixture_paths import FIXTURES

    assert main(["export", str(FIXTURES / "findings"), "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "### Figures, one row per quantity" in text and "### Speakers across outlets" in text
    assert any(line.startswith("| people killed | differ ×") for line in text.splitlines())
    assert "credited elsewhere to" in text
