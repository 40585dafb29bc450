"""The PostgreSQL schema, as numbered migrations recorded in `schema_version`.

`upgrade` applies the missing ones in order, in one transaction, under an advisory
lock: several processes starting at once wait for the first instead of racing it. A
database newer than this code (a later deploy rolled back) is refused rather than guessed at.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import tuple_row

from bot.store.interface import StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "current_version", "upgrade"]

# Any fixed number: the key of the advisory lock migrations hold.
_MIGRATION_LOCK = 7_310_042

MIGRATIONS: tuple[str, ...] = (
    # 1: the queue and the small tables beside it (same columns as the SQLite store).
    """
    CREATE TABLE jobs (
        id BIGSERIAL PRIMARY KEY,
        installation_id BIGINT NOT NULL,
        owner TEXT NOT NULL,
        repo TEXT NOT NULL,
        pr_number INTEGER NOT NULL,
        head_sha TEXT NOT NULL,
        base_sha TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        check_run_id BIGINT,
        superseded_by TEXT,
        available_at DOUBLE PRECISION NOT NULL,
        lease_owner TEXT,
        lease_expires DOUBLE PRECISION,
        last_error TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL DEFAULT '',
        created_at DOUBLE PRECISION NOT NULL,
        comment_id BIGINT,
        author TEXT NOT NULL DEFAULT '',
        comment_body TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX jobs_pr ON jobs (owner, repo, pr_number, state);
    CREATE INDEX jobs_due ON jobs (state, available_at) WHERE state IN ('queued', 'running');
    -- One scan per pull request runs at a time, even when two claims race.
    CREATE UNIQUE INDEX jobs_one_running_scan ON jobs (owner, repo, pr_number)
        WHERE state = 'running' AND kind <> 'command' AND superseded_by IS NULL;
    CREATE TABLE deliveries (
        delivery_id TEXT PRIMARY KEY,
        event TEXT NOT NULL,
        received_at DOUBLE PRECISION NOT NULL
    );
    CREATE TABLE installations (
        installation_id BIGINT PRIMARY KEY,
        account TEXT NOT NULL,
        repositories TEXT NOT NULL
    );
    CREATE TABLE pr_ignores (
        seq BIGSERIAL,
        owner TEXT NOT NULL,
        repo TEXT NOT NULL,
        pr_number INTEGER NOT NULL,
        package TEXT NOT NULL,
        specifier TEXT NOT NULL,
        types TEXT NOT NULL,
        author TEXT NOT NULL,
        PRIMARY KEY (owner, repo, pr_number, package, specifier, types)
    );
    """,
    # 2: the shared analysis cache (values are zlib-compressed JSON, as in SQLite).
    """
    CREATE TABLE file_results (
        sha256 TEXT NOT NULL, role TEXT NOT NULL, analyzer TEXT NOT NULL,
        result BYTEA NOT NULL, PRIMARY KEY (sha256, role, analyzer)
    );
    CREATE TABLE artifact_results (
        sha256 TEXT NOT NULL, variant TEXT NOT NULL, analyzer TEXT NOT NULL,
        result BYTEA NOT NULL, PRIMARY KEY (sha256, variant, analyzer)
    );
    CREATE TABLE comparisons (
        key TEXT NOT NULL, analyzer TEXT NOT NULL, result BYTEA NOT NULL,
        PRIMARY KEY (key, analyzer)
    );
    CREATE TABLE responses (
        key TEXT PRIMARY KEY, fetched_at DOUBLE PRECISION NOT NULL, body BYTEA NOT NULL
    );
    """,
    # 3: who recorded a delivery, so a retry after a lost reply knows the row is its own.
    """
    ALTER TABLE deliveries ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(connection: psycopg.Connection[Any]) -> int:
    """The version the database is at; 0 for an empty database."""
    cursor = connection.cursor(row_factory=tuple_row)
    exists = cursor.execute("SELECT to_regclass('schema_version')").fetchone()
    if exists is None or exists[0] is None:
        return 0
    row = cursor.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row is not None and row[0] is not None else 0


def upgrade(connection: psycopg.Connection[Any]) -> tuple[int, int]:
    """Apply the missing migrations; (version before, version after)."""
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version"
            " (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        before = current_version(connection)
        if before > SCHEMA_VERSION:
            raise StoreError(
                f"the database schema is at version {before}, newer than this capdiff "
                f"({SCHEMA_VERSION}): upgrade capdiff instead"
            )
        for version in range(before + 1, SCHEMA_VERSION + 1):
            connection.execute(MIGRATIONS[version - 1])
            connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
    return before, SCHEMA_VERSION
