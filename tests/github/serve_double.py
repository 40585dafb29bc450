"""`capdiff serve` with the test scanner double, as a real process (for the SIGKILL test).

Run as `python -m tests.github.serve_double PORT` with the CAPDIFF_* environment set.
"""

from __future__ import annotations

import os
import sys

import uvicorn

from bot.commands.serve import build_worker_factory
from bot.config import Settings
from bot.store.queue import SqliteStore
from bot.web import create_app
from tests.github.doubles import RequirementsScanner


def main() -> None:
    settings = Settings.from_env(os.environ)
    store = SqliteStore(settings.database, lease_seconds=settings.lease_seconds)
    factory = build_worker_factory(settings, store, lambda s, c: RequirementsScanner())
    app = create_app(settings, store, worker_factory=factory)
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")


if __name__ == "__main__":
    main()
