"""The webhook server: `POST /webhook` verifies, records the delivery and enqueues.

`/healthz` says the process is up, `/readyz` that it can reach its database, `/metrics`
serves Prometheus metrics (bot/metrics.py).

The SHA-256 signature is checked on the raw body before any JSON parsing; gidgethub would
fall back to SHA-1, so a delivery without `X-Hub-Signature-256` is refused here. Slow work
happens in the worker tasks the lifespan starts (`worker_factory`), never in the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from typing import Protocol

import httpx
from gidgethub import sansio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.config import Settings
from bot.github.events import PayloadError
from bot.github.handlers import HandlerContext, router
from bot.github.handlers.context import HandlerStore
from bot.logcontext import bound
from bot.metrics import CONTENT_TYPE, WEBHOOKS_RECEIVED, WEBHOOKS_REJECTED, render
from bot.status_page import status_routes
from bot.store.interface import DeliveryLog, QueueStats, StatusStore, StoreError

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "WebStore",
    "WorkerFactory",
    "WorkerPool",
    "create_app",
    "signature_for",
]

logger = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 25 * 1024 * 1024


class WebStore(HandlerStore, DeliveryLog, StatusStore, Protocol):
    def ping(self) -> bool: ...

    async def queue_stats(self) -> QueueStats: ...


class WorkerPool(Protocol):
    async def run(self, stop: asyncio.Event) -> None:
        """Claim and process jobs until `stop` is set, then finish the current ones."""
        ...


# Builds the worker pool from the HTTP client the lifespan owns.
WorkerFactory = Callable[[httpx.AsyncClient], WorkerPool]


class _Rejection(Exception):
    """A delivery refused before it reaches a handler: the status and a short reason."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(message)


def signature_for(body: bytes, secret: str) -> str:
    """The `X-Hub-Signature-256` value GitHub sends for `body`."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def _rejected(message: str) -> None:
    """Count a refused or dropped delivery under a label made from its reason."""
    reason = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    WEBHOOKS_REJECTED.labels(reason=reason).inc()


def _subject(data: dict[str, object]) -> dict[str, object]:
    """The repository and pull request a payload is about, for the log context."""
    fields: dict[str, object] = {}
    repository = data.get("repository")
    if isinstance(repository, dict) and isinstance(repository.get("full_name"), str):
        fields["repo"] = repository["full_name"]
    issue = data.get("pull_request") or data.get("issue")
    if isinstance(issue, dict) and isinstance(issue.get("number"), int):
        fields["pr"] = issue["number"]
    return fields


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > MAX_PAYLOAD_BYTES:
                raise _Rejection(413, "payload too large")
        except ValueError:
            raise _Rejection(400, "bad content-length") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_PAYLOAD_BYTES:
            raise _Rejection(413, "payload too large")
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(
    settings: Settings,
    store: WebStore,
    *,
    worker_factory: WorkerFactory | None = None,
    http_timeout: float = 30.0,
) -> Starlette:
    context = HandlerContext(store=store, bot_name=settings.app_slug)

    async def webhook(request: Request) -> Response:
        try:
            body = await _read_body(request)
            signature = request.headers.get("x-hub-signature-256")
            if signature is None:
                raise _Rejection(401, "missing X-Hub-Signature-256")
            if not hmac.compare_digest(
                signature.encode("utf-8", "replace"),
                signature_for(body, settings.webhook_secret).encode("ascii"),
            ):
                raise _Rejection(401, "bad signature")
            event_name = request.headers.get("x-github-event")
            delivery_id = request.headers.get("x-github-delivery")
            if not event_name or not delivery_id:
                raise _Rejection(400, "missing X-GitHub-Event or X-GitHub-Delivery")
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise _Rejection(400, "malformed JSON") from None
            if not isinstance(data, dict):
                raise _Rejection(400, "payload is not a JSON object")
        except _Rejection as rejection:
            logger.warning("webhook refused: %s", rejection.message)
            _rejected(rejection.message)
            return PlainTextResponse(rejection.message, status_code=rejection.status)

        with bound(delivery=delivery_id, event=event_name, **_subject(data)):
            try:
                return await _handle(data, event_name, delivery_id)
            except StoreError as exc:
                # GitHub shows the failure and the delivery can be redelivered.
                logger.error("database unavailable: %s", settings.redact(str(exc)))
                _rejected("database unavailable")
                return PlainTextResponse("database unavailable", status_code=503)

    async def _handle(data: dict[str, object], event_name: str, delivery_id: str) -> Response:
        if event_name == "ping":
            return PlainTextResponse("pong", status_code=200)
        event = sansio.Event(data, event=event_name, delivery_id=delivery_id)
        if not router.fetch(event):
            _rejected("ignored event")
            return PlainTextResponse("ignored", status_code=202)
        if not await store.record_delivery(delivery_id, event_name):
            logger.info("duplicate delivery")
            _rejected("duplicate")
            return PlainTextResponse("duplicate", status_code=200)
        try:
            await router.dispatch(event, context)
        except PayloadError as exc:
            logger.warning("malformed payload: %s", exc)
            _rejected("malformed payload")
            return PlainTextResponse(f"malformed payload: {exc}", status_code=400)
        WEBHOOKS_RECEIVED.labels(event=event_name).inc()
        return PlainTextResponse("queued", status_code=202)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        if await asyncio.to_thread(store.ping):
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "database unreachable"}, status_code=503)

    async def metrics(request: Request) -> Response:
        try:
            body = await render(store.queue_stats)
        except StoreError:
            body = await render(None)  # the rest is still worth scraping
        return Response(body, media_type=CONTENT_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=httpx.Timeout(http_timeout)) as client:
            stop = asyncio.Event()
            task = None
            if worker_factory is not None:
                task = asyncio.create_task(worker_factory(client).run(stop))
            try:
                yield
            finally:
                stop.set()
                if task is not None:
                    await task

    return Starlette(
        routes=[
            Route("/webhook", webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
            *status_routes(settings, store),
        ],
        lifespan=lifespan,
    )
