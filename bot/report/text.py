"""`capdiff scan` output for a terminal: one line per changed package, then the verdict."""

from __future__ import annotations

from bot.model import THREAT_TYPES, Action, Alert, ChangeKind, PackageResult, ScanResult, Verdict
from bot.report.escape import terminal_safe
from bot.report.summary import (
    adjusted_note,
    count_packages,
    grouped_alerts,
    is_incomplete,
    plural,
)

__all__ = ["exit_code_for", "render_text"]

_SHOWN = frozenset({Action.BLOCK, Action.WARN, Action.MONITOR})
_SYMBOLS = {Action.BLOCK: "⛔", Action.WARN: "⚠ ", Action.MONITOR: "· "}
_COLORS = {Action.BLOCK: "31", Action.WARN: "33", Action.MONITOR: "2"}
_CLEAN = ("✓ ", "32")
_INCOMPLETE = ("? ", "35")


def exit_code_for(verdict: Verdict) -> int:
    """1 when something blocks, else 0 (an incomplete analysis does not fail the command)."""
    return 1 if verdict is Verdict.BLOCK else 0


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _label(package: PackageResult) -> str:
    old = terminal_safe(package.old_version or "", 60)
    new = terminal_safe(package.new_version or "", 60)
    if package.change is ChangeKind.ADDED:
        text = f"{package.name} {new} (added)"
    elif package.change is ChangeKind.REMOVED:
        text = f"{package.name} {old} (removed)"
    elif old and new:
        text = f"{package.name} {old} → {new}"
    else:
        text = f"{package.name} {new or old} ({package.change.value})"
    if package.via:
        text += " via " + " → ".join(package.via)
    return text


def _place(alert: Alert) -> str:
    if alert.type in THREAT_TYPES:
        # A threat's message is its chain of steps: show it whole, after its place.
        where = "" if not alert.file else (
            alert.file if alert.line is None else f"{alert.file}:{alert.line}")
        head = f"{alert.type.value} {terminal_safe(where, 120)}" if where else alert.type.value
        return f"{head}: {terminal_safe(alert.message, 2000)}"
    if alert.file:
        where = alert.file if alert.line is None else f"{alert.file}:{alert.line}"
        return f"{alert.type.value} {terminal_safe(where, 120)}"
    return f"{alert.type.value}: {terminal_safe(alert.message, 120)}"


def _findings(package: PackageResult) -> str:
    parts = []
    for _, _, alerts in grouped_alerts(package, _SHOWN):
        part = _place(alerts[0])
        if len(alerts) > 1:
            part += f" (+{len(alerts) - 1} more)"
        if note := adjusted_note(alerts):
            part += f" ({terminal_safe(note, 120)})"
        parts.append(part)
    parts.extend(
        f"incomplete: {terminal_safe(reason, 120)}" for reason in package.incomplete_reasons
    )
    return "; ".join(parts) or "nothing new"


def _symbol(package: PackageResult) -> tuple[str, str]:
    actions = {alert.action for alert in package.alerts}
    for action in (Action.BLOCK, Action.WARN):
        if action in actions:
            return _SYMBOLS[action], _COLORS[action]
    if is_incomplete(package):
        return _INCOMPLETE
    if Action.MONITOR in actions:
        return _SYMBOLS[Action.MONITOR], _COLORS[Action.MONITOR]
    return _CLEAN


def _verdict_line(result: ScanResult) -> str:
    counts = count_packages(result.packages)
    code = exit_code_for(result.verdict)
    if result.verdict is Verdict.BLOCK:
        head = plural(counts.blocking, "blocking finding")
    elif result.verdict is Verdict.INCOMPLETE:
        head = "analysis incomplete"
    else:
        head = "no blocking findings"
    if counts.warnings:
        head += ", " + plural(counts.warnings, "warning")
    return f"{head} — exit {code}"


def render_text(result: ScanResult, *, color: bool = False) -> str:
    """The terminal report, ending in a newline; ANSI colours only when `color` is set."""
    manifests = ", ".join(terminal_safe(path, 200) for path in result.manifests)
    changed = plural(len(result.packages), "changed dependency", "changed dependencies")
    lines = [f"{changed} ({manifests})" if manifests else changed]
    order = {Action.BLOCK: 0, Action.WARN: 1}
    packages = sorted(
        result.packages,
        key=lambda package: min(
            (order.get(alert.action, 2) for alert in package.alerts), default=3
        ),
    )
    labels = [_label(package) for package in packages]
    width = max((len(label) for label in labels), default=0) + 2
    for package, label in zip(packages, labels, strict=True):
        symbol, code = _symbol(package)
        lines.append(f"  {_paint(symbol, code, color)} {label.ljust(width)}{_findings(package)}")
    lines.extend(f"  error: {terminal_safe(error, 300)}" for error in result.errors)
    lines.extend(f"  note: {terminal_safe(note, 300)}" for note in result.notes)
    verdict = _verdict_line(result)
    verdict_color = {Verdict.BLOCK: "1;31", Verdict.INCOMPLETE: "35", Verdict.PASS: "32"}
    lines.append(_paint(verdict, verdict_color[result.verdict], color))
    return "\n".join(lines) + "\n"
