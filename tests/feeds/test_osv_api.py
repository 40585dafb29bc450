"""The OSV API client against a fake OSV server over real HTTP on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from packaging.version import Version

from bot.feeds.interface import ReleaseKey
from bot.feeds.osv_api import OsvApi, OsvSettings
from bot.model import NormalizedName
from bot.store.cache import SqliteAnalysisCache
from tests.fakes.osv import FakeOsv
from tests.fakes.server import serve_app
from tests.feeds.osvdata import malware, record

DEMO: ReleaseKey = (NormalizedName("demo"), Version("1.0"))
OTHER: ReleaseKey = (NormalizedName("other"), Version("2.0"))


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def osv() -> FakeOsv:
    fake = FakeOsv()
    fake.add(record("PYSEC-1", "demo", versions=["1.0", "1.1"], summary="bad parser"))
    fake.add(record("PYSEC-2", "demo", versions=["1.0"], modified="2026-02-02T00:00:00Z"))
    fake.add(malware("MAL-2026-9", "other", ))
    fake.records["MAL-2026-9"]["affected"][0]["versions"] = ["2.0"]  # type: ignore[index]
    return fake


@pytest.fixture
def base(osv: FakeOsv) -> Iterator[str]:
    with serve_app(osv.app) as url:
        yield url


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path: Path, clock: Clock) -> Iterator[SqliteAnalysisCache]:
    store = SqliteAnalysisCache(tmp_path / "analysis.sqlite", clock=clock)
    yield store
    store.close()


async def no_sleep(_: float) -> None:
    return None


def api(client: httpx.AsyncClient, base: str, cache: SqliteAnalysisCache | None,
        **settings: float) -> OsvApi:
    return OsvApi(client, OsvSettings(base_url=base, **settings),  # type: ignore[arg-type]
                  cache=cache, sleep=no_sleep)


async def test_one_batch_then_each_record_once(
    osv: FakeOsv, base: str, client: httpx.AsyncClient, cache: SqliteAnalysisCache
) -> None:
    answer = await api(client, base, cache).lookup([DEMO, OTHER, DEMO])
    assert answer.unavailable is None
    assert sorted(r.id for r in answer.records[DEMO]) == ["PYSEC-1", "PYSEC-2"]
    assert [r.id for r in answer.records[OTHER]] == ["MAL-2026-9"]
    assert answer.records[OTHER][0].malicious
    assert osv.count("/v1/querybatch") == 1
    (batch,) = [r.body for r in osv.requests if r.path == "/v1/querybatch"]
    assert batch == {
        "queries": [
            {"package": {"name": "demo", "ecosystem": "PyPI"}, "version": "1.0"},
            {"package": {"name": "other", "ecosystem": "PyPI"}, "version": "2.0"},
        ]
    }
    assert sorted(r.path for r in osv.requests if r.method == "GET") == [
        "/v1/vulns/MAL-2026-9", "/v1/vulns/PYSEC-1", "/v1/vulns/PYSEC-2",
    ]


async def test_batches_are_split_at_the_batch_size(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    releases = [(NormalizedName(f"p{i}"), Version("1")) for i in range(5)]
    answer = await api(client, base, None, batch_size=2).lookup(releases)
    assert answer.unavailable is None
    assert set(answer.records) == set(releases)
    assert [len(r.body["queries"]) for r in osv.requests] == [2, 2, 1]  # type: ignore[index]


async def test_answers_are_cached_on_disk_until_they_expire(
    osv: FakeOsv, base: str, client: httpx.AsyncClient, cache: SqliteAnalysisCache, clock: Clock
) -> None:
    await api(client, base, cache).lookup([DEMO])
    first = len(osv.requests)
    # A new client (another process) on the same cache asks nothing.
    again = await api(client, base, cache).lookup([DEMO])
    assert len(osv.requests) == first
    assert sorted(r.id for r in again.records[DEMO]) == ["PYSEC-1", "PYSEC-2"]
    # An hour later the id list is asked again; unchanged records come from the cache.
    clock.now += 3601
    osv.add(record("PYSEC-3", "demo", versions=["1.0"]))
    later = await api(client, base, cache).lookup([DEMO])
    assert sorted(r.id for r in later.records[DEMO]) == ["PYSEC-1", "PYSEC-2", "PYSEC-3"]
    assert [r.path for r in osv.requests[first:]] == ["/v1/querybatch", "/v1/vulns/PYSEC-3"]


async def test_a_changed_record_is_fetched_again(
    osv: FakeOsv, base: str, client: httpx.AsyncClient, cache: SqliteAnalysisCache, clock: Clock
) -> None:
    await api(client, base, cache).lookup([DEMO])
    osv.add(record("PYSEC-1", "demo", versions=["1.0"], summary="now rated",
                   modified="2026-03-03T00:00:00Z",
                   database_specific={"severity": "HIGH"}))
    clock.now += 3601
    answer = await api(client, base, cache).lookup([DEMO])
    (changed,) = [r for r in answer.records[DEMO] if r.id == "PYSEC-1"]
    assert changed.summary == "now rated"


async def test_transient_errors_are_retried(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    osv.fail("/v1/querybatch", 503, times=2)
    osv.fail("/v1/vulns/PYSEC-1", 429, times=1)
    answer = await api(client, base, None).lookup([DEMO])
    assert answer.unavailable is None
    assert len(answer.records[DEMO]) == 2
    assert osv.count("/v1/querybatch") == 3


async def test_outage_is_a_note_not_an_exception(
    osv: FakeOsv, base: str, client: httpx.AsyncClient, cache: SqliteAnalysisCache
) -> None:
    osv.fail("/v1/querybatch", 500, times=3)
    answer = await api(client, base, cache).lookup([DEMO, OTHER])
    assert answer.records == {}
    assert answer.unavailable == f"the OSV API at {base} could not be used (HTTP 500)"
    assert osv.count("/v1/querybatch") == 3
    # Nothing was cached from the failure: the next scan asks again and succeeds.
    assert (await api(client, base, cache).lookup([DEMO])).unavailable is None


async def test_after_an_outage_lookups_pause_instead_of_waiting_again(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    clock = Clock()
    osv.fail("/v1/querybatch", 503, times=3)
    feed = OsvApi(client, OsvSettings(base_url=base), sleep=no_sleep, monotonic=clock)
    first = await feed.lookup([DEMO])
    second = await feed.lookup([OTHER])
    assert first.unavailable is not None and second.unavailable is not None
    assert "(HTTP 503)" in second.unavailable
    assert osv.count("/v1/querybatch") == 3  # the second lookup asked nothing
    clock.now += 61
    assert (await feed.lookup([OTHER])).unavailable is None


async def test_unreachable_host(client: httpx.AsyncClient) -> None:
    with serve_app(FakeOsv().app) as gone:
        pass  # the server has stopped: its port refuses connections
    answer = await api(client, gone, None, attempts=2).lookup([DEMO])
    assert answer.records == {}
    assert answer.unavailable is not None
    assert answer.unavailable.startswith(f"the OSV API at {gone} could not be used (Connect")


async def test_timeout(client: httpx.AsyncClient, osv: FakeOsv) -> None:
    import asyncio

    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def slow(_: object) -> JSONResponse:
        await asyncio.sleep(2)
        return JSONResponse({"results": [{}]})

    app = Starlette(routes=[Route("/v1/querybatch", slow, methods=["POST"])])
    with serve_app(app) as slow_base:
        answer = await api(client, slow_base, None, attempts=1, timeout_seconds=0.2).lookup(
            [DEMO]
        )
    assert answer.unavailable is not None
    assert "(timed out after 0.2 s)" in answer.unavailable


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"results": "x"}',
        b'{"results": []}',  # fewer results than queries
        b'{"results": [{"vulns": "x"}]}',
        b"[" * 100_000,  # nesting deeper than the JSON decoder's recursion limit
    ],
)
async def test_malformed_querybatch_answers(
    osv: FakeOsv, base: str, client: httpx.AsyncClient, body: bytes
) -> None:
    osv.answer("/v1/querybatch", body)
    answer = await api(client, base, None).lookup([DEMO])
    assert answer.records == {}
    assert answer.unavailable is not None
    assert "malformed" in answer.unavailable


async def test_malformed_or_missing_records_are_skipped_and_counted(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    osv.answer("/v1/vulns/PYSEC-1", b'{"id": "PYSEC-1", "affected": 7}')
    del osv.records["PYSEC-2"]
    osv.add(record("PYSEC-2", "demo", versions=["1.0"]))
    osv.answer("/v1/vulns/PYSEC-2", b'{"code": 5}', status=404)
    answer = await api(client, base, None).lookup([DEMO])
    assert answer.unavailable is None
    assert answer.records[DEMO] == ()
    assert answer.skipped == 2


async def test_oversized_answer_is_refused(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    osv.answer("/v1/querybatch", b'{"results": [{}], "pad": "' + b"x" * 5000 + b'"}')
    answer = await api(client, base, None, max_response_bytes=1000).lookup([DEMO])
    assert answer.unavailable is not None
    assert "answer larger than 1000 bytes" in answer.unavailable


async def test_pages_are_followed(osv: FakeOsv, base: str, client: httpx.AsyncClient) -> None:
    osv.page_size = 1
    answer = await api(client, base, None).lookup([DEMO])
    assert sorted(r.id for r in answer.records[DEMO]) == ["PYSEC-1", "PYSEC-2"]
    bodies = [r.body for r in osv.requests if r.path == "/v1/querybatch"]
    assert bodies[1] == {
        "queries": [
            {"package": {"name": "demo", "ecosystem": "PyPI"}, "version": "1.0",
             "page_token": "1"}
        ]
    }


async def test_a_long_running_client_asks_again_when_its_answers_expire(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    clock = Clock()
    feed = OsvApi(client, OsvSettings(base_url=base), sleep=no_sleep, monotonic=clock)
    await feed.lookup([DEMO])
    await feed.lookup([DEMO])
    assert osv.count("/v1/querybatch") == 1
    osv.add(record("PYSEC-4", "demo", versions=["1.0"]))
    clock.now += 3601
    answer = await feed.lookup([DEMO])
    assert osv.count("/v1/querybatch") == 2
    assert "PYSEC-4" in {r.id for r in answer.records[DEMO]}


async def test_an_answer_naming_too_many_records_is_not_followed_to_the_end(
    osv: FakeOsv, base: str, client: httpx.AsyncClient
) -> None:
    for i in range(5):
        osv.add(record(f"PYSEC-9{i}", "other", versions=["2.0"]))
    answer = await api(client, base, None, max_records_per_lookup=3).lookup([DEMO, OTHER])
    # demo's two records are within the limit; other's six are not all fetched.
    assert set(answer.records) == {DEMO}
    assert answer.unavailable == (
        f"the OSV API at {base} could not be used (more than 3 records to fetch)"
    )
    assert sum(1 for r in osv.requests if r.method == "GET") == 3
