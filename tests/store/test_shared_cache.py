"""The analysis cache shared through PostgreSQL: what one machine analyzed is warm on another."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from prometheus_client import REGISTRY

import bot.metrics  # noqa: F401 (registers the counters, as the App's processes do)
from bot.analysis.artifact import analyze_artifact
from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileRole, SourceFile
from bot.store.cache import SqliteAnalysisCache
from bot.store.postgres_cache import PostgresAnalysisCache, SharedAnalysisCache
from tests.analysis.builders import build_wheel

pytestmark = pytest.mark.postgres

CODE = b"import socket\n\ndef call():\n    return socket.create_connection(('192.0.2.1', 80))\n"
DIGEST = hashlib.sha256(CODE).hexdigest()


def machine(tmp_path: Path, name: str, url: str, version: str = "v1") -> SharedAnalysisCache:
    local = SqliteAnalysisCache(tmp_path / name / "analysis.sqlite", analyzer_version=version)
    shared = PostgresAnalysisCache(url, analyzer_version=version)
    return SharedAnalysisCache(local, shared, miss_seconds=15.0)


def lookups(tier: str, result: str) -> float:
    value = REGISTRY.get_sample_value(
        "capdiff_analysis_cache_lookups_total",
        {"kind": "file", "tier": tier, "result": result},
    )
    return value or 0.0


def test_a_result_from_one_machine_is_warm_on_another(tmp_path: Path, postgres_url: str) -> None:
    first, second = machine(tmp_path, "a", postgres_url), machine(tmp_path, "b", postgres_url)
    try:
        result = analyze_python(
            SourceFile(path="demo/net.py", data=CODE, role=FileRole.MODULE, artifact="demo.whl")
        )
        assert result.findings
        wheel = build_wheel("demo", "1.0", {"demo/net.py": CODE})
        artifact = analyze_artifact(
            wheel, "demo-1.0-py3-none-any.whl", python_analyzer=analyze_python
        )
        wheel_digest = hashlib.sha256(wheel).hexdigest()
        assert first.get(DIGEST, FileRole.MODULE) is None
        # A miss is remembered for a while: the pipeline asks again within the same job.
        shared_misses = lookups("shared", "miss")
        assert first.get(DIGEST, FileRole.MODULE) is None
        assert lookups("shared", "miss") == shared_misses
        first.put(DIGEST, FileRole.MODULE, result)
        first.put_artifact(wheel_digest, False, artifact)
        first.put_comparison("old|new", {"alerts": ["network"]})
        first.flush()  # shared writes are batched in the background
        shared_hits = lookups("shared", "hit")
        assert second.get(DIGEST, FileRole.MODULE) == result
        assert lookups("shared", "hit") == shared_hits + 1
        assert second.get_artifact(wheel_digest, False) == artifact
        assert second.get_artifact(wheel_digest, True) is None  # the variant is in the key
        assert second.get_comparison("old|new") == {"alerts": ["network"]}
        # The shared hit was copied to the second machine's own file.
        assert second.local.get(DIGEST, FileRole.MODULE) == result
        assert lookups("shared", "hit") == shared_hits + 1  # no round trip the second time
        assert second.get(DIGEST, FileRole.MODULE) == result
        assert lookups("shared", "hit") == shared_hits + 1
        # Index responses stay on each machine.
        first.put_response("page", b"body")
        assert second.get_response("page", 60) is None
        # A newer analyzer never sees the older one's results.
        newer = machine(tmp_path, "c", postgres_url, version="v2")
        try:
            assert newer.get(DIGEST, FileRole.MODULE) is None
        finally:
            newer.close()
    finally:
        first.close()
        second.close()


def test_an_unreachable_database_reads_as_a_miss(tmp_path: Path) -> None:
    url = "postgresql://postgres@127.0.0.1:9/postgres"  # the discard port: nothing listens
    shared = PostgresAnalysisCache(url, migrate=False)
    result = analyze_python(
        SourceFile(path="demo/net.py", data=CODE, role=FileRole.MODULE, artifact="demo.whl")
    )
    shared.put(DIGEST, FileRole.MODULE, result)  # dropped, not raised
    shared.flush()
    assert shared.get(DIGEST, FileRole.MODULE) is None
    cache = SharedAnalysisCache(SqliteAnalysisCache(tmp_path / "a.sqlite"), shared)
    cache.put(DIGEST, FileRole.MODULE, result)
    assert cache.get(DIGEST, FileRole.MODULE) == result  # the local file still serves
    cache.close()
