"""The OSV API as an `AdvisoryFeed`: `POST /v1/querybatch`, then `GET /v1/vulns/{id}`.

querybatch answers with record ids (and their `modified` stamps) per exact release; each
record is then fetched once. Both are cached: a release's id list for `query_max_age`
(new advisories appear), a record by (id, modified) for much longer (a changed record has a
new stamp, so a stale copy is never used for a newer answer).

Transient failures (timeouts, connection errors, 429 and 5xx) are retried with backoff; what
still fails becomes `FeedAnswer.unavailable`, never an exception. Answers are read with a
size cap and validated field by field (`bot.feeds.records`).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import quote

from bot.feeds.cached import (
    MAX_RECORDS_PER_LOOKUP,
    QUERY_MAX_AGE,
    RECORD_MAX_AGE,
    id_pairs,
    query_cache_key,
    record_cache_key,
)
from bot.feeds.interface import FeedAnswer, ReleaseKey, ResponseCache
from bot.feeds.records import ECOSYSTEM, AdvisoryRecord, parse_record
from bot.feeds.settings import DEFAULT_OSV_URL

if TYPE_CHECKING:
    # Imported where a request is made: a lookup answered from the cache (a warm
    # `capdiff compare`) should not pay for httpx.
    import httpx

__all__ = ["DEFAULT_OSV_URL", "HttpClient", "OnDemandClient", "OsvApi", "OsvSettings"]

_MIB = 1024 * 1024
_MAX_KNOWN = 50_000

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class OsvSettings:
    base_url: str = DEFAULT_OSV_URL
    timeout_seconds: float = 10.0
    attempts: int = 3
    backoff_seconds: float = 0.5
    batch_size: int = 1000  # the API's limit per querybatch
    max_pages: int = 10  # next_page_token rounds per batch
    query_max_age: float = QUERY_MAX_AGE
    record_max_age: float = RECORD_MAX_AGE
    max_response_bytes: int = 32 * _MIB
    concurrency: int = 8  # record fetches at once
    max_records_per_lookup: int = MAX_RECORDS_PER_LOOKUP
    # After a failed query, further lookups answer "unavailable" at once for this long
    # instead of each waiting through its own timeouts and retries.
    pause_after_failure_seconds: float = 60.0


class HttpClient(Protocol):
    """The part of `httpx.AsyncClient` the API client uses."""

    def stream(
        self,
        method: str,
        url: str,
        *,
        json: object,
        timeout: httpx.Timeout,
        headers: dict[str, str],
    ) -> AbstractAsyncContextManager[httpx.Response]: ...


class OnDemandClient:
    """An `HttpClient` that creates its `httpx.AsyncClient` at the first request, for
    callers that may well answer from the cache; `aclose()` closes it if it was made."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None

    def stream(
        self,
        method: str,
        url: str,
        *,
        json: object,
        timeout: httpx.Timeout,
        headers: dict[str, str],
    ) -> AbstractAsyncContextManager[httpx.Response]:
        if self._client is None:
            import httpx  # noqa: PLC0415

            self._client = httpx.AsyncClient(follow_redirects=True)
        return self._client.stream(method, url, json=json, timeout=timeout, headers=headers)

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


class _Unavailable(Exception):
    """The API did not give a usable answer (after retries)."""


class OsvApi:
    def __init__(
        self,
        client: HttpClient,
        settings: OsvSettings | None = None,
        *,
        cache: ResponseCache | None = None,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._settings = settings or OsvSettings()
        self._base = self._settings.base_url.rstrip("/")
        self._cache = cache
        self._sleep = sleep
        # Answers of this process, kept as long as the on-disk id lists (a server lives for
        # days: new advisories must show up), and not beyond `_MAX_KNOWN` releases.
        self._known: dict[ReleaseKey, tuple[float, tuple[AdvisoryRecord, ...]]] = {}
        self._semaphore = asyncio.Semaphore(max(1, self._settings.concurrency))
        self._monotonic = monotonic
        self._down_until = 0.0
        self._down_reason = ""

    @property
    def base_url(self) -> str:
        return self._base

    def close(self) -> None:
        """Nothing to release: the HTTP client and the cache belong to the caller."""

    async def lookup(self, releases: Sequence[ReleaseKey]) -> FeedAnswer:
        wanted = list(dict.fromkeys(releases))
        now = self._monotonic()
        for key in [k for k, (at, _) in self._known.items()
                    if now - at > self._settings.query_max_age]:
            del self._known[key]
        if len(self._known) > _MAX_KNOWN:
            self._known.clear()
        missing = [key for key in wanted if key not in self._known]
        ids, reason = await self._record_ids(missing)
        needed = sorted({pair for pairs in ids.values() for pair in pairs})
        limit = self._settings.max_records_per_lookup
        if len(needed) > limit:
            # A hostile or broken answer must not turn into thousands of requests: the
            # releases whose records are not all fetched stay unanswered.
            reason = reason or f"more than {limit} records to fetch"
            needed = needed[:limit]
        records, skipped, record_reason = await self._records(needed)
        reason = reason or record_reason
        for key, pairs in ids.items():
            if all(pair in records or pair in skipped for pair in pairs):
                self._known[key] = (now, tuple(records[p] for p in pairs if p in records))
        answered = {key: self._known[key][1] for key in wanted if key in self._known}
        note = None
        if len(answered) < len(wanted):
            # The same text for every release it concerns, so a report shows it once.
            note = f"the OSV API at {self._base} could not be used ({reason or 'no answer'})"
        return FeedAnswer(records=answered, unavailable=note, skipped=len(skipped))

    # -- querybatch ---------------------------------------------------------------------

    async def _record_ids(
        self, releases: Sequence[ReleaseKey]
    ) -> tuple[dict[ReleaseKey, list[tuple[str, str]]], str | None]:
        ids: dict[ReleaseKey, list[tuple[str, str]]] = {}
        to_ask: list[ReleaseKey] = []
        for key in releases:
            cached = self._cache_get(self._query_key(key), self._settings.query_max_age)
            pairs = id_pairs(cached) if cached is not None else None
            if pairs is None:
                to_ask.append(key)
            else:
                ids[key] = pairs
        if to_ask and self._monotonic() < self._down_until:
            return ids, self._down_reason
        size = max(1, min(self._settings.batch_size, 1000))
        for start in range(0, len(to_ask), size):
            chunk = to_ask[start : start + size]
            try:
                answers = await self._querybatch(chunk)
            except _Unavailable as error:
                self._down_until = self._monotonic() + self._settings.pause_after_failure_seconds
                self._down_reason = str(error)
                return ids, str(error)
            for key, pairs in zip(chunk, answers, strict=True):
                ids[key] = pairs
                self._cache_put(self._query_key(key), json.dumps(pairs).encode())
        return ids, None

    async def _querybatch(self, chunk: Sequence[ReleaseKey]) -> list[list[tuple[str, str]]]:
        found: list[list[tuple[str, str]]] = [[] for _ in chunk]
        tokens: dict[int, str | None] = dict.fromkeys(range(len(chunk)))
        for _ in range(self._settings.max_pages):
            positions = list(tokens)
            queries = []
            for position in positions:
                name, version = chunk[position]
                query: dict[str, object] = {
                    "package": {"name": name, "ecosystem": ECOSYSTEM},
                    "version": str(version),
                }
                if tokens[position]:
                    query["page_token"] = tokens[position]
                queries.append(query)
            document = await self._request("POST", "/v1/querybatch", {"queries": queries})
            results = document.get("results") if isinstance(document, dict) else None
            if not isinstance(results, list) or len(results) != len(queries):
                raise _Unavailable("malformed querybatch answer")
            tokens = {}
            for position, result in zip(positions, results, strict=True):
                pairs, token = _result_pairs(result)
                found[position].extend(pairs)
                if token:
                    tokens[position] = token
            if not tokens:
                return found
        raise _Unavailable(f"more than {self._settings.max_pages} pages of results")

    # -- records ------------------------------------------------------------------------

    async def _records(
        self, needed: Sequence[tuple[str, str]]
    ) -> tuple[dict[tuple[str, str], AdvisoryRecord], set[tuple[str, str]], str | None]:
        records: dict[tuple[str, str], AdvisoryRecord] = {}
        skipped: set[tuple[str, str]] = set()
        reasons: list[str] = []

        async def one(pair: tuple[str, str]) -> None:
            try:
                record = await self._record(*pair)
            except _Unavailable as error:
                reasons.append(str(error))
                return
            if record is None:
                skipped.add(pair)
            else:
                records[pair] = record

        await asyncio.gather(*(one(pair) for pair in needed))
        return records, skipped, reasons[0] if reasons else None

    async def _record(self, record_id: str, modified: str) -> AdvisoryRecord | None:
        key = record_cache_key(self._base, record_id, modified)
        cached = self._cache_get(key, self._settings.record_max_age)
        if cached is not None:
            try:
                return parse_record(json.loads(cached))
            except (ValueError, RecursionError):
                pass
        async with self._semaphore:
            document = await self._request("GET", f"/v1/vulns/{quote(record_id, safe='')}")
        record = parse_record(document)
        if record is not None:
            self._cache_put(key, json.dumps(document).encode())
        return record

    # -- HTTP ---------------------------------------------------------------------------

    async def _request(self, method: str, path: str, payload: object = None) -> object:
        """The decoded JSON answer; `_Unavailable` after the last failed attempt."""
        import httpx  # noqa: PLC0415 (see the module's imports)

        reason = "no attempt"
        for attempt in range(max(1, self._settings.attempts)):
            if attempt:
                await self._sleep(self._settings.backoff_seconds * 2 ** (attempt - 1))
            try:
                status, body = await self._send(method, path, payload)
            except httpx.TimeoutException:
                reason = f"timed out after {self._settings.timeout_seconds:g} s"
                continue
            except httpx.TransportError as error:
                reason = f"{type(error).__name__}: {str(error)[:200] or 'connection failed'}"
                continue
            if status == 429 or status >= 500:
                reason = f"HTTP {status}"
                continue
            if status == 404 and method == "GET":
                return None  # a record that is gone: skipped, not an outage
            if status >= 400:
                raise _Unavailable(f"HTTP {status}")
            try:
                return json.loads(body)
            except (ValueError, RecursionError) as error:
                raise _Unavailable("malformed answer (not JSON)") from error
        raise _Unavailable(reason)

    async def _send(self, method: str, path: str, payload: object) -> tuple[int, bytes]:
        import httpx  # noqa: PLC0415 (see the module's imports)

        limit = self._settings.max_response_bytes
        async with self._client.stream(
            method,
            self._base + path,
            json=payload,
            timeout=httpx.Timeout(self._settings.timeout_seconds),
            headers={"Accept": "application/json"},
        ) as response:
            chunks: list[bytes] = []
            total = 0
            async for chunk in response.aiter_bytes():
                total += len(chunk)
                if total > limit:
                    raise _Unavailable(f"answer larger than {limit} bytes")
                chunks.append(chunk)
            return response.status_code, b"".join(chunks)

    # -- cache --------------------------------------------------------------------------

    def _query_key(self, key: ReleaseKey) -> str:
        return query_cache_key(self._base, key[0], key[1])

    def _cache_get(self, key: str, max_age: float) -> bytes | None:
        return None if self._cache is None else self._cache.get_response(key, max_age)

    def _cache_put(self, key: str, body: bytes) -> None:
        if self._cache is not None:
            self._cache.put_response(key, body)


def _result_pairs(result: object) -> tuple[list[tuple[str, str]], str | None]:
    """(id, modified) pairs of one querybatch result, and its next page token."""
    if not isinstance(result, dict):
        raise _Unavailable("malformed querybatch answer")
    vulns = result.get("vulns", [])
    if not isinstance(vulns, list):
        raise _Unavailable("malformed querybatch answer")
    pairs = []
    for vuln in vulns:
        if isinstance(vuln, dict) and isinstance(vuln.get("id"), str) and vuln["id"]:
            modified = vuln.get("modified")
            pairs.append((str(vuln["id"])[:100], modified if isinstance(modified, str) else ""))
    token = result.get("next_page_token")
    return pairs, token if isinstance(token, str) and token else None

