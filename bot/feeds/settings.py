"""Which advisory feed to use, from the command line and the environment.

    CAPDIFF_FEEDS=off       no feed at all (static detection measured alone)
    CAPDIFF_OSV_URL=URL     the OSV API (default https://api.osv.dev)
    CAPDIFF_FEEDS_DIR=DIR   an offline copy of OSV's PyPI export (no API calls)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from bot.errors import ConfigError

__all__ = ["DEFAULT_OSV_URL", "FeedSettings"]

DEFAULT_OSV_URL = "https://api.osv.dev"
_ON = {"1", "true", "yes", "on"}
_OFF = {"0", "false", "no", "off"}


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedSettings:
    enabled: bool = True
    osv_url: str = DEFAULT_OSV_URL
    feeds_dir: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FeedSettings:
        raw = env.get("CAPDIFF_FEEDS", "").strip().lower()
        if raw and raw not in _ON | _OFF:
            raise ConfigError("CAPDIFF_FEEDS", f"expected on or off, got {raw!r}")
        feeds_dir = env.get("CAPDIFF_FEEDS_DIR", "").strip()
        if feeds_dir and raw not in _OFF:
            # A server with a wrong copy should stop at boot, not fail every job.
            from bot.feeds.offline import FEED_ZIP_NAME, feed_source  # noqa: PLC0415

            if feed_source(Path(feeds_dir)) is None:
                raise ConfigError(
                    "CAPDIFF_FEEDS_DIR",
                    f"{feeds_dir} holds no {FEED_ZIP_NAME} or OSV *.json records",
                )
        return cls(
            enabled=raw not in _OFF,
            osv_url=_url("CAPDIFF_OSV_URL", env.get("CAPDIFF_OSV_URL", "")),
            feeds_dir=Path(feeds_dir) if feeds_dir else None,
        )

    def overridden(
        self, *, no_feeds: bool = False, osv_url: str | None = None, feeds_dir: str | None = None
    ) -> FeedSettings:
        """These settings with command-line options applied (they win over the environment)."""
        return replace(
            self,
            enabled=self.enabled and not no_feeds,
            osv_url=_url("--osv-url", osv_url) if osv_url else self.osv_url,
            feeds_dir=Path(feeds_dir) if feeds_dir else self.feeds_dir,
        )


def _url(setting: str, raw: str) -> str:
    value = raw.strip() or DEFAULT_OSV_URL
    if not value.startswith(("https://", "http://")):
        raise ConfigError(setting, f"expected an http(s) URL, got {value!r}")
    return value.rstrip("/")
