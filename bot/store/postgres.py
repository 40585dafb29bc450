"""The PostgreSQL store: the SQLite store's queue, delivery log, installations and ignores,
shared by web and worker processes on several machines.

The queue is a plain table mirroring the SQLite one (same columns, same rules), not a task
queue library: supersede marks *running* jobs so their worker closes the check run, a
forced re-run folds into a queued job but not a running one, and the attempt count drives
the `neutral` result; those rules are the queue, and keeping them in the same SQL on both
backends lets one test suite hold both to them. Claims take `FOR UPDATE SKIP LOCKED`, so
racing workers never wait on nor take the same row; a partial unique index keeps one scan
per pull request running even when two claims race; enqueues of one pull request are
serialised by an advisory lock so two web processes cannot both insert.

Calls run in a thread from a small connection pool (psycopg 3), so a slow or restarting
database never blocks the event loop; a call that loses its connection is tried again on a
fresh one for a few seconds, then fails as `StoreError`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
import psycopg_pool
from psycopg.rows import dict_row

from bot.store.interface import (
    Clock,
    Installation,
    Job,
    JobId,
    JobKind,
    JobState,
    NewJob,
    QueueStats,
    RecentJob,
    StoredIgnore,
    StoreError,
    StoreStatus,
)
from bot.store.job_rows import insert_job_sql, insert_job_values, job_from_row
from bot.store.postgres_schema import upgrade

__all__ = ["PostgresStore", "open_pool"]

logger = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]
Connection = psycopg.Connection[Row]

_LIVE = (JobState.QUEUED.value, JobState.RUNNING.value)
# Waits between attempts when the connection breaks (~4 s in all: a `pg_ctl restart`).
_RECONNECT_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0)

# The SQLite store's claim rule (see queue.py), plus SKIP LOCKED for concurrent claimers.
_CLAIM = """
WITH candidate AS (
    SELECT id FROM jobs AS j
    WHERE ((j.state = 'queued' AND j.available_at <= %(now)s)
        OR (j.state = 'running' AND j.lease_expires < %(now)s))
    AND (j.kind = 'command' OR j.superseded_by IS NOT NULL OR NOT EXISTS (
        SELECT 1 FROM jobs AS r WHERE r.owner = j.owner AND r.repo = j.repo
        AND r.pr_number = j.pr_number AND r.id <> j.id AND r.state = 'running'
        AND r.kind <> 'command' AND r.superseded_by IS NULL))
    ORDER BY j.available_at, j.id
    LIMIT 1
    FOR UPDATE SKIP LOCKED
)
UPDATE jobs SET state = 'running', lease_owner = %(worker)s, lease_expires = %(expires)s,
    attempts = jobs.attempts + 1
FROM candidate WHERE jobs.id = candidate.id
RETURNING jobs.*
"""


def open_pool(
    url: str, *, max_size: int = 4, name: str = "capdiff"
) -> psycopg_pool.ConnectionPool[Connection]:
    """A pool of autocommit connections returning rows as dicts; opens lazily."""
    return psycopg_pool.ConnectionPool(
        url,
        connection_class=psycopg.Connection[Row],
        kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": 5},
        min_size=1,
        max_size=max_size,
        open=False,
        check=psycopg_pool.ConnectionPool.check_connection,
        timeout=5.0,
        name=name,
    )


class PostgresStore:
    """Implements JobQueue, DeliveryLog, InstallationStore, IgnoreStore and StatusStore."""

    def __init__(
        self,
        url: str,
        *,
        clock: Clock = time.time,
        lease_seconds: float = 300.0,
        migrate: bool = True,
        pool_size: int = 4,
    ) -> None:
        self._clock = clock
        self._lease_seconds = lease_seconds
        self._pool = open_pool(url, max_size=pool_size, name="capdiff-store")
        try:
            self._pool.open(wait=True, timeout=10.0)
        except psycopg_pool.PoolTimeout as exc:
            self._pool.close()
            raise StoreError(f"cannot connect to the database: {exc}") from exc
        if migrate:
            self.upgrade()

    def upgrade(self) -> tuple[int, int]:
        """Create or migrate the schema; (version before, version after)."""
        return self._call(upgrade)

    def close(self) -> None:
        self._pool.close()

    def ping(self) -> bool:
        try:
            with self._pool.connection(timeout=2.0) as db:
                db.execute("SELECT 1")
        except (psycopg.Error, psycopg_pool.PoolTimeout):
            return False
        return True

    def _call(self, operation: Callable[[Connection], T]) -> T:
        """Run `operation` in one transaction, again on a fresh connection if it broke.

        The retries span a few seconds, enough for a server restart. Repeating is safe even
        when the first try committed and only its reply was lost: enqueues dedupe, a delivery
        row names who recorded it, updates are keyed; a claim whose reply was lost leaves a
        lease nobody renews, so the job is taken over when it expires.
        """
        for delay in (*_RECONNECT_DELAYS, None):
            try:
                with self._pool.connection() as db, db.transaction():
                    return operation(db)
            except psycopg_pool.PoolTimeout as exc:
                # No connection for the pool's whole timeout: the server is down.
                raise StoreError(f"database unavailable: {exc}") from exc
            except psycopg.OperationalError as exc:
                # A restarted server: the pool drops the broken connection and reconnects.
                if delay is None:
                    raise StoreError(f"database unavailable: {exc}") from exc
                logger.warning("database connection lost (%s); trying again", exc)
                time.sleep(delay)
            except psycopg.Error as exc:
                raise StoreError(str(exc)) from exc
        raise AssertionError("unreachable")

    async def _run(self, operation: Callable[[Connection], T]) -> T:
        return await asyncio.to_thread(self._call, operation)

    # -- job queue -------------------------------------------------------------------------

    async def enqueue(self, job: NewJob, *, force: bool = False) -> bool:
        now = self._clock()
        states = [JobState.QUEUED.value] if force else list(_LIVE)

        def operation(db: Connection) -> bool:
            # Two web processes enqueueing for one pull request take turns.
            db.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"{job.owner}/{job.repo}#{job.pr_number}",),
            )
            duplicate = db.execute(
                "SELECT id FROM jobs WHERE owner=%s AND repo=%s AND pr_number=%s"
                " AND head_sha=%s AND state = ANY(%s) AND superseded_by IS NULL LIMIT 1",
                (job.owner, job.repo, job.pr_number, job.head_sha, states),
            ).fetchone()
            if duplicate is not None:
                return False
            if job.kind is not JobKind.COMMAND:
                _supersede(db, job.owner, job.repo, job.pr_number, job.head_sha)
            db.execute(insert_job_sql("%s"), insert_job_values(job, now))
            return True

        return await self._run(operation)

    async def claim(self, worker_id: str) -> Job | None:
        now = self._clock()
        parameters = {"now": now, "worker": worker_id, "expires": now + self._lease_seconds}

        def operation(db: Connection) -> Job | None:
            try:
                with db.transaction():
                    row = db.execute(_CLAIM, parameters).fetchone()
            except psycopg.errors.UniqueViolation:
                # Another worker started a scan of the same pull request meanwhile.
                return None
            return None if row is None else job_from_row(row)

        return await self._run(operation)

    async def heartbeat(self, job_id: JobId, worker_id: str) -> bool:
        def operation(db: Connection) -> bool:
            cursor = db.execute(
                "UPDATE jobs SET lease_expires=%s WHERE id=%s AND lease_owner=%s AND state=%s",
                (self._clock() + self._lease_seconds, job_id, worker_id, JobState.RUNNING.value),
            )
            return cursor.rowcount == 1

        return await self._run(operation)

    async def set_check_run(self, job_id: JobId, check_run_id: int) -> None:
        await self._run(
            lambda db: db.execute(
                "UPDATE jobs SET check_run_id=%s WHERE id=%s", (check_run_id, job_id)
            )
        )

    async def get(self, job_id: JobId) -> Job | None:
        def operation(db: Connection) -> Job | None:
            row = db.execute("SELECT * FROM jobs WHERE id=%s", (job_id,)).fetchone()
            return None if row is None else job_from_row(row)

        return await self._run(operation)

    async def finish(self, job_id: JobId, outcome: str) -> None:
        await self._run(
            lambda db: db.execute(
                "UPDATE jobs SET state=CASE WHEN superseded_by IS NULL THEN %s ELSE %s END,"
                " outcome=%s, lease_owner=NULL, lease_expires=NULL WHERE id=%s",
                (JobState.DONE.value, JobState.SUPERSEDED.value, outcome, job_id),
            )
        )

    async def fail(self, job_id: JobId, error: str, retry_at: float | None) -> None:
        if retry_at is None:
            await self._run(
                lambda db: db.execute(
                    "UPDATE jobs SET state=%s, last_error=%s, lease_owner=NULL,"
                    " lease_expires=NULL WHERE id=%s",
                    (JobState.FAILED.value, error, job_id),
                )
            )
        else:
            await self._run(
                lambda db: db.execute(
                    "UPDATE jobs SET state=%s, last_error=%s, available_at=%s,"
                    " lease_owner=NULL, lease_expires=NULL WHERE id=%s",
                    (JobState.QUEUED.value, error, retry_at, job_id),
                )
            )

    async def release(self, job_id: JobId, worker_id: str) -> None:
        await self._run(
            lambda db: db.execute(
                "UPDATE jobs SET state=%s, available_at=%s, attempts=GREATEST(attempts-1, 0),"
                " lease_owner=NULL, lease_expires=NULL"
                " WHERE id=%s AND lease_owner=%s AND state=%s",
                (JobState.QUEUED.value, self._clock(), job_id, worker_id, JobState.RUNNING.value),
            )
        )

    async def queue_stats(self) -> QueueStats:
        def operation(db: Connection) -> QueueStats:
            row = db.execute(
                "SELECT count(*) AS depth, min(created_at) AS oldest FROM jobs"
                " WHERE state = ANY(%s)",
                (list(_LIVE),),
            ).fetchone()
            assert row is not None
            oldest = row["oldest"]
            age = 0.0 if oldest is None else max(0.0, self._clock() - float(oldest))
            return QueueStats(depth=int(row["depth"]), oldest_age=age)

        return await self._run(operation)

    async def jobs(self) -> tuple[Job, ...]:
        """Every job, oldest first (for tests and operators)."""
        return await self._run(
            lambda db: tuple(job_from_row(r) for r in db.execute("SELECT * FROM jobs ORDER BY id"))
        )

    # -- deliveries ------------------------------------------------------------------------

    async def record_delivery(self, delivery_id: str, event: str) -> bool:
        # Unique to this call: a retry whose first try committed finds its own row.
        recorder = uuid.uuid4().hex

        def operation(db: Connection) -> bool:
            cursor = db.execute(
                "INSERT INTO deliveries (delivery_id, event, received_at, recorded_by)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (delivery_id) DO NOTHING",
                (delivery_id, event, self._clock(), recorder),
            )
            if cursor.rowcount == 1:
                return True
            row = db.execute(
                "SELECT recorded_by FROM deliveries WHERE delivery_id=%s", (delivery_id,)
            ).fetchone()
            return row is not None and row["recorded_by"] == recorder

        return await self._run(operation)

    # -- installations ---------------------------------------------------------------------

    async def add_installation(
        self, installation_id: int, account: str, repositories: tuple[str, ...]
    ) -> None:
        await self._run(
            lambda db: db.execute(
                "INSERT INTO installations (installation_id, account, repositories)"
                " VALUES (%s, %s, %s) ON CONFLICT (installation_id) DO UPDATE"
                " SET account=excluded.account, repositories=excluded.repositories",
                (installation_id, account, json.dumps(sorted(repositories))),
            )
        )

    async def remove_installation(self, installation_id: int) -> None:
        await self._run(
            lambda db: db.execute(
                "DELETE FROM installations WHERE installation_id=%s", (installation_id,)
            )
        )

    async def add_repositories(self, installation_id: int, repositories: tuple[str, ...]) -> None:
        def operation(db: Connection) -> None:
            known = set(_locked_repositories(db, installation_id))
            db.execute(
                "INSERT INTO installations (installation_id, account, repositories)"
                " VALUES (%s, '', %s) ON CONFLICT (installation_id)"
                " DO UPDATE SET repositories=excluded.repositories",
                (installation_id, json.dumps(sorted(known | set(repositories)))),
            )

        await self._run(operation)

    async def remove_repositories(
        self, installation_id: int, repositories: tuple[str, ...]
    ) -> None:
        def operation(db: Connection) -> None:
            remaining = set(_locked_repositories(db, installation_id)) - set(repositories)
            db.execute(
                "UPDATE installations SET repositories=%s WHERE installation_id=%s",
                (json.dumps(sorted(remaining)), installation_id),
            )

        await self._run(operation)

    async def installation_repositories(self, installation_id: int) -> tuple[str, ...]:
        return await self._run(lambda db: _locked_repositories(db, installation_id, lock=False))

    # -- status page -----------------------------------------------------------------------

    async def status(self, *, recent: int) -> StoreStatus:
        def operation(db: Connection) -> StoreStatus:
            installations = tuple(
                Installation(
                    installation_id=row["installation_id"],
                    account=row["account"],
                    repositories=tuple(json.loads(row["repositories"])),
                )
                for row in db.execute(
                    "SELECT * FROM installations ORDER BY account, installation_id"
                )
            )
            counts = {
                row["state"]: int(row["count"])
                for row in db.execute(
                    "SELECT state, count(*) AS count FROM jobs WHERE state = ANY(%s)"
                    " GROUP BY state",
                    (list(_LIVE),),
                )
            }
            rows = db.execute(
                "SELECT * FROM jobs ORDER BY id DESC LIMIT %s", (max(0, recent),)
            ).fetchall()
            return StoreStatus(
                installations=installations,
                queued=counts.get(JobState.QUEUED.value, 0),
                running=counts.get(JobState.RUNNING.value, 0),
                recent_jobs=tuple(
                    RecentJob(
                        job=job_from_row(row), outcome=row["outcome"], created_at=row["created_at"]
                    )
                    for row in rows
                ),
            )

        return await self._run(operation)

    # -- ignores accepted through comments -------------------------------------------------

    async def add_ignore(self, owner: str, repo: str, ignore: StoredIgnore) -> None:
        await self._run(
            lambda db: db.execute(
                "INSERT INTO pr_ignores (owner, repo, pr_number, package, specifier, types,"
                " author) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (owner, repo, pr_number, package, specifier, types)"
                " DO UPDATE SET author=excluded.author, seq=excluded.seq",  # re-added: last
                (
                    owner,
                    repo,
                    ignore.pr_number,
                    ignore.package,
                    ignore.specifier,
                    ",".join(ignore.types),
                    ignore.author,
                ),
            )
        )

    async def ignores_for(self, owner: str, repo: str, pr_number: int) -> tuple[StoredIgnore, ...]:
        def operation(db: Connection) -> tuple[StoredIgnore, ...]:
            rows = db.execute(
                "SELECT * FROM pr_ignores WHERE owner=%s AND repo=%s AND pr_number=%s"
                " ORDER BY seq",
                (owner, repo, pr_number),
            ).fetchall()
            return tuple(
                StoredIgnore(
                    package=row["package"],
                    specifier=row["specifier"],
                    types=tuple(t for t in row["types"].split(",") if t),
                    author=row["author"],
                    pr_number=row["pr_number"],
                )
                for row in rows
            )

        return await self._run(operation)


def _supersede(db: Connection, owner: str, repo: str, pr_number: int, head_sha: str) -> None:
    # As in SQLite: queued jobs without a check run are dropped at once; the others keep
    # their state and their worker closes the check run when it sees `superseded_by`.
    db.execute(
        "UPDATE jobs SET state=%s, superseded_by=%s WHERE owner=%s AND repo=%s"
        " AND pr_number=%s AND head_sha<>%s AND state=%s AND check_run_id IS NULL AND kind<>%s",
        (
            JobState.SUPERSEDED.value,
            head_sha,
            owner,
            repo,
            pr_number,
            head_sha,
            JobState.QUEUED.value,
            JobKind.COMMAND.value,
        ),
    )
    db.execute(
        "UPDATE jobs SET superseded_by=%s WHERE owner=%s AND repo=%s AND pr_number=%s"
        " AND head_sha<>%s AND state = ANY(%s) AND kind<>%s",
        (head_sha, owner, repo, pr_number, head_sha, list(_LIVE), JobKind.COMMAND.value),
    )


def _locked_repositories(
    db: Connection, installation_id: int, *, lock: bool = True
) -> tuple[str, ...]:
    query = "SELECT repositories FROM installations WHERE installation_id=%s"
    row = db.execute(query + (" FOR UPDATE" if lock else ""), (installation_id,)).fetchone()
    return () if row is None else tuple(json.loads(row["repositories"]))

