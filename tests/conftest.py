"""Shared test settings: hypothesis profiles, database backends.

`default` is quick; `ci` (a few thousand fuzz examples in all, < 40 s) is chosen with
`--hypothesis-profile=ci` or HYPOTHESIS_PROFILE=ci.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings

from bot.store.interface import Clock
from bot.store.select import Store, open_store
from tests.pgserver import Cluster, server_binaries

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


# -- database backends -----------------------------------------------------------------------
# PostgreSQL comes from $CAPDIFF_TEST_POSTGRES (a server URL; .ci/run starts one) or, when
# the Debian server binaries are installed, from a throwaway cluster this session starts.
# Without either the PostgreSQL tests skip, except in CI (CI=true), where they fail.


@dataclass
class Backend:
    """One database for one test: `database` is what CAPDIFF_DATABASE would say."""

    name: str
    database: str
    # Takes the database away for a moment: `pg_ctl restart`, or for SQLite a held write lock.
    outage: Callable[[float], None]

    def open(self, *, clock: Clock = time.time, lease_seconds: float = 300.0) -> Store:
        return open_store(self.database, clock=clock, lease_seconds=lease_seconds)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[tuple[str, Cluster | None]]:
    url = os.environ.get("CAPDIFF_TEST_POSTGRES", "").strip()
    if url:
        directory = os.environ.get("CAPDIFF_TEST_POSTGRES_DIR", "").strip()
        bindir = server_binaries()
        external = None
        if directory and bindir is not None:
            port = psycopg.conninfo.conninfo_to_dict(url).get("port") or 5432
            external = Cluster(bindir=bindir, directory=Path(directory), port=int(port))
        yield url, external
        return
    if server_binaries() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true and no PostgreSQL: install it or set CAPDIFF_TEST_POSTGRES")
        pytest.skip("no PostgreSQL server (install postgresql or set CAPDIFF_TEST_POSTGRES)")
    cluster = Cluster.start()
    try:
        yield cluster.url, cluster
    finally:
        cluster.stop()


def _fresh_schema(server_url: str) -> str:
    """A URL whose connections use a new, empty schema: one test's private database."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in server_url else "?"
    return f"{server_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def postgres_url(postgres_server: tuple[str, Cluster | None]) -> str:
    return _fresh_schema(postgres_server[0])


def _sqlite_outage(path: Path) -> Callable[[float], None]:
    def hold_write_lock(seconds: float) -> None:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        try:
            connection.execute("BEGIN EXCLUSIVE")
            time.sleep(seconds)
            connection.execute("COMMIT")
        finally:
            connection.close()

    return hold_write_lock


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        path = tmp_path / "capdiff.db"
        return Backend("sqlite", str(path), _sqlite_outage(path))
    server_url, cluster = request.getfixturevalue("postgres_server")
    if cluster is None:
        pytest.fail("CAPDIFF_TEST_POSTGRES is set without CAPDIFF_TEST_POSTGRES_DIR")

    def restart(_seconds: float) -> None:
        assert cluster is not None
        cluster.restart()

    return Backend("postgres", _fresh_schema(server_url), restart)
@pytest.fixture(autouse=True)
def _no_feeds_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the real OSV API: a test that wants a feed deletes this setting and
    points at the fake OSV server or a local export (tests/feeds/)."""
    monkeypatch.setenv("CAPDIFF_FEEDS", "off")
