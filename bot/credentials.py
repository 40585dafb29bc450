"""The App's credentials as the setup page stores them: a JSON file beside the database.

The manifest flow writes the file once (mode 0600, replaced atomically so a reader never
sees half a key); `capdiff serve` reads it at start. Environment variables win over it.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError

__all__ = [
    "CREDENTIALS_FILENAME",
    "AppCredentials",
    "credentials_path",
    "load_credentials",
    "save_credentials",
    "with_stored_credentials",
]

CREDENTIALS_FILENAME = "capdiff-app.json"
# A few KB in practice (a 2048-bit key); anything far larger is not ours.
_MAX_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class AppCredentials:
    app_id: int
    slug: str
    html_url: str  # the App's page on GitHub; "<html_url>/installations/new" installs it
    private_key: str = field(repr=False)
    webhook_secret: str = field(repr=False)


def credentials_path(database: str) -> Path:
    """Where the credentials live: beside the database, whose directory is already durable."""
    return Path(database).parent / CREDENTIALS_FILENAME


def save_credentials(path: Path, credentials: AppCredentials) -> None:
    """Write `credentials` to `path`, readable by its owner only (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    # Created 0600 from the start: the key is never readable by others, not even briefly.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "app_id": credentials.app_id,
                    "slug": credentials.slug,
                    "html_url": credentials.html_url,
                    "private_key": credentials.private_key,
                    "webhook_secret": credentials.webhook_secret,
                },
                handle,
                indent=2,
            )
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)  # a umask can only narrow it, but say it outright
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def load_credentials(path: Path) -> AppCredentials | None:
    """The stored credentials, or None when there is no file; ConfigError when it is broken."""
    setting = f"credentials file {path}"
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(setting, f"cannot read it: {exc.strerror}") from None
    if len(raw) > _MAX_BYTES:
        raise ConfigError(setting, "too large to be capdiff's credentials")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ConfigError(setting, "not valid JSON") from None
    if not isinstance(data, dict):
        raise ConfigError(setting, "not a JSON object")
    app_id = data.get("app_id")
    if not isinstance(app_id, int) or isinstance(app_id, bool) or app_id <= 0:
        raise ConfigError(setting, "app_id is not a positive integer")
    values: dict[str, str] = {}
    for key in ("slug", "html_url", "private_key", "webhook_secret"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise ConfigError(setting, f"{key} is missing or not a string")
        values[key] = value
    return AppCredentials(app_id=app_id, **values)


def with_stored_credentials(env: Mapping[str, str], credentials: AppCredentials) -> dict[str, str]:
    """`env` completed with the stored credentials; a setting present in `env` wins."""
    merged = dict(env)

    def absent(*names: str) -> bool:
        return all(not env.get(name, "").strip() for name in names)

    if absent("CAPDIFF_APP_ID"):
        merged["CAPDIFF_APP_ID"] = str(credentials.app_id)
    if absent("CAPDIFF_PRIVATE_KEY", "CAPDIFF_PRIVATE_KEY_PATH"):
        merged["CAPDIFF_PRIVATE_KEY"] = credentials.private_key
    if absent("CAPDIFF_WEBHOOK_SECRET"):
        merged["CAPDIFF_WEBHOOK_SECRET"] = credentials.webhook_secret
    if absent("CAPDIFF_APP_SLUG"):
        merged["CAPDIFF_APP_SLUG"] = credentials.slug
    return merged
