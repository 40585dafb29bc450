"""The pull-request comment: verdict first, one table row per changed package, evidence one
click away, and how to accept a finding. Never longer than GitHub's comment limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Action, Alert, AlertType, ChangeKind, PackageResult, ScanResult
from bot.report.escape import clip, code_block, code_span, html_text, inline
from bot.report.summary import (
    adjusted_note,
    count_packages,
    grouped_alerts,
    is_incomplete,
    plural,
)

__all__ = [
    "COMMENT_MARKER",
    "ICONS",
    "MAX_COMMENT_CHARS",
    "MIN_COMMENT_CHARS",
    "change_cell",
    "detail_block",
    "footer",
    "heading_text",
    "incomplete_lines",
    "needs_comment",
    "render_all_clear",
    "render_comment",
    "table_header",
    "table_row",
]

COMMENT_MARKER = "<!-- capdiff:report -->"
MAX_COMMENT_CHARS = 65536
# Room for the marker, the heading and the "more findings" pointer.
MIN_COMMENT_CHARS = 256
ICONS = {Action.BLOCK: "⛔", Action.WARN: "⚠️", Action.MONITOR: "ℹ️", Action.IGNORE: ""}
# What the comment shows; `monitor` alerts live in the check run only.
COMMENT_ACTIONS = frozenset({Action.BLOCK, Action.WARN})
# Places shown per (package, alert type) group before "and N more".
PLACES_PER_GROUP = 5


def heading_text(result: ScanResult) -> str:
    """`1 blocking, 2 warnings in 3 changed dependencies` (no Markdown)."""
    counts = count_packages(result.packages)
    parts = []
    if counts.blocking:
        parts.append(f"{counts.blocking} blocking")
    if counts.warnings:
        parts.append(plural(counts.warnings, "warning"))
    if not parts:
        parts.append("no new risky behaviour")
    changed = plural(counts.total, "changed dependency", "changed dependencies")
    text = f"{', '.join(parts)} in {changed}"
    if counts.incomplete:
        text += f" (analysis incomplete for {counts.incomplete})"
    elif result.errors:
        text += " (analysis incomplete)"
    return text


def change_cell(package: PackageResult) -> str:
    """`added `1.0.2``, `` `2.31.0` → `2.32.3` ``, `added `1.0.5` (via **httpx**)`."""
    old = code_span(package.old_version, in_table=True) if package.old_version else None
    new = code_span(package.new_version, in_table=True) if package.new_version else None
    if package.change is ChangeKind.ADDED:
        text = f"added {new}" if new else "added"
    elif package.change is ChangeKind.REMOVED:
        text = f"removed {old}" if old else "removed"
    elif old and new:
        text = f"{old} → {new}"
        if package.change is ChangeKind.DOWNGRADED:
            text += " (downgrade)"
    else:
        text = f"{package.change.value} {new or old or ''}".rstrip()
    if package.via:
        text += " (via " + " → ".join(f"**{inline(name)}**" for name in package.via) + ")"
    return text


def findings_cell(package: PackageResult, actions: frozenset[Action]) -> str:
    groups = grouped_alerts(package, actions)
    parts = [
        f"{ICONS[action]} `{alert_type.value}`" + (f" ×{len(alerts)}" if len(alerts) > 1 else "")
        for alert_type, action, alerts in groups
    ]
    if package.incomplete_reasons and not any(
        alert_type is AlertType.INCOMPLETE_ANALYSIS for alert_type, _, _ in groups
    ):
        parts.append("❔ analysis incomplete")
    if parts:
        return ", ".join(parts)
    if package.alerts:
        return "nothing to review (monitored findings in the check run)"
    return "nothing new"


def table_header() -> str:
    return "| package | change | new in this release |\n|---|---|---|"


def table_row(package: PackageResult, actions: frozenset[Action] = COMMENT_ACTIONS) -> str:
    return (
        f"| **{inline(package.name)}** | {change_cell(package)} "
        f"| {findings_cell(package, actions)} |"
    )


def _where(alert: Alert) -> str:
    if not alert.file:
        return ""
    return alert.file if alert.line is None else f"{alert.file}:{alert.line}"


def _language(alert: Alert) -> str:
    return "python" if alert.file and alert.file.endswith(".py") else ""


def detail_block(
    package: PackageResult,
    alert_type: AlertType,
    action: Action,
    alerts: Sequence[Alert],
    *,
    places: int = PLACES_PER_GROUP,
    accept: bool = True,
) -> str:
    """One collapsible `<details>` for a package's alerts of one type."""
    version = package.new_version or package.old_version
    title = f"{package.name} {version}" if version else package.name
    if len(alerts) == 1 and _where(alerts[0]):
        where = f" in {_where(alerts[0])}"
    elif len(alerts) > 1:
        where = f" in {len(alerts)} places"
    else:
        where = ""
    icon = ICONS[action]
    summary = html_text(f"{title} — {alert_type.value}{where}", limit=400)
    lines = [f"<details><summary>{icon} {summary}</summary>", ""]
    for index, alert in enumerate(alerts[:places]):
        if len(alerts) > 1:
            place = f"{code_span(_where(alert))}: " if _where(alert) else ""
            lines.append(f"{index + 1}. {place}{inline(alert.message, 500)}")
        else:
            lines.append(inline(alert.message, 500))
        if alert.evidence.strip():
            lines.append(code_block(alert.evidence, _language(alert)))
        lines.append("")
    if len(alerts) > places:
        lines.append(f"… and {len(alerts) - places} more — see the check run")
        lines.append("")
    note = adjusted_note(alerts)
    if note:
        lines.extend([f"Action: {inline(note, 200)}.", ""])
    if accept:
        target = f"{package.name}@{version}" if version else package.name
        command = code_span(f"@capdiff ignore {target} {alert_type.value}", limit=400)
        lines.append(f"Accept (needs write access): {command}")
    lines.append("</details>")
    return "\n".join(lines)


def detail_blocks(
    packages: Sequence[PackageResult], actions: frozenset[Action], *, places: int
) -> list[tuple[str, int]]:
    """(block, number of findings in it), strongest action first, then in package order."""
    groups = [
        (action, order, package, alert_type, alerts)
        for order, package in enumerate(packages)
        for alert_type, action, alerts in grouped_alerts(package, actions)
    ]
    groups.sort(key=lambda group: (-group[0].rank, group[1]))
    return [
        (detail_block(package, alert_type, action, alerts, places=places), len(alerts))
        for action, _, package, alert_type, alerts in groups
    ]


def incomplete_lines(result: ScanResult) -> list[str]:
    """A heading line and one bullet per thing that could not be analyzed; empty if none."""
    bullets: list[str] = []
    for package in result.packages:
        version = package.new_version or package.old_version
        label = f"**{inline(package.name)}**" + (f" {code_span(version)}" if version else "")
        reasons = list(package.incomplete_reasons) + [
            alert.message
            for alert in package.alerts
            if alert.type is AlertType.INCOMPLETE_ANALYSIS and alert.action is not Action.BLOCK
        ]
        bullets.extend(f"- {label}: {inline(reason, 500)}" for reason in dict.fromkeys(reasons))
    bullets.extend(f"- {inline(error, 500)}" for error in result.errors)
    if not bullets:
        return []
    return [
        "**Analysis incomplete** — capdiff could not read everything, so these packages may "
        "bring behaviour this report does not show:",
        *bullets,
    ]


def _policy_label(policy_source: str | None) -> str:
    if not policy_source:
        return "built-in defaults"
    path, at, ref = policy_source.rpartition("@")
    if at and path:
        return f"{code_span(path)} on {code_span(ref)}"
    return code_span(policy_source)


def _check_run_link(details_url: str | None) -> str:
    if not details_url:
        return "the check run"
    url = clip(details_url, 2000).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[the check run]({url})"


def footer(
    result: ScanResult,
    *,
    details_url: str | None,
    policy_source: str | None,
    notes: Sequence[str] = (),
) -> str:
    analyzed = plural(len(result.packages), "package")
    line = (
        f"<sub>Policy: {_policy_label(policy_source)} · {analyzed} analyzed in "
        f"{result.duration_seconds:.1f} s · full details in {_check_run_link(details_url)}</sub>"
    )
    if not notes:
        return line
    return "\n".join(f"- {inline(note, 500)}" for note in notes[:20]) + "\n\n" + line


def _pointer(findings: int, rows: int, details_url: str | None) -> str:
    parts = [plural(findings, "more finding")]
    if rows:
        parts.append(plural(rows, "more package"))
    return f"… {' and '.join(parts)} — see {_check_run_link(details_url)}"


@dataclass(frozen=True, slots=True, kw_only=True)
class _Layout:
    """The comment's parts; the renderer keeps a prefix of each list that fits."""

    head: str
    rows: list[str]
    incomplete: list[str]
    details: list[tuple[str, int]]
    footer: str

    def join(
        self, rows: int, incomplete: int, details: int, footer: bool, pointer: str | None
    ) -> str:
        sections = [self.head]
        if rows:
            sections.append("\n".join([table_header(), *self.rows[:rows]]))
        if incomplete:
            sections.append("\n".join(self.incomplete[:incomplete]))
        sections.extend(block for block, _ in self.details[:details])
        if footer:
            sections.append(self.footer)
        if pointer:
            sections.append(pointer)
        return "\n\n".join(sections) + "\n"


def _fit(layout: _Layout, max_chars: int, details_url: str | None) -> str:
    full = layout.join(len(layout.rows), len(layout.incomplete), len(layout.details), True, None)
    if len(full) <= max_chars:
        return full
    total_findings = sum(count for _, count in layout.details)
    reserve = _pointer(total_findings, len(layout.rows), details_url)
    # head + "\n\n" + pointer + "\n"; every kept section adds its length and a separator.
    # (+ slack: "0 more findings" is longer than "1 more finding")
    budget = max_chars - len(layout.head) - len(reserve) - 3 - 8
    # Kept in this order of importance: table rows, incomplete-analysis lines, the footer,
    # then details; each list keeps a prefix.
    rows = 0
    if layout.rows and len(table_header()) + 2 + len(layout.rows[0]) + 1 <= budget:
        budget -= len(table_header()) + 2
        while rows < len(layout.rows) and len(layout.rows[rows]) + 1 <= budget:
            budget -= len(layout.rows[rows]) + 1
            rows += 1
    incomplete = 0
    if layout.incomplete and len(layout.incomplete[0]) + 2 <= budget:
        budget -= 1  # the section separator is one longer than a line break
        while (
            incomplete < len(layout.incomplete) and len(layout.incomplete[incomplete]) + 1 <= budget
        ):
            budget -= len(layout.incomplete[incomplete]) + 1
            incomplete += 1
    keep_footer = len(layout.footer) + 2 <= budget
    if keep_footer:
        budget -= len(layout.footer) + 2
    details = 0
    while details < len(layout.details) and len(layout.details[details][0]) + 2 <= budget:
        budget -= len(layout.details[details][0]) + 2
        details += 1
    dropped = sum(count for _, count in layout.details[details:])
    pointer = _pointer(dropped, len(layout.rows) - rows, details_url)
    text = layout.join(rows, incomplete, details, keep_footer, pointer)
    # Only an absurdly long details_url can still overflow; cut rather than fail.
    return text if len(text) <= max_chars else text[: max_chars - 2] + "…\n"


def render_comment(
    result: ScanResult,
    *,
    details_url: str | None = None,
    policy_source: str | None = None,
    max_chars: int = MAX_COMMENT_CHARS,
    notes: Sequence[str] = (),
) -> str:
    """The sticky pull-request comment, at most `max_chars` characters (≥ MIN_COMMENT_CHARS).

    `notes` are short remarks shown above the footer (e.g. expired ignore rules, from
    `bot.policy.expired_ignore_notes`). When too long, details go first (from the end), then
    the footer and notes, then incomplete-analysis lines, then table rows; the marker, the
    heading and a final "… N more findings" pointer always stay.
    """
    if max_chars < MIN_COMMENT_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_COMMENT_CHARS}")
    layout = _Layout(
        head=f"{COMMENT_MARKER}\n### capdiff — {heading_text(result)}",
        rows=[table_row(package) for package in result.packages],
        incomplete=incomplete_lines(result),
        details=detail_blocks(result.packages, COMMENT_ACTIONS, places=PLACES_PER_GROUP),
        footer=footer(result, details_url=details_url, policy_source=policy_source, notes=notes),
    )
    return _fit(layout, max_chars, details_url)


def render_all_clear(
    result: ScanResult,
    *,
    details_url: str | None = None,
    policy_source: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The one-liner an earlier comment is edited to when nothing new needs review."""
    changed = plural(len(result.packages), "changed dependency", "changed dependencies")
    return (
        f"{COMMENT_MARKER}\n✅ no new risky behaviour in {changed}\n\n"
        f"{footer(result, details_url=details_url, policy_source=policy_source, notes=notes)}\n"
    )


def needs_comment(result: ScanResult) -> bool:
    """Whether anything would show in the comment beyond the all-clear line."""
    return bool(result.errors) or any(
        is_incomplete(package) or grouped_alerts(package, COMMENT_ACTIONS)
        for package in result.packages
    )
