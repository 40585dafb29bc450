"""Composition of the analysis engine: index over HTTP, caches on disk, a process pool.

Used by the CLI (`open_engine`) and by `capdiff serve` (`build_scanner`). This is where
concrete adapters are chosen; the pipeline itself only knows protocols.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import AsyncIterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

from bot.analysis.standing import download_rank
from bot.analysis.typosquat import default_index
from bot.comparison import comparison_result, version_change
from bot.errors import InputError
from bot.feeds.compose import open_feed
from bot.feeds.settings import FeedSettings
from bot.index.caching import CachingIndex
from bot.index.simple import IndexSettings, SimpleIndex, redact_url
from bot.model import ChangeKind, PackageResult
from bot.pipeline import EngineOptions, PipelineScanner, ReleaseAnalyzer
from bot.policy import Policy
from bot.release_analysis import ArtifactRunner, SourceArtifact
from bot.store.cache import AnalysisCache, ArchiveCache, ArtifactResults, SqliteAnalysisCache

__all__ = ["Engine", "Target", "build_scanner", "open_engine"]

# A release on the index, or a local archive file.
Target = tuple[str, Version] | Path

MAX_LOCAL_ARCHIVE_BYTES = 512 * 1024 * 1024


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class Engine:
    analyzer: ReleaseAnalyzer
    policy: Policy

    def scanner(self) -> PipelineScanner:
        return PipelineScanner(analyzer=self.analyzer)

    async def inspect(self, target: Target) -> PackageResult:
        """Every finding of one release (as if the pull request added it)."""
        if isinstance(target, Path):
            comparison = await self.analyzer.compare_local(
                (), [_local_artifact(target)], name=_name_from_filename(target.name)
            )
        else:
            name, version = target
            comparison = await self.analyzer.compare(name, None, version)
        return comparison_result(comparison, change=ChangeKind.ADDED, policy=self.policy)

    async def compare(self, old: Target, new: Target) -> PackageResult:
        """What `new` brings that `old` did not have."""
        if isinstance(old, Path) or isinstance(new, Path):
            if not (isinstance(old, Path) and isinstance(new, Path)):
                raise InputError("compare two local archives, or two name==version releases")
            comparison = await self.analyzer.compare_local(
                [_local_artifact(old)], [_local_artifact(new)], name=_name_from_filename(new.name)
            )
        else:
            if old[0] != new[0]:
                raise InputError(f"compare one project's releases, not {old[0]} and {new[0]}")
            comparison = await self.analyzer.compare(new[0], old[1], new[1])
        return comparison_result(comparison, change=version_change(comparison), policy=self.policy)


def _local_artifact(path: Path) -> SourceArtifact:
    try:
        size = path.stat().st_size
        if size > MAX_LOCAL_ARCHIVE_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_LOCAL_ARCHIVE_BYTES} limit")
        return SourceArtifact(filename=path.name, data=path.read_bytes())
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from error


def _name_from_filename(filename: str) -> str:
    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[0])
        return str(parse_sdist_filename(filename)[0])
    except (InvalidWheelFilename, InvalidSdistFilename):
        return filename.split("-", 1)[0]


def _executor(workers: int) -> Executor | None:
    if workers < 2:
        return None
    # spawn: the parent may run an event loop and threads, which fork would copy badly.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _analyzer(
    *,
    client: httpx.AsyncClient,
    index_url: str,
    cache_dir: Path,
    token: str | None,
    json_api_url: str | None,
    executor: Executor | None,
    workers: int,
    options: EngineOptions,
    feeds: FeedSettings | None,
    shared_cache_url: str | None = None,
) -> tuple[ReleaseAnalyzer, AnalysisCache]:
    cache: AnalysisCache = SqliteAnalysisCache(cache_dir / "analysis.sqlite")
    if shared_cache_url is not None:
        # Results shared with every worker through PostgreSQL, this machine's file in front.
        from bot.store.postgres_cache import (  # noqa: PLC0415 (optional driver)
            PostgresAnalysisCache,
            SharedAnalysisCache,
        )

        assert isinstance(cache, SqliteAnalysisCache)
        cache = SharedAnalysisCache(cache, PostgresAnalysisCache(shared_cache_url))
    archives = ArchiveCache(cache_dir / "archives")
    index = CachingIndex(
        SimpleIndex(
            client,
            IndexSettings(index_url=index_url, token=token, json_api_url=json_api_url),
        ),
        responses=cache,
        archives=archives,
        index_key=redact_url(index_url),
    )
    runner = ArtifactRunner(
        file_cache=cache,
        artifact_cache=ArtifactResults(cache),
        executor=executor,
        workers=workers,
    )
    analyzer = ReleaseAnalyzer(
        index=index,
        runner=runner,
        now=_now,
        # Built on first use (0.3 s): only an added package needs it.
        typosquat=lambda name: default_index().check(name),
        popularity=download_rank,
        options=options,
        comparisons=cache,
        # No settings: no feed asked, the index's advisory list kept (library callers).
        advisories=(
            open_feed(feeds, client=client, cache=cache, cache_dir=cache_dir) if feeds else None
        ),
        known_advisories=feeds is None or feeds.enabled,
    )
    return analyzer, cache


@asynccontextmanager
async def open_engine(
    *,
    index_url: str,
    cache_dir: Path,
    token: str | None = None,
    json_api_url: str | None = None,
    workers: int = 2,
    options: EngineOptions | None = None,
    policy: Policy | None = None,
    feeds: FeedSettings | None = None,
) -> AsyncIterator[Engine]:
    timeout = httpx.Timeout(60.0, connect=10.0)
    executor = _executor(workers)
    try:
        async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
            analyzer, cache = _analyzer(
                client=client,
                index_url=index_url,
                cache_dir=cache_dir,
                token=token,
                json_api_url=json_api_url,
                executor=executor,
                workers=workers,
                options=options or EngineOptions(),
                feeds=feeds,
            )
            try:
                yield Engine(analyzer=analyzer, policy=policy or Policy())
            finally:
                if analyzer.advisories is not None:
                    analyzer.advisories.close()
                cache.close()
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def build_scanner(
    *,
    client: httpx.AsyncClient,
    index_url: str,
    cache_dir: Path,
    workers: int = 2,
    feeds: FeedSettings | None = None,
    shared_cache_url: str | None = None,
) -> PipelineScanner:
    """The scanner `capdiff serve` runs; its pool lives as long as the process.

    With `shared_cache_url` (the App's PostgreSQL database) analysis results are shared
    with every other worker; archives stay in `cache_dir`, capped in size."""
    analyzer, _ = _analyzer(
        client=client,
        index_url=index_url,
        cache_dir=cache_dir,
        token=None,
        json_api_url=None,
        executor=_executor(workers),
        workers=workers,
        options=EngineOptions(),
        feeds=feeds,
        shared_cache_url=shared_cache_url,
    )
    return PipelineScanner(analyzer=analyzer)

