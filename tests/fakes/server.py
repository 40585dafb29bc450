"""Serve an ASGI app with uvicorn on 127.0.0.1 (port 0) in a thread, for end-to-end tests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Literal

import uvicorn
from starlette.types import ASGIApp

__all__ = ["serve_app"]


@contextlib.contextmanager
def serve_app(app: ASGIApp, *, lifespan: Literal["auto", "on", "off"] = "on") -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT``) while `app` is being served."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan=lifespan,
        access_log=False,
        # A request a test abandoned (a killed client) must not hold up shutdown.
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
