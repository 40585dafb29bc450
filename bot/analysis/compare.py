"""What an upgrade brings: findings of the new release the old one did not have.

Matching is on `Finding.key` (type, api, normalized), never on file or line, so moved,
renamed or reformatted code is not new. It is set-based, not count-based: if the old release
had a key at all, more occurrences of it in the new one are not new (a package that already
ran `subprocess.run` gains no capability by calling it twice). One exception makes the diff
stricter: code that was only in files an install never runs (an sdist's tests) or in a test
suite shipped inside the package, and now sits in the package's own code, *is* new, so such a
finding needs one from the old release's own code to match.

Threats (`THREAT_TYPES`: obfuscated-exec, download-exec, exfiltration, ...) are never diffed
away: a malicious release that inherited its payload from a malicious predecessor still
blocks, so every threat finding of `new` is kept whatever `old` had.

A newly added package has no old release: pass `old=()` and every finding is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import THREAT_TYPES, AlertType, Finding

__all__ = ["FindingGroup", "best_first", "new_findings", "summarize"]


def _rank(finding: Finding) -> tuple[bool, bool, int]:
    """Sort key, best evidence first: installed code, then the most severe."""
    return (finding.not_installed, finding.test_code, -finding.severity)


def best_first(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Stable sort: installed before not-installed, package code before its bundled tests,
    then by severity (highest first)."""
    return tuple(sorted(findings, key=_rank))


def new_findings(old: Sequence[Finding], new: Sequence[Finding]) -> tuple[Finding, ...]:
    """Every threat finding of `new`, and every other finding whose key `old` lacks, grouped
    by key in first-seen order and best evidence first within a key."""
    old_any = {f.key for f in old}
    old_installed = {f.key for f in old if not (f.not_installed or f.test_code)}
    by_key: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in new:
        known = old_any if finding.not_installed or finding.test_code else old_installed
        if finding.type in THREAT_TYPES or finding.key not in known:
            by_key.setdefault(finding.key, []).append(finding)
    return tuple(f for group in by_key.values() for f in best_first(group))


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingGroup:
    """Findings sharing (type, api), shown once with the best evidence and a count."""

    finding: Finding  # the best evidence
    count: int
    files: tuple[str, ...]  # distinct files, in order of appearance

    @property
    def type(self) -> AlertType:
        return self.finding.type


def summarize(findings: Sequence[Finding]) -> tuple[FindingGroup, ...]:
    """Group by (type, api) (by key when `api` is empty) so a report names a behaviour once;
    groups come in order of their best finding's severity, then first appearance."""
    groups: dict[tuple[str, ...], list[Finding]] = {}
    for finding in findings:
        ident = (finding.type.value, finding.api) if finding.api else finding.key
        groups.setdefault(ident, []).append(finding)
    result = []
    for members in groups.values():
        ordered = best_first(members)
        files = tuple(dict.fromkeys(f.file for f in members))
        result.append(FindingGroup(finding=ordered[0], count=len(members), files=files))
    return tuple(sorted(result, key=lambda g: _rank(g.finding)))
