"""Durable state for the GitHub App: job queue, delivery log, installations, PR ignores."""

from bot.store.interface import (
    Clock,
    DeliveryLog,
    IgnoreStore,
    InstallationStore,
    Job,
    JobId,
    JobKind,
    JobQueue,
    JobState,
    NewJob,
    StoredIgnore,
    StoreError,
)
from bot.store.queue import SqliteStore

__all__ = [
    "Clock",
    "DeliveryLog",
    "IgnoreStore",
    "InstallationStore",
    "Job",
    "JobId",
    "JobKind",
    "JobQueue",
    "JobState",
    "NewJob",
    "SqliteStore",
    "StoreError",
    "StoredIgnore",
]
