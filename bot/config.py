"""Settings for the GitHub App, built once from an environment mapping.

A missing or malformed setting raises `ConfigError` naming it, so a bad deploy stops at boot.
Secrets (private key, webhook secret) never appear in `repr` or logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError

__all__ = ["Settings", "redact"]

_DEFAULT_API_URL = "https://api.github.com"
_DEFAULT_INDEX_URL = "https://pypi.org/simple"


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


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    app_id: str
    private_key: str = field(repr=False)
    webhook_secret: str = field(repr=False)
    github_api_url: str = _DEFAULT_API_URL
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
        # A postgresql:// URL selects PostgreSQL; DATABASE_URL is the PaaS convention.
        database = (
            env.get("CAPDIFF_DATABASE", "").strip()
            or env.get("DATABASE_URL", "").strip()
            or str(Path(cache_dir) / "capdiff.db")
        )
        return cls(
            app_id=app_id,
            private_key=_private_key(env),
            webhook_secret=secret,
            github_api_url=_url(env, "CAPDIFF_GITHUB_API_URL", _DEFAULT_API_URL),
            index_url=_url(env, "CAPDIFF_INDEX_URL", _DEFAULT_INDEX_URL),
            database=database,
            cache_dir=cache_dir,
            port=_int(env, "PORT", 8000, minimum=0),
            workers=_int(env, "CAPDIFF_WORKERS", 2, minimum=1),
            analyze_drafts=_bool(env, "CAPDIFF_ANALYZE_DRAFTS", False),
            max_attempts=_int(env, "CAPDIFF_MAX_ATTEMPTS", 5, minimum=1),
            lease_seconds=_int(env, "CAPDIFF_LEASE_SECONDS", 300, minimum=1),
            app_slug=env.get("CAPDIFF_APP_SLUG", "").strip() or "capdiff",
        )

    def redact(self, text: str) -> str:
        """`text` with this deployment's secrets removed, for logs and error replies."""
        return redact(text, self.private_key.strip(), self.webhook_secret)
