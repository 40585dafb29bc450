"""`capdiff db upgrade`: create or migrate the database CAPDIFF_DATABASE (or DATABASE_URL)
names, before the web and worker processes of a new release start.

Processes also migrate at start-up (under an advisory lock, so several starting together
take turns); running this first keeps a schema change out of the request path.
"""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="manage the App's database schema")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="create the schema or apply new migrations")
    upgrade.set_defaults(handler=_upgrade)


def _database() -> str:
    cache_dir = os.environ.get("CAPDIFF_CACHE_DIR", "").strip() or ".capdiff-cache"
    return (
        os.environ.get("CAPDIFF_DATABASE", "").strip()
        or os.environ.get("DATABASE_URL", "").strip()
        or os.path.join(cache_dir, "capdiff.db")
    )


def _upgrade(args: argparse.Namespace) -> int:
    from bot.store.interface import StoreError
    from bot.store.select import is_postgres_url

    database = _database()
    try:
        if is_postgres_url(database):
            from bot.store.postgres import PostgresStore

            store = PostgresStore(database, migrate=False)
            try:
                before, after = store.upgrade()
            finally:
                store.close()
            if before == after:
                print(f"capdiff db: schema already at version {after}")
            else:
                print(f"capdiff db: schema upgraded from version {before} to {after}")
        else:
            from bot.store.queue import SqliteStore

            SqliteStore(database).close()
            print(f"capdiff db: SQLite database ready at {database}")
    except StoreError as exc:
        print(f"capdiff db: {_without_password(str(exc), database)}", file=sys.stderr)
        return 2
    return 0


def _without_password(text: str, database: str) -> str:
    from urllib.parse import urlsplit

    password = urlsplit(database).password
    return text.replace(password, "[redacted]") if password else text
