"""capdiff's `serve` and `worker` commands with the test scanner double, as real processes.

`python -m tests.github.serve_double PORT` serves with in-process workers (the SIGKILL
test); `python -m tests.github.serve_double serve|worker ARGS…` runs the real command
line (`serve --workers 0`, `worker --concurrency N`) with the double as scanner. Both read
the CAPDIFF_* environment.
"""

from __future__ import annotations

import argparse
import sys

from bot.commands.serve import register
from tests.github.doubles import RequirementsScanner


def main() -> int:
    argv = sys.argv[1:]
    if argv and argv[0].isdigit():
        argv = ["serve", "--port", argv[0]]
    parser = argparse.ArgumentParser(prog="serve_double")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register(subparsers, scanner_factory=lambda settings, client: RequirementsScanner())
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
