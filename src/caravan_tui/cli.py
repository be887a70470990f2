"""Command-line entry point: the reader by default, subcommands for scripts.

`caravan-tui [PATH ...]` opens the reader; `caravan-tui COMMAND ...` runs one
of the commands in `caravan_tui.commands`, each a module with `HELP`,
`add_arguments(parser)` and `run(args) -> int`. Commands are imported only
when used, so `--help` and the reader start fast.

`run` is the console script: `main`, then for a command that says it holds
nothing open (`QUICK_EXIT = True` in its module) an exit that skips the
interpreter's teardown (`exit_now`).
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from caravan_tui import __version__

#: Subcommand name -> module under caravan_tui.commands.
COMMANDS: dict[str, str] = {
    "list": "list_articles",
    "check": "check",
    "entities": "entities",
    "align": "align",
    "notes": "notes",
    "export": "export",
    "add": "add",
    "serve": "serve",
    "index": "index",
    "story": "story",
    "feeds": "feeds",
    "refresh": "refresh",
    "versions": "versions",
}


def _command_module(name: str):
    return importlib.import_module(f"caravan_tui.commands.{COMMANDS[name]}")


def _available_commands() -> dict[str, str]:
    """Command name -> one-line help, for the commands that are installed."""
    available = {}
    for name in COMMANDS:
        try:
            available[name] = _command_module(name).HELP
        except ImportError:
            continue
    return available


class _SafeParser(argparse.ArgumentParser):
    """An argument parser whose messages (which quote the arguments given) show control characters visibly."""

    def _print_message(self, message: str, file=None) -> None:
        if message:
            from caravan_tui.safe_text import safe

            message = safe(message, keep_newlines=True)
        super()._print_message(message, file)


class _ReaderParser(_SafeParser):
    """Lists the commands (importing them) only when the help is shown, not on every start."""

    def format_help(self) -> str:
        commands = "\n".join(f"  {name:<10} {text}" for name, text in _available_commands().items())
        self.epilog = f"commands (caravan-tui COMMAND --help for more):\n{commands}"
        return super().format_help()


def _reader_parser() -> argparse.ArgumentParser:
    parser = _ReaderParser(
        prog="caravan-tui",
        description="A terminal reader for comparing how outlets report the same story.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"caravan-tui {__version__}")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="article files or folders (default: ./articles, else the bundled samples)",
    )
    return parser


def quick_exit_allowed(argv: Sequence[str]) -> bool:
    """Whether the command `argv` names holds nothing open at its end but what its exit handlers close (its
    module's QUICK_EXIT): then `exit_now` may end the process."""
    if not argv or argv[0] not in COMMANDS:
        return False
    try:
        return getattr(_command_module(argv[0]), "QUICK_EXIT", False) is True
    except ImportError:
        return False


def exit_now(code: int) -> NoReturn:
    """End the process with `code` as `sys.exit` would, the standard streams flushed and the exit handlers run
    (logging, process pools, the analysis cache's close), but without the interpreter's teardown: it frees
    every object one at a time: 45-80 ms after the entities command on 44,000 words (bench/entities_speed.py).
    Without the handlers' runner (not CPython), an ordinary exit."""
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:
        sys.exit(code)
    run_exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe whose reader left, a closed stream: nothing more can be said
            pass
    os._exit(code)


def run() -> NoReturn:
    """The console script `caravan-tui`: `main`, then a quick exit for a command that allows one."""
    argv = sys.argv[1:]
    code = main(argv)
    if quick_exit_allowed(argv):
        exit_now(code)
    sys.exit(code)


def _run_command(name: str, argv: Sequence[str]) -> int:
    module = _command_module(name)
    parser = _SafeParser(prog=f"caravan-tui {name}", description=module.HELP)
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    return module.run(args)


def missing_paths_message(paths: Sequence[str]) -> str | None:
    """Why the reader should not start on `paths`: a word that is neither a command nor a file, with a suggestion."""
    from difflib import get_close_matches
    from pathlib import Path

    for path in paths:
        if Path(path).exists():
            continue
        from caravan_tui.safe_text import safe

        shown = safe(path)
        close = get_close_matches(path, list(COMMANDS), n=1, cutoff=0.6)
        if close:
            return f"caravan-tui: no such command: {shown!r}. Did you mean `caravan-tui {close[0]}`?"
        if path == paths[0] and "/" not in path and "." not in path:
            commands = ", ".join(COMMANDS)
            return (f"caravan-tui: {shown!r} is neither a command nor a file or folder here.\n"
                    f"Commands: {commands} (caravan-tui --help)")
        return f"caravan-tui: no such file or folder: {shown}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            return _run_command(argv[0], argv[1:])
        args = _reader_parser().parse_args(argv)
        problem = missing_paths_message(args.paths)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        from caravan_tui.ui.launch import run_reader

        return run_reader(args.paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: exit quietly.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    run()
