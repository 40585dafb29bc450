"""`capdiff inspect`, `capdiff compare` and `capdiff scan`: the analyzer on a laptop or in CI.

Only argparse is imported when this module loads: each handler imports what it needs, so
`capdiff compare --help` and a warm `capdiff compare` stay fast (see bot/cli.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands.options import (
    add_feed_options,
    add_index_options,
    feed_settings,
    index_settings,
)

if TYPE_CHECKING:
    from packaging.version import Version

    from bot.comparison import PackageComparison
    from bot.engine import Engine, Target
    from bot.feeds.interface import FeedAnswer
    from bot.feeds.settings import FeedSettings
    from bot.model import PackageResult, ScanResult
    from bot.policy import Policy
    from bot.store.cache import SqliteAnalysisCache

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inspect = subparsers.add_parser(
        "inspect", help="analyze one release (name==version, or a local .tar.gz/.zip/.whl)"
    )
    inspect.add_argument("target")
    _add_common(inspect, formats=("text", "json", "sarif"))
    inspect.set_defaults(handler=_inspect)

    compare = subparsers.add_parser(
        "compare", help="what a new release brings that the old one did not"
    )
    compare.add_argument("old")
    compare.add_argument("new")
    _add_common(compare, formats=("text", "json", "sarif"))
    compare.set_defaults(handler=_compare)

    scan = subparsers.add_parser(
        "scan",
        help="the pull-request check on a git range, the staged changes or the working tree"
        " (exit 1 when something blocks)",
    )
    scan.add_argument("--repo", default=".", help="git repository (default: .)")
    scan.add_argument(
        "--base", default="HEAD", help="base ref, e.g. origin/main (default: HEAD)"
    )
    head = scan.add_mutually_exclusive_group()
    head.add_argument(
        "--head", default=None, help="head ref (default: the working tree, as it is on disk)"
    )
    head.add_argument(
        "--staged",
        action="store_true",
        help="check the staged changes (what `git commit` would record), as pre-commit does",
    )
    scan.add_argument(
        "--policy",
        default=".github/capdiff.yml",
        help="policy file, read at the base commit (default: .github/capdiff.yml)",
    )
    _add_common(scan, formats=("text", "json", "markdown", "sarif"))
    scan.set_defaults(handler=_scan)


def _add_common(parser: argparse.ArgumentParser, *, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, default="text")
    add_index_options(parser)
    add_feed_options(parser)


def _fatal(message: str) -> int:
    print(f"capdiff: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace, work: Callable[[Engine], Awaitable[int]]) -> int:
    import asyncio

    from bot.errors import CapdiffError

    try:
        index_url, cache_dir = index_settings(args, os.environ)
        feeds = feed_settings(args, os.environ)
        return asyncio.run(_with_engine(index_url, cache_dir, feeds, work))
    except CapdiffError as error:
        return _fatal(str(error))


async def _with_engine(
    index_url: str,
    cache_dir: Path,
    feeds: FeedSettings,
    work: Callable[[Engine], Awaitable[int]],
) -> int:
    from bot.engine import open_engine

    async with open_engine(index_url=index_url, cache_dir=cache_dir, feeds=feeds) as engine:
        code: int = await work(engine)
        return code


def _split_target(target: str) -> tuple[str, Version] | Path:
    from bot.errors import CapdiffError

    if "==" in target and not Path(target).exists():
        from packaging.utils import canonicalize_name
        from packaging.version import InvalidVersion, Version

        name, _, version = target.partition("==")
        try:
            return canonicalize_name(name.strip()), Version(version.strip())
        except InvalidVersion as error:
            raise CapdiffError(f"{target!r}: invalid version ({error})") from error
    path = Path(target)
    if not path.is_file():
        raise CapdiffError(f"{target!r} is neither name==version nor an existing archive file")
    return path


def _inspect(args: argparse.Namespace) -> int:
    from bot.errors import CapdiffError

    try:
        target = _split_target(args.target)
    except CapdiffError as error:
        return _fatal(str(error))

    async def work(engine: Engine) -> int:
        result = await engine.inspect(target)
        return _print_package(result, args.format, compare=False)

    return _run(args, work)


def _compare(args: argparse.Namespace) -> int:
    from bot.errors import CapdiffError

    try:
        old = _split_target(args.old)
        new = _split_target(args.new)
        feeds = feed_settings(args, os.environ)
    except CapdiffError as error:
        return _fatal(str(error))
    remembered = _remembered_comparison(old, new, index_settings(args, os.environ)[1], feeds)
    if remembered is not None:
        return _print_package(remembered, args.format, compare=True)

    async def work(engine: Engine) -> int:
        result = await engine.compare(old, new)
        return _print_package(result, args.format, compare=True)

    return _run(args, work)


def _remembered_comparison(
    old: Target, new: Target, cache_dir: Path, feeds: FeedSettings
) -> PackageResult | None:
    """Two local archives compared before: their code findings are one cache lookup, and
    the feed is asked as the engine would ask it (its cached answer, else the network),
    without building the engine.

    This is the path that makes a warm `capdiff compare` cost little more than Python's own
    start-up; anything unusual (a missing cache, a large file, a feed that cannot be
    opened) goes the engine's way.
    """
    if not (isinstance(old, Path) and isinstance(new, Path)):
        return None
    database = cache_dir / "analysis.sqlite"
    try:
        if not database.is_file() or max(old.stat().st_size, new.stat().st_size) > 64 * 1024**2:
            return None
        old_data, new_data = old.read_bytes(), new.read_bytes()
    except OSError:
        return None
    from dataclasses import replace
    from datetime import UTC, datetime

    from bot.analysis.standing import download_rank, project_reputation
    from bot.comparison import (
        comparison_from_dict,
        comparison_result,
        local_comparison_key,
        version_change,
    )
    from bot.policy import Policy
    from bot.store.cache import SqliteAnalysisCache

    cache = SqliteAnalysisCache(database)
    try:
        key = local_comparison_key([(old.name, old_data)], [(new.name, new_data)])
        document = cache.get_comparison(key)
        code = comparison_from_dict(document) if document is not None else None
        if code is None:
            return None
        if feeds.enabled:
            from bot.feeds.cached import cached_answer
            from bot.feeds.interface import FeedError, release_advice

            try:
                # The answer already on this machine (no event loop), else the feed asked.
                answer = cached_answer(
                    feeds, cache=cache, cache_dir=cache_dir,
                    name=code.name, version=code.new_version,
                )
                if answer is None:
                    import asyncio

                    answer = asyncio.run(_ask_feed(feeds, cache, cache_dir, code))
            except FeedError:
                return None
            findings, notes = release_advice(answer, code.name, code.new_version)
            code = replace(code, findings=(*code.findings, *findings), notes=notes)
    finally:
        cache.close()
    # As the engine does for local archives: the download ranking alone can tell.
    reputation = project_reputation(
        rank=download_rank(code.name), upload_times=None, now=datetime.now(UTC)
    )
    return comparison_result(
        replace(code, reputation=reputation), change=version_change(code), policy=Policy()
    )


async def _ask_feed(
    feeds: FeedSettings, cache: SqliteAnalysisCache, cache_dir: Path, code: PackageComparison
) -> FeedAnswer:
    """The feed's answer on the new release, as `ReleaseAnalyzer` gets it."""
    from bot.feeds.compose import open_feed
    from bot.feeds.interface import FeedAnswer
    from bot.feeds.osv_api import OnDemandClient

    client = OnDemandClient()
    try:
        feed = open_feed(feeds, client=client, cache=cache, cache_dir=cache_dir)
        if feed is None:
            return FeedAnswer()
        try:
            return await feed.lookup([(code.name, code.new_version)])
        finally:
            feed.close()
    finally:
        await client.aclose()


def _print_package(result: PackageResult, fmt: str, *, compare: bool) -> int:
    """Prints one package's result; returns the exit code its verdict gives."""
    from bot.model import ScanResult
    from bot.policy import decide_verdict
    from bot.report.text import exit_code_for, render_text

    verdict = decide_verdict([result])
    scan = ScanResult(packages=(result,), manifests=(), verdict=verdict)
    if fmt == "sarif":
        _print_sarif(scan)
    elif fmt == "json":
        import json

        from bot.report.json_format import alert_to_dict, reputation_to_dict

        document: dict[str, object] = {"package": result.name}
        if compare:
            document["old_version"] = result.old_version
            document["new_version"] = result.new_version
        else:
            document["version"] = result.new_version
        document["alerts"] = [alert_to_dict(alert) for alert in result.alerts]
        document["incomplete"] = bool(result.incomplete_reasons)
        document["incomplete_reasons"] = list(result.incomplete_reasons)
        document["notes"] = list(result.notes)
        document["reputation"] = reputation_to_dict(result.reputation)
        print(json.dumps(document, indent=2))
    else:
        print(render_text(scan, color=sys.stdout.isatty() and fmt == "text"), end="")
    return exit_code_for(verdict)


def _scan(args: argparse.Namespace) -> int:
    import asyncio
    from datetime import UTC, datetime

    from bot.commands.git_scan import HeadSide, prepare_local_scan, run_local_scan
    from bot.errors import CapdiffError, PolicyError
    from bot.gitrepo import GitRepo
    from bot.report.text import exit_code_for

    if args.staged:
        side = HeadSide.STAGED
    elif args.head is None:
        side = HeadSide.WORKTREE
    else:
        side = HeadSide.COMMIT
    index_url, cache_dir = index_settings(args, os.environ)
    try:
        feeds = feed_settings(args, os.environ)
        local = prepare_local_scan(
            GitRepo(Path(args.repo)),
            base=args.base,
            head=args.head,
            side=side,
            policy_path=args.policy,
            today=datetime.now(UTC).date(),
        )
        result = asyncio.run(
            run_local_scan(local, index_url=index_url, cache_dir=cache_dir, feeds=feeds)
        )
    except PolicyError as error:
        return _fatal(f"invalid policy: {error}")
    except CapdiffError as error:
        return _fatal(str(error))
    _print_scan(result, args.format, local.policy)
    return exit_code_for(result.verdict)


def _print_sarif(result: ScanResult) -> None:
    import json

    from bot import __version__
    from bot.report.sarif import render_sarif

    print(json.dumps(render_sarif(result, tool_version=__version__), indent=2))


def _print_scan(result: ScanResult, fmt: str, policy: Policy) -> None:
    if fmt == "sarif":
        _print_sarif(result)
    elif fmt == "json":
        import json

        from bot.report.json_format import scan_to_dict

        print(json.dumps(scan_to_dict(result), indent=2))
    elif fmt == "markdown":
        from bot.report.markdown import render_comment

        print(render_comment(result, policy_source=policy.source, notes=result.notes))
    else:
        from bot.report.text import render_text

        print(render_text(result, color=sys.stdout.isatty()), end="")
