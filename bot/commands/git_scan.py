"""The pull-request check on a local git repository, shared by `capdiff scan`,
`capdiff action` (GitHub Actions) and the pre-commit hook.

The base side is always a commit (the merge base of `base` and the head commit, as a pull
request compares). The head side is a commit, the staged state (pre-commit: what the next
commit records) or the working tree (`capdiff scan` without `--head`). The policy file is
read at the base side, so a change cannot weaken its own check.
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.feeds.settings import FeedSettings
    from bot.gitrepo import GitRepo
    from bot.model import ScanResult
    from bot.policy import Policy
    from bot.scanning import AsyncFileLister, AsyncFileReader, ScanRequest

__all__ = ["POLICY_PATH", "HeadSide", "LocalScan", "prepare_local_scan", "run_local_scan"]

POLICY_PATH = ".github/capdiff.yml"


@enum.unique
class HeadSide(enum.StrEnum):
    COMMIT = "commit"
    STAGED = "staged"
    WORKTREE = "worktree"


@dataclass(frozen=True, slots=True, kw_only=True)
class LocalScan:
    request: ScanRequest
    policy: Policy
    base_commit: str | None  # None: the repository has no commit yet (its first commit)


def prepare_local_scan(
    repo: GitRepo,
    *,
    base: str,
    head: str | None,
    side: HeadSide,
    policy_path: str = POLICY_PATH,
    today: date,
) -> LocalScan:
    """What to compare; raises `InputError`/`PolicyError` (both `CapdiffError`s)."""
    from bot.errors import InputError
    from bot.scanning import ScanRequest

    read_head_bytes: Callable[[str], bytes | None]
    list_head: Callable[[], list[str]]
    head_commit = repo.resolve(head) if side is HeadSide.COMMIT and head is not None else None
    base_commit = _base_commit(repo, base, head_commit or "HEAD")
    if side is HeadSide.COMMIT:
        if head_commit is None or base_commit is None:
            raise InputError(f"bad git ref {base!r}: not a commit in {repo.path}")
        changed = repo.changed_paths(base_commit, head_commit)
        read_head_bytes = functools.partial(repo.read_file, head_commit)
        list_head = functools.partial(repo.list_files, head_commit)
    elif side is HeadSide.STAGED:
        changed = (
            repo.changed_paths_staged(base_commit)
            if base_commit is not None
            else repo.list_staged_files()
        )
        read_head_bytes = repo.read_staged
        list_head = repo.list_staged_files
    else:
        changed = (
            repo.changed_paths_worktree(base_commit)
            if base_commit is not None
            else repo.list_worktree_files()
        )
        read_head_bytes = repo.read_worktree
        list_head = repo.list_worktree_files

    def read_base_bytes(path: str) -> bytes | None:
        return None if base_commit is None else repo.read_file(base_commit, path)

    def list_base() -> list[str]:
        return [] if base_commit is None else repo.list_files(base_commit)

    policy = _policy_at(repo, base_commit, policy_path)
    request = ScanRequest(
        changed_paths=tuple(changed),
        read_base=_text_reader(read_base_bytes),
        read_head=_text_reader(read_head_bytes),
        policy=policy,
        today=today,
        list_base=_lister(list_base),
        list_head=_lister(list_head),
    )
    return LocalScan(request=request, policy=policy, base_commit=base_commit)


def _text_reader(read_bytes: Callable[[str], bytes | None]) -> AsyncFileReader:
    """An async text reader over a blocking byte reader (git runs in a thread)."""
    import asyncio

    from bot.manifests import decode_manifest

    async def read(path: str) -> str | None:
        data = await asyncio.to_thread(read_bytes, path)
        return None if data is None else decode_manifest(data)

    return read


def _lister(list_files: Callable[[], list[str]]) -> AsyncFileLister:
    import asyncio

    async def list_async() -> list[str]:
        return await asyncio.to_thread(list_files)

    return list_async


def _base_commit(repo: GitRepo, base: str, head: str) -> str | None:
    """The merge base of `base` and `head`; None for `HEAD` in a repository without commits."""
    from bot.errors import InputError

    try:
        base_id = repo.resolve(base)
    except InputError:
        if base == "HEAD" and head == "HEAD":
            return None  # the first commit: everything staged is new
        raise
    try:
        head_id = repo.resolve(head)
    except InputError:
        return base_id
    return repo.merge_base(base_id, head_id)


def _policy_at(repo: GitRepo, commit: str | None, path: str) -> Policy:
    from bot.manifests import decode_manifest
    from bot.policy import Policy, load_policy

    data = None if commit is None else repo.read_file(commit, path)
    if data is None:
        return Policy()
    return load_policy(decode_manifest(data), path=path, ref=commit)


async def run_local_scan(
    local: LocalScan, *, index_url: str, cache_dir: Path, feeds: FeedSettings | None = None
) -> ScanResult:
    """Runs the scan with the real engine; progress on stderr.

    A change that touches no manifest (and no file a manifest may include) is answered
    without the engine: most commits a pre-commit hook sees are such, and the engine's
    imports alone take half a second.
    """
    from bot.manifest_reading import include_targets, manifests_to_read

    changed = local.request.changed_paths
    if not manifests_to_read(changed) and not include_targets(changed):
        from bot.model import ScanResult, Verdict

        return ScanResult(packages=(), manifests=(), verdict=Verdict.PASS)

    from bot.commands.progress import ScanProgress
    from bot.engine import open_engine

    async with open_engine(index_url=index_url, cache_dir=cache_dir, feeds=feeds) as engine:
        with ScanProgress(sys.stderr) as progress:
            return await engine.scanner().scan(local.request, progress)
