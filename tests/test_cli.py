"""The command line's start-up: each command is registered by the module COMMANDS names,
and `--help` and a warm local compare import only what they need."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
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
    argv: list[str], env: dict[str, str] | None = None
) -> tuple[str, list[str]]:
    """Runs `main(argv)` in a fresh interpreter; its stdout and the heavy modules it loaded."""
    code = (
        "import contextlib, io, json, sys\n"
        "from bot.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
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
    out, heavy = _modules_after(["--help"])
    assert "compare" in out
    assert heavy == []


def test_warm_local_compare_answers_from_the_cache_without_the_engine(tmp_path: Path) -> None:
    old = tmp_path / "demo-1.0-py3-none-any.whl"
    new = tmp_path / "demo-2.0-py3-none-any.whl"
    old.write_bytes(build_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\n"}))
    shell = "import os\n\ndef f():\n    os.system('ls')\n"
    new.write_bytes(build_wheel("demo", "2.0", {"demo/__init__.py": shell}))
    argv = ["compare", str(old), str(new), "--cache-dir", str(tmp_path / "cache"), "--format"]
    cold_json, cold_heavy = _modules_after([*argv, "json"])
    warm_json, warm_heavy = _modules_after([*argv, "json"])
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
    cold, cold_heavy = _modules_after(argv, env)
    warm, warm_heavy = _modules_after(argv, env)
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
        cold, _ = _modules_after(argv, env)
    # The fake OSV server is gone: only the cached answer can say "malware" now.
    warm, warm_heavy = _modules_after(argv, env)
    assert warm_heavy == []  # not even httpx: no request was needed
    assert warm == cold
    assert [a["type"] for a in json.loads(warm)["alerts"]] == ["shell", "malware"]


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
    cold_json, _ = _modules_after([*argv, "json"])
    warm_json, warm_heavy = _modules_after([*argv, "json"])
    assert warm_heavy == []
    assert warm_json == cold_json
    (alert,) = json.loads(warm_json)["alerts"]
    assert (alert["type"], alert["action"], alert["adjusted_by"]) == (
        "shell",
        "monitor",
        "established: #7 most downloaded",
    )
