"""The pull-request comment: verdict first, one table row per package with something to
review (the rest in one line), one collapsible section per such package with its findings
grouped by type, and how to accept them. Kept within a reading budget (10,000 characters by
default) by dropping whole sections, never by cutting Markdown mid-element; the check run
(`bot.report.checks`) has every detail."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import (
    THREAT_TYPES,
    Action,
    Alert,
    AlertType,
    ChangeKind,
    PackageResult,
    ScanResult,
)
from bot.report.escape import clip, code_block, code_span, html_text, inline
from bot.report.summary import (
    adjusted_note,
    count_packages,
    grouped_alerts,
    is_incomplete,
    plural,
    review_order,
)

__all__ = [
    "COMMENT_MARKER",
    "DEFAULT_COMMENT_CHARS",
    "ICONS",
    "MAX_COMMENT_CHARS",
    "MIN_COMMENT_CHARS",
    "change_cell",
    "detail_blocks",
    "footer",
    "group_lines",
    "heading_text",
    "incomplete_lines",
    "message_text",
    "needs_comment",
    "needs_review",
    "package_block",
    "render_all_clear",
    "render_comment",
    "rest_line",
    "table_header",
    "table_row",
]

COMMENT_MARKER = "<!-- capdiff:report -->"
MAX_COMMENT_CHARS = 65536
# What a reviewer reads in ten seconds; the check run has the rest.
DEFAULT_COMMENT_CHARS = 10_000
# Room for the marker, the heading and the "more findings" pointer.
MIN_COMMENT_CHARS = 256
ICONS = {Action.BLOCK: "⛔", Action.WARN: "⚠️", Action.MONITOR: "ℹ️", Action.IGNORE: ""}
# What the comment shows; `monitor` alerts live in the check run only.
COMMENT_ACTIONS = frozenset({Action.BLOCK, Action.WARN})
# Places named per (package, alert type) group in the comment before "and N more".
PLACES_PER_GROUP = 3
EVIDENCE_CHARS = 600
MESSAGE_CHARS = 500
THREAT_MESSAGE_CHARS = 4000
_CODE_SPAN = re.compile(r"`([^`]+)`")


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
    parts = [f"{ICONS[action]} `{alert_type.value}`" for alert_type, action, _ in groups]
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


def message_text(alert: Alert) -> str:
    """An alert's message as Markdown: its `code` spans kept (safely re-fenced), the rest
    escaped. A threat's message is its chain of steps and is never shortened."""
    limit = THREAT_MESSAGE_CHARS if alert.type in THREAT_TYPES else MESSAGE_CHARS
    text = " ".join(clip(alert.message, limit).split())
    parts = _CODE_SPAN.split(text)
    return "".join(
        code_span(part, limit) if index % 2 else _spaced(part, limit)
        for index, part in enumerate(parts)
    )


def _spaced(text: str, limit: int) -> str:
    """`inline` that keeps one space at either end (the text around a code span)."""
    body = inline(text, limit)
    lead = " " if text[:1].isspace() and body else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{body}{trail}"


def _places(alerts: Sequence[Alert], shown: int) -> str:
    """`` `a.py:3`, `b.py:9` and 4 more `` (distinct places, in order)."""
    places = list(dict.fromkeys(_where(alert) for alert in alerts if _where(alert)))
    text = ", ".join(code_span(place) for place in places[:shown])
    if len(places) > shown:
        text += f" and {len(places) - shown} more"
    return text


def _extent(alerts: Sequence[Alert], shown: int) -> str:
    """`` in `setup.py:14` ``, `` in 2 files (`a.py:3`, `b.py:9`) ``, `` in 5 places in 2
    files (…) ``, or a count without places (metadata alerts)."""
    places = list(dict.fromkeys(_where(alert) for alert in alerts if _where(alert)))
    if not places:
        return f" ×{len(alerts)}" if len(alerts) > 1 else ""
    if len(places) == 1:
        return f" in {code_span(places[0])}"
    files = len({alert.file for alert in alerts if alert.file})
    if files == len(places):
        count = plural(files, "file")
    elif files > 1:
        count = f"{plural(len(places), 'place')} in {files} files"
    else:
        count = plural(len(places), "place")
    return f" in {count} ({_places(alerts, shown)})"


def group_lines(
    alert_type: AlertType, action: Action, alerts: Sequence[Alert], *, every_place: bool,
    places: int,
) -> list[str]:
    """One alert type of one package.

    In the comment (`every_place=False`) one line says where and what (a threat's chain of
    steps first and whole), with the first occurrence's evidence; the check run
    (`every_place=True`) shows each place's message and evidence, up to `places`."""
    head = f"{ICONS[action]} **`{alert_type.value}`**"
    if not every_place or len(alerts) == 1:
        first = alerts[0]
        if alert_type in THREAT_TYPES:
            line = f"{head} — {message_text(first)}"
            where = _where(first)
            if where and where not in first.message:
                line += f" ({code_span(where)})"
            if len(alerts) > 1:
                line += f" (also{_extent(alerts[1:], places)})"
        else:
            line = f"{head}{_extent(alerts, places)} — {message_text(first)}"
        lines = [line]
        if first.evidence.strip():
            lines.append(code_block(first.evidence, _language(first), EVIDENCE_CHARS))
        return lines + _action_note(alerts)
    files = len({alert.file for alert in alerts if alert.file})
    count = plural(files, "file") if files > 1 else plural(len(alerts), "place")
    lines = [f"{head} in {count}:" if files else f"{head} ×{len(alerts)}:"]
    for index, alert in enumerate(alerts[:places]):
        place = f"{code_span(_where(alert))}: " if _where(alert) else ""
        lines.append(f"{index + 1}. {place}{message_text(alert)}")
        if alert.evidence.strip():
            lines.append(code_block(alert.evidence, _language(alert)))
    if len(alerts) > places:
        lines.append(f"… and {len(alerts) - places} more")
    return lines + _action_note(alerts)


def _action_note(alerts: Sequence[Alert]) -> list[str]:
    """"Action: monitor because the project is established: …" when reputation (or where
    the code sits) set the action rather than the policy's table."""
    note = adjusted_note(alerts)
    return [f"Action: {inline(note, 200)}."] if note else []


def package_block(
    package: PackageResult,
    actions: frozenset[Action],
    *,
    every_place: bool = False,
    places: int = PLACES_PER_GROUP,
    accept: bool = True,
    max_chars: int | None = None,
) -> str | None:
    """One collapsible `<details>` with everything to review in one package, most severe
    first; None when it has nothing with one of `actions`. With `max_chars`, alert types
    that would not fit are named in one closing line instead of shown."""
    groups = grouped_alerts(package, actions)
    if not groups:
        return None
    version = package.new_version or package.old_version
    title = f"{package.name} {version}" if version else package.name
    types = [alert_type.value for alert_type, _, _ in groups]
    summary = html_text(f"{title} — {', '.join(types)}", limit=400)
    target = f"{package.name}@{version}" if version else package.name
    command = code_span(f"@capdiff ignore {target} {' '.join(types)}", limit=400)
    tail = [f"Accept (needs write access): {command}"] if accept else []
    tail.append("</details>")
    lines = [f"<details><summary>{ICONS[groups[0][1]]} {summary}</summary>", ""]
    # Room kept for the closing lines and a "… N more types" line (type names are short).
    budget = None if max_chars is None else max_chars - len("\n".join(tail)) - 40 * len(types)
    size = len("\n".join(lines))
    for index, (alert_type, action, alerts) in enumerate(groups):
        shown = [*group_lines(alert_type, action, alerts, every_place=every_place,
                              places=places), ""]
        added = len("\n".join(shown)) + 1
        if budget is not None and index and size + added > budget:
            rest = [f"`{t}`" for t in types[index:]]
            lines.extend([f"… {plural(len(rest), 'more alert type')} not shown here: "
                          f"{', '.join(rest)}", ""])
            break
        lines.extend(shown)
        size += added
    return "\n".join([*lines, *tail])


def detail_blocks(
    packages: Sequence[PackageResult], actions: frozenset[Action], *, every_place: bool = False,
    places: int = PLACES_PER_GROUP, max_block_chars: int | None = None,
) -> list[tuple[str, int]]:
    """(block, number of findings in it), one block per package, most severe first.

    With `max_block_chars`, a package whose block would be longer is shown with fewer
    places, then in the comment's compact form, so one noisy package cannot crowd out
    the others."""
    blocks = []
    for package in review_order(packages):
        block = package_block(package, actions, every_place=every_place, places=places)
        if block is not None and max_block_chars is not None and len(block) > max_block_chars:
            block = package_block(package, actions, every_place=every_place, places=3)
            if block is not None and len(block) > max_block_chars:
                block = package_block(package, actions, max_chars=max_block_chars)
        if block is not None:
            count = sum(len(alerts) for _, _, alerts in grouped_alerts(package, actions))
            blocks.append((block, count))
    return blocks


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
    parts = []
    if findings:
        parts.append(plural(findings, "more finding"))
    if rows:
        parts.append(plural(rows, "more package"))
    return f"… {' and '.join(parts) or 'more'} — see {_check_run_link(details_url)}"


def rest_line(count: int, details_url: str | None) -> str:
    """The one line that stands for every package with nothing to review."""
    packages = plural(count, "more changed package")
    return f"{packages}, nothing to review — listed in {_check_run_link(details_url)}."


@dataclass(frozen=True, slots=True, kw_only=True)
class _Layout:
    """The comment's parts; the renderer keeps a prefix of each list that fits."""

    head: str
    rows: list[str]
    rest: int  # packages with nothing to review, summarized in one line
    incomplete: list[str]
    details: list[tuple[str, int]]
    footer: str
    details_url: str | None

    def join(
        self, rows: int, incomplete: int, details: int, footer: bool, pointer: str | None
    ) -> str:
        """Keep `rows` table rows (-1: every row but not the rest line), `incomplete` lines,
        `details` blocks, the footer or not, and end with `pointer`."""
        sections = [self.head]
        if rows:
            kept = self.rows if rows < 0 else self.rows[:rows]
            if kept:
                sections.append("\n".join([table_header(), *kept]))
        if self.rest and rows == len(self.rows):
            sections.append(rest_line(self.rest, self.details_url))
        if incomplete:
            sections.append("\n".join(self.incomplete[:incomplete]))
        sections.extend(block for block, _ in self.details[:details])
        if footer:
            sections.append(self.footer)
        if pointer:
            sections.append(pointer)
        return "\n\n".join(sections) + "\n"


def _fit(layout: _Layout, max_chars: int) -> str:
    full = layout.join(len(layout.rows), len(layout.incomplete), len(layout.details), True, None)
    if len(full) <= max_chars:
        return full
    for details_url in (layout.details_url, None):
        text = _fit_with(layout, max_chars, details_url)
        if len(text) <= max_chars:
            return text
    # Only a head longer than the budget gets here (MIN_COMMENT_CHARS prevents it).
    return clip(layout.head, max_chars - 1) + "\n"


def _fit_with(layout: _Layout, max_chars: int, details_url: str | None) -> str:
    """Whole sections only, in this order of importance: table rows, incomplete-analysis
    lines, the footer, then each package's details; a pointer to the check run says what
    was left out."""
    total_findings = sum(count for _, count in layout.details)
    reserve = _pointer(total_findings, len(layout.rows) + layout.rest, details_url)
    # head + "\n\n" + pointer + "\n"; every kept section adds its length and a separator.
    # (+ slack: "0 more findings" is longer than "1 more finding")
    budget = max_chars - len(layout.head) - len(reserve) - 3 - 8
    rows = 0
    if layout.rows and len(table_header()) + 2 + len(layout.rows[0]) + 1 <= budget:
        budget -= len(table_header()) + 2
        while rows < len(layout.rows) and len(layout.rows[rows]) + 1 <= budget:
            budget -= len(layout.rows[rows]) + 1
            rows += 1
    rest = rest_line(layout.rest, layout.details_url) if layout.rest else ""
    hidden = len(layout.rows) - rows
    if rows == len(layout.rows) and rest:
        if len(rest) + 2 <= budget:
            budget -= len(rest) + 2
        else:
            rows = -1  # every row, and the pointer counts the rest
    if hidden or rows < 0:
        hidden += layout.rest
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
    pointer = _pointer(dropped, hidden, details_url)
    return layout.join(rows, incomplete, details, keep_footer, pointer)


def render_comment(
    result: ScanResult,
    *,
    details_url: str | None = None,
    policy_source: str | None = None,
    max_chars: int = DEFAULT_COMMENT_CHARS,
    notes: Sequence[str] = (),
) -> str:
    """The sticky pull-request comment, at most `max_chars` characters (≥ MIN_COMMENT_CHARS).

    The table lists only packages with something to review (a block, a warning or an
    incomplete analysis), most severe first; the others are one line. Each of those packages
    gets one `<details>` with its findings grouped by type. `notes` are short remarks shown
    above the footer (e.g. expired ignore rules, from `bot.policy.expired_ignore_notes`).
    When too long, whole sections go: details first (from the end), then the footer and
    notes, then incomplete-analysis lines, then table rows; the marker, the heading and a
    final "… N more findings" pointer to the check run always stay.
    """
    if max_chars < MIN_COMMENT_CHARS:
        raise ValueError(f"max_chars must be at least {MIN_COMMENT_CHARS}")
    to_review = [package for package in review_order(result.packages) if needs_review(package)]
    layout = _Layout(
        head=f"{COMMENT_MARKER}\n### capdiff — {heading_text(result)}",
        rows=[table_row(package) for package in to_review],
        rest=len(result.packages) - len(to_review),
        incomplete=incomplete_lines(result),
        details=detail_blocks(to_review, COMMENT_ACTIONS),
        footer=footer(result, details_url=details_url, policy_source=policy_source, notes=notes),
        details_url=details_url,
    )
    return _fit(layout, max_chars)


def needs_review(package: PackageResult) -> bool:
    """Something blocks or warns, or the package could not be analyzed in full."""
    return is_incomplete(package) or bool(grouped_alerts(package, COMMENT_ACTIONS))


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
    return bool(result.errors) or any(needs_review(package) for package in result.packages)
