"""How well known a project is: its download rank and release history make a `Reputation`.

Pure, and light to import (the model and the standard library only), so the cached path of
`capdiff compare` can use it without loading the analyzer.
"""

from __future__ import annotations

import functools
import pkgutil
from collections.abc import Mapping
from datetime import datetime

from bot.model import Reputation, Standing, canonicalize_name

__all__ = [
    "ESTABLISHED_MIN_AGE_DAYS",
    "ESTABLISHED_MIN_RELEASES",
    "NEW_MAX_AGE_DAYS",
    "NEW_MIN_RELEASES",
    "download_rank",
    "project_reputation",
    "top_projects",
]

# A project outside the download ranking is established after two years and ten releases:
# long enough that a squatter or a throwaway malicious project rarely gets there.
ESTABLISHED_MIN_AGE_DAYS = 2 * 365
ESTABLISHED_MIN_RELEASES = 10
# Brand new: first upload within 90 days, or fewer than 3 releases.
NEW_MAX_AGE_DAYS = 90
NEW_MIN_RELEASES = 3


@functools.cache
def top_projects() -> tuple[str, ...]:
    """The vendored list of the most downloaded projects, most downloaded first, as written
    (see bot/data/top_pypi_packages.txt)."""
    # pkgutil.get_data, not importlib.resources: the same file through the package's loader,
    # without importing the resource readers (zipfile and more: ~5 ms of a warm compare).
    data = pkgutil.get_data("bot", "data/top_pypi_packages.txt")
    if data is None:
        raise FileNotFoundError("bot/data/top_pypi_packages.txt")
    text = data.decode("utf-8")
    return tuple([s for line in text.splitlines() if (s := line.strip()) and line[0] != "#"])


@functools.cache
def _ranks() -> dict[str, int]:
    # canonicalize_name's rule (runs of -_. become one -) applied to the joined list with
    # str.replace: a warm `capdiff compare` builds this table, and a regex over the list's
    # 200 KB, let alone one call per name, costs several milliseconds.
    joined = "\n".join(top_projects()).lower().replace("_", "-").replace(".", "-")
    while "--" in joined:
        joined = joined.replace("--", "-")
    canonical = joined.split("\n")
    ranks: dict[str, int] = {}
    for position, name in enumerate(canonical, start=1):
        ranks.setdefault(name, position)
    return ranks


def download_rank(name: str) -> int | None:
    """1 for the most downloaded project in the vendored list; None for one not in it."""
    return _ranks().get(canonicalize_name(name))


def project_reputation(
    *, rank: int | None, upload_times: Mapping[str, datetime] | None, now: datetime
) -> Reputation:
    """Established (ranked, or old with many releases), new (young or few releases), or
    ordinary. `upload_times` (first upload of each version, from the JSON API or the simple
    API's upload times) is None when the index does not say; then only the rank can tell."""
    age_days: int | None = None
    releases: int | None = None
    if upload_times is not None:
        releases = len(upload_times)
        first = min(upload_times.values(), default=None)
        age_days = None if first is None else max(0, (now - first).days)
    if rank is not None or (
        age_days is not None
        and releases is not None
        and age_days >= ESTABLISHED_MIN_AGE_DAYS
        and releases >= ESTABLISHED_MIN_RELEASES
    ):
        standing = Standing.ESTABLISHED
    elif releases is not None and (
        releases < NEW_MIN_RELEASES or age_days is None or age_days < NEW_MAX_AGE_DAYS
    ):
        standing = Standing.NEW
    else:
        standing = Standing.ORDINARY
    return Reputation(standing=standing, rank=rank, age_days=age_days, releases=releases)
