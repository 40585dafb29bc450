"""Feeds end to end through the CLI: `capdiff scan|inspect` with the fake index over real HTTP,
the fake OSV server or a local export, and `capdiff feeds update`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from bot.cli import main
from tests.analysis.builders import build_wheel
from tests.fakes.index import FakeIndex
from tests.fakes.osv import FakeOsv
from tests.fakes.server import serve_app
from tests.feeds.osvdata import export_zip, malware, record
from tests.gitfixture import commit, git, new_repo

BENIGN = "def run():\n    return 1\n"
CVSS_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"


def publish(index: FakeIndex, name: str, version: str) -> None:
    module = name.replace("-", "_")
    index.add_sdist(name, version, {f"{module}/__init__.py": BENIGN})
    index.add_wheel(name, version, {f"{module}/__init__.py": BENIGN})


@pytest.fixture(scope="module")
def index_url() -> Iterator[str]:
    index = FakeIndex()
    publish(index, "demo", "1.0")
    publish(index, "demo", "1.1")
    publish(index, "demo", "2.0")
    # Code with nothing to see: only the feed knows it is malware.
    publish(index, "quiet-evil", "1.0")
    with serve_app(index.app) as base:
        yield f"{base}/simple"


def records() -> list[dict[str, object]]:
    return [
        malware("MAL-2026-42", "quiet-evil", aliases=[]),
        record(
            "GHSA-demo-1111", "demo", aliases=["CVE-2026-1"],
            events=[{"introduced": "1.0"}, {"fixed": "1.1"}],
            severity=[{"type": "CVSS_V3", "score": CVSS_CRITICAL}], summary="Remote takeover",
        ),
        record(
            "PYSEC-2026-5", "demo", aliases=["CVE-2026-5"],
            events=[{"introduced": "1.5"}, {"fixed": "2.1"}],
            database_specific={"severity": "MODERATE"}, summary="Slow regex",
        ),
    ]


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "osv-copy"
    directory.mkdir()
    (directory / "all.zip").write_bytes(
        export_zip({f"{r['id']}.json": r for r in records()})
    )
    return directory


@pytest.fixture
def osv_url() -> Iterator[str]:
    osv = FakeOsv()
    for document in records():
        # The API expands ranges into version lists; the fake matches on those.
        versions = {"MAL-2026-42": ["1.0"], "GHSA-demo-1111": ["1.0"], "PYSEC-2026-5": ["2.0"]}
        document["affected"][0]["versions"] = versions[str(document["id"])]  # type: ignore[index]
        osv.add(document)
    with serve_app(osv.app) as base:
        yield base


@pytest.fixture(autouse=True)
def feeds_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAPDIFF_FEEDS", raising=False)
    monkeypatch.delenv("CAPDIFF_FEEDS_DIR", raising=False)
    monkeypatch.delenv("CAPDIFF_OSV_URL", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def scan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str, head: str, *feed: str
) -> tuple[int, dict[str, object]]:
    repo = new_repo(tmp_path / "repo")
    commit(repo, {"requirements.txt": "demo==1.1\n"}, "base")
    git(repo, "branch", "base")
    commit(repo, {"requirements.txt": head}, "head")
    code, out, err = run(
        capsys, "scan", "--repo", str(repo), "--base", "base", "--format", "json",
        "--index-url", index_url, "--cache-dir", str(tmp_path / "cache"), *feed,
    )
    assert err == "", err
    return code, json.loads(out)


def alerts(document: dict[str, object], name: str) -> list[tuple[str, str, str]]:
    """The package's known-advisory alerts (malware, vulnerability)."""
    (package,) = [p for p in document["packages"] if p["name"] == name]  # type: ignore[union-attr,index]
    return [
        (a["type"], a["action"], a["message"])
        for a in package["alerts"]
        if a["type"] in ("malware", "vulnerability")
    ]


def test_mal_record_blocks_a_scan_through_the_offline_feed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str, feed_dir: Path
) -> None:
    code, document = scan(
        capsys, tmp_path, index_url, "demo==1.1\nquiet-evil==1.0\n", "--feeds-dir", str(feed_dir)
    )
    assert (code, document["verdict"]) == (1, "block")
    assert alerts(document, "quiet-evil") == [
        (
            "malware", "block",
            "quiet-evil 1.0 is listed as malicious by MAL-2026-42: "
            "Malicious code in quiet-evil (PyPI)",
        )
    ]
    assert document["notes"] == []


def test_no_feeds_measures_static_detection_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str, feed_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    head = "demo==2.0\nquiet-evil==1.0\n"
    code, document = scan(capsys, tmp_path, index_url, head, "--feeds-dir", str(feed_dir),
                          "--no-feeds")
    assert (code, document["verdict"]) == (0, "pass")
    assert alerts(document, "demo") == []
    monkeypatch.setenv("CAPDIFF_FEEDS", "off")
    code, document = scan(capsys, tmp_path / "env", index_url, head, "--feeds-dir", str(feed_dir))
    assert code == 0


def test_advisories_for_the_pinned_version_via_the_api(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str, osv_url: str
) -> None:
    code, document = scan(capsys, tmp_path, index_url, "demo==2.0\n", "--osv-url", osv_url)
    assert code == 0
    assert alerts(document, "demo") == [
        (
            "vulnerability", "warn",
            "demo 2.0 is affected by PYSEC-2026-5 (CVE-2026-5): Slow regex "
            "(severity MODERATE; fixed in 2.1).",
        ),
    ]


def test_an_older_pinned_version_gets_its_critical_advisory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str, osv_url: str
) -> None:
    code, out, _ = run(
        capsys, "inspect", "demo==1.0", "--format", "json", "--index-url", index_url,
        "--cache-dir", str(tmp_path / "cache"), "--osv-url", osv_url,
    )
    document = json.loads(out)
    assert code == 1
    assert [a for a in document["alerts"] if a["type"] == "vulnerability"] == [
        {
            "type": "vulnerability", "severity": "critical", "action": "block",
            "message": "demo 1.0 is affected by GHSA-demo-1111 (CVE-2026-1): Remote takeover "
            "(severity CVSS 9.8; fixed in 1.1).",
            "file": None, "line": None, "evidence": "", "artifact": "", "adjusted_by": "",
        }
    ]


def test_a_local_archive_is_looked_up_by_its_own_name_and_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, feed_dir: Path
) -> None:
    wheel = tmp_path / "quiet_evil-1.0-py3-none-any.whl"
    wheel.write_bytes(build_wheel("quiet-evil", "1.0", {"quiet_evil/__init__.py": BENIGN}))
    code, out, _ = run(capsys, "inspect", str(wheel), "--format", "json",
                       "--cache-dir", str(tmp_path / "cache"), "--feeds-dir", str(feed_dir))
    assert code == 1
    assert [a["type"] for a in json.loads(out)["alerts"]] == ["malware"]


def test_unreachable_api_is_a_note_and_the_scan_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str
) -> None:
    with serve_app(FakeOsv().app) as gone:
        pass
    code, document = scan(capsys, tmp_path, index_url, "demo==2.0\nquiet-evil==1.0\n",
                          "--osv-url", gone)
    assert code == 0
    (note,) = document["notes"]  # type: ignore[misc]
    assert note.startswith(f"known malware and advisories: the OSV API at {gone} could not "
                           "be used (Connect")
    assert note.endswith("; not checked")
    # Not checked, so not known: static analysis alone decided.
    assert alerts(document, "quiet-evil") == []
    # The terminal report says so too.
    repo = tmp_path / "repo"
    code, out, _ = run(
        capsys, "scan", "--repo", str(repo), "--base", "base", "--index-url", index_url,
        "--cache-dir", str(tmp_path / "cache"), "--osv-url", gone,
    )
    assert "  note: known malware and advisories: the OSV API at" in out


def test_feeds_update_then_fallback_when_the_api_is_down(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str
) -> None:
    body = export_zip({f"{r['id']}.json": r for r in records()} | {"junk.json": b"{"})

    async def all_zip(_: object) -> Response:
        return Response(body, media_type="application/zip")

    app = Starlette(routes=[Route("/PyPI/all.zip", all_zip)])
    cache = tmp_path / "cache"
    with serve_app(app) as base:
        code, out, err = run(capsys, "feeds", "update", "--url", f"{base}/PyPI/all.zip",
                             "--cache-dir", str(cache))
    assert (code, err) == (0, "")
    assert out.startswith(f"{cache / 'feeds' / 'all.zip'}: 3 records for 2 packages indexed "
                          "(1 skipped as malformed or over a limit), ")
    with serve_app(FakeOsv().app) as gone:
        pass
    code, document = scan(capsys, tmp_path, index_url, "quiet-evil==1.0\n", "--osv-url", gone)
    assert code == 1
    assert [a[0] for a in alerts(document, "quiet-evil")] == ["malware"]
    (note,) = document["notes"]  # type: ignore[misc]
    assert note.endswith(f"used the offline feed ({cache / 'feeds' / 'all.zip'}) instead")


def test_feeds_update_failure_and_bad_feeds_dir_are_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, index_url: str
) -> None:
    with serve_app(Starlette()) as base:
        code, _, err = run(capsys, "feeds", "update", "--url", f"{base}/missing.zip",
                           "--cache-dir", str(tmp_path / "cache"))
    assert code == 2
    assert err == f"capdiff: {base}/missing.zip: HTTP 404\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "inspect", "demo==1.0", "--index-url", index_url,
                       "--cache-dir", str(tmp_path / "cache"), "--feeds-dir", str(empty))
    assert code == 2
    assert err == f"capdiff: {empty}: no all.zip or OSV *.json records in it\n"


def test_feed_settings_from_the_environment_fail_loudly(tmp_path: Path) -> None:
    from bot.errors import ConfigError
    from bot.feeds.settings import FeedSettings

    assert FeedSettings.from_env({}) == FeedSettings()
    assert not FeedSettings.from_env({"CAPDIFF_FEEDS": "off"}).enabled
    with pytest.raises(ConfigError, match="CAPDIFF_FEEDS: expected on or off, got 'maybe'"):
        FeedSettings.from_env({"CAPDIFF_FEEDS": "maybe"})
    with pytest.raises(ConfigError, match="CAPDIFF_OSV_URL: expected an http"):
        FeedSettings.from_env({"CAPDIFF_OSV_URL": "ftp://x"})
    with pytest.raises(ConfigError, match=r"CAPDIFF_FEEDS_DIR: .* holds no all\.zip"):
        FeedSettings.from_env({"CAPDIFF_FEEDS_DIR": str(tmp_path)})
    # Switched off, a missing copy does not matter.
    assert not FeedSettings.from_env(
        {"CAPDIFF_FEEDS": "off", "CAPDIFF_FEEDS_DIR": str(tmp_path)}
    ).enabled
