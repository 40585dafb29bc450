"""The feed's answer on one release, when it is already on this machine, without asyncio.

A warm `capdiff compare` asks the feed about one release. When the answer is cached (the
OSV API's id list and records in the response cache, still fresh) or the feed is an indexed
offline copy, reading it is a few SQLite rows: this module reads them synchronously, so the
command does not pay for importing asyncio and the HTTP client. It answers exactly what
`bot.feeds.compose.open_feed(...).lookup` would; when anything is missing or expired it
answers None and the caller asks the feed the usual way.
"""

from __future__ import annotations

import json
from pathlib import Path

from packaging.version import Version

from bot.feeds.interface import FeedAnswer, ResponseCache
from bot.feeds.records import AdvisoryRecord, parse_record
from bot.feeds.settings import FeedSettings
from bot.model import NormalizedName

__all__ = [
    "MAX_RECORDS_PER_LOOKUP",
    "QUERY_MAX_AGE",
    "RECORD_MAX_AGE",
    "cached_answer",
    "id_pairs",
    "query_cache_key",
    "record_cache_key",
]

# The defaults of `OsvSettings` (what `open_feed` uses): how long the API's answers are
# used, and how many records one lookup may fetch.
QUERY_MAX_AGE = 3600.0
RECORD_MAX_AGE = 14 * 86400.0
MAX_RECORDS_PER_LOOKUP = 2000


def query_cache_key(base_url: str, name: str, version: Version) -> str:
    """The response-cache key of one release's (id, modified) list from querybatch."""
    return f"osv|{base_url}|query|{name}|{version}"


def record_cache_key(base_url: str, record_id: str, modified: str) -> str:
    """The response-cache key of one record (a changed record has a new `modified`)."""
    return f"osv|{base_url}|vuln|{record_id}|{modified}"


def id_pairs(body: bytes) -> list[tuple[str, str]] | None:
    """A cached id list, or None when it is not one (then it is asked for again)."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, list):
        return None
    pairs = []
    for item in document:
        if not isinstance(item, list) or len(item) != 2:
            return None
        if not all(isinstance(x, str) for x in item):
            return None
        pairs.append((item[0], item[1]))
    return pairs


def cached_answer(
    settings: FeedSettings,
    *,
    cache: ResponseCache,
    cache_dir: Path,
    name: NormalizedName,
    version: Version,
) -> FeedAnswer | None:
    """The feed's answer on (name, version) read from this machine, or None when the feed
    has to be asked (no fresh cached answer). Raises `FeedError` as `open_feed` does."""
    if not settings.enabled:
        return FeedAnswer()
    if settings.feeds_dir is not None:
        from bot.feeds.offline import OfflineFeed, feeds_cache_dir  # noqa: PLC0415

        feed = OfflineFeed.open(settings.feeds_dir, feeds_cache_dir(cache_dir))
        try:
            return feed.lookup_now([(name, version)])
        finally:
            feed.close()
    return _cached_api_answer(settings.osv_url, cache, name, version)


def _cached_api_answer(
    base_url: str, cache: ResponseCache, name: NormalizedName, version: Version
) -> FeedAnswer | None:
    # `OsvApi.lookup` with every answer in the cache: no request, so no note, and a local
    # copy behind the API (`WithFallback`) is not consulted.
    listed = cache.get_response(query_cache_key(base_url, name, version), QUERY_MAX_AGE)
    pairs = id_pairs(listed) if listed is not None else None
    if pairs is None:
        return None
    needed = sorted(set(pairs))
    if len(needed) > MAX_RECORDS_PER_LOOKUP:
        return None  # the API path says why it stops there
    records: list[AdvisoryRecord] = []
    for record_id, modified in needed:
        body = cache.get_response(record_cache_key(base_url, record_id, modified), RECORD_MAX_AGE)
        if body is None:
            return None
        try:
            record = parse_record(json.loads(body))
        except (ValueError, RecursionError):
            return None  # the API path would fetch it again
        if record is None:
            return None  # rare (only valid records are cached): let the API path decide
        records.append(record)
    by_pair = dict(zip(needed, records, strict=True))
    return FeedAnswer(records={(name, version): tuple(by_pair[p] for p in pairs)})

