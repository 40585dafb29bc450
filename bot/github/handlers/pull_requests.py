"""pull_request opened/synchronize/reopened/ready_for_review -> a scan job."""

from __future__ import annotations

import logging

from gidgethub import sansio
from gidgethub.routing import Router

from bot.github.events import parse_pull_request
from bot.github.handlers.context import HandlerContext
from bot.store.interface import JobKind, NewJob

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = Router()


@router.register("pull_request", action="opened")
@router.register("pull_request", action="synchronize")
@router.register("pull_request", action="reopened")
@router.register("pull_request", action="ready_for_review")
async def scan_pull_request(event: sansio.Event, context: HandlerContext) -> None:
    pull = parse_pull_request(event.data)
    queued = await context.store.enqueue(
        NewJob(
            installation_id=pull.repo.installation_id,
            owner=pull.repo.owner,
            repo=pull.repo.name,
            pr_number=pull.number,
            head_sha=pull.head_sha,
            base_sha=pull.base_sha,
            kind=JobKind.PULL_REQUEST,
        )
    )
    logger.info(
        "%s#%d %s at %s: %s",
        pull.repo.full_name,
        pull.number,
        pull.action,
        pull.head_sha[:12],
        "queued" if queued else "already queued",
    )
