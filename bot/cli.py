"""capdiff's command line: the composition root for local use.

Each command family lives in `bot/commands/<family>.py` and exposes
`register(subparsers)`, which adds its sub-commands with a `handler(args) -> int`.
Exit codes: 0 success, 1 something blocks (scan), 2 unusable input or error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import __version__

__all__ = ["main"]

# Which module registers each command. Only the module of the command being run is
# imported (the server's and the analyzer's imports take a while); --help imports all.
COMMANDS = {
    "deps": "bot.commands.deps",
    "deps-diff": "bot.commands.deps",
    "inspect": "bot.commands.analyze",
    "compare": "bot.commands.analyze",
    "scan": "bot.commands.analyze",
    "serve": "bot.commands.serve",
    "worker": "bot.commands.serve",
    "db": "bot.commands.db",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capdiff",
        description="Report the new risky behaviour that dependency changes bring.",
    )
    parser.add_argument("--version", action="version", version=f"capdiff {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = next((arg for arg in argv or () if not arg.startswith("-")), None)
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("capdiff: interrupted", file=sys.stderr)
        return 130
    return code
