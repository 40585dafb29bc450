"""The command line's start-up: each command is registered by the module COMMANDS names,
and `--help` and a warm local compare import only what they need."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import canonicalize_name as packaging_canonicalize_name

from bot.cli import COMMANDS, build_parser, main
from bot.model import canonicalize_name
from tests.analysis.builders import build_wheel

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("httpx", "bot.engine", "bot.pipeline", "bot.analysis.python_code", "rich")
# A warm local compare needs no event loop either (the feed's cached answer is read straight
# from SQLite), no prometheus_client (a CLI reports no metrics) and no PyYAML (no policy file).
WARM_COMPARE_HEAVY = (*HEAVY, "asyncio", "prometheus_client", "yaml")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_listed_command_is_registered_by_its_module(command: str) -> None:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    importlib.import_module(COMMANDS[command][0]).register(subparsers)
    assert command in subparsers.choices


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command, (_, summary) in COMMANDS.items():
        assert command in out
        assert summary.split()[0] in out


def test_the_chosen_command_gets_its_real_parser() -> None:
    args = build_parser(["compare", "a", "b"]).parse_args(["compare", "a", "b"])
    assert (args.old, args.new, args.format) == ("a", "b", "text")


def _modules_after(
    argv: list[str], env: dict[str, str] | None = None, watch: tuple[str, ...] = HEAVY
) -> tuple[str, list[str]]:
    """Runs `main(argv)` in a fresh interpreter; its stdout and the heavy modules it loaded."""
    code = (
        "import contextlib, io, json, sys\n"
        "from bot.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"heavy = [m for m in {watch!r} if m in sys.modules]\n"
        "print(json.dumps([out.getvalue(), heavy]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    out, heavy = json.loads(done.stdout)
    return out, heavy


def test_help_imports_no_command_module() -> None:
    out, heavy = _modules_after(["--help"], watch=WARM_COMPARE_HEAVY)
    assert "compare" in out
    assert heavy == []


def test_warm_local_compare_answers_from_the_cache_without_the_engine(tmp_path: Path) -> None:
    old = tmp_path / "demo-1.0-py3-none-any.whl"
    new = tmp_path / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\n"}))
    shell = "import os\n\ndef f():\n    os.system('ls')\n"
    new.write_bytes(build_wheel("demo", "2.0", {"demo/__init__.py": shell}))
    argv = ["compare", str(old), str(new), "--cache-dir", str(tmp_path / "cache"), "--format"]
    cold_json, cold_heavy = _modules_after([*argv, "json"], watch=WARM_COMPARE_HEAVY)
    warm_json, warm_heavy = _modules_after([*argv, "json"], watch=WARM_COMPARE_HEAVY)
    warm_text, _ = _modules_after([*argv, "text"])
    assert "bot.engine" in cold_heavy
    assert warm_heavy == []
    assert warm_json == cold_json
    assert [a["type"] for a in json.loads(warm_json)["alerts"]] == ["shell"]
    assert "demo 1.0 → 2.0  shell demo/__init__.py:4" in warm_text


def _two_wheels(tmp_path: Path, name: str = "demo") -> tuple[Path, Path]:
    module = name.replace("-", "_")
    old = tmp_path / f"{module}-1.0-py3-none-any.whl"
    new = tmp_path / f"{module}-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel(name, "1.0", {f"{module}/__init__.py": "x = 1\n"}))
    shell = "import os\n\ndef f():\n    os.system('ls')\n"
    new.write_bytes(build_wheel(name, "2.0", {f"{module}/__init__.py": shell}))
    return old, new


def test_warm_local_compare_asks_an_offline_feed_without_the_engine(tmp_path: Path) -> None:
    from tests.feeds.osvdata import export_zip, malware

    old, new = _two_wheels(tmp_path, "quiet-evil")
    feeds = tmp_path / "osv-copy"
    feeds.mkdir()
    (feeds / "all.zip").write_bytes(export_zip({"MAL-1.json": malware("MAL-1", "quiet-evil")}))
    argv = ["compare", str(old), str(new), "--cache-dir", str(tmp_path / "cache"),
            "--feeds-dir", str(feeds), "--format", "json"]
    env = {"CAPDIFF_FEEDS": "on"}
    cold, cold_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
    warm, warm_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
    assert "bot.engine" in cold_heavy and warm_heavy == []
    assert warm == cold
    assert [a["type"] for a in json.loads(warm)["alerts"]] == ["shell", "malware"]


def test_warm_local_compare_reads_the_cached_osv_answer_without_the_network(
    tmp_path: Path,
) -> None:
    from tests.fakes.osv import FakeOsv
    from tests.fakes.server import serve_app
    from tests.feeds.osvdata import malware

    old, new = _two_wheels(tmp_path, "quiet-evil")
    osv = FakeOsv()
    document = malware("MAL-2", "quiet-evil")
    document["affected"][0]["versions"] = ["2.0"]  # type: ignore[index]
    osv.add(document)
    argv = ["compare", str(old), str(new), "--cache-dir", str(tmp_path / "cache"),
            "--format", "json"]
    with serve_app(osv.app) as base:
        env = {"CAPDIFF_FEEDS": "on", "CAPDIFF_OSV_URL": base}
        cold, _ = _modules_after(argv, env, WARM_COMPARE_HEAVY)
    # The fake OSV server is gone: only the cached answer can say "malware" now.
    warm, warm_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
    assert warm_heavy == []  # not even httpx: no request was needed
    assert warm == cold
    assert [a["type"] for a in json.loads(warm)["alerts"]] == ["shell", "malware"]


def _vulnerability(name: str) -> dict[str, object]:
    from tests.feeds.osvdata import record

    return record(
        "PYSEC-2026-7", name, versions=["2.0"], aliases=["CVE-2026-0007"],
        summary="Path traversal when extracting archives",
        events=[{"introduced": "0"}, {"fixed": "2.1"}],
        severity=[{"type": "CVSS_V3",
                   "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
    )


def _malware_of_two(name: str) -> dict[str, object]:
    from tests.feeds.osvdata import malware

    document = malware("MAL-2026-9", name)
    document["affected"][0]["versions"] = ["2.0"]  # type: ignore[index]
    return document


@pytest.mark.parametrize(
    ("records", "alert_types"),
    [
        pytest.param([_malware_of_two], ["shell", "malware"], id="malware"),
        pytest.param([_vulnerability], ["shell", "vulnerability"], id="advisory"),
        pytest.param([], ["shell"], id="nothing-known"),
    ],
)
def test_the_cached_feed_answer_read_without_asyncio_is_the_engines_answer(
    tmp_path: Path, records: list[Callable[[str], dict[str, object]]], alert_types: list[str]
) -> None:
    """The engine's compare (cold: the feed asked through the async OSV client) and the warm
    fast path (the cached id list and records read straight from SQLite) print the same JSON;
    once the cached id list has expired, the warm compare asks the API again."""
    from tests.fakes.osv import FakeOsv
    from tests.fakes.server import serve_app

    old, new = _two_wheels(tmp_path, "quiet-evil")
    osv = FakeOsv()
    for make in records:
        osv.add(make("quiet-evil"))
    cache = tmp_path / "cache"
    argv = ["compare", str(old), str(new), "--cache-dir", str(cache), "--format", "json"]
    with serve_app(osv.app) as base:
        env = {"CAPDIFF_FEEDS": "on", "CAPDIFF_OSV_URL": base}
        engine, engine_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
        asked = len(osv.requests)
        fast, fast_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
        assert len(osv.requests) == asked  # answered from the cache
        # The id list is an hour old now: the fast path must not use it.
        connection = sqlite3.connect(cache / "analysis.sqlite")
        with connection:
            expired = connection.execute(
                "UPDATE responses SET fetched_at = fetched_at - 3601 WHERE key LIKE ?",
                (f"osv|{base}|query|%",),
            ).rowcount
        connection.close()
        fallback, fallback_heavy = _modules_after(argv, env, WARM_COMPARE_HEAVY)
        assert osv.count("/v1/querybatch") == 2
    assert "bot.engine" in engine_heavy and "asyncio" in engine_heavy
    assert fast_heavy == []
    assert expired == 1
    assert "asyncio" in fallback_heavy and "bot.engine" not in fallback_heavy
    assert fast == engine
    assert fallback == engine
    assert [a["type"] for a in json.loads(fast)["alerts"]] == alert_types


@given(st.text(alphabet=st.sampled_from("aAzZ09-_.~ ") | st.characters(), max_size=30))
def test_canonicalize_name_matches_packaging(name: str) -> None:
    assert canonicalize_name(name) == packaging_canonicalize_name(name)


def test_a_scan_without_manifest_changes_needs_no_engine(tmp_path: Path) -> None:
    from tests.gitfixture import commit, new_repo

    repo = new_repo(tmp_path / "repo")
    commit(repo, {"requirements.txt": "demo==1.0\n", "README.md": "a\n"}, "base")
    (repo / "README.md").write_text("b\n", encoding="utf-8")
    out, heavy = _modules_after(["scan", "--repo", str(repo), "--cache-dir", str(tmp_path)])
    assert out == "0 changed dependencies\nno blocking findings — exit 0\n"
    assert heavy == []


def test_warm_local_compare_keeps_the_reputation_of_a_ranked_name(tmp_path: Path) -> None:
    old = tmp_path / "requests-1.0-py3-none-any.whl"
    new = tmp_path / "requests-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("requests", "1.0", {"requests/__init__.py": "x = 1\n"}))
    shell = "import os\n\ndef f():\n    os.system('ls')\n"
    new.write_bytes(build_wheel("requests", "2.0", {"requests/__init__.py": shell}))
    argv = ["compare", str(old), str(new), "--cache-dir", str(tmp_path / "cache"), "--format"]
    cold_json, _ = _modules_after([*argv, "json"], watch=WARM_COMPARE_HEAVY)
    warm_json, warm_heavy = _modules_after([*argv, "json"], watch=WARM_COMPARE_HEAVY)
    assert warm_heavy == []
    assert warm_json == cold_json
    (alert,) = json.loads(warm_json)["alerts"]
    assert (alert["type"], alert["action"], alert["adjusted_by"]) == (
        "shell",
        "monitor",
        "established: #7 most downloaded",
    )
