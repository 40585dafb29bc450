"""Analyze one sdist or wheel: unpack in memory, give each file a role, run the detectors.

`analyze_artifact` is pure: bytes in, a frozen `ArtifactAnalysis` out. Its collaborators are
passed in (the Python analyzer must be a top-level function and the cache may be None), so
it can run in a worker process.

Only `.py`/`.pyw` files and scripts with a Python shebang go to the Python analyzer; `.pth`
files, binaries and pyproject.toml have their own checks here. Such a file too large to
parse gets a bounded byte scan for threat tokens (`bot.analysis.token_scan`) and stays in
the incomplete reasons. Files an install never runs
(an sdist's tests, docs, examples) are skipped unless `include_not_installed=True`; then
their findings carry `not_installed`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.analysis.artifact_checks import (
    artifact_mismatch,
    build_backend_findings,
    native_code_findings,
    pth_findings,
    startup_module_findings,
)
from bot.analysis.cache import FileResultCache
from bot.analysis.roles import (
    ArtifactKind,
    PackageLayout,
    artifact_kind,
    classify,
    packaged_test_code,
    sdist_layout,
    wheel_layout,
)
from bot.analysis.token_scan import scan_chunks
from bot.analysis.types import FileAnalysis, FileRole, PythonAnalyzer, SourceFile
from bot.archive import (
    DEFAULT_LIMITS,
    ArchiveLimits,
    Member,
    SkippedMember,
    UnpackedArchive,
    open_archive,
)
from bot.errors import ArchiveError
from bot.model import AlertType, Finding, Severity

__all__ = ["ArtifactAnalysis", "analyze_artifact", "artifact_mismatch_between"]

_PYTHON_SUFFIXES = (".py", ".pyw")
_METADATA_NAMES = frozenset({"PKG-INFO", "METADATA", "pyproject.toml", "top_level.txt",
                             "setup.cfg"})
_MAX_REASONS = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ArtifactAnalysis:
    artifact: str  # file name of the sdist or wheel
    kind: ArtifactKind
    findings: tuple[Finding, ...] = ()
    incomplete_reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    files_total: int = 0  # regular files in the archive
    files_analyzed: int = 0  # Python files analyzed, cache hits included
    files_from_cache: int = 0
    parse_fallbacks: int = 0  # Python files that did not parse and got the fallback scan
    # Every member path, for comparing an sdist with its wheel (`artifact_mismatch_between`).
    paths: tuple[str, ...] = ()
    # The wheel's `*.dist-info/METADATA` or the sdist's `PKG-INFO` (Requires-Dist, authors).
    core_metadata: str | None = None


def _wanted(path: str) -> bool:
    """Which members' bytes we keep; everything else is only listed (size and magic)."""
    name = path.rsplit("/", 1)[-1]
    return (name.endswith((*_PYTHON_SUFFIXES, ".pth")) or name in _METADATA_NAMES
            or _in_scripts_dir(path))


def _in_scripts_dir(path: str) -> bool:
    # Wheel `.data/scripts/` and an sdist's `scripts/` or `bin/` (setup(scripts=...)) hold
    # commands that often have no .py suffix. (sdist paths still have their top directory.)
    return ".data/scripts/" in path or any(f"{d}/" in path for d in ("scripts", "bin"))


def _is_python(member: Member) -> bool:
    """A .py/.pyw file, or a script whose shebang names Python (`#!python`, `#!/usr/bin/env
    python3`): installers turn those into commands."""
    if member.path.endswith(_PYTHON_SUFFIXES):
        return True
    first_line = member.head.split(b"\n", 1)[0]
    return first_line.startswith(b"#!") and b"python" in first_line


def analyze_artifact(
    data: bytes,
    filename: str,
    *,
    python_analyzer: PythonAnalyzer,
    cache: FileResultCache | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    include_not_installed: bool = False,
    byte_scan: bool = True,
) -> ArtifactAnalysis:
    """`byte_scan=False` skips the scan of too-large files (for passes that only list files)."""
    kind = artifact_kind(filename)
    # Too-large selected files, by the path the archive reader saw (an sdist's still has its
    # top-level directory): what the byte scan found in each.
    scanned: dict[str, tuple[Finding, ...]] = {}

    def scan_oversized(path: str, chunks: Iterator[bytes]) -> None:
        scanned[path] = scan_chunks(path, chunks, artifact=filename)

    try:
        archive = open_archive(data, filename, limits, select=_wanted,
                               stream=scan_oversized if byte_scan else None)
    except ArchiveError as e:
        return ArtifactAnalysis(artifact=filename, kind=kind, incomplete_reasons=(str(e),))
    layout = _layout(archive, kind)
    roles = {m.path: classify(m.path, artifact_kind=kind, layout=layout) for m in archive.members}
    reasons = list(archive.incomplete_reasons)
    reasons.extend(f"{s.path!r} not analyzed: {s.reason}" for s in archive.skipped
                   if not s.is_link)

    findings: list[Finding] = []
    analyzed = from_cache = fallbacks = 0
    for member in archive.members:
        role = roles[member.path]
        # A `.pth` file or script too large to keep is as much a gap as a `.py` file.
        scanned_only = member.data is None and _scanned(scanned, member.path) is not None
        if not (_is_python(member) or scanned_only):
            continue
        if role is FileRole.NOT_INSTALLED and not include_not_installed:
            continue
        if member.data is None:
            # Unselected (a shebang script outside the script directories, seen by its
            # head only) is not a gap worth reporting; a selected file we could not read is.
            if member.unread_reason is not None:
                hits = _scanned(scanned, member.path)
                scan_note = " (scanned for threat tokens only)" if hits is not None else ""
                reasons.append(
                    f"{member.path} not analyzed: {member.unread_reason}{scan_note}"
                )
                findings.extend(
                    dataclasses.replace(f, file=member.path,
                                        not_installed=role is FileRole.NOT_INSTALLED)
                    for f in hits or ()
                )
            continue
        source = SourceFile(path=member.path, data=member.data, role=role, artifact=filename)
        result, cached = _analyze_file(source, analyzer=python_analyzer, cache=cache)
        analyzed += 1
        from_cache += cached
        fallbacks += not result.parsed
        if result.incomplete_reason:
            reasons.append(f"{member.path}: {result.incomplete_reason}")
        not_installed = role is FileRole.NOT_INSTALLED
        test_code = packaged_test_code(member.path, role)
        # A cached result may come from another artifact or path: label it with this one.
        findings.extend(
            dataclasses.replace(f, artifact=filename, not_installed=not_installed,
                                test_code=test_code, file=member.path)
            for f in result.findings
        )

    findings.extend(_artifact_findings(archive, kind, filename, roles, include_not_installed))
    findings.extend(unsafe_member_findings(archive.skipped, artifact=filename))
    return ArtifactAnalysis(
        artifact=filename,
        kind=kind,
        findings=tuple(findings),
        incomplete_reasons=_capped(reasons),
        warnings=_capped(list(archive.warnings)),
        files_total=len(archive.members),
        files_analyzed=analyzed,
        files_from_cache=from_cache,
        parse_fallbacks=fallbacks,
        paths=tuple(m.path for m in archive.members),
        core_metadata=_core_metadata(archive, kind),
    )


def _scanned(scanned: Mapping[str, tuple[Finding, ...]], path: str
             ) -> tuple[Finding, ...] | None:
    """The byte scan's findings for a member, whose sdist path lost its top directory."""
    if path in scanned:
        return scanned[path]
    return next((hits for key, hits in scanned.items() if key.split("/", 1)[-1] == path), None)


def _core_metadata(archive: UnpackedArchive, kind: ArtifactKind) -> str | None:
    if kind is not ArtifactKind.WHEEL:
        return _text(archive, "PKG-INFO")
    member = next((m for m in archive.members
                   if m.path.endswith(".dist-info/METADATA") and m.path.count("/") == 1), None)
    return None if member is None else _decode(member)


# Skip reasons no honest build tool produces: the archive tries to escape or to lie.
_HOSTILE_REASONS = (
    ("absolute path", "absolute-path"),
    ("path traversal", "path-traversal"),
    ("NUL character", "nul-in-path"),
    ("device", "device-member"),
    ("path goes through link", "write-through-link"),
    ("decompresses beyond", "size-lie"),
    ("compression ratio", "compression-bomb"),
)


def unsafe_member_findings(skipped: Sequence[SkippedMember], *, artifact: str
                           ) -> list[Finding]:
    """One `unsafe-archive` finding per kind of hostile member, with the first example."""
    found: dict[str, Finding] = {}
    for member in skipped:
        category = next((c for text, c in _HOSTILE_REASONS if member.reason.startswith(text)
                         or text in member.reason), None)
        if category is None or category in found:
            continue
        found[category] = Finding(
            type=AlertType.UNSAFE_ARCHIVE, severity=Severity.HIGH, file=member.path[:300],
            line=None, evidence="", artifact=artifact, api=f"archive:{category}",
            reason=(f"The archive has a member an installer could be tricked with "
                    f"({member.reason}); capdiff skipped it."),
        )
    return list(found.values())


def artifact_mismatch_between(sdist: ArtifactAnalysis, wheel: ArtifactAnalysis
                              ) -> tuple[Finding, ...]:
    """`artifact-mismatch` findings for a release whose sdist and wheel were both analyzed."""
    return artifact_mismatch(sdist.paths, wheel.paths, wheel_artifact=wheel.artifact)


def _analyze_file(source: SourceFile, *, analyzer: PythonAnalyzer,
                  cache: FileResultCache | None) -> tuple[FileAnalysis, bool]:
    digest = hashlib.sha256(source.data).hexdigest()
    if cache is not None:
        hit = cache.get(digest, source.role)
        if hit is not None:
            return hit, True
    try:
        result = analyzer(source)
    except RecursionError:
        return FileAnalysis(findings=(), parsed=False,
                            incomplete_reason="analysis stopped: nesting too deep"), False
    if cache is not None:
        cache.put(digest, source.role, result)
    return result, False


def _artifact_findings(archive: UnpackedArchive, kind: ArtifactKind, artifact: str,
                       roles: Mapping[str, FileRole], include_not_installed: bool
                       ) -> list[Finding]:
    members = [m for m in archive.members
               if include_not_installed or roles[m.path] is not FileRole.NOT_INSTALLED]
    found = [*native_code_findings(members, artifact=artifact, roles=roles),
             *pth_findings(members, artifact=artifact, roles=roles)]
    if kind is ArtifactKind.WHEEL:
        found.extend(startup_module_findings((m.path for m in members), artifact=artifact))
    else:
        pyproject = _text(archive, "pyproject.toml")
        if pyproject is not None:
            found.extend(build_backend_findings(pyproject, artifact=artifact))
    return found


def _layout(archive: UnpackedArchive, kind: ArtifactKind) -> PackageLayout:
    if kind is ArtifactKind.WHEEL:
        top_level = next((_decode(m) for m in archive.members
                          if m.path.endswith(".dist-info/top_level.txt")
                          and m.path.count("/") == 1), None)
        return wheel_layout((m.path for m in archive.members), top_level)
    egg_top_level = next((_decode(m) for m in archive.members
                          if m.path.endswith(".egg-info/top_level.txt")
                          and m.path.count("/") <= 2), None)
    texts = {m.path: m for m in archive.members}

    def read(path: str) -> str | None:
        member = texts.get(path)
        return None if member is None else _decode(member)

    return sdist_layout(project_name=_project_name(_text(archive, "PKG-INFO")),
                        top_level_txt=egg_top_level,
                        pyproject_text=_text(archive, "pyproject.toml"),
                        paths=tuple(texts), read=read)


def _project_name(pkg_info: str | None) -> str | None:
    if pkg_info is None:
        return None
    for line in pkg_info.splitlines():
        if line.startswith("Name:"):
            return line[5:].strip() or None
        if not line.strip():
            break
    return None


def _text(archive: UnpackedArchive, path: str) -> str | None:
    member = next((m for m in archive.members if m.path == path), None)
    return None if member is None else _decode(member)


def _decode(member: Member) -> str | None:
    return None if member.data is None else member.data.decode("utf-8", errors="replace")


def _capped(reasons: list[str]) -> tuple[str, ...]:
    if len(reasons) <= _MAX_REASONS:
        return tuple(reasons)
    return (*reasons[:_MAX_REASONS], f"... and {len(reasons) - _MAX_REASONS} more")
