"""One vocabulary at the command line: ¶ numbers from 1 where people read them, both spellings of a type accepted."""

from __future__ import annotations

import json
import re

from caravan_tui.cli import main
from fixture_paths import SEEDS


def test_align_prints_one_based_paragraph_numbers_and_json_keeps_zero_based(capsys):
    assert main(["align", str(SEEDS)]) == 0
    human = capsys.readouterr().out
    assert "¶" in human and not re.search(r"#\d", human)
    assert main(["align", str(SEEDS), "--json"]) == 0
    pairs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first = pairs[0]["a"]
    assert f"¶{first['passage'] + 1} " in human


def test_notes_prints_paragraph_numbers_not_hashes(capsys):
    assert main(["notes", str(SEEDS)]) == 0
    human = capsys.readouterr().out
    assert "¶" in human and not re.search(r"\w#\d", human)


def test_entities_accepts_both_spellings_of_organisation(capsys):
    assert main(["entities", str(SEEDS), "--json", "--type", "organisation"]) == 0
    british = capsys.readouterr().out
    assert main(["entities", str(SEEDS), "--json", "--type", "Organization"]) == 0
    american = capsys.readouterr().out
    assert british == american and british
    assert {json.loads(line)["type"] for line in british.splitlines()} == {"organization"}
