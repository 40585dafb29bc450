"""The analysis cache shared by every worker on every machine, in PostgreSQL.

`SharedAnalysisCache` puts this machine's SQLite cache in front of PostgreSQL: a lookup
tries the local file first (microseconds), then the shared tables (a round trip), and a
shared hit is copied locally; results are written to both. So a package one worker
analyzed is warm for all the others, and a warm machine does not pay a round trip per
file. Index responses (short-lived pages) stay local, as do the archives (a disk cache
with a size cap, `ArchiveCache`).

Lookups are synchronous like the SQLite cache's (the analysis pipeline calls them from
its threads): each thread keeps one autocommit connection. Writes go through a background
thread that sends them in batches (one round trip for many rows), so a cold analysis does
not wait on the database once per file; they are visible to other workers a moment later
(`flush()` waits for them). A shared miss is remembered for 15 seconds, since the
pipeline asks for a cold file more than once in one job. A database error reads as a miss and a
failed write is dropped: the cache must never fail an analysis.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg

from bot.analysis.artifact import ArtifactAnalysis
from bot.analysis.serialize import artifact_to_dict, file_analysis_to_dict
from bot.analysis.types import ANALYZER_VERSION, FileAnalysis, FileRole
from bot.store.cache import (
    SqliteAnalysisCache,
    artifact_result_from,
    counted,
    dump_json,
    file_result_from,
    load_json,
    variant,
)
from bot.store.postgres_schema import upgrade

__all__ = ["PostgresAnalysisCache", "SharedAnalysisCache"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


class PostgresAnalysisCache:
    """Per-file and per-artifact results and comparisons, keyed like the SQLite cache."""

    def __init__(
        self, url: str, *, analyzer_version: str = ANALYZER_VERSION, migrate: bool = True
    ) -> None:
        self.url = url
        self.analyzer_version = analyzer_version
        self._local = threading.local()
        self._connections: list[psycopg.Connection[tuple[object, ...]]] = []
        self._lock = threading.Lock()
        self._writes: queue.Queue[tuple[str, tuple[object, ...]]] = queue.Queue(maxsize=10_000)
        self._writer: threading.Thread | None = None
        if migrate:
            with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
                upgrade(connection)

    def _connection(self) -> psycopg.Connection[tuple[object, ...]]:
        connection: psycopg.Connection[tuple[object, ...]] | None = getattr(
            self._local, "connection", None
        )
        if connection is None or connection.closed:
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=5)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _query(self, operation: Callable[[psycopg.Connection[tuple[object, ...]]], T]) -> T | None:
        try:
            return operation(self._connection())
        except psycopg.Error as exc:
            logger.warning("shared analysis cache unavailable: %s", exc)
            connection = getattr(self._local, "connection", None)
            if connection is not None and connection.broken:
                self._local.connection = None
            return None

    def _fetch(self, query: str, parameters: tuple[object, ...]) -> tuple[bytes] | None:
        row = self._query(lambda db: db.execute(query, parameters).fetchone())
        value = None if row is None else row[0]
        return (bytes(value),) if isinstance(value, bytes | memoryview) else None

    def _store(self, query: str, parameters: tuple[object, ...]) -> None:
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(
                    target=self._write_batches, name="shared-cache-writer", daemon=True
                )
                self._writer.start()
        try:
            self._writes.put_nowait((query, parameters))
        except queue.Full:
            logger.warning("shared analysis cache: write queue full, result not shared")

    def _write_batches(self) -> None:
        while True:
            batch = [self._writes.get()]
            while len(batch) < 500:
                try:
                    batch.append(self._writes.get_nowait())
                except queue.Empty:
                    break
            by_query: dict[str, list[tuple[object, ...]]] = {}
            for query, parameters in batch:
                by_query.setdefault(query, []).append(parameters)
            for query, rows in by_query.items():
                # executemany pipelines the rows: one round trip for the batch.
                self._query(functools.partial(_execute_many, query=query, rows=rows))
            for _ in batch:
                self._writes.task_done()

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until the queued writes reached the database (or `timeout` passed)."""
        deadline = time.monotonic() + timeout
        while self._writes.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)

    def close(self) -> None:
        self.flush()
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    # FileResultCache
    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        result = file_result_from(
            self._fetch(
                "SELECT result FROM file_results WHERE sha256=%s AND role=%s AND analyzer=%s",
                (sha256, role.value, self.analyzer_version),
            )
        )
        counted("file", "shared", result)
        return result

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self._store(
            "INSERT INTO file_results VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (sha256, role.value, self.analyzer_version, dump_json(file_analysis_to_dict(result))),
        )

    # ArtifactResultCache
    def get_artifact(self, sha256: str, include_not_installed: bool) -> ArtifactAnalysis | None:
        result = artifact_result_from(
            self._fetch(
                "SELECT result FROM artifact_results"
                " WHERE sha256=%s AND variant=%s AND analyzer=%s",
                (sha256, variant(include_not_installed), self.analyzer_version),
            )
        )
        counted("artifact", "shared", result)
        return result

    def put_artifact(
        self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis
    ) -> None:
        self._store(
            "INSERT INTO artifact_results VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                sha256,
                variant(include_not_installed),
                self.analyzer_version,
                dump_json(artifact_to_dict(result)),
            ),
        )

    def get_comparison(self, key: str) -> dict[str, object] | None:
        document = load_json(
            self._fetch(
                "SELECT result FROM comparisons WHERE key=%s AND analyzer=%s",
                (key, self.analyzer_version),
            )
        )
        counted("comparison", "shared", document)
        return document

    def put_comparison(self, key: str, document: dict[str, object]) -> None:
        self._store(
            "INSERT INTO comparisons VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            (key, self.analyzer_version, dump_json(document)),
        )


def _execute_many(
    db: psycopg.Connection[tuple[object, ...]], *, query: str, rows: list[tuple[object, ...]]
) -> None:
    db.cursor().executemany(query, rows)


class SharedAnalysisCache:
    """This machine's SQLite cache in front of the shared PostgreSQL one (see the module)."""

    def __init__(
        self,
        local: SqliteAnalysisCache,
        shared: PostgresAnalysisCache,
        *,
        miss_seconds: float = 15.0,
    ) -> None:
        self.local = local
        self.shared = shared
        self._miss_seconds = miss_seconds
        self._misses: dict[tuple[str, str], float] = {}

    def _known_miss(self, key: tuple[str, str]) -> bool:
        seen = self._misses.get(key)
        return seen is not None and time.monotonic() - seen < self._miss_seconds

    def _missed(self, key: tuple[str, str]) -> None:
        if len(self._misses) > 200_000:
            self._misses.clear()
        self._misses[key] = time.monotonic()

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        result = self.local.get(sha256, role)
        if result is not None or self._known_miss((sha256, role.value)):
            return result
        result = self.shared.get(sha256, role)
        if result is None:
            self._missed((sha256, role.value))
        else:
            self.local.put(sha256, role, result)
        return result

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self.local.put(sha256, role, result)
        self.shared.put(sha256, role, result)

    def get_artifact(self, sha256: str, include_not_installed: bool) -> ArtifactAnalysis | None:
        result = self.local.get_artifact(sha256, include_not_installed)
        if result is None:
            result = self.shared.get_artifact(sha256, include_not_installed)
            if result is not None:
                self.local.put_artifact(sha256, include_not_installed, result)
        return result

    def put_artifact(
        self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis
    ) -> None:
        self.local.put_artifact(sha256, include_not_installed, result)
        self.shared.put_artifact(sha256, include_not_installed, result)

    def get_comparison(self, key: str) -> dict[str, object] | None:
        document = self.local.get_comparison(key)
        if document is None and (document := self.shared.get_comparison(key)) is not None:
            self.local.put_comparison(key, document)
        return document

    def put_comparison(self, key: str, document: dict[str, object]) -> None:
        self.local.put_comparison(key, document)
        self.shared.put_comparison(key, document)

    def get_response(self, key: str, max_age_seconds: float) -> bytes | None:
        return self.local.get_response(key, max_age_seconds)

    def put_response(self, key: str, body: bytes) -> None:
        self.local.put_response(key, body)

    def flush(self) -> None:
        self.shared.flush()

    def close(self) -> None:
        self.local.close()
        self.shared.close()
