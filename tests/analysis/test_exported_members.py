"""The public surface of the archive and artifact modules, pinned."""

from __future__ import annotations

import importlib

import pytest

EXPORTS = {
    "bot.archive": [
        "DEFAULT_LIMITS", "HEAD_BYTES", "ArchiveFormat", "ArchiveLimits", "Member",
        "MemberSelector", "SkippedMember", "StreamSink", "UnpackedArchive", "detect_format",
        "open_archive",
    ],
    "bot.analysis.roles": [
        "ArtifactKind", "PackageLayout", "artifact_kind", "build_system_table", "classify",
        "packaged_test_code", "sdist_layout", "wheel_layout", "wheel_top_level_name",
    ],
    "bot.analysis.parsing": ["PARSE_LOCK", "parse_module"],
    "bot.analysis.build_config": ["InstallPlan", "InstallTimeCode", "TextReader",
                                  "install_plan", "install_time_code"],
    "bot.analysis.artifact_checks": [
        "KNOWN_BUILD_BACKENDS", "artifact_mismatch", "binary_kind", "build_backend_findings",
        "fold_binary_name", "native_code_findings", "pth_findings", "startup_module_findings",
    ],
    "bot.analysis.artifact": ["ArtifactAnalysis", "analyze_artifact",
                              "artifact_mismatch_between"],
    "bot.analysis.cache": ["DictFileResultCache", "FileResultCache"],
    "bot.analysis.token_scan": ["MAX_TOKEN_BYTES", "TokenScanner", "scan_chunks"],
    "bot.analysis.compare": ["FindingGroup", "best_first", "new_findings", "summarize"],
}


@pytest.mark.parametrize("module", sorted(EXPORTS))
def test_exported_members(module: str) -> None:
    imported = importlib.import_module(module)
    assert sorted(imported.__all__) == sorted(EXPORTS[module])
    for name in imported.__all__:
        assert hasattr(imported, name)
