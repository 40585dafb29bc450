"""Per-file analysis results, reused across artifacts and releases.

A file's analysis depends only on its bytes, its role and the analyzer's version, so results
are keyed on (sha256 of the bytes, role, ANALYZER_VERSION). Most files of an upgraded package
are unchanged, and sdist and wheel share most files: the cache skips them.
"""

from __future__ import annotations

from typing import Protocol

from bot.analysis.types import ANALYZER_VERSION, FileAnalysis, FileRole

__all__ = ["DictFileResultCache", "FileResultCache"]


class FileResultCache(Protocol):
    """Synchronous, so it can be used from a worker process; implementations key on
    ANALYZER_VERSION too, so a bumped analyzer never sees stale results."""

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None: ...

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None: ...


class DictFileResultCache:
    """An in-memory `FileResultCache` for tests and single runs."""

    def __init__(self, analyzer_version: str = ANALYZER_VERSION) -> None:
        self.analyzer_version = analyzer_version
        self.entries: dict[tuple[str, FileRole, str], FileAnalysis] = {}

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        return self.entries.get((sha256, role, self.analyzer_version))

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self.entries[(sha256, role, self.analyzer_version)] = result
