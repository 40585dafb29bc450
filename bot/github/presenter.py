"""How a ScanResult is shown on GitHub: the port to `bot.report`, and a plain fallback.

The integrator wires `bot.report.markdown`/`bot.report.checks` behind `Presenter`;
`PlainPresenter` keeps the adapter usable (and testable) without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.github.client import Annotation
from bot.model import Action, ScanResult, Verdict

__all__ = ["COMMENT_MARKER", "CheckRunText", "PlainPresenter", "Presenter"]

COMMENT_MARKER = "<!-- capdiff:report -->"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRunText:
    title: str
    summary: str
    text: str = ""
    annotations: tuple[Annotation, ...] = ()


class Presenter(Protocol):
    def comment(self, result: ScanResult, *, policy_source: str | None) -> str: ...

    def all_clear(self, result: ScanResult, *, policy_source: str | None) -> str: ...

    def check_run(self, result: ScanResult) -> CheckRunText: ...

    def conclusion(self, verdict: Verdict) -> str: ...


def has_alerts(result: ScanResult) -> bool:
    """True when something warns or blocks (what makes an on-alert comment appear)."""
    return any(
        alert.action in {Action.WARN, Action.BLOCK}
        for package in result.packages
        for alert in package.alerts
    )


_LEVEL = {Action.BLOCK: "failure", Action.WARN: "warning", Action.MONITOR: "notice"}


class PlainPresenter:
    def comment(self, result: ScanResult, *, policy_source: str | None) -> str:
        lines = [COMMENT_MARKER, f"## capdiff: {result.verdict.name.lower()}", ""]
        for package in result.packages:
            for alert in package.alerts:
                where = f" ({alert.file}:{alert.line})" if alert.file else ""
                lines.append(
                    f"- **{alert.action}** `{package.name}` {package.new_version or ''}: "
                    f"{alert.type} — {alert.message}{where}"
                )
        if policy_source:
            lines += ["", f"Policy: `{policy_source}`"]
        return "\n".join(lines) + "\n"

    def all_clear(self, result: ScanResult, *, policy_source: str | None) -> str:
        return f"{COMMENT_MARKER}\n## capdiff: all clear\n\nNo new risky behaviour.\n"

    def check_run(self, result: ScanResult) -> CheckRunText:
        annotations = tuple(
            Annotation(
                path=(package.locations[0].path if package.locations else "requirements.txt"),
                start_line=(package.locations[0].line or 1) if package.locations else 1,
                end_line=(package.locations[0].line or 1) if package.locations else 1,
                annotation_level=_LEVEL.get(alert.action, "notice"),
                message=alert.message,
                title=f"{alert.type}: {package.name} {package.new_version or ''}".strip(),
            )
            for package in result.packages
            for alert in package.alerts
            if alert.action is not Action.IGNORE
        )
        count = len(annotations)
        return CheckRunText(
            title=f"{count} alert(s)" if count else "No new risky behaviour",
            summary=f"{len(result.packages)} package(s) checked in {len(result.manifests)} "
            "manifest(s).",
            text="\n".join(result.errors),
            annotations=annotations,
        )

    def conclusion(self, verdict: Verdict) -> str:
        return verdict.value
