"""Caches on disk: analysis results in SQLite (WAL), downloaded archives by digest.

Keys are content digests plus the analyzer's version, so a result is reused only for the
same bytes analyzed by the same analyzer. Values are JSON, never pickle.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.analysis.serialize import (
    artifact_from_dict,
    artifact_to_dict,
    file_analysis_from_dict,
    file_analysis_to_dict,
)
from bot.analysis.types import ANALYZER_VERSION, FileAnalysis, FileRole

if TYPE_CHECKING:
    from bot.analysis.artifact import ArtifactAnalysis

__all__ = [
    "AnalysisCache",
    "ArchiveCache",
    "ArtifactResults",
    "SqliteAnalysisCache",
    "artifact_result_from",
    "counted",
    "dump_json",
    "file_result_from",
    "load_json",
    "variant",
]


class AnalysisCache(Protocol):
    """Analysis results, comparisons and index responses (SQLite, or shared PostgreSQL)."""

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None: ...

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None: ...

    def get_artifact(
        self, sha256: str, include_not_installed: bool
    ) -> ArtifactAnalysis | None: ...

    def put_artifact(
        self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis
    ) -> None: ...

    def get_comparison(self, key: str) -> dict[str, object] | None: ...

    def put_comparison(self, key: str, document: dict[str, object]) -> None: ...

    def get_response(self, key: str, max_age_seconds: float) -> bytes | None: ...

    def put_response(self, key: str, body: bytes) -> None: ...

    def close(self) -> None: ...


def counted(kind: str, tier: str, found: object) -> None:
    # Counted in the processes that report metrics (the App's web and worker processes load
    # `bot.metrics`); a CLI command reports none and must not pay for prometheus_client.
    metrics = sys.modules.get("bot.metrics")
    if metrics is not None:
        result = "miss" if found is None else "hit"
        metrics.ANALYSIS_CACHE.labels(kind=kind, tier=tier, result=result).inc()

_SCHEMA = """
CREATE TABLE IF NOT EXISTS file_results (
    sha256 TEXT NOT NULL, role TEXT NOT NULL, analyzer TEXT NOT NULL, result BLOB NOT NULL,
    PRIMARY KEY (sha256, role, analyzer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS artifact_results (
    sha256 TEXT NOT NULL, variant TEXT NOT NULL, analyzer TEXT NOT NULL, result BLOB NOT NULL,
    PRIMARY KEY (sha256, variant, analyzer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS comparisons (
    key TEXT NOT NULL, analyzer TEXT NOT NULL, result BLOB NOT NULL,
    PRIMARY KEY (key, analyzer)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, fetched_at REAL NOT NULL, body BLOB NOT NULL
) WITHOUT ROWID;
"""


class SqliteAnalysisCache:
    """Per-file and per-artifact analysis results, plus short-lived index responses.

    Safe to share between threads (one connection per thread) and processes (WAL,
    busy timeout). A corrupt entry reads as a miss.
    """

    def __init__(
        self,
        path: Path,
        *,
        analyzer_version: str = ANALYZER_VERSION,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self.analyzer_version = analyzer_version
        self._clock = clock
        self._local = threading.local()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection().executescript(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            self._local.connection = connection
        return connection

    def close(self) -> None:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # FileResultCache
    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        row = self._connection().execute(
            "SELECT result FROM file_results WHERE sha256=? AND role=? AND analyzer=?",
            (sha256, role.value, self.analyzer_version),
        ).fetchone()
        result = file_result_from(row)
        counted("file", "local", result)
        return result

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO file_results VALUES (?, ?, ?, ?)",
            (sha256, role.value, self.analyzer_version, dump_json(file_analysis_to_dict(result))),
        )

    # ArtifactResultCache
    def get_artifact(self, sha256: str, include_not_installed: bool) -> ArtifactAnalysis | None:
        row = self._connection().execute(
            "SELECT result FROM artifact_results WHERE sha256=? AND variant=? AND analyzer=?",
            (sha256, variant(include_not_installed), self.analyzer_version),
        ).fetchone()
        result = artifact_result_from(row)
        counted("artifact", "local", result)
        return result

    def put_artifact(
        self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis
    ) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO artifact_results VALUES (?, ?, ?, ?)",
            (
                sha256,
                variant(include_not_installed),
                self.analyzer_version,
                dump_json(artifact_to_dict(result)),
            ),
        )

    # Comparisons (what a new release brings over an old one, keyed by both releases' digests)
    def get_comparison(self, key: str) -> dict[str, object] | None:
        row = self._connection().execute(
            "SELECT result FROM comparisons WHERE key=? AND analyzer=?",
            (key, self.analyzer_version),
        ).fetchone()
        document = load_json(row)
        counted("comparison", "local", document)
        return document

    def put_comparison(self, key: str, document: dict[str, object]) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO comparisons VALUES (?, ?, ?)",
            (key, self.analyzer_version, dump_json(document)),
        )

    def artifacts(self) -> ArtifactResults:
        return ArtifactResults(self)

    # Index responses
    def get_response(self, key: str, max_age_seconds: float) -> bytes | None:
        row = self._connection().execute(
            "SELECT fetched_at, body FROM responses WHERE key=?", (key,)
        ).fetchone()
        if row is None or self._clock() - float(row[0]) > max_age_seconds:
            return None
        return bytes(row[1])

    def put_response(self, key: str, body: bytes) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO responses VALUES (?, ?, ?)", (key, self._clock(), body)
        )


class ArtifactResults:
    """`ArtifactResultCache` view of an `AnalysisCache`."""

    def __init__(self, cache: AnalysisCache) -> None:
        self._cache = cache

    def get(self, sha256: str, include_not_installed: bool) -> ArtifactAnalysis | None:
        return self._cache.get_artifact(sha256, include_not_installed)

    def put(self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis) -> None:
        self._cache.put_artifact(sha256, include_not_installed, result)


def file_result_from(row: tuple[bytes] | None) -> FileAnalysis | None:
    document = load_json(row)
    if document is None:
        return None
    try:
        return file_analysis_from_dict(document)
    except (KeyError, ValueError, TypeError):
        return None


def artifact_result_from(row: tuple[bytes] | None) -> ArtifactAnalysis | None:
    document = load_json(row)
    if document is None:
        return None
    try:
        return artifact_from_dict(document)
    except (KeyError, ValueError, TypeError):
        return None


def variant(include_not_installed: bool) -> str:
    return "all-files" if include_not_installed else "installed"


def dump_json(document: object) -> bytes:
    return zlib.compress(json.dumps(document, separators=(",", ":")).encode(), 1)


def load_json(row: tuple[bytes] | None) -> dict[str, object] | None:
    if row is None:
        return None
    try:
        document = json.loads(zlib.decompress(row[0]))
    except (zlib.error, ValueError):
        return None
    return document if isinstance(document, dict) else None


class ArchiveCache:
    """Downloaded archives on disk, named by sha256 only, evicted oldest-used first."""

    def __init__(self, directory: Path, *, max_bytes: int = 2 * 1024**3) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.directory / sha256

    def get(self, sha256: str) -> bytes | None:
        path = self._path(sha256.lower())
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if hashlib.sha256(data).hexdigest() != sha256.lower():
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(path)
        return data

    def put(self, sha256: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        path = self._path(sha256.lower())
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        self._evict()

    def _evict(self) -> None:
        entries = []
        for entry in os.scandir(self.directory):
            if entry.is_file() and not entry.name.startswith(".part-"):
                stat = entry.stat()
                entries.append((stat.st_mtime, stat.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            total -= size
