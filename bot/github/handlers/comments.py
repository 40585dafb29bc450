"""issue_comment created on a pull request with `@capdiff` commands -> a command job.

The permission check and the reply need the API, so they happen in the worker.
"""

from __future__ import annotations

import logging

from gidgethub import sansio
from gidgethub.routing import Router

from bot.github.commands import parse_commands
from bot.github.events import parse_issue_comment
from bot.github.handlers.context import HandlerContext
from bot.store.interface import JobKind, NewJob

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = Router()


@router.register("issue_comment", action="created")
async def queue_commands(event: sansio.Event, context: HandlerContext) -> None:
    comment = parse_issue_comment(event.data)
    if comment is None or comment.author_is_bot:
        return
    if not parse_commands(comment.body, bot_name=context.bot_name):
        return
    await context.store.enqueue(
        NewJob(
            installation_id=comment.repo.installation_id,
            owner=comment.repo.owner,
            repo=comment.repo.name,
            pr_number=comment.pr_number,
            head_sha=f"comment:{comment.comment_id}",
            base_sha="",
            kind=JobKind.COMMAND,
            comment_id=comment.comment_id,
            author=comment.author,
            comment_body=comment.body[:65536],
        )
    )
    logger.info(
        "%s#%d: commands from @%s queued", comment.repo.full_name, comment.pr_number, comment.author
    )
