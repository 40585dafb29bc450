"""Settings for the GitHub App, built once from an environment mapping.

A missing or malformed setting raises `ConfigError` naming it, so a bad deploy stops at boot.
Secrets (private key, webhook secret) never appear in `repr` or logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.credentials import credentials_path, load_credentials, with_stored_credentials
from bot.errors import ConfigError
from bot.feeds.settings import FeedSettings

__all__ = ["Settings", "SetupSettings", "database_path", "needs_setup", "redact"]

_DEFAULT_API_URL = "https://api.github.com"
_DEFAULT_WEB_URL = "https://github.com"
# The settings that say "this App is registered"; with none of them (and no credentials
# file) `capdiff serve` serves the setup page instead of stopping.
_APP_SETTINGS = (
    "CAPDIFF_APP_ID",
    "CAPDIFF_PRIVATE_KEY",
    "CAPDIFF_PRIVATE_KEY_PATH",
    "CAPDIFF_WEBHOOK_SECRET",
)
_DEFAULT_INDEX_URL = "https://pypi.org/simple"
_SETUP_TOKEN = re.compile(r"[A-Za-z0-9._~-]{16,256}")


def redact(text: str, *secrets: str) -> str:
    """Replace every occurrence of each non-empty secret in `text` with `[redacted]`."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(name, f"expected an integer, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(name, f"must be at least {minimum}, got {value}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(name, f"expected true or false, got {raw!r}")


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip() or default
    if not raw.startswith(("https://", "http://")):
        raise ConfigError(name, f"expected an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def _private_key(env: Mapping[str, str]) -> str:
    text = env.get("CAPDIFF_PRIVATE_KEY", "").strip()
    setting = "CAPDIFF_PRIVATE_KEY"
    if not text:
        path = env.get("CAPDIFF_PRIVATE_KEY_PATH", "").strip()
        if not path:
            raise ConfigError("CAPDIFF_PRIVATE_KEY", "not set (nor CAPDIFF_PRIVATE_KEY_PATH)")
        setting = "CAPDIFF_PRIVATE_KEY_PATH"
        try:
            text = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(setting, f"cannot read {path}: {exc}") from None
    # Keys pasted into one-line env vars often carry literal "\n".
    text = text.replace("\\n", "\n")
    if not (text.startswith("-----BEGIN") and "PRIVATE KEY-----" in text):
        raise ConfigError(setting, "not a PEM private key")
    try:
        from cryptography.hazmat.primitives.serialization import (  # noqa: PLC0415
            load_pem_private_key,
        )

        load_pem_private_key(text.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError):
        raise ConfigError(setting, "not a valid unencrypted PEM private key") from None
    return text + "\n"


def database_path(env: Mapping[str, str]) -> str:
    """A SQLite file path or a postgresql:// URL; DATABASE_URL is the PaaS convention."""
    cache_dir = env.get("CAPDIFF_CACHE_DIR", "").strip() or ".capdiff-cache"
    return (
        env.get("CAPDIFF_DATABASE", "").strip()
        or env.get("DATABASE_URL", "").strip()
        or str(Path(cache_dir) / "capdiff.db")
    )


def _credentials_file(env: Mapping[str, str]) -> Path:
    """Beside the SQLite file; in the cache directory when the database is a server URL."""
    database = database_path(env)
    if "://" in database:
        cache_dir = env.get("CAPDIFF_CACHE_DIR", "").strip() or ".capdiff-cache"
        return credentials_path(str(Path(cache_dir) / "capdiff.db"))
    return credentials_path(database)


def _setup_token(env: Mapping[str, str]) -> str:
    token = env.get("CAPDIFF_SETUP_TOKEN", "").strip()
    # It goes in a URL, and guessing it must be hopeless.
    if token and not _SETUP_TOKEN.fullmatch(token):
        raise ConfigError(
            "CAPDIFF_SETUP_TOKEN",
            "expected at least 16 characters of letters, digits, '-', '_', '.' or '~'",
        )
    return token


def needs_setup(env: Mapping[str, str]) -> bool:
    """True when nothing names an App yet: no app setting and no stored credentials."""
    if any(env.get(name, "").strip() for name in _APP_SETTINGS):
        return False
    return not _credentials_file(env).exists()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetupSettings:
    """What the setup page (the manifest flow) needs before the App exists."""

    credentials_file: Path
    github_api_url: str = _DEFAULT_API_URL
    # Where the "new GitHub App" page is: https://HOST on GitHub Enterprise Server.
    github_web_url: str = _DEFAULT_WEB_URL
    # The URL GitHub reaches this server at; None: the URL the browser used.
    public_url: str | None = None
    port: int = 8000
    # The one-time secret the register form and GitHub's return need (the link in the
    # server log); "" here: `capdiff serve` draws a random one at start.
    setup_token: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SetupSettings:
        public = env.get("CAPDIFF_PUBLIC_URL", "").strip()
        return cls(
            setup_token=_setup_token(env),
            credentials_file=_credentials_file(env),
            github_api_url=_url(env, "CAPDIFF_GITHUB_API_URL", _DEFAULT_API_URL),
            github_web_url=_url(env, "CAPDIFF_GITHUB_WEB_URL", _DEFAULT_WEB_URL),
            public_url=_url(env, "CAPDIFF_PUBLIC_URL", "") if public else None,
            port=_int(env, "PORT", 8000, minimum=0),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    app_id: str
    private_key: str = field(repr=False)
    webhook_secret: str = field(repr=False)
    github_api_url: str = _DEFAULT_API_URL
    github_web_url: str = _DEFAULT_WEB_URL
    index_url: str = _DEFAULT_INDEX_URL
    database: str = "capdiff.db"
    cache_dir: str = ".capdiff-cache"
    port: int = 8000
    workers: int = 2
    analyze_drafts: bool = False
    max_attempts: int = 5
    # A job whose worker stops renewing its lease for this long is taken by another worker.
    lease_seconds: int = 300
    # Slug of the app's bot user ("capdiff" -> "capdiff[bot]"), to recognise our own comments.
    app_slug: str = "capdiff"
    # Password that shows the status page's account and repository names to visitors from
    # outside this host ("" : only to loopback visitors, such as an SSH tunnel or a local proxy).
    status_token: str = field(default="", repr=False)
    # Known malware and advisories: CAPDIFF_FEEDS, CAPDIFF_OSV_URL, CAPDIFF_FEEDS_DIR.
    feeds: FeedSettings = field(default_factory=FeedSettings)

    @classmethod
    def load(cls, env: Mapping[str, str]) -> Settings:
        """`from_env`, completed by the credentials file the setup page wrote, if any."""
        stored = load_credentials(_credentials_file(env))
        return cls.from_env(env if stored is None else with_stored_credentials(env, stored))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        app_id = env.get("CAPDIFF_APP_ID", "").strip()
        if not app_id:
            raise ConfigError("CAPDIFF_APP_ID", "not set")
        if not app_id.isdigit():
            raise ConfigError("CAPDIFF_APP_ID", f"expected a numeric app id, got {app_id!r}")
        secret = env.get("CAPDIFF_WEBHOOK_SECRET", "")
        if not secret:
            raise ConfigError("CAPDIFF_WEBHOOK_SECRET", "not set")
        cache_dir = env.get("CAPDIFF_CACHE_DIR", "").strip() or ".capdiff-cache"
        database = database_path(env)
        return cls(
            app_id=app_id,
            private_key=_private_key(env),
            webhook_secret=secret,
            github_api_url=_url(env, "CAPDIFF_GITHUB_API_URL", _DEFAULT_API_URL),
            github_web_url=_url(env, "CAPDIFF_GITHUB_WEB_URL", _DEFAULT_WEB_URL),
            index_url=_url(env, "CAPDIFF_INDEX_URL", _DEFAULT_INDEX_URL),
            database=database,
            cache_dir=cache_dir,
            port=_int(env, "PORT", 8000, minimum=0),
            workers=_int(env, "CAPDIFF_WORKERS", 2, minimum=1),
            analyze_drafts=_bool(env, "CAPDIFF_ANALYZE_DRAFTS", False),
            max_attempts=_int(env, "CAPDIFF_MAX_ATTEMPTS", 5, minimum=1),
            lease_seconds=_int(env, "CAPDIFF_LEASE_SECONDS", 300, minimum=1),
            app_slug=env.get("CAPDIFF_APP_SLUG", "").strip() or "capdiff",
            status_token=env.get("CAPDIFF_STATUS_TOKEN", "").strip(),
            feeds=FeedSettings.from_env(env),
        )

    def redact(self, text: str) -> str:
        """`text` with this deployment's secrets removed, for logs and error replies."""
        return redact(text, self.private_key.strip(), self.webhook_secret, self.status_token)
