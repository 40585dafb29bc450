"""The offline feed: an export zip (or extracted records) built by the test, indexed in SQLite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from packaging.version import Version

from bot.feeds.interface import FeedAnswer, FeedError, ReleaseKey
from bot.feeds.offline import FeedLimits, OfflineFeed, WithFallback, build_index
from bot.model import NormalizedName
from tests.feeds.osvdata import export_zip, malware, record

DAY = 86400.0


def key(name: str, version: str) -> ReleaseKey:
    return (NormalizedName(name), Version(version))


def export() -> bytes:
    return export_zip(
        {
            "MAL-2026-1.json": malware("MAL-2026-1", "evil-pkg"),
            "PYSEC-2026-10.json": record(
                "PYSEC-2026-10", "demo",
                events=[{"introduced": "1.0"}, {"fixed": "1.2"}, {"introduced": "2.0"},
                        {"last_affected": "2.1"}],
                database_specific={"severity": "HIGH"},
            ),
            "PYSEC-2026-11.json": record("PYSEC-2026-11", "Demo", versions=["3.0"]),
            "broken.json": b'{"id": "PYSEC-X", "affected": [',
            "npm.json": {"id": "GHSA-npm", "affected": [{"package": {"ecosystem": "npm",
                                                                    "name": "demo"}}]},
            "README.txt": b"not a record",
            "big.json": b'{"id": "BIG", "pad": "' + b" " * 5000 + b'"}',
        }
    )


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "copy"
    directory.mkdir()
    (directory / "all.zip").write_bytes(export())
    return directory


def open_feed(feed_dir: Path, tmp_path: Path, now: float | None = None) -> OfflineFeed:
    return OfflineFeed.open(
        feed_dir, tmp_path / "index", limits=FeedLimits(max_record_bytes=4096),
        clock=lambda: now if now is not None else (feed_dir / "all.zip").stat().st_mtime,
    )


async def test_lookup_evaluates_ranges_for_the_exact_version(
    feed_dir: Path, tmp_path: Path
) -> None:
    feed = open_feed(feed_dir, tmp_path)
    cases = {
        key("demo", "0.9"): [],
        key("demo", "1.1"): ["PYSEC-2026-10"],
        key("demo", "1.2"): [],
        key("demo", "2.1"): ["PYSEC-2026-10"],
        key("demo", "2.1.1"): [],
        key("demo", "3.0"): ["PYSEC-2026-11"],
        key("evil-pkg", "0.0.1"): ["MAL-2026-1"],
        key("unknown", "1.0"): [],
    }
    answer = await feed.lookup(list(cases))
    assert answer.unavailable is None
    assert {k: [r.id for r in v] for k, v in answer.records.items()} == cases
    # broken JSON, a record for npm only, and a member over the size limit.
    assert feed.skipped == 3
    feed.close()


async def test_index_is_reused_then_rebuilt_when_the_copy_changes(
    feed_dir: Path, tmp_path: Path
) -> None:
    open_feed(feed_dir, tmp_path).close()
    (index,) = (tmp_path / "index").glob("osv-index-*.sqlite")
    built = index.stat().st_mtime_ns
    open_feed(feed_dir, tmp_path).close()
    assert index.stat().st_mtime_ns == built
    zip_path = feed_dir / "all.zip"
    zip_path.write_bytes(export_zip({"MAL-2026-5.json": malware("MAL-2026-5", "demo")}))
    os.utime(zip_path, ns=(built + 10**9, built + 10**9))
    feed = open_feed(feed_dir, tmp_path)
    answer = await feed.lookup([key("demo", "1.1")])
    assert [r.id for r in answer.records[key("demo", "1.1")]] == ["MAL-2026-5"]
    feed.close()


async def test_extracted_records_in_a_directory(tmp_path: Path) -> None:
    directory = tmp_path / "records"
    (directory / "nested").mkdir(parents=True)
    (directory / "nested" / "MAL-2026-3.json").write_text(
        json.dumps(malware("MAL-2026-3", "evil")), encoding="utf-8"
    )
    (directory / "bad.json").write_bytes(b"\xff\xfe not json")
    feed = OfflineFeed.open(directory, tmp_path / "index")
    answer = await feed.lookup([key("evil", "9")])
    assert [r.id for r in answer.records[key("evil", "9")]] == ["MAL-2026-3"]
    assert feed.skipped == 1
    feed.close()


async def test_a_stale_copy_says_so(feed_dir: Path, tmp_path: Path) -> None:
    mtime = (feed_dir / "all.zip").stat().st_mtime
    feed = open_feed(feed_dir, tmp_path, now=mtime + 10 * DAY)
    answer = await feed.lookup([key("demo", "1.1")])
    assert answer.records[key("demo", "1.1")]
    assert answer.unavailable == (
        f"the offline OSV feed ({feed_dir / 'all.zip'}) is 10 days old; "
        "`capdiff feeds update` refreshes it"
    )
    feed.close()


def test_missing_or_hostile_copies_are_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(FeedError, match=r"no all\.zip or OSV \*\.json records in it"):
        OfflineFeed.open(empty, tmp_path / "index")
    (empty / "all.zip").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(FeedError, match="not a readable zip"):
        OfflineFeed.open(empty, tmp_path / "index")
    (empty / "all.zip").write_bytes(export())
    with pytest.raises(FeedError, match="larger than the 100 byte limit"):
        build_index(empty / "all.zip", tmp_path / "x.sqlite", limits=FeedLimits(max_zip_bytes=100))
    with pytest.raises(FeedError, match="more than 2 members"):
        build_index(empty / "all.zip", tmp_path / "x.sqlite", limits=FeedLimits(max_records=2))
    assert not (tmp_path / "x.sqlite").exists()


def test_a_compression_bomb_member_is_skipped(tmp_path: Path) -> None:
    source = tmp_path / "all.zip"
    source.write_bytes(
        export_zip({
            "bomb.json": b'{"id": "B", "pad": "' + b" " * 3_000_000 + b'"}',
            "MAL-2026-1.json": malware("MAL-2026-1", "evil"),
        })
    )
    stats = build_index(source, tmp_path / "i.sqlite", limits=FeedLimits(max_ratio=50))
    assert (stats.records, stats.skipped) == (1, 1)


class _Down:
    async def lookup(self, releases: object) -> FeedAnswer:
        return FeedAnswer(unavailable="the OSV API at http://x could not be used (HTTP 500)")

    def close(self) -> None:
        pass


async def test_fallback_answers_what_the_api_could_not(feed_dir: Path, tmp_path: Path) -> None:
    feed = WithFallback(_Down(), open_feed(feed_dir, tmp_path), label="cache/all.zip")
    answer = await feed.lookup([key("evil-pkg", "1")])
    assert [r.id for r in answer.records[key("evil-pkg", "1")]] == ["MAL-2026-1"]
    assert answer.unavailable == (
        "the OSV API at http://x could not be used (HTTP 500); used the offline feed "
        "(cache/all.zip) instead"
    )


async def test_a_running_feed_picks_up_a_refreshed_copy(feed_dir: Path, tmp_path: Path) -> None:
    now = [(feed_dir / "all.zip").stat().st_mtime]
    feed = OfflineFeed.open(feed_dir, tmp_path / "index", clock=lambda: now[0])
    assert (await feed.lookup([key("late", "1.0")])).records[key("late", "1.0")] == ()
    zip_path = feed_dir / "all.zip"
    zip_path.write_bytes(export_zip({"MAL-2026-9.json": malware("MAL-2026-9", "late")}))
    os.utime(zip_path, (now[0] + 5, now[0] + 5))
    # Within a minute of the last check the index is not compared with the copy.
    assert (await feed.lookup([key("late", "1.0")])).records[key("late", "1.0")] == ()
    now[0] += 61
    answer = await feed.lookup([key("late", "1.0")])
    assert [r.id for r in answer.records[key("late", "1.0")]] == ["MAL-2026-9"]
    feed.close()
