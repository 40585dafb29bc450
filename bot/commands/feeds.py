"""`capdiff feeds update`: fetch OSV's PyPI export into the cache (or a directory) and index it.

A machine without API access uses a copy through `--feeds-dir DIR` / `CAPDIFF_FEEDS_DIR`;
`capdiff feeds update --feeds-dir DIR` on a connected machine prepares that copy. Only
argparse is imported when this module loads (see bot/cli.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["register"]

# Kept here rather than imported, so `capdiff feeds --help` loads nothing else.
_FEED_URL = "https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    feeds = subparsers.add_parser("feeds", help="known-malware and advisory feeds (OSV)")
    actions = feeds.add_subparsers(dest="feeds_command", required=True, metavar="ACTION")
    update = actions.add_parser(
        "update", help="download OSV's PyPI export (all.zip) and index it for offline use"
    )
    update.add_argument(
        "--url",
        default=None,
        help=f"export to download (default: $CAPDIFF_FEEDS_URL or {_FEED_URL})",
    )
    update.add_argument(
        "--feeds-dir",
        default=None,
        help="put the copy here instead of the cache, to carry to an offline machine "
        "(default: $CAPDIFF_FEEDS_DIR if set)",
    )
    update.add_argument(
        "--cache-dir",
        default=None,
        help="cache directory (default: $CAPDIFF_CACHE_DIR or ~/.cache/capdiff)",
    )
    update.set_defaults(handler=_update)


def _update(args: argparse.Namespace) -> int:
    import asyncio
    from datetime import UTC, datetime

    from bot.errors import CapdiffError
    from bot.feeds.compose import feeds_cache_dir
    from bot.feeds.offline import OfflineFeed

    env = os.environ
    cache = args.cache_dir or env.get("CAPDIFF_CACHE_DIR")
    cache_dir = Path(cache) if cache else Path.home() / ".cache" / "capdiff"
    index_dir = feeds_cache_dir(cache_dir)
    feeds_dir = args.feeds_dir or env.get("CAPDIFF_FEEDS_DIR", "").strip()
    target = Path(feeds_dir) if feeds_dir else index_dir
    url = args.url or env.get("CAPDIFF_FEEDS_URL") or _FEED_URL
    try:
        path = asyncio.run(_download(url, target))
        feed = OfflineFeed.open(target, index_dir)
    except CapdiffError as error:
        print(f"capdiff: {error}", file=sys.stderr)
        return 2
    stats = feed.stats()
    feed.close()
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"{path}: {stats.records} records for {stats.packages} packages indexed "
        f"({stats.skipped} skipped as malformed or over a limit), {when}"
    )
    return 0


async def _download(url: str, target: Path) -> Path:
    import httpx

    from bot.feeds.download import download_feed

    timeout = httpx.Timeout(300.0, connect=10.0)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
        return await download_feed(client, url, target)
