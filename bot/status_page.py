"""The status page `GET /` serves once the App is configured.

It shows what an operator checks first (version, installations and their repositories,
queue depth, the last jobs and how they ended) and nothing secret: no key, no webhook
secret, no error text (which could quote a token or a package's contents).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.config import Settings
from bot.pages import render
from bot.store.interface import StatusStore

__all__ = ["RECENT_JOBS", "status_routes"]

RECENT_JOBS = 20


def status_routes(settings: Settings, store: StatusStore) -> list[Route]:
    install_url = f"{settings.github_web_url}/apps/{settings.app_slug}/installations/new"

    async def status(request: Request) -> Response:
        snapshot = await store.status(recent=RECENT_JOBS)
        return render(
            request,
            "status.html",
            {
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
