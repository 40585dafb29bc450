"""`capdiff inspect`, `capdiff compare` and `capdiff scan`: the analyzer on a laptop or in CI."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from bot.engine import Engine, open_engine
from bot.errors import CapdiffError, PolicyError
from bot.gitrepo import GitRepo
from bot.manifests import decode_manifest
from bot.model import PackageResult, ScanResult
from bot.policy import Policy, decide_verdict, load_policy
from bot.report.json_format import alert_to_dict, reputation_to_dict, scan_to_dict
from bot.report.markdown import render_comment
from bot.report.text import exit_code_for, render_text
from bot.scanning import AsyncFileReader, ScanRequest

__all__ = ["register"]

POLICY_PATH = ".github/capdiff.yml"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    inspect = subparsers.add_parser(
        "inspect", help="analyze one release (name==version, or a local .tar.gz/.zip/.whl)"
    )
    inspect.add_argument("target")
    _add_common(inspect, formats=("text", "json"))
    inspect.set_defaults(handler=_inspect)

    compare = subparsers.add_parser(
        "compare", help="what a new release brings that the old one did not"
    )
    compare.add_argument("old")
    compare.add_argument("new")
    _add_common(compare, formats=("text", "json"))
    compare.set_defaults(handler=_compare)

    scan = subparsers.add_parser(
        "scan", help="the pull-request check on a local git range (exit 1 when something blocks)"
    )
    scan.add_argument("--repo", default=".", help="git repository (default: .)")
    scan.add_argument("--base", required=True, help="base ref, e.g. origin/main")
    scan.add_argument("--head", default="HEAD", help="head ref (default: HEAD)")
    _add_common(scan, formats=("text", "json", "markdown"))
    scan.set_defaults(handler=_scan)


def _add_common(parser: argparse.ArgumentParser, *, formats: tuple[str, ...]) -> None:
    parser.add_argument("--format", choices=formats, default="text")
    parser.add_argument(
        "--index-url",
        default=None,
        help="simple index URL (default: $CAPDIFF_INDEX_URL or https://pypi.org/simple)",
    )
    parser.add_argument(
        "--cache-dir",
        default=None,
        help="cache directory (default: $CAPDIFF_CACHE_DIR or ~/.cache/capdiff)",
    )


def _settings(args: argparse.Namespace, env: Mapping[str, str]) -> tuple[str, Path]:
    index_url = args.index_url or env.get("CAPDIFF_INDEX_URL") or "https://pypi.org/simple"
    cache = args.cache_dir or env.get("CAPDIFF_CACHE_DIR")
    cache_dir = Path(cache) if cache else Path.home() / ".cache" / "capdiff"
    return index_url, cache_dir


def _fatal(message: str) -> int:
    print(f"capdiff: {message}", file=sys.stderr)
    return 2


def _run(args: argparse.Namespace, work: Callable[[Engine], Awaitable[int]]) -> int:
    index_url, cache_dir = _settings(args, os.environ)
    try:
        return asyncio.run(_with_engine(index_url, cache_dir, work))
    except CapdiffError as error:
        return _fatal(str(error))


async def _with_engine(
    index_url: str, cache_dir: Path, work: Callable[[Engine], Awaitable[int]]
) -> int:
    async with open_engine(index_url=index_url, cache_dir=cache_dir) as engine:
        code: int = await work(engine)
        return code


def _split_target(target: str) -> tuple[str, Version] | Path:
    if "==" in target and not Path(target).exists():
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
    try:
        target = _split_target(args.target)
    except CapdiffError as error:
        return _fatal(str(error))

    async def work(engine: Engine) -> int:
        result = await engine.inspect(target)
        _print_package(result, args.format, compare=False)
        return exit_code_for(decide_verdict([result]))

    return _run(args, work)


def _compare(args: argparse.Namespace) -> int:
    try:
        old = _split_target(args.old)
        new = _split_target(args.new)
    except CapdiffError as error:
        return _fatal(str(error))

    async def work(engine: Engine) -> int:
        result = await engine.compare(old, new)
        _print_package(result, args.format, compare=True)
        return exit_code_for(decide_verdict([result]))

    return _run(args, work)


def _print_package(result: PackageResult, fmt: str, *, compare: bool) -> None:
    if fmt == "json":
        document: dict[str, object] = {"package": result.name}
        if compare:
            document["old_version"] = result.old_version
            document["new_version"] = result.new_version
        else:
            document["version"] = result.new_version
        document["alerts"] = [alert_to_dict(alert) for alert in result.alerts]
        document["incomplete"] = bool(result.incomplete_reasons)
        document["incomplete_reasons"] = list(result.incomplete_reasons)
        document["reputation"] = reputation_to_dict(result.reputation)
        print(json.dumps(document, indent=2))
        return
    verdict = decide_verdict([result])
    scan = ScanResult(packages=(result,), manifests=(), verdict=verdict)
    print(render_text(scan, color=sys.stdout.isatty() and fmt == "text"), end="")


def _scan(args: argparse.Namespace) -> int:
    repo = GitRepo(Path(args.repo))
    try:
        base = repo.resolve(args.base)
        head = repo.resolve(args.head)
        changed = tuple(repo.changed_paths(base, head))
        policy = _policy_at(repo, repo.merge_base(base, head))
    except PolicyError as error:
        return _fatal(f"invalid policy: {error}")
    except CapdiffError as error:
        return _fatal(str(error))

    def reader(ref: str) -> AsyncFileReader:
        async def read(path: str) -> str | None:
            data = await asyncio.to_thread(repo.read_file, ref, path)
            return None if data is None else decode_manifest(data)

        return read

    request = ScanRequest(
        changed_paths=changed,
        read_base=reader(base),
        read_head=reader(head),
        policy=policy,
        today=datetime.now(UTC).date(),
    )

    async def work(engine: Engine) -> int:
        result = await engine.scanner().scan(request)
        _print_scan(result, args.format, policy)
        return exit_code_for(result.verdict)

    return _run(args, work)


def _policy_at(repo: GitRepo, ref: str) -> Policy:
    """The policy file as the base branch has it: a change cannot weaken its own check."""
    data = repo.read_file(ref, POLICY_PATH)
    if data is None:
        return Policy()
    return load_policy(decode_manifest(data), path=POLICY_PATH, ref=ref)


def _print_scan(result: ScanResult, fmt: str, policy: Policy) -> None:
    if fmt == "json":
        print(json.dumps(scan_to_dict(result), indent=2))
    elif fmt == "markdown":
        print(render_comment(result, policy_source=policy.source))
    else:
        print(render_text(result, color=sys.stdout.isatty()), end="")

