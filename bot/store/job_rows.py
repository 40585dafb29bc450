"""The `jobs` table's rows as both stores write and read them (SQLite and PostgreSQL).

The two backends share the table's columns and meaning; only the parameter marker differs
(`?` for sqlite3, `%s` for psycopg), so the INSERT is built for a given marker.
"""

from __future__ import annotations

from typing import Any, Protocol

from bot.store.interface import Job, JobId, JobKind, JobState, NewJob

__all__ = ["insert_job_sql", "insert_job_values", "job_from_row"]

_INSERT_COLUMNS = (
    "installation_id", "owner", "repo", "pr_number", "head_sha", "base_sha", "kind", "state",
    "check_run_id", "available_at", "created_at", "comment_id", "author", "comment_body",
)


class _Row(Protocol):
    """sqlite3.Row and psycopg's dict rows: values by column name."""

    def __getitem__(self, key: str, /) -> Any: ...


def insert_job_sql(marker: str) -> str:
    """INSERT of a queued job, with `marker` as each parameter's placeholder."""
    columns, markers = ", ".join(_INSERT_COLUMNS), ", ".join([marker] * len(_INSERT_COLUMNS))
    # Built from the constant column list and a driver's marker only: no value is formatted in.
    return f"INSERT INTO jobs ({columns}) VALUES ({markers})"  # noqa: S608


def insert_job_values(job: NewJob, now: float) -> tuple[object, ...]:
    """The parameters of `insert_job_sql`, in its column order."""
    return (
        job.installation_id,
        job.owner,
        job.repo,
        job.pr_number,
        job.head_sha,
        job.base_sha,
        job.kind.value,
        JobState.QUEUED.value,
        job.check_run_id,
        now,
        now,
        job.comment_id,
        job.author,
        job.comment_body,
    )


def job_from_row(row: _Row) -> Job:
    return Job(
        id=JobId(row["id"]),
        installation_id=row["installation_id"],
        owner=row["owner"],
        repo=row["repo"],
        pr_number=row["pr_number"],
        head_sha=row["head_sha"],
        base_sha=row["base_sha"],
        kind=JobKind(row["kind"]),
        state=JobState(row["state"]),
        attempts=row["attempts"],
        check_run_id=row["check_run_id"],
        superseded_by=row["superseded_by"],
        last_error=row["last_error"],
        comment_id=row["comment_id"],
        author=row["author"],
        comment_body=row["comment_body"],
    )
