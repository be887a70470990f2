"""Issue #12: no command prints a raw control character from titles, outlets, text, file names or messages.

Human-readable output shows them as visible placeholders (ESC as "␛", C1 and bidi
controls as "�"), as the reader does; JSON escapes them, and still gives back the exact text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from caravan_tui.cli import main

#: OSC 52 (write the clipboard), OSC 0 (window title), CSI colour, a C1 CSI and a right-to-left override.
HOSTILE = "\x1b]52;c;aGVsbG8=\x07\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e"
HOSTILE_YAML = "\\e]52;c;aGVsbG8=\\a\\e]0;pwned\\a\\e[31m\\x9b2J\\u202e"
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SHARED = ("The regional council voted on Tuesday to rebuild the old harbour wall after the winter storms "
          f"damaged it {HOSTILE} badly, officials said.")


def article(outlet: str, extra: str) -> str:
    return (f'---\ntitle: "Harbour {HOSTILE_YAML} wall"\nsource: "{outlet} {HOSTILE_YAML}"\n---\n'
            f"{SHARED}\n\nAn {extra} second paragraph of this outlet's own reporting on the storm.\n")


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / f"one{HOSTILE}.md").write_text(article("Outlet One", "early"), encoding="utf-8")
    (folder / "two.md").write_text(article("Outlet Two", "unrelated"), encoding="utf-8")
    (folder / f"bad{HOSTILE}.md").write_text("---\ntitle: [unclosed\n---\nBody.\n", encoding="utf-8")
    return folder


def strings(value: object):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def assert_safe(text: str) -> None:
    found = UNSAFE.search(text)
    context = text[max(0, found.start() - 40):found.end() + 40] if found else ""
    assert found is None, f"raw control {found.group()!r} in output: {context!r}"


@pytest.mark.parametrize("command", [["list"], ["check"], ["align"], ["notes", "--no-cache"], ["entities"],
                                     ["export", "--format", "markdown"], ["index"]])
def test_human_output_shows_controls_as_placeholders(hostile_folder, capsys, command):
    main([*command, str(hostile_folder)])
    out, err = capsys.readouterr()
    assert_safe(out)
    assert_safe(err)
    assert "\u241b" in out + err  # the ESC is shown, not dropped


@pytest.mark.parametrize("command", [["list"], ["check"], ["align"], ["notes", "--no-cache"], ["entities"]])
def test_json_lines_escape_controls_and_keep_the_text(hostile_folder, capsys, command):
    main([*command, "--json", str(hostile_folder)])
    out, err = capsys.readouterr()
    assert_safe(out)
    assert_safe(err)
    assert "\\u001b" in out
    rows = [json.loads(line) for line in out.splitlines()]
    assert any(HOSTILE in text for text in strings(rows))


def test_list_json_gives_back_the_exact_title_and_outlet(hostile_folder, capsys):
    main(["list", "--json", str(hostile_folder)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["title"] for row in rows} == {f"Harbour {HOSTILE} wall"}
    assert {row["source"] for row in rows} == {f"Outlet One {HOSTILE}", f"Outlet Two {HOSTILE}"}


def test_export_json_escapes_controls(hostile_folder, capsys):
    main(["export", "--format", "json", str(hostile_folder)])
    out = capsys.readouterr().out
    assert_safe(out)
    assert any(HOSTILE in text for text in strings(json.loads(out)))


def test_export_markdown_to_a_file_is_safe_too(hostile_folder, tmp_path):
    target = tmp_path / "report.md"
    main(["export", "--format", "markdown", "-o", str(target), str(hostile_folder)])
    text = target.read_text(encoding="utf-8")
    assert_safe(text)
    assert "Outlet One \u241b]52;c;aGVsbG8=\u2407" in text


def test_check_shows_a_file_name_on_one_line(tmp_path, capsys):
    (tmp_path / "forged\nOK    fake.md").write_text("# A\n\nBody.\n", encoding="utf-8")
    main(["check", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("OK    ") and "forged\u240aOK    fake.md" in lines[0]


def test_argument_errors_show_controls_as_placeholders(capsys):
    with pytest.raises(SystemExit):
        main(["list", f"--{HOSTILE}"])
    err = capsys.readouterr().err
    assert_safe(err)
    assert "unrecognized arguments" in err and "\u241b]52" in err


def test_add_messages_show_controls_as_placeholders(tmp_path, capsys):
    missing = tmp_path / f"page{HOSTILE}.html"
    assert main(["add", "--to", str(tmp_path / "out"), str(missing)]) == 1
    out, err = capsys.readouterr()
    assert_safe(out + err)
    assert "failed" in err and "page\u241b]52" in err


def test_add_json_escapes_controls(tmp_path, capsys):
    missing = tmp_path / f"page{HOSTILE}.html"
    main(["add", "--json", "--to", str(tmp_path / "out"), str(missing)])
    out = capsys.readouterr().out
    assert_safe(out)
    assert json.loads(out.splitlines()[0])["source"] == str(missing)


@pytest.mark.parametrize("command", [
    ["story", "merge", "\x1b]0;title\x07", "\x1b[2J"],
    ["story", "split", "\x1b]52;c;aGk=\x07", "x\x1b[31m"],
    ["feeds", "export", "\x1b]0;title\x07/out.opml"],
    ["versions", "\x1b]52;c;aGk=\x07"],
])
def test_story_feeds_and_versions_echo_what_they_were_given_safely(hostile_folder, capsys, command):
    main([*command[:2], *command[2:], *(["-p", str(hostile_folder)] if command[0] == "story" else [])])
    out, err = capsys.readouterr()
    assert_safe(out)
    assert_safe(err)
