"""A `ScanResult` as plain JSON-ready data (`capdiff scan --format json`).

The shape is a public interface: add keys, never rename or remove them.
"""

from __future__ import annotations

from bot.model import Alert, PackageResult, Reputation, ScanResult

__all__ = ["alert_to_dict", "package_to_dict", "reputation_to_dict", "scan_to_dict"]


def alert_to_dict(alert: Alert) -> dict[str, object]:
    return {
        "type": alert.type.value,
        "severity": str(alert.severity),
        "action": alert.action.value,
        "message": alert.message,
        "file": alert.file,
        "line": alert.line,
        "evidence": alert.evidence,
        "artifact": alert.artifact,
        # The reputation that set `action` instead of the policy table ("" when it did not).
        "adjusted_by": alert.adjusted_by,
    }


def package_to_dict(package: PackageResult) -> dict[str, object]:
    return {
        "name": package.name,
        "change": package.change.value,
        "old_version": package.old_version,
        "new_version": package.new_version,
        "via": list(package.via),
        "locations": [
            {"path": location.path, "line": location.line} for location in package.locations
        ],
        "alerts": [alert_to_dict(alert) for alert in package.alerts],
        "incomplete_reasons": list(package.incomplete_reasons),
        "reputation": reputation_to_dict(package.reputation),
    }


def reputation_to_dict(reputation: Reputation | None) -> dict[str, object] | None:
    if reputation is None:
        return None
    return {
        "standing": reputation.standing.value,
        "rank": reputation.rank,
        "age_days": reputation.age_days,
        "releases": reputation.releases,
        "summary": reputation.phrase(),
    }


def scan_to_dict(result: ScanResult) -> dict[str, object]:
    """`verdict` is "pass", "block" or "incomplete"; severities are lower-case names."""
    return {
        "verdict": result.verdict.name.lower(),
        "packages": [package_to_dict(package) for package in result.packages],
        "manifests": list(result.manifests),
        "errors": list(result.errors),
        "notes": list(result.notes),
        "duration_seconds": result.duration_seconds,
    }
