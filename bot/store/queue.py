"""The SQLite store (WAL): job queue with leases, delivery log, installations, PR ignores.

Each call is one short transaction on a single connection, so the async methods run it
inline; claims use `BEGIN IMMEDIATE` so two processes never take the same job. A crashed
worker's job is taken again once its lease expires.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

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

__all__ = ["SqliteStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    installation_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    repo TEXT NOT NULL,
    pr_number INTEGER NOT NULL,
    head_sha TEXT NOT NULL,
    base_sha TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    check_run_id INTEGER,
    superseded_by TEXT,
    available_at REAL NOT NULL,
    lease_owner TEXT,
    lease_expires REAL,
    last_error TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    comment_id INTEGER,
    author TEXT NOT NULL DEFAULT '',
    comment_body TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS jobs_pr ON jobs (owner, repo, pr_number, state);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (state, available_at);
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id TEXT PRIMARY KEY,
    event TEXT NOT NULL,
    received_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS installations (
    installation_id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    repositories TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pr_ignores (
    owner TEXT NOT NULL,
    repo TEXT NOT NULL,
    pr_number INTEGER NOT NULL,
    package TEXT NOT NULL,
    specifier TEXT NOT NULL,
    types TEXT NOT NULL,
    author TEXT NOT NULL,
    PRIMARY KEY (owner, repo, pr_number, package, specifier, types)
);
"""

_LIVE = (JobState.QUEUED.value, JobState.RUNNING.value)

# Due jobs (queued and due, or running with an expired lease), oldest first. One job per
# pull request runs at a time: a scan waits while another scan of the same pull request runs
# (a forced re-run queues behind the run that may have read the ignores). Superseded runs are
# winding down and commands are quick, so neither blocks nor waits.
_DUE = """SELECT id FROM jobs AS j
WHERE ((j.state = 'queued' AND j.available_at <= ?)
    OR (j.state = 'running' AND j.lease_expires < ?))
AND (j.kind = 'command' OR j.superseded_by IS NOT NULL OR NOT EXISTS (
    SELECT 1 FROM jobs AS r WHERE r.owner = j.owner AND r.repo = j.repo
    AND r.pr_number = j.pr_number AND r.id <> j.id AND r.state = 'running'
    AND r.kind <> 'command' AND r.superseded_by IS NULL))
ORDER BY j.available_at, j.id LIMIT 1"""


class SqliteStore:
    """Implements JobQueue, DeliveryLog, InstallationStore, IgnoreStore and StatusStore."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Clock = time.time,
        lease_seconds: float = 300.0,
    ) -> None:
        self._clock = clock
        self._lease_seconds = lease_seconds
        try:
            if str(path) != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=10.0
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the database: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def ping(self) -> bool:
        try:
            self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    # -- job queue -------------------------------------------------------------------------

    async def enqueue(self, job: NewJob, *, force: bool = False) -> bool:
        now = self._clock()
        with self._transaction():
            # A queued job reads ignores when it runs, so it serves any new request; a
            # running one may have read them already, so a forced re-run queues behind it.
            states = (JobState.QUEUED.value, JobState.QUEUED.value) if force else _LIVE
            duplicate = self._db.execute(
                "SELECT id FROM jobs WHERE owner=? AND repo=? AND pr_number=? AND head_sha=?"
                " AND state IN (?, ?) AND superseded_by IS NULL",
                (job.owner, job.repo, job.pr_number, job.head_sha, *states),
            ).fetchone()
            if duplicate is not None:
                return False
            if job.kind is not JobKind.COMMAND:
                self._supersede(job.owner, job.repo, job.pr_number, job.head_sha)
            self._db.execute(insert_job_sql("?"), insert_job_values(job, now))
        return True

    def _supersede(self, owner: str, repo: str, pr_number: int, head_sha: str) -> None:
        # Queued jobs without a check run have nothing to clean up: drop them at once. The
        # others keep their state; the worker sees `superseded_by` and closes the check run.
        self._db.execute(
            "UPDATE jobs SET state=?, superseded_by=? WHERE owner=? AND repo=? AND pr_number=?"
            " AND head_sha<>? AND state=? AND check_run_id IS NULL AND kind<>?",
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
        self._db.execute(
            "UPDATE jobs SET superseded_by=? WHERE owner=? AND repo=? AND pr_number=?"
            " AND head_sha<>? AND state IN (?, ?) AND kind<>?",
            (head_sha, owner, repo, pr_number, head_sha, *_LIVE, JobKind.COMMAND.value),
        )

    async def claim(self, worker_id: str) -> Job | None:
        now = self._clock()
        # An idle worker polls often: look without the write lock first, so polling never
        # makes the webhook server's enqueue wait.
        if not self._anything_due(now):
            return None
        with self._transaction():
            row = self._db.execute(_DUE, (now, now)).fetchone()
            if row is None:
                return None
            self._db.execute(
                "UPDATE jobs SET state=?, lease_owner=?, lease_expires=?, attempts=attempts+1"
                " WHERE id=?",
                (JobState.RUNNING.value, worker_id, now + self._lease_seconds, row["id"]),
            )
        return await self.get(JobId(row["id"]))

    def _anything_due(self, now: float) -> bool:
        try:
            # fetchall: the statement runs to its end, so no read snapshot stays open.
            rows = self._db.execute(_DUE, (now, now)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the queue: {exc}") from exc
        return bool(rows)

    async def heartbeat(self, job_id: JobId, worker_id: str) -> bool:
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE jobs SET lease_expires=? WHERE id=? AND lease_owner=? AND state=?",
                (self._clock() + self._lease_seconds, job_id, worker_id, JobState.RUNNING.value),
            )
        return cursor.rowcount == 1

    async def set_check_run(self, job_id: JobId, check_run_id: int) -> None:
        with self._transaction():
            self._db.execute("UPDATE jobs SET check_run_id=? WHERE id=?", (check_run_id, job_id))

    async def get(self, job_id: JobId) -> Job | None:
        row = self._db.execute("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone()
        return None if row is None else job_from_row(row)

    async def finish(self, job_id: JobId, outcome: str) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE jobs SET state=CASE WHEN superseded_by IS NULL THEN ? ELSE ? END,"
                " outcome=?, lease_owner=NULL, lease_expires=NULL WHERE id=?",
                (JobState.DONE.value, JobState.SUPERSEDED.value, outcome, job_id),
            )

    async def fail(self, job_id: JobId, error: str, retry_at: float | None) -> None:
        with self._transaction():
            if retry_at is None:
                self._db.execute(
                    "UPDATE jobs SET state=?, last_error=?, lease_owner=NULL,"
                    " lease_expires=NULL WHERE id=?",
                    (JobState.FAILED.value, error, job_id),
                )
            else:
                self._db.execute(
                    "UPDATE jobs SET state=?, last_error=?, available_at=?, lease_owner=NULL,"
                    " lease_expires=NULL WHERE id=?",
                    (JobState.QUEUED.value, error, retry_at, job_id),
                )

    async def release(self, job_id: JobId, worker_id: str) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE jobs SET state=?, available_at=?, attempts=MAX(attempts-1, 0),"
                " lease_owner=NULL, lease_expires=NULL WHERE id=? AND lease_owner=? AND state=?",
                (JobState.QUEUED.value, self._clock(), job_id, worker_id, JobState.RUNNING.value),
            )

    async def queue_stats(self) -> QueueStats:
        row = self._db.execute(
            "SELECT COUNT(*), MIN(created_at) FROM jobs WHERE state IN (?, ?)", _LIVE
        ).fetchone()
        oldest = row[1]
        return QueueStats(
            depth=int(row[0]), oldest_age=0.0 if oldest is None else self._clock() - oldest
        )

    async def jobs(self) -> tuple[Job, ...]:
        """Every job, oldest first (for tests and operators)."""
        rows = self._db.execute("SELECT * FROM jobs ORDER BY id").fetchall()
        return tuple(job_from_row(row) for row in rows)

    # -- deliveries ------------------------------------------------------------------------

    async def record_delivery(self, delivery_id: str, event: str) -> bool:
        with self._transaction():
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO deliveries (delivery_id, event, received_at)"
                " VALUES (?, ?, ?)",
                (delivery_id, event, self._clock()),
            )
        return cursor.rowcount == 1

    # -- installations ---------------------------------------------------------------------

    async def add_installation(
        self, installation_id: int, account: str, repositories: tuple[str, ...]
    ) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO installations (installation_id, account, repositories)"
                " VALUES (?, ?, ?)",
                (installation_id, account, json.dumps(sorted(repositories))),
            )

    async def remove_installation(self, installation_id: int) -> None:
        with self._transaction():
            self._db.execute(
                "DELETE FROM installations WHERE installation_id=?", (installation_id,)
            )

    async def add_repositories(self, installation_id: int, repositories: tuple[str, ...]) -> None:
        known = set(await self.installation_repositories(installation_id))
        with self._transaction():
            self._db.execute(
                "INSERT INTO installations (installation_id, account, repositories)"
                " VALUES (?, '', ?) ON CONFLICT (installation_id)"
                " DO UPDATE SET repositories=excluded.repositories",
                (installation_id, json.dumps(sorted(known | set(repositories)))),
            )

    async def remove_repositories(
        self, installation_id: int, repositories: tuple[str, ...]
    ) -> None:
        remaining = set(await self.installation_repositories(installation_id)) - set(repositories)
        with self._transaction():
            self._db.execute(
                "UPDATE installations SET repositories=? WHERE installation_id=?",
                (json.dumps(sorted(remaining)), installation_id),
            )

    async def installation_repositories(self, installation_id: int) -> tuple[str, ...]:
        row = self._db.execute(
            "SELECT repositories FROM installations WHERE installation_id=?", (installation_id,)
        ).fetchone()
        if row is None:
            return ()
        return tuple(json.loads(row["repositories"]))

    # -- status page -----------------------------------------------------------------------

    async def status(self, *, recent: int) -> StoreStatus:
        installations = tuple(
            Installation(
                installation_id=row["installation_id"],
                account=row["account"],
                repositories=tuple(json.loads(row["repositories"])),
            )
            for row in self._db.execute(
                "SELECT * FROM installations ORDER BY account, installation_id"
            ).fetchall()
        )
        counts = dict(
            self._db.execute(
                "SELECT state, COUNT(*) FROM jobs WHERE state IN (?, ?) GROUP BY state", _LIVE
            ).fetchall()
        )
        rows = self._db.execute(
            "SELECT * FROM jobs ORDER BY id DESC LIMIT ?", (max(0, recent),)
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

    # -- ignores accepted through comments -------------------------------------------------

    async def add_ignore(self, owner: str, repo: str, ignore: StoredIgnore) -> None:
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO pr_ignores"
                " (owner, repo, pr_number, package, specifier, types, author)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
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

    async def ignores_for(self, owner: str, repo: str, pr_number: int) -> tuple[StoredIgnore, ...]:
        rows = self._db.execute(
            "SELECT * FROM pr_ignores WHERE owner=? AND repo=? AND pr_number=? ORDER BY rowid",
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

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """`BEGIN IMMEDIATE` … `COMMIT`, rolled back on error, translated to StoreError."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a transaction: {exc}") from exc

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(f"cannot commit: {error}") from error
        else:
            self._db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(str(exc)) from exc

