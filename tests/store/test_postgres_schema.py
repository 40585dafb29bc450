"""The PostgreSQL schema is versioned (`capdiff db upgrade`); deliveries survive a lost reply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest

from bot.cli import main
from bot.store.interface import StoreError
from bot.store.postgres import PostgresStore
from bot.store.postgres_schema import SCHEMA_VERSION, current_version

T = TypeVar("T")


@pytest.mark.postgres
def test_db_upgrade_creates_then_finds_the_schema_current(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAPDIFF_DATABASE", postgres_url)
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == (
        f"capdiff db: schema upgraded from version 0 to {SCHEMA_VERSION}\n"
    )
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"capdiff db: schema already at version {SCHEMA_VERSION}\n"
    with psycopg.connect(postgres_url) as connection:
        assert current_version(connection) == SCHEMA_VERSION
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
        }
    assert {"jobs", "deliveries", "installations", "pr_ignores", "file_results"} <= tables


@pytest.mark.postgres
def test_a_database_newer_than_the_code_is_refused(postgres_url: str) -> None:
    PostgresStore(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        newer = SCHEMA_VERSION + 1
        connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (newer,))
    with pytest.raises(StoreError, match="newer than this capdiff"):
        PostgresStore(postgres_url)


def test_db_upgrade_on_sqlite_creates_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = f"{tmp_path}/sub/capdiff.db"
    monkeypatch.setenv("CAPDIFF_DATABASE", path)
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"capdiff db: SQLite database ready at {path}\n"


@pytest.mark.postgres
async def test_a_delivery_recorded_before_its_reply_was_lost_still_counts(
    postgres_url: str,
) -> None:
    """The store retries a call whose connection broke; if the first try had committed, the
    retry must not mistake the delivery for a redelivery (the job would be lost)."""

    class RepliesLostOnce(PostgresStore):
        lost = False

        def _call(self, operation: Callable[[Any], T]) -> T:
            if not self.lost and "record_delivery" in operation.__qualname__:
                self.lost = True
                super()._call(operation)  # committed; the answer never comes back
            return super()._call(operation)

    store = RepliesLostOnce(postgres_url)
    try:
        assert await store.record_delivery("d-1", "pull_request") is True
        assert store.lost
        assert await store.record_delivery("d-1", "pull_request") is False  # a redelivery
    finally:
        store.close()
