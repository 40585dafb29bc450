"""ReleaseAnalyzer with a feed: the index's own advisory list merged without duplicates, or
dropped when feeds are off; a release the index removed still gets its malware alert."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from packaging.version import Version

from bot.feeds.offline import OfflineFeed
from bot.index.caching import CachingIndex
from bot.index.simple import IndexSettings, SimpleIndex
from bot.model import AlertType
from bot.pipeline import ReleaseAnalyzer
from bot.release_analysis import ArtifactRunner
from bot.store.cache import ArchiveCache, SqliteAnalysisCache
from tests.fakes.index import FakeIndex
from tests.feeds.osvdata import export_zip, malware, record

BASE = "http://index.test"


@pytest.fixture
def fake() -> FakeIndex:
    index = FakeIndex()
    index.add_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\n"})
    index.add_sdist("demo", "2.0", {"demo/__init__.py": "x = 2\n"})
    index.set_info("demo", project_urls={"Source": "https://github.com/example/demo"})
    index.set_vulnerabilities(
        "demo",
        [
            # The feed's GHSA record aliases this one: reported once, by the feed.
            {"id": "PYSEC-2026-7", "aliases": ["CVE-2026-7"], "fixed_in": ["2.1"]},
            # Only the index knows this one: kept.
            {"id": "PYSEC-2026-8", "fixed_in": ["2.2"]},
        ],
    )
    index.add_sdist("gone", "1.0", {"gone/__init__.py": ""})
    index.fail("/files/gone/gone-1.0.tar.gz", 404, times=10**6)
    return index


@pytest.fixture
async def http(fake: FakeIndex) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app)) as client:
        yield client


@pytest.fixture
def feed(tmp_path: Path) -> OfflineFeed:
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "all.zip").write_bytes(
        export_zip(
            {
                "GHSA-x.json": record(
                    "GHSA-x", "demo", aliases=["CVE-2026-7"],
                    events=[{"introduced": "0"}, {"fixed": "2.1"}],
                    database_specific={"severity": "HIGH"},
                ),
                "MAL-2026-3.json": malware("MAL-2026-3", "gone"),
            }
        )
    )
    return OfflineFeed.open(copy, tmp_path / "index", clock=lambda: 0.0)


def analyzer(http: httpx.AsyncClient, cache_dir: Path) -> ReleaseAnalyzer:
    cache = SqliteAnalysisCache(cache_dir / "analysis.sqlite")
    index = CachingIndex(
        SimpleIndex(http, IndexSettings(index_url=f"{BASE}/simple", json_api_url=f"{BASE}/pypi")),
        responses=cache,
        archives=ArchiveCache(cache_dir / "archives"),
        index_key=BASE,
    )
    return ReleaseAnalyzer(
        index=index,
        runner=ArtifactRunner(file_cache=cache, artifact_cache=cache.artifacts()),
        now=lambda: datetime(2026, 6, 1, tzinfo=UTC),
    )


def advisories(findings: object) -> list[tuple[AlertType, str]]:
    return [
        (f.type, f.api)
        for f in findings  # type: ignore[attr-defined]
        if f.type in (AlertType.MALWARE, AlertType.VULNERABILITY)
    ]


async def test_feed_and_index_advisories_merge_without_duplicates(
    http: httpx.AsyncClient, tmp_path: Path, feed: OfflineFeed
) -> None:
    release = analyzer(http, tmp_path)
    release.advisories = feed
    comparison = await release.compare("demo", Version("1.0"), Version("2.0"))
    assert advisories(comparison.findings) == [
        (AlertType.VULNERABILITY, "advisory:GHSA-x"),
        (AlertType.VULNERABILITY, "advisory:PYSEC-2026-8"),
    ]
    assert comparison.notes == ()


async def test_feeds_off_drops_the_index_advisories_too(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    release = analyzer(http, tmp_path)
    release.known_advisories = False
    comparison = await release.compare("demo", Version("1.0"), Version("2.0"))
    assert advisories(comparison.findings) == []


async def test_a_release_the_index_removed_is_still_known_malware(
    http: httpx.AsyncClient, tmp_path: Path, feed: OfflineFeed
) -> None:
    release = analyzer(http, tmp_path)
    release.advisories = feed
    comparison = await release.compare("gone", None, Version("1.0"))
    assert comparison.incomplete_reasons != ()
    assert advisories(comparison.findings) == [(AlertType.MALWARE, "advisory:MAL-2026-3")]
