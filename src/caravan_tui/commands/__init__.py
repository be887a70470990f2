"""Subcommands of `caravan-tui`. Each module has HELP, add_arguments(parser), run(args) -> int."""
