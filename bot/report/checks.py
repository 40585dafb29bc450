"""The check run's output as data: title, summary, text and annotations within GitHub's limits.

The GitHub adapter sends `CheckRunOutput`; more than 50 annotations go in several requests
(`annotation_batches`), since each update appends to the ones already there.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import Action, AlertType, PackageResult, ScanResult, Verdict
from bot.report.escape import clip, inline, visible
from bot.report.markdown import (
    detail_blocks,
    heading_text,
    incomplete_lines,
    table_header,
    table_row,
)
from bot.report.summary import (
    adjusted_note,
    count_packages,
    grouped_alerts,
    maintainer_change_notes,
    plural,
    review_order,
)

__all__ = [
    "ANNOTATIONS_PER_REQUEST",
    "MAX_ANNOTATION_BYTES",
    "MAX_OUTPUT_CHARS",
    "MAX_TITLE_CHARS",
    "Annotation",
    "AnnotationLevel",
    "CheckRunOutput",
    "annotation_batches",
    "annotation_to_dict",
    "conclusion_for",
    "output_payload",
    "render_check_run",
]

MAX_OUTPUT_CHARS = 65535  # summary and text, each
ANNOTATIONS_PER_REQUEST = 50
MAX_TITLE_CHARS = 255
MAX_ANNOTATION_BYTES = 64 * 1024  # message and raw_details, each
# Per alert in an annotation's raw details; the check run's text has the rest.
_EVIDENCE_CHARS = 2000
ALL_ACTIONS = frozenset({Action.BLOCK, Action.WARN, Action.MONITOR})


@enum.unique
class AnnotationLevel(enum.StrEnum):
    FAILURE = "failure"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    path: str
    start_line: int
    end_line: int
    level: AnnotationLevel
    title: str
    message: str
    raw_details: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRunOutput:
    title: str
    summary: str
    text: str
    annotations: tuple[Annotation, ...] = ()


def conclusion_for(verdict: Verdict) -> str:
    """The check run's conclusion: "success", "failure" or "neutral"."""
    return verdict.value


def _title(result: ScanResult) -> str:
    counts = count_packages(result.packages)
    parts = []
    if counts.blocking:
        parts.append(f"{counts.blocking} blocking")
    if counts.warnings:
        parts.append(plural(counts.warnings, "warning"))
    incomplete = bool(counts.incomplete or result.errors)
    if parts:
        return ", ".join(parts) + (" (analysis incomplete)" if incomplete else "")
    if incomplete or result.verdict is Verdict.INCOMPLETE:
        return "Analysis incomplete"
    return "No new risky behaviour"


def _fit_lines(head: list[str], items: Sequence[str], tail: str, limit: int) -> str:
    """`head` + as many `items` as fit + (when some were dropped) a note naming how many."""
    text = "\n".join(head)
    for index, item in enumerate(items):
        candidate = f"{text}\n{item}"
        note = f"\n\n… {len(items) - index} more {tail} not shown (output limit)"
        if len(candidate) + len(note) > limit:
            return clip(text + note, limit)
        text = candidate
    return clip(text, limit)


def _summary(result: ScanResult, notes: Sequence[str]) -> str:
    head = [f"**{heading_text(result)}**", ""]
    if notes:
        head.extend([*(f"- {inline(note, 500)}" for note in notes[:20]), ""])
    incomplete = incomplete_lines(result)
    if incomplete:
        head.extend([*incomplete, ""])
    if not result.packages:
        return clip("\n".join(head), MAX_OUTPUT_CHARS)
    head.append(table_header())
    rows = [table_row(package, ALL_ACTIONS) for package in review_order(result.packages)]
    return _fit_lines(head, rows, "packages", MAX_OUTPUT_CHARS)


def _text(result: ScanResult) -> str:
    blocks = [
        block + "\n"
        for block, _ in detail_blocks(
            result.packages,
            ALL_ACTIONS,
            every_place=True,
            places=PLACES_IN_TEXT,
            max_block_chars=MAX_PACKAGE_CHARS,
        )
    ]
    if not blocks:
        return "Nothing new to report."
    return _fit_lines([], blocks, "packages", MAX_OUTPUT_CHARS).lstrip("\n")


PLACES_IN_TEXT = 20
# One package's share of the text at most, so a noisy package leaves room for the others.
MAX_PACKAGE_CHARS = 16_000


def _clip_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


def _annotation_level(package: PackageResult) -> AnnotationLevel:
    actions = {alert.action for alert in package.alerts}
    if Action.BLOCK in actions:
        return AnnotationLevel.FAILURE
    if Action.WARN in actions:
        return AnnotationLevel.WARNING
    return AnnotationLevel.NOTICE


def _annotations_for(package: PackageResult) -> list[Annotation]:
    groups = grouped_alerts(package, ALL_ACTIONS)
    if not groups and not package.incomplete_reasons:
        return []
    version = package.new_version or package.old_version or ""
    label = visible(f"{package.name} {version}".strip())
    types = ", ".join(alert_type.value for alert_type, _, _ in groups)
    if package.incomplete_reasons and AlertType.INCOMPLETE_ANALYSIS.value not in types:
        types = ", ".join(filter(None, [types, "analysis incomplete"]))
    title = clip(f"capdiff: {label} — {types}", MAX_TITLE_CHARS)
    messages = [
        f"{alert_type.value} ({adjusted_note(alerts) or action.value}): "
        f"{visible(clip(alerts[0].message, 1000))}"
        + (f" (+{len(alerts) - 1} more)" if len(alerts) > 1 else "")
        for alert_type, action, alerts in groups
    ]
    messages.extend(
        f"analysis incomplete: {visible(clip(reason, 1000))}"
        for reason in package.incomplete_reasons
    )
    message = f"{label}: " + "; ".join(messages)
    details = []
    for alert_type, _, alerts in groups:
        for alert in alerts:
            where = alert.file or ""
            if alert.file and alert.line is not None:
                where = f"{alert.file}:{alert.line}"
            head = f"[{alert_type.value}] {visible(where)}" if where else f"[{alert_type.value}]"
            body = alert.evidence.strip("\n") or alert.message
            details.append(f"{head}\n{visible(clip(body, _EVIDENCE_CHARS))}")
    raw_details = "\n\n".join(details)
    level = _annotation_level(package)
    annotations = []
    for location in dict.fromkeys(package.locations):
        line = location.line if location.line is not None and location.line > 0 else 1
        annotations.append(
            Annotation(
                path=location.path,
                start_line=line,
                end_line=line,
                level=level,
                title=title,
                message=_clip_bytes(message, MAX_ANNOTATION_BYTES),
                raw_details=_clip_bytes(raw_details, MAX_ANNOTATION_BYTES),
            )
        )
    return annotations


def render_check_run(result: ScanResult, *, notes: Sequence[str] = ()) -> CheckRunOutput:
    """Title, summary (the package table), text (every finding, monitor-level included) and
    one annotation per (package, manifest location) that has findings. `notes` (e.g. expired
    ignore rules) go at the top of the summary."""
    annotations = [
        annotation for package in result.packages for annotation in _annotations_for(package)
    ]
    return CheckRunOutput(
        title=_title(result),
        # A maintainer change beside new behaviour is raised above the table.
        summary=_summary(result, [*maintainer_change_notes(result.packages), *notes]),
        text=_text(result),
        annotations=tuple(annotations),
    )


def annotation_batches(
    annotations: Sequence[Annotation], size: int = ANNOTATIONS_PER_REQUEST
) -> list[tuple[Annotation, ...]]:
    """Annotations in groups of at most `size`, one group per create/update request."""
    if size < 1:
        raise ValueError("size must be positive")
    return [tuple(annotations[start : start + size]) for start in range(0, len(annotations), size)]


def annotation_to_dict(annotation: Annotation) -> dict[str, object]:
    """One entry of the REST `output.annotations` array."""
    data: dict[str, object] = {
        "path": annotation.path,
        "start_line": annotation.start_line,
        "end_line": annotation.end_line,
        "annotation_level": annotation.level.value,
        "title": annotation.title,
        "message": annotation.message,
    }
    if annotation.raw_details:
        data["raw_details"] = annotation.raw_details
    return data


def output_payload(
    output: CheckRunOutput, annotations: Sequence[Annotation] = ()
) -> dict[str, object]:
    """The REST `output` object for a create or update request carrying `annotations` (one
    batch from `annotation_batches`; pass none for requests after the ones that carry them)."""
    if len(annotations) > ANNOTATIONS_PER_REQUEST:
        raise ValueError(f"at most {ANNOTATIONS_PER_REQUEST} annotations per request")
    return {
        "title": output.title,
        "summary": output.summary,
        "text": output.text,
        "annotations": [annotation_to_dict(annotation) for annotation in annotations],
    }
