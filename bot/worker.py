"""The worker pool: N asyncio tasks claiming jobs from the queue and running the flow.

Each job runs inside the process's one broad `except Exception` boundary: a failure is
logged with its traceback and recorded; GitHub's permanent refusals end the job at once,
anything else is retried with exponential backoff, and after the last attempt the check
run is completed `neutral` with the reason.

On shutdown (`stop` set, e.g. by SIGTERM) no loop claims again; a job in progress gets
`shutdown_deadline` seconds to finish, then it is cancelled and given back to the queue
(its attempt not counted) for another worker to take at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from bot.github.client import GitHubError, TransientGitHubError
from bot.github.flow import FlowStore, JobRunner
from bot.logcontext import bound
from bot.metrics import GITHUB_API, JOB_DURATION
from bot.store.interface import Clock, Job, StoreError

__all__ = ["Worker"]

logger = logging.getLogger(__name__)


class Worker:
    def __init__(
        self,
        *,
        store: FlowStore,
        runner: JobRunner,
        count: int = 2,
        max_attempts: int = 5,
        clock: Clock = time.time,
        poll_interval: float = 1.0,
        backoff_base: float = 30.0,
        heartbeat_interval: float = 60.0,
        shutdown_deadline: float = 60.0,
        name: str = "worker",
    ) -> None:
        self._shutdown_deadline = shutdown_deadline
        self._heartbeat_interval = heartbeat_interval
        self._store = store
        self._runner = runner
        self._count = count
        self._max_attempts = max_attempts
        self._clock = clock
        self._poll_interval = poll_interval
        self._backoff_base = backoff_base
        self._name = name

    async def run(self, stop: asyncio.Event) -> None:
        """Run `count` loops until `stop` is set; a job in progress is finished first, or
        given back to the queue if it is still running after the shutdown deadline."""
        loops = [
            asyncio.create_task(self._loop(f"{self._name}-{index}", stop))
            for index in range(self._count)
        ]
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([stopping, *loops], return_when=asyncio.FIRST_COMPLETED)
            for task in loops:
                if task.done() and not stop.is_set():
                    task.result()  # a loop that died of a bug takes the pool down, loudly
            _, late = await asyncio.wait(loops, timeout=self._shutdown_deadline)
            if late:
                logger.warning("shutdown deadline passed: giving %d job(s) back", len(late))
        finally:
            stopping.cancel()
            for task in loops:
                task.cancel()
            await asyncio.gather(stopping, *loops, return_exceptions=True)

    async def _loop(self, worker_id: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                job = await self.run_once(worker_id)
            except StoreError:
                # The database is unavailable (locked, disk full): try again shortly.
                logger.exception("%s: the job store failed", worker_id)
                job = None
            if job is None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._poll_interval)

    async def run_once(self, worker_id: str = "worker-0") -> Job | None:
        """Claim and process one job; the job claimed, or None when nothing is due."""
        job = await self._store.claim(worker_id)
        if job is None:
            return None
        where = f"job {job.id} ({job.kind} {job.full_name}#{job.pr_number} {job.head_sha[:12]})"
        with bound(job=job.id, repo=job.full_name, pr=job.pr_number, sha=job.head_sha[:12]):
            await self._process(job, worker_id, where)
        return job

    async def _process(self, job: Job, worker_id: str, where: str) -> None:
        # Keep the lease while the job runs, even through long steps without progress.
        heartbeat = asyncio.create_task(self._keep_lease(job, worker_id))
        started = time.monotonic()
        try:
            outcome = await self._runner.run(job, worker_id)
        except asyncio.CancelledError:
            # Shutdown deadline: the job goes back to the queue for another worker.
            with contextlib.suppress(StoreError):
                await self._store.release(job.id, worker_id)
            logger.warning("%s: given back unfinished at shutdown", where)
            JOB_DURATION.labels(outcome="released").observe(time.monotonic() - started)
            raise
        except Exception as exc:  # the worker's process boundary: record and go on
            logger.exception("%s: attempt %d failed", where, job.attempts)
            JOB_DURATION.labels(outcome="error").observe(time.monotonic() - started)
            if isinstance(exc, GitHubError):
                GITHUB_API.labels(kind="error", status=str(exc.status or "none")).inc()
            await self._record_failure(job, exc)
        else:
            await self._store.finish(job.id, outcome)
            logger.info("%s: %s", where, outcome)
            JOB_DURATION.labels(outcome=outcome).observe(time.monotonic() - started)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat

    async def _keep_lease(self, job: Job, worker_id: str) -> None:
        while True:
            await asyncio.sleep(self._heartbeat_interval)
            if not await self._store.heartbeat(job.id, worker_id):
                return

    async def _record_failure(self, job: Job, exc: Exception) -> None:
        error = str(exc) or type(exc).__name__
        # GitHub refusing for good (a missing permission, a 404) will not change on retry.
        permanent = isinstance(exc, GitHubError) and not isinstance(exc, TransientGitHubError)
        if permanent or job.attempts >= self._max_attempts:
            await self._store.fail(job.id, error, None)
            latest = await self._store.get(job.id) or job
            try:
                await self._runner.give_up(latest, error)
            except GitHubError:
                logger.exception("job %d: could not report giving up", job.id)
            return
        retry_at = self._clock() + self._backoff_base * 2 ** (job.attempts - 1)
        if isinstance(exc, TransientGitHubError) and exc.retry_at is not None:
            retry_at = max(retry_at, exc.retry_at)
        await self._store.fail(job.id, error, retry_at)
