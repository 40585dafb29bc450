"""The known-advisory feed port: which OSV records affect a set of exact releases.

Implementations: `bot.feeds.osv_api.OsvApi` (the OSV HTTP API with cached answers),
`bot.feeds.offline.OfflineFeed` (an indexed copy of OSV's PyPI export) and
`bot.feeds.offline.WithFallback` (the API, or the offline copy when the API is down).

A feed that cannot answer does not raise: its `FeedAnswer.unavailable` says why, and the
report carries that as a note. `FeedError` is for set-up problems only (a `--feeds-dir`
that holds no feed), which stop the command.

    FeedError        a feed could not be opened at all
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from packaging.version import Version

from bot.errors import CapdiffError
from bot.feeds.records import AdvisoryRecord, advisory_findings
from bot.model import Finding, NormalizedName

__all__ = [
    "AdvisoryFeed",
    "FeedAnswer",
    "FeedError",
    "ReleaseKey",
    "ResponseCache",
    "release_advice",
]

# One exact release: the feed is asked about pinned versions, never "the latest".
ReleaseKey = tuple[NormalizedName, Version]


class FeedError(CapdiffError):
    """A feed could not be opened at all (missing or unreadable offline copy)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedAnswer:
    # Records that may affect each release asked about (callers still check `affects`).
    records: Mapping[ReleaseKey, tuple[AdvisoryRecord, ...]] = field(default_factory=dict)
    # Set when some releases could not be looked up: they are missing from `records`.
    unavailable: str | None = None
    # Records the feed sent that were not valid OSV for PyPI (skipped).
    skipped: int = 0


class AdvisoryFeed(Protocol):
    async def lookup(self, releases: Sequence[ReleaseKey]) -> FeedAnswer: ...

    def close(self) -> None:
        """Release what the feed opened (not an HTTP client it was given)."""
        ...


class ResponseCache(Protocol):
    """Bodies by key with an age limit: `bot.store.cache.SqliteAnalysisCache` is one."""

    def get_response(self, key: str, max_age_seconds: float) -> bytes | None: ...

    def put_response(self, key: str, body: bytes) -> None: ...


def release_advice(
    answer: FeedAnswer, name: NormalizedName, version: Version
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """What a feed's answer says about one release: its findings, and notes for the report
    (the feed was unavailable, or sent malformed records)."""
    notes = []
    if answer.unavailable:
        checked = "" if (name, version) in answer.records else "; not checked"
        notes.append(f"known malware and advisories: {answer.unavailable}{checked}")
    if answer.skipped:
        # No count: the same text for every package, so a report shows it once.
        notes.append("known malware and advisories: malformed records from the feed were skipped")
    records = answer.records.get((name, version), ())
    return advisory_findings(name, version, records), tuple(notes)
