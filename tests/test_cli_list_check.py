"""`caravan-tui list`, `caravan-tui check` and `--version`, called through cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from caravan_tui import __version__
from caravan_tui.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
LIST_FIELDS = {"article", "source", "title", "published", "url", "story", "family", "passages", "words"}


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_list_json_prints_one_object_per_article(capsys):
    assert main(["list", str(SEEDS), "--json"]) == 0
    rows = json_lines(capsys.readouterr().out)
    assert [row["article"] for row in rows] == ["000_749070dece7ac021", "004_bdaef11c943deee3"]
    assert all(set(row) == LIST_FIELDS for row in rows)
    first = rows[0]
    assert first["title"] == "Migrant Caravan Advances North as US Officials Head to Mexico"
    assert first["source"] == "" and first["published"] is None
    assert first["passages"] == 17 and first["words"] > 400


def test_check_seeds_all_ok(capsys):
    assert main(["check", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert out.count("OK ") == 2
    assert "(17 passages)" in out and "(21 passages)" in out
    assert "2 files: 2 OK, 0 failed" in out


def test_check_folder_with_a_bad_file_fails_and_says_why(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("A headline\n\nA paragraph of text.\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [oops\n---\nBody.\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL  {tmp_path / 'broken.md'}: malformed YAML front matter" in out
    assert f"OK    {tmp_path / 'good.txt'}" in out
    assert "2 files: 1 OK, 1 failed" in out


def test_check_json_rows(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["check", str(SEEDS), str(tmp_path), "--json"]) == 1
    captured = capsys.readouterr()
    rows = json_lines(captured.out)
    assert [row["ok"] for row in rows] == [True, True, False]
    assert rows[2]["reason"] == "empty file" and rows[2]["path"].endswith("empty.txt")
    assert "3 files: 2 OK, 1 failed" in captured.err


def test_check_defaults_to_local_articles_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "one.md").write_text("# Title\n\nBody.\n", encoding="utf-8")
    assert main(["check"]) == 0
    assert "1 file: 1 OK, 0 failed" in capsys.readouterr().out


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"caravan-tui {__version__}"
