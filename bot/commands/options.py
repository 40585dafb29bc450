"""Options every analyzing command shares: where packages come from, where results stay."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DEFAULT_INDEX_URL", "add_index_options", "index_settings"]

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


def index_settings(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[str, Path]:
    """(index URL, cache directory): the option, else the environment, else the default."""
    index_url = args.index_url or env.get("CAPDIFF_INDEX_URL") or DEFAULT_INDEX_URL
    cache = args.cache_dir or env.get("CAPDIFF_CACHE_DIR")
    cache_dir = Path(cache) if cache else Path.home() / ".cache" / "capdiff"
    return index_url, cache_dir
