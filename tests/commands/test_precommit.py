"""The pre-commit hook, run by the real `pre-commit` in a temporary repository, offline.

The hook the repository ships (`.pre-commit-hooks.yaml`, `language: python`) makes
pre-commit pip-install capdiff from the hook's repository, which needs the network; the test
uses the same hook definition as a `repo: local` hook with `language: system` (capdiff
already installed), which is also what the README offers for machines without a network.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.manifests.discover import is_manifest
from tests.commands.test_analyze_cli import INSTALL_NETWORK_BLOCKS
from tests.gitfixture import commit, git, new_repo

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent


def shipped_hook() -> dict[str, object]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert isinstance(hook, dict)
    return hook


@pytest.fixture
def index_url(small_index_url: str) -> str:
    return small_index_url


def test_the_shipped_hook_manifest_is_valid() -> None:
    done = subprocess.run(
        [str(BIN / "pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    hook = shipped_hook()
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "capdiff",
        "capdiff scan --staged",
        False,
    )


@pytest.mark.parametrize(
    "path",
    [
        "requirements.txt",
        "requirements-dev.txt",
        "ci/Requirements_Test.txt",
        "requirements/base.txt",
        "requirements/prod.in",
        "dev-requirements.in",
        "constraints.txt",
        "pyproject.toml",
        "sub/setup.cfg",
        "setup.py",
        "Pipfile",
        "Pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "pylock.toml",
        "pylock.dev.toml",
    ],
)
def test_the_hook_runs_for_every_manifest_capdiff_reads(path: str) -> None:
    assert is_manifest(path) is not None
    assert re.search(str(shipped_hook()["files"]), path)


@pytest.mark.parametrize("path", ["README.md", "src/app.py", "MANIFEST.in", "docs/conf.txt"])
def test_the_hook_skips_other_files(path: str) -> None:
    assert is_manifest(path) is None
    assert not re.search(str(shipped_hook()["files"]), path)


def hook_repo(tmp_path: Path) -> Path:
    repo = new_repo(tmp_path / "project")
    hook = {**shipped_hook(), "language": "system"}
    hook.pop("minimum_pre_commit_version")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    commit(
        repo,
        {
            "requirements.txt": "demo==1.0\nevil==1.0\n",
            ".pre-commit-config.yaml": yaml.safe_dump(config, sort_keys=False),
            # Install-time processes only inform by default; this project blocks them.
            ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS,
        },
        "base",
    )
    return repo


def hook_env(tmp_path: Path, index_url: str) -> dict[str, str]:
    return {
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path / "home"),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "CAPDIFF_INDEX_URL": index_url,
        "CAPDIFF_CACHE_DIR": str(tmp_path / "cache"),
        # Tests are offline: no advisory feed (the feeds have tests of their own).
        "CAPDIFF_FEEDS": "off",
        "PYTHONPATH": str(ROOT),
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


def run(repo: Path, env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command), cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=180
    )


def test_git_commit_is_stopped_by_a_blocking_change_and_allowed_otherwise(
    tmp_path: Path, index_url: str
) -> None:
    repo = hook_repo(tmp_path)
    env = hook_env(tmp_path, index_url)
    installed = run(repo, env, str(BIN / "pre-commit"), "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    (repo / "requirements.txt").write_text("demo==1.0\nevil==2.0\n", encoding="utf-8")
    git(repo, "add", "requirements.txt")
    blocked = run(repo, env, "git", "commit", "-q", "-m", "bump evil")
    assert blocked.returncode != 0
    output = blocked.stdout + blocked.stderr  # git shows the hook's output on stderr
    assert "capdiff (new risky behaviour in dependency changes)" in output
    assert "Failed" in output
    assert "⛔ evil 1.0 → 2.0  install-time-payload" in output
    assert "1 blocking finding — exit 1" in output
    assert git(repo, "log", "--format=%s") == "base"

    # Only the staged version counts: the unstaged fix is not what would be committed.
    (repo / "requirements.txt").write_text("demo==2.0\nevil==1.0\n", encoding="utf-8")
    still_blocked = run(repo, env, "git", "commit", "-q", "-m", "bump evil")
    assert still_blocked.returncode != 0

    git(repo, "add", "requirements.txt")
    allowed = run(repo, env, "git", "commit", "-q", "-m", "bump demo")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "Passed" in allowed.stdout + allowed.stderr
    assert git(repo, "log", "-1", "--format=%s") == "bump demo"


def test_a_commit_without_manifest_changes_skips_the_hook(
    tmp_path: Path, index_url: str
) -> None:
    repo = hook_repo(tmp_path)
    env = hook_env(tmp_path, index_url)
    (repo / "README.md").write_text("hello\n", encoding="utf-8")
    git(repo, "add", "README.md")
    done = run(repo, env, str(BIN / "pre-commit"), "run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(no files to check)Skipped" in done.stdout
