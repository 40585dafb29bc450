"""Counts and labels every renderer shares, so the comment, check run and terminal agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import THREAT_TYPES, Action, Alert, AlertType, PackageResult
from bot.policy import CAPABILITY_TYPES, TEST_CODE_REASON

__all__ = [
    "Counts",
    "adjusted_note",
    "count_packages",
    "grouped_alerts",
    "is_incomplete",
    "maintainer_change_notes",
    "plural",
    "review_order",
    "strongest_action",
]

@dataclass(frozen=True, slots=True, kw_only=True)
class Counts:
    """How many packages' strongest alert blocks, warns or is monitored; how many are
    incomplete; and how many changed in total."""

    blocking: int
    warnings: int
    monitored: int
    incomplete: int
    total: int


def strongest_action(package: PackageResult) -> Action | None:
    """The strongest action among a package's alerts; None when it has none."""
    if not package.alerts:
        return None
    return max((alert.action for alert in package.alerts), key=lambda action: action.rank)


def is_incomplete(package: PackageResult) -> bool:
    return bool(package.incomplete_reasons) or any(
        alert.type is AlertType.INCOMPLETE_ANALYSIS for alert in package.alerts
    )


def count_packages(packages: Sequence[PackageResult]) -> Counts:
    actions = [strongest_action(package) for package in packages]
    return Counts(
        blocking=actions.count(Action.BLOCK),
        warnings=actions.count(Action.WARN),
        monitored=actions.count(Action.MONITOR),
        incomplete=sum(1 for package in packages if is_incomplete(package)),
        total=len(packages),
    )


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def grouped_alerts(
    package: PackageResult, actions: frozenset[Action]
) -> list[tuple[AlertType, Action, list[Alert]]]:
    """A package's alerts with one of `actions`, grouped by type, strongest action first,
    threats before capabilities, then in the order the analyzer reported them."""
    groups: dict[AlertType, list[Alert]] = {}
    for alert in package.alerts:
        if alert.action in actions:
            groups.setdefault(alert.type, []).append(alert)
    ordered = [
        (alert_type, max((a.action for a in alerts), key=lambda action: action.rank), alerts)
        for alert_type, alerts in groups.items()
    ]
    ordered.sort(key=lambda group: (-group[1].rank, group[0] not in THREAT_TYPES))
    return ordered


def review_order(packages: Sequence[PackageResult]) -> list[PackageResult]:
    """Most severe first: blocking packages, then warnings, then incomplete ones, then the
    rest; the manifest's order within each."""

    def key(package: PackageResult) -> int:
        action = strongest_action(package)
        if action is Action.BLOCK:
            return 0
        if action is Action.WARN:
            return 1
        return 2 if is_incomplete(package) else 3

    return sorted(packages, key=key)


def adjusted_note(alerts: Sequence[Alert]) -> str:
    """"monitor because the project is established: #7 most downloaded" when reputation set
    these alerts' action
    (one type of one package: they share it); "" when the policy table did."""
    for alert in alerts:
        if alert.adjusted_by == TEST_CODE_REASON:
            return f"{alert.action.value}: only {TEST_CODE_REASON}"
        if alert.adjusted_by:
            return f"{alert.action.value} because the project is {alert.adjusted_by}"
    return ""


def maintainer_change_notes(packages: Sequence[PackageResult]) -> list[str]:
    """One sentence per release whose authors/maintainers all changed and that also brings a
    new capability or a threat: together, the shape of a hijacked release."""
    notes = []
    for package in packages:
        if not any(alert.type is AlertType.NEW_MAINTAINER for alert in package.alerts):
            continue
        behaviour = sorted(
            {
                alert.type.value
                for alert in package.alerts
                if alert.type in CAPABILITY_TYPES or alert.type in THREAT_TYPES
            }
        )
        if not behaviour:
            continue
        version = package.new_version or ""
        notes.append(
            f"{package.name} {version} names none of the earlier release's authors or "
            f"maintainers and brings new {', '.join(behaviour)}: check who published it."
        )
    return notes
