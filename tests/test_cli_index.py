"""`caravan-tui index`: progress, counts, a cached second run, and a changed file re-analysed alone."""

from __future__ import annotations

import io

import pytest

from caravan_tui import cli
from caravan_tui.analysis import align, batch
from caravan_tui.commands import index
from corpus_generator import generate, write_markdown


@pytest.fixture
def corpus_folder(tmp_path):
    articles, _ = generate(12, seed=5)
    folder = tmp_path / "articles"
    write_markdown(articles, folder)
    return folder


@pytest.fixture
def counted(monkeypatch):
    """Counts stories aligned and articles recognised (the real work still runs, in this process)."""
    calls = {"align": [], "recognise": []}
    real_align, real_recognise = align.align_story, batch.recognise_article
    monkeypatch.setattr(batch, "default_workers", lambda: 1)  # the counters are seen only in this process
    monkeypatch.setattr(align, "align_story",  # batch imports it when it aligns
                        lambda members: calls["align"].append([a.id for a in members]) or real_align(members))
    monkeypatch.setattr(batch, "recognise_article",
                        lambda article, engine: calls["recognise"].append(article.id)
                        or real_recognise(article, engine))
    return calls


def test_first_run_reports_progress_and_counts(corpus_folder, counted, capsys):
    assert cli.main(["index", str(corpus_folder)]) == 0
    out, err = capsys.readouterr()
    assert "Loading files: 12" in err
    assert "Aligning stories:" in err and "Recognising entities: 12/12" in err
    assert out.startswith("12 articles (0 files with problems) in ")
    assert "recognised 12 of 12 articles" in out
    assert len(counted["recognise"]) == 12 and counted["align"]


def test_second_run_is_all_cached(corpus_folder, counted, capsys):
    cli.main(["index", str(corpus_folder)])
    capsys.readouterr()
    counted["align"].clear(), counted["recognise"].clear()
    assert cli.main(["index", str(corpus_folder)]) == 0
    out, _ = capsys.readouterr()
    assert counted == {"align": [], "recognise": []}
    assert "aligned 0 of" in out and "recognised 0 of 12 articles" in out


def test_a_changed_file_is_analysed_again_alone_and_its_story_realigned(corpus_folder, counted, capsys):
    cli.main(["index", str(corpus_folder)])
    capsys.readouterr()
    first_alignments = {tuple(ids) for ids in counted["align"]}
    counted["align"].clear(), counted["recognise"].clear()
    changed = sorted(corpus_folder.glob("*.md"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more sentence the outlet added later.\n",
                       encoding="utf-8")
    cli.main(["index", str(corpus_folder)])
    assert counted["recognise"] == [changed.stem]
    assert len(counted["align"]) == 1 and changed.stem in counted["align"][0]
    assert tuple(counted["align"][0]) in first_alignments  # the same story, aligned again


def test_progress_is_rich_on_a_terminal_and_plain_lines_otherwise():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(index.progress_for(Terminal()), index.RichProgress)
    plain = io.StringIO()
    with index.progress_for(plain) as progress:
        for done in range(1, 101):
            progress("align", done, 100)
    lines = plain.getvalue().splitlines()
    assert lines[-1] == "Aligning stories: 100/100"
    assert len(lines) <= index.PLAIN_LINES_PER_STAGE + 1


def test_rich_progress_draws_bars(capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with index.progress_for(stream) as progress:
        progress("entities", 3, 3)
    assert "Recognising entities" in stream.getvalue() and "3/3" in stream.getvalue()
