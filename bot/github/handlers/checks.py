"""check_run/check_suite rerequested -> scan the pull requests again."""

from __future__ import annotations

import logging

from gidgethub import sansio
from gidgethub.routing import Router

from bot.github.events import parse_check_rerequested
from bot.github.handlers.context import HandlerContext
from bot.store.interface import JobKind, NewJob

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = Router()


@router.register("check_run", action="rerequested")
@router.register("check_suite", action="rerequested")
async def rerun_checks(event: sansio.Event, context: HandlerContext) -> None:
    check = parse_check_rerequested(event.event, event.data)
    if not check.pulls:
        logger.info(
            "%s %s rerequested at %s without a pull request: skipped",
            check.repo.full_name,
            event.event,
            check.head_sha[:12],
        )
        return
    for pull in check.pulls:
        await context.store.enqueue(
            NewJob(
                installation_id=check.repo.installation_id,
                owner=check.repo.owner,
                repo=check.repo.name,
                pr_number=pull.number,
                head_sha=pull.head_sha,
                base_sha=pull.base_sha,
                kind=JobKind.RERUN,
            ),
            force=True,
        )
