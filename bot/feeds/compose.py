"""Choose the advisory feed from `FeedSettings`: the composition roots call `open_feed`."""

from __future__ import annotations

from pathlib import Path

from bot.feeds.interface import AdvisoryFeed, FeedError, ResponseCache
from bot.feeds.offline import FEED_ZIP_NAME, OfflineFeed, WithFallback, feeds_cache_dir
from bot.feeds.osv_api import HttpClient, OsvApi, OsvSettings
from bot.feeds.settings import FeedSettings

__all__ = ["feeds_cache_dir", "open_feed"]


def open_feed(
    settings: FeedSettings,
    *,
    client: HttpClient,
    cache: ResponseCache | None,
    cache_dir: Path,
) -> AdvisoryFeed | None:
    """None when feeds are off; the offline copy when a feeds directory is set; otherwise
    the OSV API, backed by the copy `capdiff feeds update` left in the cache, if any.

    Raises `FeedError` for a feeds directory without a feed in it.
    """
    if not settings.enabled:
        return None
    index_dir = feeds_cache_dir(cache_dir)
    if settings.feeds_dir is not None:
        return OfflineFeed.open(settings.feeds_dir, index_dir)
    api = OsvApi(client, OsvSettings(base_url=settings.osv_url), cache=cache)
    if not (index_dir / FEED_ZIP_NAME).is_file():
        return api
    try:
        local = OfflineFeed.open(index_dir, index_dir)
    except FeedError:
        return api  # a broken downloaded copy must not stop a scan that has the API
    return WithFallback(api, local, label=str(index_dir / FEED_ZIP_NAME))
