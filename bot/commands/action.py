"""`capdiff action`: the check inside a GitHub Actions job (what `action.yml` runs).

Reads the run's event (`$GITHUB_EVENT_PATH`, `$GITHUB_EVENT_NAME`) for the base and head
commits, scans the checkout in `$GITHUB_WORKSPACE` (fetching commits a shallow checkout
lacks), and then:
- appends the markdown report to `$GITHUB_STEP_SUMMARY`,
- prints `::error`/`::warning` annotations on the manifest lines,
- writes `verdict`, `blocking`, `warnings` (and `sarif-file`) to `$GITHUB_OUTPUT`,
- exits 1 when the `--fail-on` level is reached (block: something blocks; warn: something
  blocks or warns; never), 2 when the scan could not run.

The text report goes to the log between `::stop-commands::` markers, so nothing a
package wrote can act as a workflow command.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands.options import (
    add_feed_options,
    add_index_options,
    feed_settings,
    index_settings,
)

if TYPE_CHECKING:
    from bot.model import ScanResult
    from bot.policy import Policy

__all__ = ["MAX_EVENT_BYTES", "fails", "register"]

FAIL_ON = ("block", "warn", "never")
MAX_EVENT_BYTES = 25 * 1024 * 1024  # GitHub caps webhook payloads at 25 MB


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    action = subparsers.add_parser(
        "action", help="run the check in a GitHub Actions job (see action.yml)"
    )
    action.add_argument("--fail-on", choices=FAIL_ON, default="block")
    action.add_argument(
        "--policy",
        default=".github/capdiff.yml",
        help="policy file, read at the base commit (default: .github/capdiff.yml)",
    )
    action.add_argument("--sarif", default="", help="also write SARIF to this file")
    action.add_argument(
        "--repo", default=None, help="checkout to scan (default: $GITHUB_WORKSPACE, else .)"
    )
    add_index_options(action)
    add_feed_options(action)
    action.set_defaults(handler=_action)


def fails(result: ScanResult, fail_on: str) -> bool:
    from bot.model import Action, Verdict

    if fail_on == "never":
        return False
    if result.verdict is Verdict.BLOCK:
        return True
    return fail_on == "warn" and any(
        alert.action is Action.WARN for package in result.packages for alert in package.alerts
    )


def _fatal(message: str) -> int:
    # An annotation too, so the failure shows on the run's page and not only in the log.
    from bot.report.workflow_commands import annotation

    print(annotation("error", message, title="capdiff"))
    print(f"capdiff: {message}", file=sys.stderr)
    return 2


def _action(args: argparse.Namespace) -> int:
    import asyncio
    import json
    from datetime import UTC, datetime

    from bot.commands.git_scan import HeadSide, prepare_local_scan, run_local_scan
    from bot.errors import CapdiffError, PolicyError
    from bot.github.events import PayloadError, parse_commit_range
    from bot.gitrepo import GitRepo

    env = os.environ
    event_path = env.get("GITHUB_EVENT_PATH")
    if not event_path:
        return _fatal("GITHUB_EVENT_PATH is not set: `capdiff action` runs inside GitHub Actions")
    try:
        raw = Path(event_path).read_bytes()
        if len(raw) > MAX_EVENT_BYTES:
            return _fatal(f"{event_path}: event file over {MAX_EVENT_BYTES} bytes")
        data = json.loads(raw)
        if not isinstance(data, dict):
            return _fatal(f"{event_path}: the event is not a JSON object")
        commits = parse_commit_range(env.get("GITHUB_EVENT_NAME", ""), data)
    except (OSError, ValueError) as error:  # PayloadError and JSON errors are ValueErrors
        reason = str(error) if isinstance(error, PayloadError) else f"{event_path}: {error}"
        return _fatal(reason)
    index_url, cache_dir = index_settings(args, env)
    try:
        repo = GitRepo(Path(args.repo or env.get("GITHUB_WORKSPACE") or "."))
        repo.fetch_commits(commits.base_sha, commits.head_sha)
        local = prepare_local_scan(
            repo,
            base=commits.base_sha,
            head=commits.head_sha,
            side=HeadSide.COMMIT,
            policy_path=args.policy,
            today=datetime.now(UTC).date(),
        )
        feeds = feed_settings(args, env)
        result = asyncio.run(
            run_local_scan(local, index_url=index_url, cache_dir=cache_dir, feeds=feeds)
        )
    except PolicyError as error:
        return _fatal(f"invalid policy: {error}")
    except CapdiffError as error:
        return _fatal(str(error))
    _report(result, local.policy, args.sarif, env)
    return 1 if fails(result, args.fail_on) else 0


def _report(result: ScanResult, policy: Policy, sarif: str, env: Mapping[str, str]) -> None:
    import json
    import secrets

    from bot import __version__
    from bot.model import Action
    from bot.report.markdown import render_comment
    from bot.report.sarif import render_sarif
    from bot.report.text import render_text
    from bot.report.workflow_commands import scan_annotations

    for line in scan_annotations(result):
        print(line)
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}")
    print(render_text(result, color=False), end="")
    print(f"::{token}::")
    summary = env.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(render_comment(result, policy_source=policy.source) + "\n")
    if sarif:
        Path(sarif).write_text(
            json.dumps(render_sarif(result, tool_version=__version__), indent=2) + "\n",
            encoding="utf-8",
        )
    alerts = [alert for package in result.packages for alert in package.alerts]
    outputs = {
        "verdict": result.verdict.name.lower(),
        "blocking": str(sum(alert.action is Action.BLOCK for alert in alerts)),
        "warnings": str(sum(alert.action is Action.WARN for alert in alerts)),
        "sarif-file": sarif,
    }
    output = env.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as stream:
            stream.writelines(f"{key}={value}\n" for key, value in outputs.items())
