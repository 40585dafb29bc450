"""What every webhook handler may use: the queue and the bookkeeping tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.store.interface import InstallationStore, JobQueue

__all__ = ["HandlerContext", "HandlerStore"]


class HandlerStore(JobQueue, InstallationStore, Protocol):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class HandlerContext:
    store: HandlerStore
    bot_name: str = "capdiff"
