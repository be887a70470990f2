"""A word that is not a command does not open the reader on nothing: it says so and suggests the closest."""

from __future__ import annotations

from caravan_tui.cli import main


def test_a_mistyped_command_is_named_with_the_closest_one(capsys):
    assert main(["lsit"]) == 2
    err = capsys.readouterr().err
    assert "no such command: 'lsit'" in err and "caravan-tui list" in err


def test_an_unknown_word_lists_the_commands(capsys):
    assert main(["frobnicate", "add", "https://example.org/feed"]) == 2
    err = capsys.readouterr().err
    assert "neither a command nor a file" in err and "entities" in err


def test_a_missing_path_is_named(capsys):
    assert main(["./no/such/folder"]) == 2
    assert "no such file or folder: ./no/such/folder" in capsys.readouterr().err


def test_control_characters_in_the_word_are_shown_visibly(capsys):
    assert main(["\x1b]52;c;aGk=\x07"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "␛" in err


def test_an_existing_folder_named_like_a_command_typo_still_opens(tmp_path, monkeypatch):
    from caravan_tui import cli

    folder = tmp_path / "lsit"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    assert cli.missing_paths_message(["lsit"]) is None


def test_a_near_miss_of_a_newer_command_is_suggested(capsys):
    assert main(["feedz", "list"]) == 2
    assert "caravan-tui feeds" in capsys.readouterr().err
