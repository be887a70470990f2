"""`caravan-tui entities`: JSON Lines fields, the --type filter, the human table, the cache."""

from __future__ import annotations

import json
from pathlib import Path

from caravan_tui.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FIELDS = {"article", "passage", "type", "text", "start", "end", "entity"}


def run_json(capsys, *args) -> list[dict]:
    assert main(["entities", str(SEEDS), "--json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_lines_have_the_design_fields(capsys):
    rows = run_json(capsys)
    assert rows
    assert all(set(row) == FIELDS for row in rows)
    assert {row["type"] for row in rows} <= {"person", "place", "organization", "figure", "date"}
    assert {row["article"] for row in rows} == {p.stem for p in SEEDS.glob("*.txt")}


def test_type_filter(capsys):
    rows = run_json(capsys, "--type", "person,place")
    assert rows and {row["type"] for row in rows} == {"person", "place"}


def test_unknown_type_is_a_usage_error(capsys):
    try:
        main(["entities", str(SEEDS), "--type", "animal"])
    except SystemExit as exit_:
        assert exit_.code == 2
    else:
        raise AssertionError("expected a usage error")


def test_second_run_reads_the_cache(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CARAVAN_TUI_CACHE_DIR", str(tmp_path))
    first = run_json(capsys)
    assert list(tmp_path.glob("*.sqlite3"))
    import caravan_tui.analysis.entities as entities

    def no_analysis(*_args, **_kwargs):
        raise AssertionError("analysed again despite the cache")

    monkeypatch.setattr(entities, "recognise_article", no_analysis)
    assert run_json(capsys) == first


def test_human_table_groups_by_entity(capsys):
    assert main(["entities", str(SEEDS), "--type", "person"]) == 0
    out = capsys.readouterr().out
    assert "entity" in out and "mentions" in out
    assert "Person" in out and "Place" not in out
