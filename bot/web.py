"""The webhook server: `POST /webhook` verifies, records the delivery and enqueues.

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
from bot.status_page import status_routes
from bot.store.interface import DeliveryLog, StatusStore

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
            return PlainTextResponse(rejection.message, status_code=rejection.status)

        with bound(delivery=delivery_id, event=event_name):
            return await _handle(data, event_name, delivery_id)

    async def _handle(data: dict[str, object], event_name: str, delivery_id: str) -> Response:
        if event_name == "ping":
            return PlainTextResponse("pong", status_code=200)
        event = sansio.Event(data, event=event_name, delivery_id=delivery_id)
        if not router.fetch(event):
            return PlainTextResponse("ignored", status_code=202)
        if not await store.record_delivery(delivery_id, event_name):
            logger.info("duplicate delivery")
            return PlainTextResponse("duplicate", status_code=200)
        try:
            await router.dispatch(event, context)
        except PayloadError as exc:
            logger.warning("malformed payload: %s", exc)
            return PlainTextResponse(f"malformed payload: {exc}", status_code=400)
        return PlainTextResponse("queued", status_code=202)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        if store.ping():
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "database unreachable"}, status_code=503)

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
            *status_routes(settings, store),
        ],
        lifespan=lifespan,
    )
