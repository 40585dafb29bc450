"""CachingIndex: pages kept for a while (injected clock), archives by digest, exact round trips."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from packaging.version import Version

from bot.errors import NotFoundError
from bot.index.caching import CachingIndex
from bot.index.simple import IndexSettings, SimpleIndex
from bot.store.cache import ArchiveCache, SqliteAnalysisCache
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app

BASE = "http://index.test"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def fake() -> FakeIndex:
    index = FakeIndex()
    index.add_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\n"}, requires_python=">=3.8")
    index.add_wheel("demo", "1.1", {"demo/__init__.py": "x = 2\n"})
    index.yank("demo", "1.0", "oops")
    index.set_upload_time("demo", "1.1", datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC))
    index.set_info("demo", author="Alice", project_urls={"Source": "https://github.com/a/demo"})
    index.set_vulnerabilities("demo", [{"id": "PYSEC-1", "aliases": ["CVE-1"], "fixed_in": ["2"]}])
    index.set_owners("demo", ["alice"])
    return index


@pytest.fixture
async def http(fake: FakeIndex) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app)) as client:
        yield client


def caching(
    http: httpx.AsyncClient, tmp_path: Path, clock: Clock, *, json_api: bool = True
) -> tuple[CachingIndex, SqliteAnalysisCache]:
    settings = IndexSettings(
        index_url=f"{BASE}/simple", json_api_url=f"{BASE}/pypi" if json_api else None
    )
    responses = SqliteAnalysisCache(tmp_path / "cache.sqlite", clock=clock)
    index = CachingIndex(
        SimpleIndex(http, settings),
        responses=responses,
        archives=ArchiveCache(tmp_path / "archives"),
        index_key=f"{BASE}/simple",
        max_age_seconds=600,
    )
    return index, responses


async def test_pages_and_metadata_come_from_the_cache_until_they_expire(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    clock = Clock()
    first, cache = caching(http, tmp_path, clock)
    project = await first.project("demo")
    metadata = await first.metadata("demo")
    assert await first.project("Demo") == project  # same instance: no second request
    assert fake.paths() == ["/simple/demo/", "/pypi/demo/json"]

    clock.now += 599
    second, _ = caching(http, tmp_path, clock)  # a new process, the same cache on disk
    assert await second.project("demo") == project
    assert await second.metadata("demo") == metadata
    assert fake.paths() == ["/simple/demo/", "/pypi/demo/json"]

    clock.now += 2
    third, _ = caching(http, tmp_path, clock)
    assert await third.project("demo") == project
    assert await third.metadata("demo") == metadata
    assert fake.paths() == ["/simple/demo/", "/pypi/demo/json"] * 2
    cache.close()


async def test_cached_pages_keep_every_field(http: httpx.AsyncClient, tmp_path: Path) -> None:
    clock = Clock()
    first, _ = caching(http, tmp_path, clock)
    live = await first.project("demo")
    second, _ = caching(http, tmp_path, clock)
    cached = await second.project("demo")
    assert cached == live
    old = cached.files_for(Version("1.0"))[0]
    assert (old.yanked, old.requires_python) == ("oops", ">=3.8")
    new = cached.files_for(Version("1.1"))[0]
    assert new.upload_time == datetime(2025, 5, 6, 7, 8, 9, tzinfo=UTC)
    live_metadata = await first.metadata("demo")
    assert live_metadata is not None and live_metadata.vulnerabilities
    assert await second.metadata("demo") == live_metadata


async def test_no_json_api_is_remembered_too(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    clock = Clock()
    first, _ = caching(http, tmp_path, clock, json_api=False)
    assert await first.metadata("demo") is None
    second, _ = caching(http, tmp_path, clock, json_api=False)
    assert await second.metadata("demo") is None
    assert fake.paths("/pypi/") == []


async def test_archives_are_downloaded_once(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    clock = Clock()
    first, _ = caching(http, tmp_path, clock)
    (wheel,) = (await first.project("demo")).files_for(Version("1.1"))
    data = await first.download(wheel)
    second, _ = caching(http, tmp_path, clock)
    assert await second.download(wheel) == data
    assert fake.downloads() == ["/files/demo/demo-1.1-py3-none-any.whl"]


async def test_corrupt_cached_page_is_fetched_again(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    clock = Clock()
    _, cache = caching(http, tmp_path, clock)
    cache.put_response(f"project|{BASE}/simple|demo", b"{not json")
    index, _ = caching(http, tmp_path, clock)
    assert len((await index.project("demo")).files) == 2
    assert fake.paths() == ["/simple/demo/"]


async def test_concurrent_callers_share_one_fetch(fake: FakeIndex, tmp_path: Path) -> None:
    # Real HTTP: an in-process ASGI transport never yields, so callers would not overlap.
    with serve_app(fake.app) as base:
        async with httpx.AsyncClient() as client:
            index = CachingIndex(
                SimpleIndex(
                    client, IndexSettings(index_url=f"{base}/simple", json_api_url=f"{base}/pypi")
                ),
                responses=SqliteAnalysisCache(tmp_path / "cache.sqlite"),
                archives=None,
                index_key=base,
            )
            projects = await asyncio.gather(*(index.project("demo") for _ in range(4)))
            metadata = await asyncio.gather(*(index.metadata("Demo") for _ in range(4)))
    assert all(p == projects[0] for p in projects)
    assert all(m == metadata[0] for m in metadata)
    assert fake.paths() == ["/simple/demo/", "/pypi/demo/json"]


async def test_a_failed_fetch_is_not_remembered(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    fake.fail("/simple/demo/", 404)
    index, _ = caching(http, tmp_path, Clock())
    with pytest.raises(NotFoundError):
        await index.project("demo")
    assert len((await index.project("demo")).files) == 2
