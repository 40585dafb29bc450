"""The status page `GET /` serves once the App is configured.

It shows what an operator checks first (version, installations and their repositories,
queue depth, the last jobs and how they ended) and nothing secret: no key, no webhook
secret, no error text (which could quote a token or a package's contents). Account and
repository names (private repositories' too) are shown only to loopback visitors (an SSH
tunnel, a proxy on this host that passes X-Forwarded-For) or to whoever gives the
`CAPDIFF_STATUS_TOKEN` as the password of HTTP basic auth; others see the figures.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.pages import render
from bot.store.interface import StatusStore

__all__ = ["RECENT_JOBS", "status_routes"]

RECENT_JOBS = 20


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _token_given(request: Request, token: str) -> bool:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if not token or scheme.lower() != "basic":
        return False
    try:
        _, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return hmac.compare_digest(password.encode(), token.encode())


def status_routes(settings: Settings, store: StatusStore) -> list[Route]:
    install_url = f"{settings.github_web_url}/apps/{settings.app_slug}/installations/new"

    async def status(request: Request) -> Response:
        named = _loopback(request) or _token_given(request, settings.status_token)
        if "names" in request.query_params and not named:
            if not settings.status_token:
                return PlainTextResponse(
                    "Set CAPDIFF_STATUS_TOKEN to see names from outside this host.",
                    status_code=403,
                )
            return PlainTextResponse(
                "The status token is the password (any user name).",
                status_code=401,
                headers={"www-authenticate": 'Basic realm="capdiff status"'},
            )
        snapshot = await store.status(recent=RECENT_JOBS)
        return render(
            request,
            "status.html",
            {
                "named": named,
                "slug": settings.app_slug,
                "app_id": settings.app_id,
                "install_url": install_url,
                "installations": snapshot.installations,
                "repository_count": sum(len(i.repositories) for i in snapshot.installations),
                "queued": snapshot.queued,
                "running": snapshot.running,
                "jobs": snapshot.recent_jobs,
            },
        )

    async def already_configured(request: Request) -> Response:
        # A stale or replayed return from GitHub's manifest flow: never exchanged again.
        return render(
            request,
            "error.html",
            {
                "title": "capdiff is already registered",
                "message": "This server already has its GitHub App; the status page is at /.",
            },
            status_code=409,
        )

    return [
        Route("/", status, methods=["GET"]),
        Route("/setup", already_configured, methods=["GET"]),
    ]
