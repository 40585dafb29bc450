"""Which store a deployment uses: PostgreSQL for a `postgresql://` URL, else SQLite.

`CAPDIFF_DATABASE` (or `DATABASE_URL`, the PaaS convention) names it; a file path or
nothing keeps the embedded SQLite file. The PostgreSQL driver is imported only when used.
"""

from __future__ import annotations

import time
from typing import Protocol

from bot.store.interface import (
    Clock,
    DeliveryLog,
    IgnoreStore,
    InstallationStore,
    Job,
    JobQueue,
    QueueStats,
    StatusStore,
)

__all__ = ["Store", "is_postgres_url", "open_store"]


class Store(JobQueue, DeliveryLog, InstallationStore, IgnoreStore, StatusStore, Protocol):
    """Everything the web and worker processes need, on either backend."""

    def ping(self) -> bool: ...

    def close(self) -> None: ...

    async def queue_stats(self) -> QueueStats: ...

    async def jobs(self) -> tuple[Job, ...]: ...


def is_postgres_url(database: str) -> bool:
    return database.startswith(("postgresql://", "postgres://"))


def open_store(
    database: str,
    *,
    clock: Clock = time.time,
    lease_seconds: float = 300.0,
    migrate: bool = True,
) -> Store:
    """Open (and with `migrate`, create or upgrade) the store `database` names."""
    if is_postgres_url(database):
        from bot.store.postgres import PostgresStore  # noqa: PLC0415 (optional driver)

        return PostgresStore(database, clock=clock, lease_seconds=lease_seconds, migrate=migrate)
    from bot.store.queue import SqliteStore  # noqa: PLC0415

    return SqliteStore(database, clock=clock, lease_seconds=lease_seconds)
