"""The port between an adapter that knows where files are (GitHub, git) and the scan pipeline."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.model import ScanResult
from bot.policy import IgnoreRule, Policy

__all__ = ["AsyncFileLister", "AsyncFileReader", "ProgressCallback", "ScanRequest", "Scanner"]

# Reads a repository-relative path at one commit; None when the file does not exist there.
AsyncFileReader = Callable[[str], Awaitable["str | None"]]
# Every file path of one side's tree (to find requirements files that include a changed file).
AsyncFileLister = Callable[[], Awaitable[Sequence[str]]]
# Called as packages are analyzed: (done, total, name of the package being analyzed).
ProgressCallback = Callable[[int, int, str], Awaitable[None]]


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanRequest:
    changed_paths: tuple[str, ...]
    read_base: AsyncFileReader
    read_head: AsyncFileReader
    policy: Policy
    today: date
    # Accepted through comment commands on this pull request, on top of the policy file.
    extra_ignores: tuple[IgnoreRule, ...] = ()
    # When given, a changed file that only an unchanged requirements file includes (`-r`)
    # is followed: the including files are found in these listings and read too.
    list_base: AsyncFileLister | None = None
    list_head: AsyncFileLister | None = None


class Scanner(Protocol):
    async def scan(
        self, request: ScanRequest, progress: ProgressCallback | None = None
    ) -> ScanResult: ...
