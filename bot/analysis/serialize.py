"""JSON-safe dictionaries for analysis results, for caches (never pickle: a cache may be shared)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from bot.analysis.types import FileAnalysis
from bot.model import AlertType, Finding, Severity

if TYPE_CHECKING:
    from bot.analysis.artifact import ArtifactAnalysis

__all__ = [
    "artifact_from_dict",
    "artifact_to_dict",
    "file_analysis_from_dict",
    "file_analysis_to_dict",
    "finding_from_dict",
    "finding_to_dict",
]

JsonDict = dict[str, object]


def finding_to_dict(finding: Finding) -> JsonDict:
    return {
        "type": finding.type.value,
        "severity": int(finding.severity),
        "file": finding.file,
        "line": finding.line,
        "evidence": finding.evidence,
        "reason": finding.reason,
        "api": finding.api,
        "normalized": finding.normalized,
        "artifact": finding.artifact,
        "not_installed": finding.not_installed,
        "test_code": finding.test_code,
    }


def finding_from_dict(data: Mapping[str, object]) -> Finding:
    line = data.get("line")
    return Finding(
        type=AlertType(str(data["type"])),
        severity=Severity(cast(int, data["severity"])),
        file=str(data["file"]),
        line=line if isinstance(line, int) else None,
        evidence=str(data.get("evidence", "")),
        reason=str(data.get("reason", "")),
        api=str(data.get("api", "")),
        normalized=str(data.get("normalized", "")),
        artifact=str(data.get("artifact", "")),
        not_installed=bool(data.get("not_installed", False)),
        test_code=bool(data.get("test_code", False)),
    )


def file_analysis_to_dict(result: FileAnalysis) -> JsonDict:
    return {
        "findings": [finding_to_dict(f) for f in result.findings],
        "parsed": result.parsed,
        "incomplete_reason": result.incomplete_reason,
    }


def file_analysis_from_dict(data: Mapping[str, object]) -> FileAnalysis:
    reason = data.get("incomplete_reason")
    return FileAnalysis(
        findings=tuple(finding_from_dict(f) for f in cast(list[JsonDict], data["findings"])),
        parsed=bool(data.get("parsed", True)),
        incomplete_reason=reason if isinstance(reason, str) else None,
    )


def artifact_to_dict(result: ArtifactAnalysis) -> JsonDict:
    return {
        "artifact": result.artifact,
        "kind": result.kind.value,
        "findings": [finding_to_dict(f) for f in result.findings],
        "incomplete_reasons": list(result.incomplete_reasons),
        "warnings": list(result.warnings),
        "files_total": result.files_total,
        "files_analyzed": result.files_analyzed,
        "files_from_cache": result.files_from_cache,
        "parse_fallbacks": result.parse_fallbacks,
        "paths": list(result.paths),
        "core_metadata": result.core_metadata,
    }


def artifact_from_dict(data: Mapping[str, object]) -> ArtifactAnalysis:
    # Imported here: the analyzer's modules are heavy, and a warm `capdiff compare` that
    # reads only findings from the cache should not pay for them.
    from bot.analysis.artifact import ArtifactAnalysis  # noqa: PLC0415
    from bot.analysis.roles import ArtifactKind  # noqa: PLC0415

    core = data.get("core_metadata")
    return ArtifactAnalysis(
        artifact=str(data["artifact"]),
        kind=ArtifactKind(str(data["kind"])),
        findings=tuple(finding_from_dict(f) for f in cast(list[JsonDict], data["findings"])),
        incomplete_reasons=tuple(cast(list[str], data.get("incomplete_reasons", []))),
        warnings=tuple(cast(list[str], data.get("warnings", []))),
        files_total=cast(int, data.get("files_total", 0)),
        files_analyzed=cast(int, data.get("files_analyzed", 0)),
        files_from_cache=cast(int, data.get("files_from_cache", 0)),
        parse_fallbacks=cast(int, data.get("parse_fallbacks", 0)),
        paths=tuple(cast(list[str], data.get("paths", []))),
        core_metadata=core if isinstance(core, str) else None,
    )
