"""Contracts of the durable store: the job queue and the small tables beside it.

Jobs carry primitive fields only (ids, names, shas); the worker re-authenticates and
re-reads everything else. One job per (repository, pull request, head sha) is live at a
time; a newer push supersedes the older jobs of the same pull request, and of the jobs of
one pull request that are not superseded only one runs at a time (command jobs aside).

    StoreError      the database could not be opened or written
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import NewType, Protocol

__all__ = [
    "Clock",
    "DeliveryLog",
    "IgnoreStore",
    "Installation",
    "InstallationStore",
    "Job",
    "JobId",
    "JobKind",
    "JobQueue",
    "JobState",
    "NewJob",
    "QueueStats",
    "RecentJob",
    "StatusStore",
    "StoreError",
    "StoreStatus",
    "StoredIgnore",
]

JobId = NewType("JobId", int)
# Seconds since the epoch; injected so leases and backoff are testable without sleeping.
Clock = Callable[[], float]


class StoreError(Exception):
    """The store could not be read or written."""


@enum.unique
class JobKind(enum.StrEnum):
    PULL_REQUEST = "pull_request"  # opened, synchronize, reopened, ready_for_review
    RERUN = "rerun"  # check run/suite re-requested, `@capdiff rerun`, accepted ignore
    # A comment with `@capdiff` commands: permission check, reaction, then maybe a RERUN job.
    # `head_sha` holds "comment:<id>" (a dedupe key); such jobs never supersede scans.
    COMMAND = "command"


@enum.unique
class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"  # gave up after the last attempt
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True, kw_only=True)
class NewJob:
    installation_id: int
    owner: str
    repo: str
    pr_number: int
    head_sha: str
    base_sha: str
    kind: JobKind = JobKind.PULL_REQUEST
    check_run_id: int | None = None
    comment_id: int | None = None
    author: str = ""
    comment_body: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    id: JobId
    installation_id: int
    owner: str
    repo: str
    pr_number: int
    head_sha: str
    base_sha: str
    kind: JobKind
    state: JobState
    attempts: int  # claims so far, this one included
    check_run_id: int | None = None
    # Head sha of the push that replaced this job; the worker closes its check run neutral.
    superseded_by: str | None = None
    last_error: str = ""
    comment_id: int | None = None
    author: str = ""
    comment_body: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo}"


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredIgnore:
    """An ignore accepted through a comment command on one pull request."""

    package: str  # normalized name
    specifier: str  # "==1.0" or "" for every version
    types: tuple[str, ...]  # alert type names; empty: every type
    author: str
    pr_number: int


class JobQueue(Protocol):
    async def enqueue(self, job: NewJob, *, force: bool = False) -> bool:
        """Queue `job`; False when a live job for the same head sha exists.

        With `force` (re-runs), only a queued job counts: a running one may be past the
        point where it read the ignores, so the re-run queues behind it.

        Older live jobs of the same pull request with another head sha are superseded.
        """
        ...

    async def claim(self, worker_id: str) -> Job | None:
        """The next due job (or one whose lease expired), leased to `worker_id`."""
        ...

    async def heartbeat(self, job_id: JobId, worker_id: str) -> bool:
        """Extend the lease; False when the job is no longer ours."""
        ...

    async def set_check_run(self, job_id: JobId, check_run_id: int) -> None: ...

    async def get(self, job_id: JobId) -> Job | None: ...

    async def finish(self, job_id: JobId, outcome: str) -> None: ...

    async def fail(self, job_id: JobId, error: str, retry_at: float | None) -> None:
        """Record a failed attempt: queued again at `retry_at`, or failed for good if None."""
        ...

    async def release(self, job_id: JobId, worker_id: str) -> None:
        """Give a job back unfinished (shutdown deadline): queued at once, attempt not counted."""
        ...


@dataclass(frozen=True, slots=True)
class QueueStats:
    depth: int  # jobs queued or running
    oldest_age: float  # seconds since the oldest of them was queued; 0 when none


class DeliveryLog(Protocol):
    async def record_delivery(self, delivery_id: str, event: str) -> bool:
        """True the first time a delivery id is seen, False for a redelivery."""
        ...


class InstallationStore(Protocol):
    async def add_installation(
        self, installation_id: int, account: str, repositories: tuple[str, ...]
    ) -> None: ...

    async def remove_installation(self, installation_id: int) -> None: ...

    async def add_repositories(
        self, installation_id: int, repositories: tuple[str, ...]
    ) -> None: ...

    async def remove_repositories(
        self, installation_id: int, repositories: tuple[str, ...]
    ) -> None: ...

    async def installation_repositories(self, installation_id: int) -> tuple[str, ...]: ...


class IgnoreStore(Protocol):
    async def add_ignore(self, owner: str, repo: str, ignore: StoredIgnore) -> None: ...

    async def ignores_for(
        self, owner: str, repo: str, pr_number: int
    ) -> tuple[StoredIgnore, ...]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Installation:
    installation_id: int
    account: str  # "" when only an installation_repositories event was seen
    repositories: tuple[str, ...]  # full names, sorted


@dataclass(frozen=True, slots=True, kw_only=True)
class RecentJob:
    job: Job
    outcome: str  # the runner's outcome ("failure", "no-manifest", ...); "" while live
    created_at: float


@dataclass(frozen=True, slots=True, kw_only=True)
class StoreStatus:
    """What the status page shows: never a secret, never an error text."""

    installations: tuple[Installation, ...]
    queued: int
    running: int
    recent_jobs: tuple[RecentJob, ...]  # newest first


class StatusStore(Protocol):
    async def status(self, *, recent: int) -> StoreStatus:
        """Installations, queue depth and the `recent` newest jobs."""
        ...
