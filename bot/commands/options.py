"""Options every analyzing command shares: where packages come from, where results stay,
and which advisory feed is asked."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.feeds.settings import FeedSettings

__all__ = [
    "DEFAULT_INDEX_URL",
    "add_feed_options",
    "add_index_options",
    "cache_dir_for",
    "feed_settings",
    "index_settings",
]

DEFAULT_INDEX_URL = "https://pypi.org/simple"


def add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index-url",
        default=None,
        help=f"simple index URL (default: $CAPDIFF_INDEX_URL or {DEFAULT_INDEX_URL})",
    )
    parser.add_argument(
        "--cache-dir",
        default=None,
        help="cache directory (default: $CAPDIFF_CACHE_DIR or ~/.cache/capdiff)",
    )


def add_feed_options(parser: argparse.ArgumentParser) -> None:
    feeds = parser.add_argument_group("known malware and advisories (OSV)")
    feeds.add_argument(
        "--no-feeds",
        action="store_true",
        help="ask no advisory feed and drop the index's advisories: static detection alone "
        "(also CAPDIFF_FEEDS=off)",
    )
    feeds.add_argument(
        "--osv-url",
        default=None,
        help="OSV API base URL (default: $CAPDIFF_OSV_URL or https://api.osv.dev)",
    )
    feeds.add_argument(
        "--feeds-dir",
        default=None,
        help="an offline copy of the OSV PyPI export (all.zip or *.json); no API calls "
        "(default: $CAPDIFF_FEEDS_DIR)",
    )


def index_settings(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[str, Path]:
    """(index URL, cache directory): the option, else the environment, else the default."""
    index_url = args.index_url or env.get("CAPDIFF_INDEX_URL") or DEFAULT_INDEX_URL
    return index_url, cache_dir_for(args, env)


def cache_dir_for(args: argparse.Namespace, env: Mapping[str, str]) -> Path:
    cache = args.cache_dir or env.get("CAPDIFF_CACHE_DIR")
    return Path(cache) if cache else Path.home() / ".cache" / "capdiff"


def feed_settings(args: argparse.Namespace, env: Mapping[str, str]) -> FeedSettings:
    """The environment's feed settings with the command line's options applied; raises
    `ConfigError` for a bad value."""
    from bot.feeds.settings import FeedSettings

    return FeedSettings.from_env(env).overridden(
        no_feeds=args.no_feeds, osv_url=args.osv_url, feeds_dir=args.feeds_dir
    )
