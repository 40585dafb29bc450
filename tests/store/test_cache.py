"""SqliteAnalysisCache and ArchiveCache: round trips, keying, corruption, threads, eviction."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import pytest

from bot.analysis.artifact import analyze_artifact
from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.store.cache import ArchiveCache, SqliteAnalysisCache
from tests.analysis.builders import build_wheel

CODE = (
    b"import subprocess\n\ndef run():\n    return subprocess.run(['curl', 'https://x.example'])\n"
)
DIGEST = hashlib.sha256(CODE).hexdigest()


def file_result() -> FileAnalysis:
    return analyze_python(
        SourceFile(path="demo/tool.py", data=CODE, role=FileRole.MODULE, artifact="demo-1.0.whl")
    )


def test_file_results_round_trip(tmp_path: Path) -> None:
    cache = SqliteAnalysisCache(tmp_path / "a.sqlite")
    result = file_result()
    assert result.findings
    assert cache.get(DIGEST, FileRole.MODULE) is None
    cache.put(DIGEST, FileRole.MODULE, result)
    assert cache.get(DIGEST, FileRole.MODULE) == result
    assert cache.get(DIGEST, FileRole.INSTALL_TIME) is None  # the role is part of the key
    cache.close()
    reopened = SqliteAnalysisCache(tmp_path / "a.sqlite")
    assert reopened.get(DIGEST, FileRole.MODULE) == result
    reopened.close()


def test_artifact_results_round_trip(tmp_path: Path) -> None:
    cache = SqliteAnalysisCache(tmp_path / "a.sqlite")
    wheel = build_wheel("demo", "1.0", {"demo/tool.py": CODE})
    analysis = analyze_artifact(wheel, "demo-1.0-py3-none-any.whl", python_analyzer=analyze_python)
    assert analysis.findings
    artifacts = cache.artifacts()
    artifacts.put("ab" * 32, False, analysis)
    assert artifacts.get("ab" * 32, False) == analysis
    assert artifacts.get("ab" * 32, True) is None  # the variant is part of the key
    cache.close()


def test_results_are_keyed_by_analyzer_version(tmp_path: Path) -> None:
    old = SqliteAnalysisCache(tmp_path / "a.sqlite", analyzer_version="1")
    old.put(DIGEST, FileRole.MODULE, file_result())
    new = SqliteAnalysisCache(tmp_path / "a.sqlite", analyzer_version="2")
    assert new.get(DIGEST, FileRole.MODULE) is None
    assert old.get(DIGEST, FileRole.MODULE) is not None
    old.close()
    new.close()


@pytest.mark.parametrize(
    "blob",
    [
        b"garbage",
        b"x\x9c\x03\x00\x00\x00\x00\x01",
        __import__("zlib").compress(b"[1]"),
        __import__("zlib").compress(b'{"findings": 3}'),
    ],
    ids=["not-zlib", "empty", "not-a-dict", "wrong-shape"],
)
def test_corrupt_rows_read_as_misses(tmp_path: Path, blob: bytes) -> None:
    cache = SqliteAnalysisCache(tmp_path / "a.sqlite")
    with sqlite3.connect(tmp_path / "a.sqlite") as connection:
        connection.execute(
            "INSERT INTO file_results VALUES (?, ?, ?, ?)", (DIGEST, "module", "1", blob)
        )
        connection.execute(
            "INSERT INTO artifact_results VALUES (?, ?, ?, ?)", (DIGEST, "installed", "1", blob)
        )
    assert cache.get(DIGEST, FileRole.MODULE) is None
    assert cache.get_artifact(DIGEST, False) is None
    cache.close()


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache = SqliteAnalysisCache(tmp_path / "a.sqlite")
    result = file_result()
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                key = hashlib.sha256(f"{n}-{i}".encode()).hexdigest()
                cache.put(key, FileRole.MODULE, result)
                assert cache.get(key, FileRole.MODULE) == result
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            errors.append(error)
        finally:
            cache.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite3.connect(tmp_path / "a.sqlite") as connection:
        assert connection.execute("SELECT count(*) FROM file_results").fetchone() == (120,)


def test_responses_expire(tmp_path: Path) -> None:
    now = [1000.0]
    cache = SqliteAnalysisCache(tmp_path / "a.sqlite", clock=lambda: now[0])
    cache.put_response("k", b"body")
    now[0] += 599
    assert cache.get_response("k", 600) == b"body"
    now[0] += 2
    assert cache.get_response("k", 600) is None
    assert cache.get_response("other", 600) is None
    cache.close()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_archive_cache_round_trip_and_digest_check(tmp_path: Path) -> None:
    archives = ArchiveCache(tmp_path / "archives")
    data = b"archive bytes"
    assert archives.get(sha(data)) is None
    archives.put(sha(data), data)
    assert archives.get(sha(data)) == data
    assert archives.get(sha(data).upper()) == data
    # A file whose bytes no longer match its name is dropped, not served.
    (tmp_path / "archives" / sha(data)).write_bytes(b"tampered")
    assert archives.get(sha(data)) is None
    assert not (tmp_path / "archives" / sha(data)).exists()


@pytest.mark.parametrize("name", ["../escape", "a" * 63, "g" * 64, "", "/" + "a" * 63])
def test_archive_cache_refuses_names_that_are_not_digests(tmp_path: Path, name: str) -> None:
    archives = ArchiveCache(tmp_path / "archives")
    with pytest.raises(ValueError, match="not a sha256 hex digest"):
        archives.put(name, b"x")
    with pytest.raises(ValueError, match="not a sha256 hex digest"):
        archives.get(name)


def test_archive_cache_evicts_least_recently_used(tmp_path: Path) -> None:
    archives = ArchiveCache(tmp_path / "archives", max_bytes=250)
    blobs = [bytes([n]) * 100 for n in range(3)]
    for age, blob in enumerate(blobs[:2]):
        archives.put(sha(blob), blob)
        os.utime(tmp_path / "archives" / sha(blob), (1000 + age, 1000 + age))
    assert archives.get(sha(blobs[0])) == blobs[0]  # used: now the newest
    archives.put(sha(blobs[2]), blobs[2])
    assert archives.get(sha(blobs[1])) is None
    assert archives.get(sha(blobs[0])) == blobs[0]
    assert archives.get(sha(blobs[2])) == blobs[2]
    archives.put(sha(b"big" * 100), b"big" * 100)  # over the cap on its own: not kept
    assert archives.get(sha(b"big" * 100)) is None
    assert sorted(p.name for p in (tmp_path / "archives").iterdir()) == sorted(
        [sha(blobs[0]), sha(blobs[2])]
    )
