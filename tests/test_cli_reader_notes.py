"""The reader's notes on the command line: `notes --kind reader` and the export report."""

from __future__ import annotations

import json

from caravan_tui.cli import main
from caravan_tui.corpus.loader import load_corpus
from caravan_tui.storage.notes import NoteStore
from fixture_paths import SEEDS


def _note_on_first_passage(body: str) -> tuple[str, int]:
    article = load_corpus([SEEDS]).articles[0]
    passage = article.passages[2]
    NoteStore().add(article.id, passage.index, passage.text, body)
    return article.id, passage.index


def test_notes_json_includes_the_readers_notes(capsys):
    article_id, index = _note_on_first_passage("check the figure\nagainst the wire")
    assert main(["notes", str(SEEDS), "--json", "--kind", "reader"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [row for row in rows if row["kind"] == "reader"] and len(rows) == 1
    assert (rows[0]["article"], rows[0]["passage"], rows[0]["orphaned"]) == (article_id, index, False)
    assert rows[0]["text"] == "check the figure\nagainst the wire"


def test_orphaned_notes_are_listed_not_dropped(capsys):
    article = load_corpus([SEEDS]).articles[0]
    NoteStore().add(article.id, 3, "a passage that is no longer in the file", "keep me")
    assert main(["notes", str(SEEDS), "--json", "--kind", "reader"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1 and rows[0]["orphaned"] and rows[0]["passage"] is None and rows[0]["text"] == "keep me"


def test_export_markdown_lists_the_readers_notes_under_their_story(tmp_path, capsys):
    _note_on_first_passage("a reader's remark")
    report = tmp_path / "report.md"
    assert main(["export", str(SEEDS), "--format", "markdown", "-o", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    assert "### Reader's notes" in text and "a reader's remark" in text


def test_export_json_carries_the_readers_notes(capsys):
    _note_on_first_passage("json remark")
    assert main(["export", str(SEEDS), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    notes = [n for story in report["stories"] for n in story["reader_notes"]]
    assert [n["text"] for n in notes] == ["json remark"]
