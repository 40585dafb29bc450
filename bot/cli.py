"""capdiff's command line: the composition root for local use.

Each command family lives in `bot/commands/<family>.py` and exposes
`register(subparsers)`, which adds its sub-commands with a `handler(args) -> int`.
Exit codes: 0 success, 1 something blocks (scan), 2 unusable input or error.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import shutil
import sys
import tempfile
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


def _share_metrics_with_child_workers(argv: Sequence[str]) -> None:
    """`serve` runs its workers in a child process: unless told otherwise, both write their
    Prometheus samples to one temporary directory, so the server's /metrics shows the
    workers' too. Set before prometheus_client is imported (it reads it at import)."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command == "serve" and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        directory = tempfile.mkdtemp(prefix="capdiff-metrics-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    _share_metrics_with_child_workers(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except KeyboardInterrupt:
        print("capdiff: interrupted", file=sys.stderr)
        return 130
    return code
