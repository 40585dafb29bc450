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

COMMAND_MODULES = ("bot.commands.deps", "bot.commands.analyze", "bot.commands.serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capdiff",
        description="Report the new risky behaviour that dependency changes bring.",
    )
    parser.add_argument("--version", action="version", version=f"capdiff {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("capdiff: interrupted", file=sys.stderr)
        return 130
    return code
