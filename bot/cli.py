"""capdiff's command line: the composition root for local use.

Each command family lives in `bot/commands/<family>.py` and exposes
`register(subparsers)`, which adds its sub-commands with a `handler(args) -> int`.
Exit codes: 0 success, 1 something blocks (scan), 2 unusable input or error.

Start-up time is a feature (see "A CLI that feels instant" in the README): this module
imports no command module until it knows which command runs, `capdiff --help` imports
none, and a command module imports its heavy dependencies inside the handler that needs
them, so parsing arguments stays cheap. `benchmarks/cli_startup.py` measures it.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from collections.abc import Sequence

from bot import __version__

__all__ = ["COMMANDS", "build_parser", "main"]

# command -> (the module whose `register` adds it, the one-line help `capdiff --help` shows).
# A new command is one line here plus its module.
COMMANDS: dict[str, tuple[str, str]] = {
    "deps": ("bot.commands.deps", "list the dependencies manifests declare"),
    "deps-diff": ("bot.commands.deps", "list dependency changes between two states"),
    "inspect": (
        "bot.commands.analyze",
        "analyze one release (name==version, or a local .tar.gz/.zip/.whl)",
    ),
    "compare": ("bot.commands.analyze", "what a new release brings that the old one did not"),
    "scan": (
        "bot.commands.analyze",
        "the pull-request check on a git range, the staged changes or the working tree"
        " (exit 1 when something blocks)",
    ),
    "action": ("bot.commands.action", "run the check in a GitHub Actions job (see action.yml)"),
    "serve": ("bot.commands.serve", "run the GitHub App webhook server and workers"),
    "worker": (
        "bot.commands.serve",
        "run only the job workers (stops on SIGTERM, finishing its jobs)",
    ),
    "db": ("bot.commands.db", "manage the App's database schema: db upgrade"),
    "feeds": ("bot.commands.feeds", "known-malware and advisory feeds (OSV): feeds update"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the chosen command's real sub-parser; the others are listed only."""
    parser = argparse.ArgumentParser(
        prog="capdiff",
        description="Report the new risky behaviour that dependency changes bring.",
    )
    parser.add_argument("--version", action="version", version=f"capdiff {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    command = next((arg for arg in argv or () if not arg.startswith("-")), None)
    if command in COMMANDS:
        importlib.import_module(COMMANDS[command][0]).register(subparsers)
    for name, (_, summary) in COMMANDS.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=summary)
    return parser


def _share_metrics_with_child_workers(argv: Sequence[str]) -> None:
    """`serve` runs its workers in a child process: unless told otherwise, both write their
    Prometheus samples to one temporary directory, so the server's /metrics shows the
    workers' too. Set before prometheus_client is imported (it reads it at import)."""
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    if command == "serve" and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import shutil  # noqa: PLC0415 (only `serve` needs them: every other command starts faster)
        import tempfile  # noqa: PLC0415

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
