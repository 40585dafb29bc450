"""Webhook handlers, one module (and one Router) per concern, combined in `router`.

Handlers only validate and enqueue; each receives the event and a `HandlerContext`.
"""

from __future__ import annotations

from gidgethub.routing import Router

from bot.github.handlers import checks, comments, installations, pull_requests
from bot.github.handlers.context import HandlerContext

__all__ = ["HandlerContext", "router"]

router = Router(pull_requests.router, checks.router, comments.router, installations.router)
