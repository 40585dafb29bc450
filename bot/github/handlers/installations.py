"""installation and installation_repositories events -> bookkeeping in the store."""

from __future__ import annotations

import logging

from gidgethub import sansio
from gidgethub.routing import Router

from bot.github.events import parse_installation
from bot.github.handlers.context import HandlerContext

__all__ = ["router"]

logger = logging.getLogger(__name__)
router = Router()


@router.register("installation", action="created")
async def installed(event: sansio.Event, context: HandlerContext) -> None:
    change = parse_installation(event.event, event.data)
    await context.store.add_installation(
        change.installation_id, change.account, change.repositories_added
    )
    logger.info("installed on %s (installation %d)", change.account, change.installation_id)


@router.register("installation", action="deleted")
async def uninstalled(event: sansio.Event, context: HandlerContext) -> None:
    change = parse_installation(event.event, event.data)
    await context.store.remove_installation(change.installation_id)
    logger.info("uninstalled from %s (installation %d)", change.account, change.installation_id)


@router.register("installation_repositories", action="added")
async def repositories_added(event: sansio.Event, context: HandlerContext) -> None:
    change = parse_installation(event.event, event.data)
    await context.store.add_repositories(change.installation_id, change.repositories_added)


@router.register("installation_repositories", action="removed")
async def repositories_removed(event: sansio.Event, context: HandlerContext) -> None:
    change = parse_installation(event.event, event.data)
    await context.store.remove_repositories(change.installation_id, change.repositories_removed)
