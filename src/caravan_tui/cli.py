"""Command-line entry point: the reader by default, subcommands for scripts.

`caravan-tui [PATH ...]` opens the reader; `caravan-tui COMMAND ...` runs one
of the commands in `caravan_tui.commands`, each a module with `HELP`,
`add_arguments(parser)` and `run(args) -> int`. Commands are imported only
when used, so `--help` and the reader start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

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


class _ReaderParser(argparse.ArgumentParser):
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


def _run_command(name: str, argv: Sequence[str]) -> int:
    module = _command_module(name)
    parser = argparse.ArgumentParser(prog=f"caravan-tui {name}", description=module.HELP)
    module.add_arguments(parser)
    args = parser.parse_args(argv)
    return module.run(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            return _run_command(argv[0], argv[1:])
        args = _reader_parser().parse_args(argv)
        from caravan_tui.ui.launch import run_reader

        return run_reader(args.paths)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: exit quietly.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
