"""The console script's quick exit: a command that holds nothing open ends without the interpreter's teardown,
and still says everything, runs the exit handlers and leaves its cache closed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from caravan_tui import cli
from fixture_paths import SEEDS


def _buffered_environment(**extra: str) -> dict[str, str]:
    """This environment with the standard streams buffered, as a user's usually are."""
    return {**{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}, **extra}


def _child(code: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=120, env=env or _buffered_environment(), check=False)


def test_exit_now_flushes_runs_the_exit_handlers_and_keeps_the_code(tmp_path):
    marker = tmp_path / "handler-ran"
    result = _child(f"""
        import atexit, sys
        from caravan_tui.cli import exit_now
        atexit.register(lambda: open({str(marker)!r}, "w").write("yes"))
        sys.stdout.write("said, never flushed by hand")  # stays in the buffer
        sys.stderr.write("and on stderr")
        exit_now(3)
        print("never reached")
    """)
    assert result.returncode == 3
    assert result.stdout == "said, never flushed by hand"
    assert result.stderr == "and on stderr"
    assert marker.read_text() == "yes"


def test_exit_now_with_its_reader_gone_still_exits_with_the_code():
    code = """
        import sys
        from caravan_tui.cli import exit_now
        sys.stdout.write("buffered, not yet sent")
        sys.stdin.readline()  # until the reader has left
        exit_now(0)
    """
    with subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_buffered_environment()) as child:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader leaves before anything is read: the flush meets a broken pipe
        child.stdin.write(b"go\n")
        child.stdin.close()
        assert child.wait(timeout=60) == 0
        assert child.stderr.read() == b""


def test_only_commands_that_say_so_exit_quickly():
    assert cli.quick_exit_allowed(["entities", "x"])
    assert cli.quick_exit_allowed(["list"])
    assert not cli.quick_exit_allowed(["notes"])  # the notes store: closed by its own teardown
    assert not cli.quick_exit_allowed([])  # the reader
    assert not cli.quick_exit_allowed(["articles/"])


def test_the_console_script_prints_everything_and_leaves_the_cache_closed(tmp_path):
    env = _buffered_environment(CARAVAN_TUI_CACHE_DIR=str(tmp_path / "cache"),
                                CARAVAN_TUI_DATA_DIR=str(tmp_path / "data"))
    result = _child("from caravan_tui.cli import run; run()", "entities", str(SEEDS), "--json", "--workers", "1",
                    env=env)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) > 100 and rows[-1]["type"]
    names = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert any(name.endswith(".sqlite3") for name in names)
    assert not [name for name in names if name.endswith("-wal")]  # closed, not left for the next process
    in_process = subprocess.run(
        [sys.executable, "-c", "import sys; from caravan_tui.cli import main; sys.exit(main())", "entities",
         str(SEEDS), "--json", "--workers", "1"],
        capture_output=True, text=True, timeout=120, env=env, check=False)
    assert in_process.stdout == result.stdout  # the second, from the cache, through the ordinary exit
