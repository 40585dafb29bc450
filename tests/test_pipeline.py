"""ReleaseAnalyzer and PipelineScanner over the fake index (in-process, JSON API included)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from packaging.version import Version

from bot.analysis.types import FileAnalysis, FileRole
from bot.analysis.typosquat import default_index
from bot.index.caching import CachingIndex
from bot.index.simple import IndexSettings, SimpleIndex
from bot.model import Action, AlertType, ChangeKind, Reputation, Standing, Verdict
from bot.pipeline import PipelineScanner, ReleaseAnalyzer
from bot.policy import Policy
from bot.release_analysis import ArtifactRunner
from bot.report.checks import render_check_run
from bot.scanning import ScanRequest
from bot.store.cache import ArchiveCache, SqliteAnalysisCache
from tests.fakes.index import FakeIndex

BASE = "http://index.test"
NOW = datetime(2026, 6, 1, tzinfo=UTC)
SHELL = (
    "import subprocess\n\ndef run():\n    return subprocess.run(['curl', 'https://x.example'])\n"
)


def pkg_info(name: str, version: str, *headers: str) -> str:
    return "\n".join(
        ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}", *headers, ""]
    )


@pytest.fixture
def fake() -> FakeIndex:
    index = FakeIndex()
    index.add_sdist(
        "demo",
        "1.0",
        {"demo/__init__.py": "x = 1\n", "PKG-INFO": pkg_info("demo", "1.0", "Author: Alice")},
    )
    index.add_sdist(
        "demo",
        "2.0",
        {"demo/__init__.py": SHELL, "PKG-INFO": pkg_info("demo", "2.0", "Author: Mallory")},
    )
    index.set_info("demo", project_urls={"Source": "https://github.com/example/demo"})
    index.set_upload_time("demo", "1.0", NOW - timedelta(days=400))
    index.set_upload_time("demo", "2.0", NOW - timedelta(hours=6))
    return index


@dataclass
class RecordingFileCache:
    """A real in-memory file cache that also counts what was analyzed (each put)."""

    entries: dict[tuple[str, FileRole], FileAnalysis] = field(default_factory=dict)
    puts: int = 0

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        return self.entries.get((sha256, role))

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self.puts += 1
        self.entries[(sha256, role)] = result


@pytest.fixture
async def http(fake: FakeIndex) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app)) as client:
        yield client


def analyzer(
    http: httpx.AsyncClient, cache_dir: Path, files: RecordingFileCache | None = None
) -> tuple[ReleaseAnalyzer, SqliteAnalysisCache]:
    cache = SqliteAnalysisCache(cache_dir / "analysis.sqlite")
    index = CachingIndex(
        SimpleIndex(http, IndexSettings(index_url=f"{BASE}/simple", json_api_url=f"{BASE}/pypi")),
        responses=cache,
        archives=ArchiveCache(cache_dir / "archives"),
        index_key=BASE,
    )
    runner = ArtifactRunner(file_cache=files or cache, artifact_cache=cache.artifacts())
    return (
        ReleaseAnalyzer(
            index=index,
            runner=runner,
            now=lambda: NOW,
            typosquat=lambda n: default_index().check(n),
        ),
        cache,
    )


async def test_compare_brings_code_and_reputation_findings(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    release_analyzer, cache = analyzer(http, tmp_path)
    comparison = await release_analyzer.compare("demo", Version("1.0"), Version("2.0"))
    assert comparison.incomplete_reasons == ()
    assert [(f.type, f.file, f.line) for f in comparison.findings] == [
        (AlertType.SHELL, "demo/__init__.py", 4),
        (AlertType.FRESH_RELEASE, "", None),
        (AlertType.NEW_MAINTAINER, "", None),
    ]
    cache.close()


async def test_advisories_for_the_latest_release(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    fake.set_vulnerabilities(
        "demo",
        [
            {"id": "PYSEC-2026-7", "aliases": ["CVE-2026-7"], "fixed_in": ["2.1"]},
            {"id": "MAL-2026-1", "summary": "exfiltrates tokens"},
        ],
    )
    release_analyzer, cache = analyzer(http, tmp_path)
    comparison = await release_analyzer.compare("demo", Version("1.0"), Version("2.0"))
    reasons = {f.type: f.reason for f in comparison.findings}
    assert reasons[AlertType.VULNERABILITY] == (
        "demo 2.0 is affected by PYSEC-2026-7 (CVE-2026-7); fixed in 2.1."
    )
    assert reasons[AlertType.MALWARE] == (
        "demo 2.0 is listed as malicious (MAL-2026-1): exfiltrates tokens"
    )
    older = await release_analyzer.compare("demo", None, Version("1.0"))
    assert {f.type for f in older.findings} == set()  # source link given; 1.0 is not the latest
    cache.close()


async def test_vulnerable_latest_and_yanked_pinned_release(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    fake.set_vulnerabilities("demo", [{"id": "PYSEC-2026-7", "aliases": ["CVE-2026-7"]}])
    fake.yank("demo", "2.0", "leaked key")
    release_analyzer, cache = analyzer(http, tmp_path)
    comparison = await release_analyzer.compare("demo", Version("1.0"), Version("2.0"))
    reasons = {f.type: f.reason for f in comparison.findings}
    assert reasons[AlertType.YANKED] == "demo 2.0 was yanked by its maintainers: leaked key."
    assert AlertType.VULNERABILITY not in reasons  # 2.0 yanked: the latest is now 1.0
    cache.close()


async def test_warm_run_downloads_nothing_and_analyzes_nothing(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    files = RecordingFileCache()
    first, cache = analyzer(http, tmp_path, files)
    cold = await first.compare("demo", Version("1.0"), Version("2.0"))
    assert files.puts == 2
    assert sorted(fake.downloads()) == [
        "/files/demo/demo-1.0.tar.gz",
        "/files/demo/demo-2.0.tar.gz",
    ]
    requests_before = len(fake.requests)
    second, _ = analyzer(http, tmp_path, files)
    warm = await second.compare("demo", Version("1.0"), Version("2.0"))
    assert warm == cold
    assert files.puts == 2
    assert fake.requests[requests_before:] == []
    cache.close()


async def scan(
    release_analyzer: ReleaseAnalyzer, base: Mapping[str, str], head: Mapping[str, str]
) -> tuple[object, list[tuple[int, int, str]]]:
    async def reader_base(path: str) -> str | None:
        return base.get(path)

    async def reader_head(path: str) -> str | None:
        return head.get(path)

    seen: list[tuple[int, int, str]] = []

    async def progress(done: int, total: int, name: str) -> None:
        seen.append((done, total, name))

    request = ScanRequest(
        changed_paths=tuple(sorted({*base, *head})),
        read_base=reader_base,
        read_head=reader_head,
        policy=Policy(),
        today=date(2026, 6, 1),
    )
    result = await PipelineScanner(analyzer=release_analyzer).scan(request, progress)
    return result, seen


async def test_scan_reports_progress_and_unknown_packages(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    release_analyzer, cache = analyzer(http, tmp_path)
    result, seen = await scan(
        release_analyzer,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==2.0\nnowhere>=1\n"},
    )
    by_name = {p.name: p for p in result.packages}  # type: ignore[attr-defined]
    assert by_name["demo"].change is ChangeKind.UPGRADED
    assert by_name["nowhere"].incomplete_reasons == (
        "nowhere: project 'nowhere': not found on http://index.test/simple/nowhere/ (404); "
        "it may have been removed",
    )
    assert result.verdict is Verdict.INCOMPLETE  # type: ignore[attr-defined]
    assert seen[-1][:2] == (2, 2)
    cache.close()


async def test_scan_no_matching_version_is_incomplete(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    release_analyzer, cache = analyzer(http, tmp_path)
    result, _ = await scan(
        release_analyzer, {"requirements.txt": ""}, {"requirements.txt": "demo>=5\n"}
    )
    (package,) = result.packages  # type: ignore[attr-defined]
    assert package.incomplete_reasons == ("demo: no release on the index matches >=5",)
    cache.close()


async def test_reputation_moves_capabilities_of_an_added_package(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    release_analyzer, _ = analyzer(http, tmp_path)
    added = ({"requirements.txt": "x==1\n"}, {"requirements.txt": "x==1\ndemo==2.0\n"})
    # Two releases, the first 400 days ago: brand new by release count. `shell` already warns.
    result, _ = await scan(release_analyzer, *added)
    (demo,) = [p for p in result.packages if p.name == "demo"]  # type: ignore[attr-defined]
    assert demo.reputation == Reputation(standing=Standing.NEW, age_days=400, releases=2)
    assert [(a.type, a.action, a.adjusted_by) for a in demo.alerts] == [
        (AlertType.SHELL, Action.WARN, ""),
        (AlertType.FRESH_RELEASE, Action.MONITOR, ""),
    ]
    # Among the most downloaded: its capabilities are monitored, the rest is unchanged.
    release_analyzer.popularity = lambda name: 7 if name == "demo" else None
    result, _ = await scan(release_analyzer, *added)
    (demo,) = [p for p in result.packages if p.name == "demo"]  # type: ignore[attr-defined]
    assert demo.reputation.standing is Standing.ESTABLISHED
    assert [(a.type, a.action, a.adjusted_by) for a in demo.alerts] == [
        (AlertType.SHELL, Action.MONITOR, "established: #7 most downloaded"),
        (AlertType.FRESH_RELEASE, Action.MONITOR, ""),
    ]
    assert result.verdict is Verdict.PASS  # type: ignore[attr-defined]


async def test_a_new_maintainer_with_new_behaviour_reaches_the_check_run_summary(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    # demo 1.0 names Alice; 2.0 names only Mallory and starts a process.
    release_analyzer, _ = analyzer(http, tmp_path)
    result, _ = await scan(
        release_analyzer, {"requirements.txt": "demo==1.0\n"}, {"requirements.txt": "demo==2.0\n"}
    )
    (demo,) = result.packages  # type: ignore[attr-defined]
    assert [(a.type, a.action) for a in demo.alerts] == [
        (AlertType.SHELL, Action.WARN),
        (AlertType.FRESH_RELEASE, Action.MONITOR),
        (AlertType.NEW_MAINTAINER, Action.WARN),
    ]
    summary = render_check_run(result).summary  # type: ignore[arg-type]
    assert (
        "- demo 2.0 names none of the earlier release's authors or maintainers and brings new "
        "shell: check who published it.\n"
    ) in summary


async def test_a_listed_file_that_cannot_be_read_blocks_an_unknown_package(
    fake: FakeIndex, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    # One file's digest does not match what the index advertises; another file is gone.
    tampered = fake.add_sdist("tampered", "1.0", {"tampered/__init__.py": "x = 1\n"})
    fake.wrong_digest("tampered", tampered)
    gone = fake.add_sdist("gone", "1.0", {"gone/__init__.py": "x = 1\n"})
    fake.fail(fake.file_url_path("gone", gone), 404, times=10)
    release_analyzer, _ = analyzer(http, tmp_path)
    result, _ = await scan(
        release_analyzer,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==1.0\ntampered==1.0\ngone==1.0\n"},
    )
    by_name = {p.name: p for p in result.packages}  # type: ignore[attr-defined]
    (unverified,) = by_name["tampered"].alerts
    assert (unverified.type, unverified.action) == (AlertType.INCOMPLETE_ANALYSIS, Action.BLOCK)
    assert "sha256 mismatch" in unverified.message
    # Nothing of a release the index cannot serve installs: incomplete, not unverified.
    assert by_name["gone"].alerts == ()
    assert by_name["gone"].incomplete_reasons
    assert result.verdict is Verdict.BLOCK  # type: ignore[attr-defined]
    # The same failure for a project among the most downloaded leaves the check neutral.
    release_analyzer.popularity = lambda name: 3 if name == "tampered" else None
    result, _ = await scan(
        release_analyzer,
        {"requirements.txt": "demo==1.0\n"},
        {"requirements.txt": "demo==1.0\ntampered==1.0\n"},
    )
    (tampered_result,) = result.packages  # type: ignore[attr-defined]
    assert tampered_result.alerts == () and tampered_result.incomplete_reasons
    assert result.verdict is Verdict.INCOMPLETE  # type: ignore[attr-defined]
