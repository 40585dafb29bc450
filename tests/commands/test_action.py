"""`capdiff action` and action.yml, run as GitHub Actions would: a fake `GITHUB_*`
environment, a real pull_request event file (commit ids swapped for the test repository's),
a real git checkout and the local fake index over HTTP."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    Location,
    PackageResult,
    ScanResult,
    Severity,
    Verdict,
    canonicalize_name,
)
from bot.report.workflow_commands import annotation, escape_property, scan_annotations
from tests.commands.test_analyze_cli import INSTALL_NETWORK_BLOCKS
from tests.gitfixture import commit, git, new_repo

ROOT = Path(__file__).resolve().parent.parent.parent
# shared/ sits beside the checkout (CI) or at /work/shared (the workplace).
WEBHOOKS = next(
    (
        candidate
        for candidate in (ROOT.parent / "shared" / "github" / "webhooks",)
        if candidate.is_dir()
    ),
    Path("/work/shared/github/webhooks"),
)


@pytest.fixture
def index_url(small_index_url: str) -> str:
    return small_index_url


def pull_request_repo(tmp_path: Path, head: str) -> tuple[Path, str, str]:
    repo = new_repo(tmp_path / "checkout")
    # The base branch's policy blocks install-time processes (they only inform by default).
    base_sha = commit(
        repo,
        {
            "requirements.txt": "demo==1.0\nevil==1.0\n",
            ".github/capdiff.yml": INSTALL_NETWORK_BLOCKS,
        },
        "base",
    )
    git(repo, "checkout", "-q", "-b", "feature")
    head_sha = commit(repo, {"requirements.txt": head}, "bump")
    return repo, base_sha, head_sha


def event_file(tmp_path: Path, name: str, base_sha: str, head_sha: str) -> Path:
    """A real payload from the shared webhook samples with this repository's commits."""
    data = copy.deepcopy(json.loads((WEBHOOKS / name).read_text(encoding="utf-8")))
    data["pull_request"]["base"]["sha"] = base_sha
    data["pull_request"]["head"]["sha"] = head_sha
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def github_env(
    tmp_path: Path, repo: Path, event: Path, index_url: str, name: str
) -> dict[str, str]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("", encoding="utf-8")
    output.write_text("", encoding="utf-8")
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(tmp_path / "runner-temp"),
        "CAPDIFF_INDEX_URL": index_url,
        "CAPDIFF_CACHE_DIR": str(tmp_path / "cache"),
        # Tests are offline: no advisory feed (the feeds have tests of their own).
        "CAPDIFF_FEEDS": "off",
        "PYTHONPATH": str(ROOT),
    }


def run_action(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "action", *args],
        env=env,
        cwd=env["GITHUB_WORKSPACE"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_blocking_pull_request_fails_with_annotations_summary_and_outputs(
    tmp_path: Path, index_url: str
) -> None:
    repo, base, head = pull_request_repo(tmp_path, "demo==2.0\nevil==2.0\n")
    event = event_file(tmp_path, "pull_request.opened.json", base, head)
    env = github_env(tmp_path, repo, event, index_url, "pull_request")
    done = run_action(env, "--sarif", str(tmp_path / "capdiff.sarif"))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    annotations = [line for line in lines if line.startswith(("::error", "::warning"))]
    assert annotations[0] == (
        "::warning file=requirements.txt,line=1,title=capdiff%3A shell (demo)::"
        "demo 1.0 → 2.0: Starts a process with subprocess.run. At demo/__init__.py:4 in "
        "demo-2.0-py3-none-any.whl: return subprocess.run(['curl', 'https://example.com/x'])"
    )
    blocking = [line for line in annotations if line.startswith("::error")]
    assert blocking and all(
        line.startswith("::error file=requirements.txt,line=2,title=capdiff%3A ")
        for line in blocking
    )
    # setup.py pipes a download into a shell: a threat, whatever the policy.
    assert any("install-time-payload (evil)::evil 1.0 → 2.0:" in line for line in blocking)
    # The text report sits between stop-commands markers with a one-off token.
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert len(token) == 32 and f"::{token}::" in lines[start + 1 :]
    assert "2 changed dependencies" in lines[start + 1]
    summary = Path(env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "evil" in summary and "demo" in summary and "setup.py" in summary
    assert outputs(env) == {
        "verdict": "block",
        "blocking": str(len(blocking)),
        "warnings": str(len(annotations) - len(blocking)),
        "sarif-file": str(tmp_path / "capdiff.sarif"),
    }
    sarif = json.loads((tmp_path / "capdiff.sarif").read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in sarif["runs"][0]["results"] if r["level"] == "error"} >= {
        "install-time-payload"
    }


@pytest.mark.parametrize(
    ("fail_on", "code"), [("block", 0), ("warn", 1), ("never", 0)]
)
def test_fail_on_levels_with_a_warning_only(
    tmp_path: Path, index_url: str, fail_on: str, code: int
) -> None:
    repo, base, head = pull_request_repo(tmp_path, "demo==2.0\nevil==1.0\n")
    event = event_file(tmp_path, "pull_request.synchronize.json", base, head)
    env = github_env(tmp_path, repo, event, index_url, "pull_request")
    done = run_action(env, "--fail-on", fail_on)
    assert done.returncode == code, done.stderr
    assert outputs(env)["verdict"] == "pass"


def test_shallow_checkout_fetches_the_base(tmp_path: Path, index_url: str) -> None:
    origin, base, head = pull_request_repo(tmp_path, "demo==2.0\nevil==2.0\n")
    git(origin, "checkout", "-q", "main")
    checkout = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "-b", "feature", origin.as_uri(), str(checkout))
    missing = subprocess.run(["git", "-C", str(checkout), "cat-file", "-e", base], check=False)
    assert missing.returncode != 0
    event = event_file(tmp_path, "pull_request.opened.json", base, head)
    env = github_env(tmp_path, checkout, event, index_url, "pull_request")
    done = run_action(env, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    assert outputs(env)["verdict"] == "block"


def test_unusable_events_are_exit_2_with_an_error_annotation(
    tmp_path: Path, index_url: str
) -> None:
    repo, _, head = pull_request_repo(tmp_path, "demo==2.0\n")
    comment = tmp_path / "comment.json"
    comment.write_text((WEBHOOKS / "issue_comment.created.json").read_text(), encoding="utf-8")
    env = github_env(tmp_path, repo, comment, index_url, "issue_comment")
    done = run_action(env)
    assert done.returncode == 2
    assert done.stdout.startswith("::error title=capdiff::issue_comment event: capdiff compares")
    hostile = event_file(tmp_path, "pull_request.opened.json", "--upload-pack=touch x", head)
    env = github_env(tmp_path, repo, hostile, index_url, "pull_request")
    done = run_action(env)
    assert done.returncode == 2
    assert "pull_request: base '--upload-pack=touch x' is not a commit id" in done.stdout
    assert not (repo / "x").exists()


def test_action_yml_runs_the_scan_step_with_inputs_from_the_environment(
    tmp_path: Path, index_url: str
) -> None:
    """The composite's scan step, run by bash with the env the runner would give it
    (the install step is replaced by a link to this checkout's capdiff: tests are offline)."""
    manifest = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert manifest["runs"]["using"] == "composite"
    steps = manifest["runs"]["steps"]
    for step in steps:
        assert "${{" not in step.get("run", ""), "inputs must reach scripts through env"
    scan = next(step for step in steps if step.get("id") == "scan")
    repo, base, head = pull_request_repo(tmp_path, "demo==2.0\nevil==2.0\n")
    event = event_file(tmp_path, "pull_request.opened.json", base, head)
    env = github_env(tmp_path, repo, event, index_url, "pull_request")
    bin_dir = Path(env["RUNNER_TEMP"]) / "capdiff-venv" / "bin"
    bin_dir.mkdir(parents=True)
    shim = bin_dir / "capdiff"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m bot "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    inputs = {name: spec.get("default", "") for name, spec in manifest["inputs"].items()}
    inputs["fail-on"] = "never"
    inputs["feeds"] = "off"  # nothing leaves the machine in tests
    inputs["sarif-file"] = str(tmp_path / "out.sarif")
    expressions = {
        **{f"${{{{ inputs.{name} }}}}": value for name, value in inputs.items()},
        "${{ runner.temp }}": env["RUNNER_TEMP"],
    }
    for key, template in scan["env"].items():
        value = template
        for expression, replacement in expressions.items():
            value = value.replace(expression, replacement)
        assert "${{" not in value
        env[key] = value
    env["CAPDIFF_INDEX_URL"] = index_url  # the input's default is the public index
    done = subprocess.run(
        ["bash", "-e", "-c", scan["run"]], env=env, cwd=repo, capture_output=True, text=True,
        check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert outputs(env)["verdict"] == "block"
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    for name in ("verdict", "blocking", "warnings", "sarif-file"):
        assert manifest["outputs"][name]["value"] == f"${{{{ steps.scan.outputs.{name} }}}}"


# -- workflow commands: escaping ------------------------------------------------------------


def test_hostile_text_cannot_break_out_of_an_annotation() -> None:
    line = annotation(
        "error",
        "bad\n::set-env name=X::1\r\n100%",
        file="dir,a:b/requirements.txt",
        line=3,
        title="t:1,2",
    )
    assert line == (
        "::error file=dir%2Ca%3Ab/requirements.txt,line=3,title=t%3A1%2C2::"
        "bad%0A::set-env name=X::1%0D%0A100%25"
    )
    assert "\n" not in line
    assert escape_property("%2C") == "%252C"


def test_annotations_cover_block_warn_incomplete_and_errors_only() -> None:
    def alert(kind: AlertType, action: Action) -> Alert:
        return Alert(
            type=kind, severity=Severity.HIGH, action=action, message="m.",
            package=canonicalize_name("p"), version="2", file="p/x.py", line=1,
            evidence="x()", artifact="p-2.whl",
        )

    package = PackageResult(
        name=canonicalize_name("p"),
        change=ChangeKind.UPGRADED,
        old_version="1",
        new_version="2",
        alerts=(
            alert(AlertType.SHELL, Action.BLOCK),
            alert(AlertType.NETWORK, Action.WARN),
            alert(AlertType.FRESH_RELEASE, Action.MONITOR),
        ),
        locations=(Location(path="req.txt", line=4),),
        incomplete_reasons=("too big",),
    )
    result = ScanResult(
        packages=(package,),
        manifests=("req.txt",),
        verdict=Verdict.BLOCK,
        errors=("req.txt:9: bad",),
    )
    where = "file=req.txt,line=4,title=capdiff%3A"
    evidence = "p 1 → 2: m. At p/x.py:1 in p-2.whl: x()"
    assert scan_annotations(result) == [
        f"::error {where} shell (p)::{evidence}",
        f"::warning {where} network (p)::{evidence}",
        f"::warning {where} incomplete analysis (p)::p: not analyzed in full: too big",
        "::warning title=capdiff::req.txt:9: bad",
    ]
    many = ScanResult(packages=(package,) * 30, manifests=(), verdict=Verdict.BLOCK)
    capped = scan_annotations(many, limit=10)
    assert len(capped) == 10
    assert capped[-1] == "::warning title=capdiff::81 more findings in the job summary"


# -- which commits a run compares --------------------------------------------------------------


def test_commit_range_of_each_supported_event() -> None:
    from bot.github.events import PayloadError, parse_commit_range

    a, b = "a" * 40, "b" * 40
    opened = json.loads((WEBHOOKS / "pull_request.opened.json").read_text(encoding="utf-8"))
    pull = parse_commit_range("pull_request_target", opened)
    assert (pull.base_sha, pull.pr_number) == (opened["pull_request"]["base"]["sha"], 2)
    push = parse_commit_range("push", {"before": a, "after": b})
    assert (push.base_sha, push.head_sha, push.pr_number) == (a, b, None)
    group = parse_commit_range("merge_group", {"merge_group": {"base_sha": a, "head_sha": b}})
    assert (group.base_sha, group.head_sha) == (a, b)
    with pytest.raises(PayloadError, match="new branch has no previous commit"):
        parse_commit_range("push", {"before": "0" * 40, "after": b})
    with pytest.raises(PayloadError, match=r"^push: head 'HEAD~1' is not a commit id$"):
        parse_commit_range("push", {"before": a, "after": "HEAD~1"})


def test_an_invalid_policy_at_the_base_is_exit_2_naming_the_key(
    tmp_path: Path, index_url: str
) -> None:
    repo = new_repo(tmp_path / "checkout")
    base = commit(
        repo,
        {"requirements.txt": "demo==1.0\n", ".github/capdiff.yml": "alerts:\n  shell: maybe\n"},
        "base",
    )
    head = commit(repo, {"requirements.txt": "demo==2.0\n"}, "bump")
    event = event_file(tmp_path, "pull_request.opened.json", base, head)
    done = run_action(github_env(tmp_path, repo, event, index_url, "pull_request"))
    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    assert line.startswith("::error title=capdiff::invalid policy: ")
    assert "alerts.shell" in line
