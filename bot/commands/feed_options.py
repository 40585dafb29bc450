"""The feed options shared by `inspect`, `compare`, `scan` and `action` (argparse only here)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.feeds.settings import FeedSettings

__all__ = ["add_feed_options", "feed_settings"]


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


def feed_settings(args: argparse.Namespace, env: Mapping[str, str]) -> FeedSettings:
    """The environment's feed settings with the command line's applied; `ConfigError` for a
    malformed one."""
    from bot.feeds.settings import FeedSettings

    return FeedSettings.from_env(env).overridden(
        no_feeds=args.no_feeds, osv_url=args.osv_url, feeds_dir=args.feeds_dir
    )
