"""An offline copy of OSV's PyPI export as an `AdvisoryFeed`, for machines without API access.

The export is a zip of one JSON record per file (`all.zip`), or a directory of those records
already extracted. It is untrusted input: the zip's size, each record's size, the number of
records and the compression ratio are capped; a member that is not valid OSV JSON for PyPI is
skipped and counted. Records are indexed once into SQLite (package name → records) beside the
cache, and the index is rebuilt when the copy changes (size and modification time).

`WithFallback` asks the API first and this copy for what the API could not answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.feeds.interface import AdvisoryFeed, FeedAnswer, FeedError, ReleaseKey
from bot.feeds.records import AdvisoryRecord, parse_record

__all__ = [
    "FEED_ZIP_NAME",
    "FeedLimits",
    "IndexStats",
    "OfflineFeed",
    "WithFallback",
    "build_index",
    "feed_source",
    "feeds_cache_dir",
]

FEED_ZIP_NAME = "all.zip"
_MIB = 1024 * 1024
_SCHEMA = """
CREATE TABLE records (name TEXT NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL,
                      PRIMARY KEY (name, id)) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedLimits:
    max_zip_bytes: int = 1024 * _MIB
    max_record_bytes: int = 4 * _MIB
    max_records: int = 500_000
    max_total_bytes: int = 4096 * _MIB  # all records decompressed
    max_ratio: float = 200.0
    # Older than this, lookups carry a note that the copy may miss recent malware.
    stale_after_seconds: float = 7 * 86400.0


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexStats:
    source: str
    records: int  # records stored (one per affected PyPI package)
    packages: int
    skipped: int  # members that were not valid OSV JSON for PyPI, or over a limit
    source_time: float  # newest modification time of the copy


def feeds_cache_dir(cache_dir: Path) -> Path:
    """Where `capdiff feeds update` puts the export, and where every feed index lives."""
    return cache_dir / "feeds"


def feed_source(directory: Path) -> Path | None:
    """The feed inside `directory`: its `all.zip`, the one zip it holds, or the directory
    itself when it holds extracted `*.json` records. A zip path is its own source."""
    if directory.is_file():
        return directory
    if not directory.is_dir():
        return None
    preferred = directory / FEED_ZIP_NAME
    if preferred.is_file():
        return preferred
    zips = sorted(directory.glob("*.zip"))
    if len(zips) == 1:
        return zips[0]
    if next(directory.rglob("*.json"), None) is not None:
        return directory
    return None


def _fingerprint(source: Path) -> tuple[str, float]:
    if source.is_file():
        stat = source.stat()
        return f"zip:{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}", stat.st_mtime
    count = size = 0
    newest = 0
    for path in source.rglob("*.json"):
        stat = path.stat()
        count += 1
        size += stat.st_size
        newest = max(newest, stat.st_mtime_ns)
    return f"dir:{source.resolve()}:{count}:{size}:{newest}", newest / 1e9


def _zip_documents(source: Path, limits: FeedLimits) -> Iterator[bytes | None]:
    """Each member's bytes, or None for a member over a limit or unreadable (a skip)."""
    if source.stat().st_size > limits.max_zip_bytes:
        raise FeedError(f"{source}: larger than the {limits.max_zip_bytes} byte limit")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise FeedError(f"{source}: not a readable zip ({error})") from error
    total = 0
    with archive:
        for count, info in enumerate(archive.infolist(), start=1):
            if count > limits.max_records:
                raise FeedError(f"{source}: more than {limits.max_records} members")
            if info.is_dir() or not info.filename.endswith(".json"):
                continue
            if info.file_size > limits.max_record_bytes or info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ) + 4096:
                yield None
                continue
            try:
                with archive.open(info) as stream:
                    # Never trust the declared size: one byte past the cap shows a lie.
                    data = stream.read(limits.max_record_bytes + 1)
            except (zipfile.BadZipFile, OSError, zlib.error, EOFError, RuntimeError,
                    NotImplementedError, ValueError):
                yield None
                continue
            if len(data) > limits.max_record_bytes:
                yield None
                continue
            total += len(data)
            if total > limits.max_total_bytes:
                raise FeedError(f"{source}: records exceed {limits.max_total_bytes} bytes")
            yield data


def _dir_documents(source: Path, limits: FeedLimits) -> Iterator[bytes | None]:
    for count, path in enumerate(sorted(source.rglob("*.json")), start=1):
        if count > limits.max_records:
            raise FeedError(f"{source}: more than {limits.max_records} records")
        try:
            if path.is_symlink() or path.stat().st_size > limits.max_record_bytes:
                yield None
                continue
            yield path.read_bytes()
        except OSError:
            yield None


def build_index(
    source: Path, index_path: Path, *, limits: FeedLimits | None = None
) -> IndexStats:
    """Read every record of `source` into a fresh SQLite index at `index_path` (atomically)."""
    limits = limits or FeedLimits()
    fingerprint, source_time = _fingerprint(source)
    documents = (
        _zip_documents(source, limits) if source.is_file() else _dir_documents(source, limits)
    )
    index_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=index_path.parent, prefix=".index-")
    os.close(handle)
    records = skipped = 0
    names: set[str] = set()
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            connection.executescript(_SCHEMA)
            connection.execute("BEGIN")
            for data in documents:
                record = _parse(data)
                if record is None:
                    skipped += 1
                    continue
                body = zlib.compress(data or b"", 1)
                for name in {a.name for a in record.affected}:
                    connection.execute(
                        "INSERT OR REPLACE INTO records VALUES (?, ?, ?)", (name, record.id, body)
                    )
                    names.add(name)
                    records += 1
            connection.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("fingerprint", fingerprint),
                    ("source_time", repr(source_time)),
                    ("skipped", str(skipped)),
                ],
            )
            connection.execute("COMMIT")
        finally:
            connection.close()
        os.replace(temporary, index_path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return IndexStats(
        source=str(source), records=records, packages=len(names), skipped=skipped,
        source_time=source_time,
    )


def _parse(data: bytes | None) -> AdvisoryRecord | None:
    if data is None:
        return None
    try:
        return parse_record(json.loads(data))
    except (ValueError, RecursionError):
        return None


class OfflineFeed:
    """Lookups in an index built by `build_index`; opens (and rebuilds) it as needed.

    A long-running process notices a refreshed copy (`capdiff feeds update` while the App
    runs): at most once a minute a lookup compares the copy's size and time with the index's.
    """

    def __init__(
        self,
        directory: Path,
        index_dir: Path,
        *,
        limits: FeedLimits | None = None,
        clock: Callable[[], float] = time.time,
        recheck_seconds: float = 60.0,
    ) -> None:
        self._directory = directory
        self._index_dir = index_dir
        self._limits = limits or FeedLimits()
        self._clock = clock
        self._recheck_seconds = recheck_seconds
        self._connection: sqlite3.Connection | None = None
        self._path = index_dir / "unset"
        self._source = str(directory)
        self._source_time = 0.0
        self.skipped = 0
        self._checked_at = clock()
        self._use(*self._load())

    @classmethod
    def open(
        cls,
        directory: Path,
        index_dir: Path,
        *,
        limits: FeedLimits | None = None,
        clock: Callable[[], float] = time.time,
    ) -> OfflineFeed:
        """The feed copy in `directory` (see `feed_source`), indexed under `index_dir`.

        Raises `FeedError` when there is no readable copy."""
        return cls(directory, index_dir, limits=limits, clock=clock)

    def _locate(self) -> tuple[Path, Path, str]:
        source = feed_source(self._directory)
        if source is None:
            raise FeedError(
                f"{self._directory}: no {FEED_ZIP_NAME} or OSV *.json records in it"
            )
        fingerprint, _ = _fingerprint(source)
        digest = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
        return source, self._index_dir / f"osv-index-{digest}.sqlite", fingerprint

    def _load(self) -> tuple[Path, Path, dict[str, str]]:
        """Index the copy if its index is missing or stale (may take seconds: a thread)."""
        source, index_path, fingerprint = self._locate()
        meta = _meta(index_path)
        if meta.get("fingerprint") != fingerprint:
            build_index(source, index_path, limits=self._limits)
            meta = _meta(index_path)
        return source, index_path, meta

    def _use(self, source: Path, index_path: Path, meta: dict[str, str]) -> None:
        self.close()
        self._path = index_path
        self._source = str(source)
        self._source_time = float(meta.get("source_time", "0"))
        self.skipped = int(meta.get("skipped", "0"))

    def _changed(self) -> bool:
        try:
            _, index_path, fingerprint = self._locate()
        except (FeedError, OSError):
            return False  # keep answering from the index we have
        return index_path != self._path or _meta(index_path).get("fingerprint") != fingerprint

    def stats(self) -> IndexStats:
        connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True)
        try:
            records, packages = connection.execute(
                "SELECT COUNT(*), COUNT(DISTINCT name) FROM records"
            ).fetchone()
        finally:
            connection.close()
        return IndexStats(
            source=self._source, records=int(records), packages=int(packages),
            skipped=self.skipped, source_time=self._source_time,
        )

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _rows(self, name: str) -> list[bytes]:
        if self._connection is None:
            self._connection = sqlite3.connect(
                f"file:{self._path}?mode=ro", uri=True, check_same_thread=False
            )
        rows = self._connection.execute(
            "SELECT body FROM records WHERE name=? ORDER BY id", (name,)
        ).fetchall()
        return [bytes(row[0]) for row in rows]

    async def lookup(self, releases: Sequence[ReleaseKey]) -> FeedAnswer:
        import asyncio  # noqa: PLC0415 (loaded anyway in a coroutine; see `lookup_now`)

        if self._clock() - self._checked_at > self._recheck_seconds:
            self._checked_at = self._clock()
            if await asyncio.to_thread(self._changed):
                # A copy being replaced right now fails to load: the next check tries again.
                with contextlib.suppress(FeedError, OSError, sqlite3.Error):
                    self._use(*await asyncio.to_thread(self._load))
        return self.lookup_now(releases)

    def lookup_now(self, releases: Sequence[ReleaseKey]) -> FeedAnswer:
        """`lookup` without the check for a refreshed copy, for a process that has just
        opened the feed (a CLI command: no event loop needed)."""
        found: dict[ReleaseKey, tuple[AdvisoryRecord, ...]] = {}
        try:
            for key in dict.fromkeys(releases):
                records = []
                for body in self._rows(key[0]):
                    record = _parse(zlib.decompress(body))
                    if record is not None and record.affects(key[0], key[1]):
                        records.append(record)
                found[key] = tuple(records)
        except (sqlite3.Error, zlib.error) as error:
            return FeedAnswer(
                records=found,
                unavailable=f"the offline OSV feed ({self._source}) could not be read: {error}",
            )
        age = self._clock() - self._source_time
        note = None
        if age > self._limits.stale_after_seconds:
            note = (
                f"the offline OSV feed ({self._source}) is {int(age // 86400)} days old; "
                "`capdiff feeds update` refreshes it"
            )
        return FeedAnswer(records=found, unavailable=note, skipped=0)


def _meta(index_path: Path) -> dict[str, str]:
    if not index_path.is_file():
        return {}
    try:
        connection = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
        try:
            return dict(connection.execute("SELECT key, value FROM meta").fetchall())
        finally:
            connection.close()
    except sqlite3.Error:
        return {}


class WithFallback:
    """`primary` (the API); what it cannot answer is looked up in `fallback` (a local copy)."""

    def __init__(self, primary: AdvisoryFeed, fallback: AdvisoryFeed, *, label: str) -> None:
        self._primary = primary
        self._fallback = fallback
        self._label = label

    def close(self) -> None:
        self._primary.close()
        self._fallback.close()

    async def lookup(self, releases: Sequence[ReleaseKey]) -> FeedAnswer:
        answer = await self._primary.lookup(releases)
        missing = [key for key in releases if key not in answer.records]
        if not missing:
            return answer
        backup = await self._fallback.lookup(missing)
        note = f"{answer.unavailable}; used the offline feed ({self._label}) instead"
        if backup.unavailable:
            note += f" ({backup.unavailable})"
        return FeedAnswer(
            records={**answer.records, **backup.records},
            unavailable=note,
            skipped=answer.skipped + backup.skipped,
        )
