"""What one package change brings, before and after policy, and its cached form.

Kept apart from `bot.pipeline` (which imports the whole analyzer) so that a warm
`capdiff compare` of two local archives can answer from the cache with only this,
the model and the policy imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from packaging.version import InvalidVersion, Version

from bot.analysis.serialize import finding_from_dict, finding_to_dict
from bot.model import (
    Alert,
    ChangeKind,
    Finding,
    NormalizedName,
    PackageResult,
    Reputation,
    canonicalize_name,
)
from bot.policy import Policy, action_for, settle_package

if TYPE_CHECKING:
    from packaging.requirements import Requirement

__all__ = [
    "PackageComparison",
    "comparison_from_dict",
    "comparison_result",
    "comparison_to_dict",
    "findings_to_alerts",
    "local_comparison_key",
    "version_change",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageComparison:
    """What analyzing one package change found, before policy."""

    name: NormalizedName
    old_version: Version | None
    new_version: Version
    findings: tuple[Finding, ...]
    requires_dist_added: tuple[Requirement, ...] = ()
    incomplete_reasons: tuple[str, ...] = ()
    # What the report should say besides alerts (e.g. an advisory feed that did not answer).
    notes: tuple[str, ...] = ()
    reputation: Reputation | None = None
    # The new release's code was fetched (or listed) but not read in full.
    unread_code: bool = False


def findings_to_alerts(
    findings: Sequence[Finding], *, name: NormalizedName, version: str | None, policy: Policy
) -> tuple[Alert, ...]:
    return tuple(
        Alert(
            type=finding.type,
            severity=finding.severity,
            action=action_for(policy, finding.type, finding.severity),
            message=finding.reason,
            package=name,
            version=version,
            file=finding.file or None,
            line=finding.line,
            evidence=finding.evidence,
            artifact=finding.artifact,
            api=finding.api,
            test_code=finding.test_code,
        )
        for finding in findings
    )


def comparison_result(
    comparison: PackageComparison, *, change: ChangeKind, policy: Policy
) -> PackageResult:
    """The package's alerts with their actions under `policy` and its reputation."""
    version = str(comparison.new_version)
    result = PackageResult(
        name=comparison.name,
        change=change,
        old_version=None if comparison.old_version is None else str(comparison.old_version),
        new_version=version,
        alerts=findings_to_alerts(
            comparison.findings, name=comparison.name, version=version, policy=policy
        ),
        incomplete_reasons=comparison.incomplete_reasons,
        notes=comparison.notes,
        reputation=comparison.reputation,
        unread_code=comparison.unread_code,
    )
    return settle_package(result, policy)


def version_change(comparison: PackageComparison) -> ChangeKind:
    """Upgraded, or downgraded when the 'new' release is the older one."""
    older = comparison.old_version
    downgrade = older is not None and comparison.new_version < older
    return ChangeKind.DOWNGRADED if downgrade else ChangeKind.UPGRADED


def local_comparison_key(
    old: Sequence[tuple[str, bytes]], new: Sequence[tuple[str, bytes]]
) -> str:
    """Both sides' (file name, bytes): the same archives compare the same way. Names count
    because a release without metadata is named after its file."""
    sides = (
        sorted(f"{name}:{hashlib.sha256(data).hexdigest()}" for name, data in side)
        for side in (old, new)
    )
    return "local:" + "|".join(",".join(side) for side in sides)


def comparison_to_dict(comparison: PackageComparison) -> dict[str, object]:
    """JSON-safe form of a complete comparison (requirements are not kept)."""
    return {
        "name": comparison.name,
        "old_version": None if comparison.old_version is None else str(comparison.old_version),
        "new_version": str(comparison.new_version),
        "findings": [finding_to_dict(finding) for finding in comparison.findings],
    }


def comparison_from_dict(document: dict[str, object]) -> PackageComparison | None:
    """None when the document is not one `comparison_to_dict` wrote (a cache miss)."""
    try:
        old = document["old_version"]
        return PackageComparison(
            name=canonicalize_name(str(document["name"])),
            old_version=None if old is None else Version(str(old)),
            new_version=Version(str(document["new_version"])),
            findings=tuple(
                finding_from_dict(f) for f in cast(list[dict[str, object]], document["findings"])
            ),
        )
    except (KeyError, TypeError, ValueError, InvalidVersion):
        return None
