"""GitHub App authentication: the app JWT and cached installation access tokens.

Installation tokens last an hour; we keep each until five minutes before `expires_at`.
Concurrent requests for one installation share a single refresh (one lock per installation).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import jwt

from bot.store.interface import Clock

__all__ = ["AppAuth", "InstallationToken", "TokenFetcher", "make_app_jwt"]

_BACKDATE_SECONDS = 60
_JWT_LIFETIME_SECONDS = 9 * 60  # GitHub refuses more than 10 minutes
_REFRESH_MARGIN_SECONDS = 5 * 60


def make_app_jwt(app_id: str, private_key: str, *, now: float) -> str:
    """An RS256 app JWT, issued 60 s in the past to allow for clock drift."""
    issued_at = int(now) - _BACKDATE_SECONDS
    payload = {"iat": issued_at, "exp": issued_at + _JWT_LIFETIME_SECONDS, "iss": app_id}
    return jwt.encode(payload, private_key, algorithm="RS256")


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallationToken:
    token: str
    expires_at: float  # epoch seconds

    def __repr__(self) -> str:
        return f"InstallationToken(token='[redacted]', expires_at={self.expires_at})"


# Exchanges an app JWT for an installation token: (installation_id, app_jwt) -> token.
TokenFetcher = Callable[[int, str], Awaitable[InstallationToken]]


def parse_expires_at(text: str) -> float:
    """GitHub's `expires_at` ("2016-07-11T22:14:10Z") as epoch seconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class AppAuth:
    def __init__(
        self,
        *,
        app_id: str,
        private_key: str,
        fetch_token: TokenFetcher,
        clock: Clock = time.time,
    ) -> None:
        self._app_id = app_id
        self._private_key = private_key
        self._fetch_token = fetch_token
        self._clock = clock
        self._tokens: dict[int, InstallationToken] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    def __repr__(self) -> str:
        return f"AppAuth(app_id={self._app_id!r})"

    def app_jwt(self) -> str:
        return make_app_jwt(self._app_id, self._private_key, now=self._clock())

    async def installation_token(self, installation_id: int) -> str:
        cached = self._fresh(installation_id)
        if cached is not None:
            return cached
        lock = self._locks.setdefault(installation_id, asyncio.Lock())
        async with lock:
            cached = self._fresh(installation_id)  # another task may have refreshed it
            if cached is not None:
                return cached
            token = await self._fetch_token(installation_id, self.app_jwt())
            self._tokens[installation_id] = token
            return token.token

    def forget(self, installation_id: int) -> None:
        """Drop a token GitHub refused (401), so the next call fetches a new one."""
        self._tokens.pop(installation_id, None)

    def _fresh(self, installation_id: int) -> str | None:
        token = self._tokens.get(installation_id)
        if token is None or token.expires_at - _REFRESH_MARGIN_SECONDS <= self._clock():
            return None
        return token.token
