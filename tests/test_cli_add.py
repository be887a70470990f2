"""`caravan-tui add`: output lines, exit codes, the default folder, --force, --json, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from caravan_tui.cli import main
from caravan_tui.corpus.loader import load_corpus
from fixtures.web.web_server import WEB, clear_proxies, feed_file, serve_web

FAST = ["--read-timeout", "0.5", "--connect-timeout", "2", "--max-size", "0.25"]


@pytest.fixture
def web(monkeypatch):
    clear_proxies(monkeypatch)
    with serve_web() as server:
        yield server


def test_adds_to_the_default_articles_folder_which_is_created(web, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["add", *FAST, f"{web.base}/floods.html", str(WEB / "market.html")]) == 0
    out, err = capsys.readouterr()
    written = sorted(path.name for path in (tmp_path / "articles").glob("*.md"))
    assert len(written) == 2 and len(out.splitlines()) == 2
    assert out.startswith("added      articles/river-towns-evacuated-worst-floods-in-decades-")
    assert f"<- {web.base}/floods.html" in out
    # Without --to it says where the articles went, how to open them, and that the samples are no longer the default.
    lines = err.strip().splitlines()
    assert lines[0] == "2 added"
    assert "open them with: caravan-tui articles" in lines[1]
    assert "instead of the bundled samples" in err
    assert len(load_corpus([tmp_path / "articles"]).articles) == 2
    assert main(["add", *FAST, str(WEB / "bridge.html")]) == 0
    assert "instead of the bundled samples" not in capsys.readouterr().err  # said once, when the folder was made


def test_duplicates_are_said_and_are_not_failures(web, tmp_path, capsys):
    assert main(["add", *FAST, "--to", str(tmp_path), f"{web.base}/floods.html"]) == 0
    capsys.readouterr()
    assert main(["add", *FAST, "--to", str(tmp_path), f"{web.base}/redirect"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"duplicate  {web.base}/redirect: already in the folder as ")
    assert err.strip() == "1 duplicate"


def test_force_overwrites(web, tmp_path, capsys):
    main(["add", *FAST, "--to", str(tmp_path), f"{web.base}/floods.html"])
    [path] = tmp_path.glob("*.md")
    path.write_text(path.read_text(encoding="utf-8").replace("Marrow", "Narrow"), encoding="utf-8")
    assert main(["add", *FAST, "--to", str(tmp_path), "--force", f"{web.base}/floods.html"]) == 0
    assert "Marrow" in path.read_text(encoding="utf-8") and "Narrow" not in path.read_text(encoding="utf-8")
    assert capsys.readouterr().out.startswith("added      ")


def test_failures_go_to_stderr_one_line_each_and_exit_1(web, tmp_path, capsys):
    sources = [f"{web.base}/slow", "ftp://example.org/x", f"{web.base}/market.html", f"{web.base}/no_article.html"]
    assert main(["add", *FAST, "--to", str(tmp_path), *sources]) == 1
    out, err = capsys.readouterr()
    failures = [line for line in err.splitlines() if line.startswith("caravan-tui add: failed")]
    assert len(failures) == 3
    assert failures[0].startswith(f"caravan-tui add: failed     {web.base}/slow: timed out")
    assert "ftp://example.org/x: unsupported address ('ftp:')" in failures[1]
    assert f"{web.base}/no_article.html: no article text" in failures[2]
    assert out.count("added") == 1
    assert err.splitlines()[-1] == "1 added, 3 failed"


def test_feed_file_and_json_output(web, tmp_path, capsys):
    feed = feed_file("feed_rss.xml", web.base, tmp_path)
    assert main(["add", *FAST, "--json", "--to", str(tmp_path / "out"), str(feed)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(row["source"], row["status"]) for row in rows] == [
        (f"{web.base}/market.html", "added"), (f"{web.base}/bridge.html", "added")]
    assert all(row["path"].endswith(".md") for row in rows)


def test_max_entries_bounds_a_feed(web, tmp_path, capsys):
    feed = feed_file("feed_rss.xml", web.base, tmp_path)
    assert main(["add", *FAST, "--max-entries", "1", "--to", str(tmp_path / "out"), str(feed)]) == 0
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_refuses_the_bundled_folder_and_bad_flags(capsys):
    from caravan_tui.corpus.loader import bundled_corpus_path

    assert main(["add", "--to", str(bundled_corpus_path()), str(WEB / "floods.html")]) == 2
    assert "bundled sample folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["add", "--read-timeout", "0", "x"])


@pytest.mark.slow  # a fresh interpreter, or thousands of files
def test_add_is_listed_and_start_up_does_not_import_the_extraction_libraries():
    code = (
        "import sys, contextlib, io\n"
        "from caravan_tui.cli import main\n"
        "import caravan_tui.corpus.ingest, caravan_tui.ui.screens.add_source\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit): main(['--help'])\n"
        "assert '  add ' in out.getvalue(), out.getvalue()\n"
        "heavy = [m for m in ('trafilatura', 'feedparser', 'urllib3', 'lxml') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
