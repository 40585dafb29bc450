"""Analyze the artifacts of releases fast: each distinct file once, on every core.

An upgrade's old and new releases, and a release's sdist and wheel, share most of their
files. So we unpack every artifact first, collect the distinct (sha256, role) Python files
that no cache knows, analyze those once — spread over a process pool when there are enough
of them — and then assemble each artifact's result from the per-file results. Whole-artifact
results are cached by the archive's sha256, so a release seen before costs one lookup.

Nothing here executes package code: workers only run `analyze_python` (ast.parse + walk).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from email.parser import HeaderParser
from typing import Protocol

from bot.analysis.artifact import ArtifactAnalysis, analyze_artifact, artifact_mismatch_between
from bot.analysis.cache import DictFileResultCache, FileResultCache
from bot.analysis.parsing import PARSE_LOCK
from bot.analysis.python_code import analyze_python
from bot.analysis.roles import ArtifactKind
from bot.analysis.threats import threat_prescan
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.model import Finding

__all__ = [
    "ArtifactResultCache",
    "ArtifactRunner",
    "CoreMetadata",
    "ReleaseFindings",
    "SourceArtifact",
    "parse_core_metadata",
]

# Below this many bytes of Python to analyze, a process pool costs more than it saves:
# starting a spawned worker (interpreter + analyzer imports) costs about 0.3 s.
PARALLEL_MIN_BYTES = 2 * 1024 * 1024

# CPython 3.11 keeps ast.parse's recursion bookkeeping per interpreter, not per thread: two
# threads parsing at once can fail with "AST constructor recursion depth mismatch"
# (python/cpython#106905). So the threads of one process analyze one batch at a time (the
# GIL serialized them anyway), sharing the lock the build-configuration reader takes.
_PARSING = PARSE_LOCK


@dataclass(frozen=True, slots=True, kw_only=True)
class CoreMetadata:
    """The fields of METADATA / PKG-INFO that capdiff uses."""

    name: str = ""
    version: str = ""
    requires_dist: tuple[str, ...] = ()
    people: frozenset[str] = frozenset()  # author and maintainer names and emails, lower-case
    project_urls: tuple[str, ...] = ()


def parse_core_metadata(text: str) -> CoreMetadata:
    """Read core metadata (RFC 822 headers); never raises on malformed input."""
    headers = HeaderParser().parsestr(text, headersonly=True)
    people = {
        value.strip().lower()
        for key in ("Author", "Author-email", "Maintainer", "Maintainer-email")
        for value in (headers.get_all(key) or [])
        if isinstance(value, str) and value.strip() and value.strip().upper() != "UNKNOWN"
    }
    urls = [
        value.split(",", 1)[-1].strip()
        for value in (headers.get_all("Project-URL") or [])
        if isinstance(value, str)
    ]
    home = headers.get("Home-page")
    if isinstance(home, str) and home.strip() and home.strip().upper() != "UNKNOWN":
        urls.append(home.strip())
    return CoreMetadata(
        name=str(headers.get("Name") or "").strip(),
        version=str(headers.get("Version") or "").strip(),
        requires_dist=tuple(
            str(value).strip() for value in (headers.get_all("Requires-Dist") or [])
        ),
        people=frozenset(people),
        project_urls=tuple(urls),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceArtifact:
    """One downloaded (or local) archive of a release."""

    filename: str
    data: bytes
    sha256: str = ""

    def digest(self) -> str:
        return self.sha256 or hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseFindings:
    """Everything analyzing one release's artifacts found."""

    name: str
    version: str
    artifacts: tuple[str, ...]
    findings: tuple[Finding, ...]
    incomplete_reasons: tuple[str, ...] = ()
    metadata: CoreMetadata = field(default_factory=CoreMetadata)

    @property
    def requires_dist(self) -> tuple[str, ...]:
        return self.metadata.requires_dist


class ArtifactResultCache(Protocol):
    def get(self, sha256: str, include_not_installed: bool) -> ArtifactAnalysis | None: ...

    def put(self, sha256: str, include_not_installed: bool, result: ArtifactAnalysis) -> None: ...


class _Inventory:
    """A first pass that lists every Python file an analysis would look at, by digest."""

    def __init__(self) -> None:
        self.files: dict[tuple[str, FileRole], SourceFile] = {}

    def __call__(self, source: SourceFile) -> FileAnalysis:
        self.files.setdefault((hashlib.sha256(source.data).hexdigest(), source.role), source)
        return FileAnalysis(findings=())


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Parts of an API name that need not be written in the source.
_IMPLIED_WORDS = frozenset({"builtins", "setup", "cmdclass"})


def _evidence_words(finding: Finding) -> tuple[bytes, ...] | None:
    """Words a file must contain to produce `finding`'s key; None when we cannot tell."""
    api = finding.api
    if api.startswith("url:"):
        return (api[4:].split("/", 1)[0].encode(),)
    if not api or api.startswith(("path:", "entropy", "obfuscator", "unicode")):
        return None
    words = [w for w in _WORD.findall(api) if w not in _IMPLIED_WORDS]
    return tuple(w.encode() for w in words) or None


class _CollectingAnalyzer:
    """A first pass that records which files need analysis instead of analyzing them."""

    def __init__(self, known: FileResultCache | None) -> None:
        self.known = known
        self.wanted: dict[tuple[str, FileRole], SourceFile] = {}

    def __call__(self, source: SourceFile) -> FileAnalysis:
        digest = hashlib.sha256(source.data).hexdigest()
        key = (digest, source.role)
        if key not in self.wanted and (self.known is None or self.known.get(*key) is None):
            self.wanted[key] = source
        return FileAnalysis(findings=())


def analyze_files(sources: Sequence[SourceFile]) -> list[FileAnalysis]:
    """Worker entry point (top level, so a process pool can pickle it)."""
    results = []
    for source in sources:
        try:
            results.append(analyze_python(source))
        except RecursionError:
            results.append(
                FileAnalysis(
                    findings=(),
                    parsed=False,
                    incomplete_reason="analysis stopped: nesting too deep",
                )
            )
    return results


def _analyze_files_in_thread(sources: Sequence[SourceFile]) -> list[FileAnalysis]:
    with _PARSING:
        return analyze_files(sources)


def _chunks(sources: list[SourceFile], count: int) -> list[list[SourceFile]]:
    """Split into `count` chunks of similar total size (largest first, greedy)."""
    buckets: list[list[SourceFile]] = [[] for _ in range(count)]
    sizes = [0] * count
    for source in sorted(sources, key=lambda s: len(s.data), reverse=True):
        smallest = sizes.index(min(sizes))
        buckets[smallest].append(source)
        sizes[smallest] += len(source.data)
    return [bucket for bucket in buckets if bucket]


@dataclass(slots=True)
class ArtifactRunner:
    """Analyzes artifacts with a per-file cache, a per-artifact cache and an optional pool."""

    file_cache: FileResultCache | None = None
    artifact_cache: ArtifactResultCache | None = None
    executor: Executor | None = None
    workers: int = 2
    include_not_installed: bool = False
    parallel_min_bytes: int = PARALLEL_MIN_BYTES

    def cached(self, sha256: str) -> ArtifactAnalysis | None:
        """A stored analysis of the artifact with this digest, if any."""
        if not sha256 or self.artifact_cache is None:
            return None
        return self.artifact_cache.get(sha256, self.include_not_installed)

    async def analyze(self, artifacts: Sequence[SourceArtifact]) -> list[ArtifactAnalysis]:
        """One result per artifact, in order."""
        results: list[ArtifactAnalysis | None] = []
        pending: list[tuple[int, SourceArtifact]] = []
        for position, artifact in enumerate(artifacts):
            cached = (
                self.artifact_cache.get(artifact.digest(), self.include_not_installed)
                if self.artifact_cache is not None
                else None
            )
            results.append(cached)
            if cached is None:
                pending.append((position, artifact))
        if pending:
            fresh = await asyncio.to_thread(self._collect, [a for _, a in pending])
            analyzed = await self._analyze_wanted(fresh)
            assembled = await asyncio.to_thread(self._assemble, [a for _, a in pending], analyzed)
            for (position, artifact), result in zip(pending, assembled, strict=True):
                results[position] = result
                if self.artifact_cache is not None and not result.incomplete_reasons:
                    self.artifact_cache.put(artifact.digest(), self.include_not_installed, result)
        return [result for result in results if result is not None]

    async def compare_releases(
        self,
        *,
        name: str,
        old_version: str,
        new_version: str,
        old: Sequence[SourceArtifact],
        new: Sequence[SourceArtifact],
    ) -> tuple[ReleaseFindings, ReleaseFindings]:
        """(new, old) findings for a diff, analyzing only what the upgrade changed.

        A file present, byte for byte and in the same role, in both releases gives the same
        findings on both sides, so it can never make a capability new. Only the files that
        differ are analyzed, plus the unchanged ones `threat_prescan` cannot rule out (threats
        are never diffed away). A finding of a changed file is new unless the old release has
        its key; the unchanged files that could have it (they contain every word of its API)
        are then analyzed too, so nothing is reported new that the old release already did.
        Releases analyzed this way are partial: they feed the diff, not the artifact cache.
        """
        old_files, new_files = await asyncio.to_thread(self._inventories, old, new)
        shared = old_files.keys() & new_files.keys()
        changed = [s for k, s in (*new_files.items(), *old_files.items()) if k not in shared]
        # An unchanged file cannot bring a new capability, but a threat blocks whatever the
        # old release had: unchanged files with a strong threat token are analyzed too.
        inherited = {key for key in shared if key[1] is FileRole.INSTALL_TIME
                     or threat_prescan(new_files[key].data)}
        results = await self._analyze_known_or_fresh(
            [*changed, *(new_files[key] for key in inherited)])
        skipped = {key: FileAnalysis(findings=()) for key in shared - inherited}

        def assemble() -> tuple[ReleaseFindings, ReleaseFindings]:
            cache = _LayeredCache(results, None, skipped)
            new_release = combine_release(
                name=name, version=new_version, analyses=self._assemble(new, cache)
            )
            old_release = combine_release(
                name=name, version=old_version, analyses=self._assemble(old, cache)
            )
            return new_release, old_release

        new_release, old_release = await asyncio.to_thread(assemble)
        old_keys = {f.key for f in old_release.findings}
        changed_paths = {s.path for s in changed}
        needed: set[tuple[bytes, ...] | None] = {
            _evidence_words(f)
            for f in new_release.findings
            if f.key not in old_keys and f.file in changed_paths
        }
        suspects = [
            new_files[key]
            for key in shared
            if None in needed
            or any(all(w in new_files[key].data for w in words) for words in needed if words)
        ]
        if suspects:
            extra = await self._analyze_known_or_fresh(suspects)
            for (digest, role, _), result in extra.entries.items():
                skipped.pop((digest, role), None)
                results.put(digest, role, result)
            new_release, old_release = await asyncio.to_thread(assemble)
        return new_release, old_release

    def _inventories(
        self, old: Sequence[SourceArtifact], new: Sequence[SourceArtifact]
    ) -> tuple[dict[tuple[str, FileRole], SourceFile], dict[tuple[str, FileRole], SourceFile]]:
        sides = []
        for artifacts in (old, new):
            inventory = _Inventory()
            for artifact in artifacts:
                analyze_artifact(
                    artifact.data,
                    artifact.filename,
                    python_analyzer=inventory,
                    include_not_installed=self.include_not_installed,
                    byte_scan=False,  # this pass only lists the files
                )
            sides.append(inventory.files)
        return sides[0], sides[1]

    async def _analyze_known_or_fresh(self, sources: Sequence[SourceFile]) -> DictFileResultCache:
        """Results for `sources`: from the persistent cache where it has them, else analyzed."""
        known = DictFileResultCache()
        missing: list[SourceFile] = []
        for source in sources:
            digest = hashlib.sha256(source.data).hexdigest()
            hit = self.file_cache.get(digest, source.role) if self.file_cache else None
            if hit is None:
                missing.append(source)
            else:
                known.put(digest, source.role, hit)
        fresh = await self._analyze_wanted(missing)
        for (digest, role, _), result in fresh.entries.items():
            known.put(digest, role, result)
        return known

    def _collect(self, artifacts: Sequence[SourceArtifact]) -> list[SourceFile]:
        collector = _CollectingAnalyzer(self.file_cache)
        for artifact in artifacts:
            analyze_artifact(
                artifact.data,
                artifact.filename,
                python_analyzer=collector,
                include_not_installed=self.include_not_installed,
                byte_scan=False,  # this pass only lists the files
            )
        return list(collector.wanted.values())

    async def _analyze_wanted(self, sources: list[SourceFile]) -> DictFileResultCache:
        fresh = DictFileResultCache()
        if not sources:
            return fresh
        total = sum(len(source.data) for source in sources)
        if self.executor is None or total < self.parallel_min_bytes or self.workers < 2:
            results = await asyncio.to_thread(_analyze_files_in_thread, sources)
            chunks = [sources]
            flat = [results]
        else:
            loop = asyncio.get_running_loop()
            chunks = _chunks(sources, self.workers * 2)
            flat = await asyncio.gather(
                *(loop.run_in_executor(self.executor, analyze_files, chunk) for chunk in chunks)
            )
        for chunk, chunk_results in zip(chunks, flat, strict=True):
            for source, result in zip(chunk, chunk_results, strict=True):
                digest = hashlib.sha256(source.data).hexdigest()
                fresh.put(digest, source.role, result)
                if self.file_cache is not None:
                    self.file_cache.put(digest, source.role, result)
        return fresh

    def _assemble(
        self, artifacts: Sequence[SourceArtifact], fresh: DictFileResultCache | _LayeredCache
    ) -> list[ArtifactAnalysis]:
        cache = fresh if isinstance(fresh, _LayeredCache) else _LayeredCache(fresh, self.file_cache)
        with _PARSING:  # a file missing from both caches is parsed here
            return [
                analyze_artifact(
                    artifact.data,
                    artifact.filename,
                    python_analyzer=analyze_python,
                    cache=cache,
                    include_not_installed=self.include_not_installed,
                )
                for artifact in artifacts
            ]

    async def analyze_release(
        self, *, name: str, version: str, artifacts: Sequence[SourceArtifact]
    ) -> ReleaseFindings:
        analyses = await self.analyze(artifacts)
        return combine_release(name=name, version=version, analyses=analyses)


@dataclass(slots=True)
class _LayeredCache:
    """This run's fresh results first, then the persistent cache; writes go to neither."""

    fresh: DictFileResultCache
    persistent: FileResultCache | None
    # Files deliberately not analyzed (identical in both releases of a comparison).
    skipped: dict[tuple[str, FileRole], FileAnalysis] = field(default_factory=dict)

    def get(self, sha256: str, role: FileRole) -> FileAnalysis | None:
        hit = self.fresh.get(sha256, role)
        if hit is None and self.persistent is not None:
            hit = self.persistent.get(sha256, role)
        if hit is None:
            hit = self.skipped.get((sha256, role))
        return hit

    def put(self, sha256: str, role: FileRole, result: FileAnalysis) -> None:
        self.fresh.put(sha256, role, result)


def combine_release(
    *, name: str, version: str, analyses: Sequence[ArtifactAnalysis]
) -> ReleaseFindings:
    """Merge a release's artifact analyses: findings keep the artifact they came from."""
    findings: list[Finding] = []
    reasons: list[str] = []
    for analysis in analyses:
        findings.extend(analysis.findings)
        # An archive that did not open says so under its own name already.
        reasons.extend(
            reason
            if reason.startswith(f"{analysis.artifact}: ")
            else f"{analysis.artifact}: {reason}"
            for reason in analysis.incomplete_reasons
        )
    sdist = next((a for a in analyses if a.kind is ArtifactKind.SDIST), None)
    wheel = next((a for a in analyses if a.kind is ArtifactKind.WHEEL), None)
    if sdist is not None and wheel is not None:
        findings.extend(artifact_mismatch_between(sdist, wheel))
    # The wheel's METADATA is what an installer reads; the sdist's PKG-INFO may be older.
    metadata_text = next(
        (a.core_metadata for a in (wheel, sdist) if a is not None and a.core_metadata), None
    )
    metadata = parse_core_metadata(metadata_text) if metadata_text else CoreMetadata()
    return ReleaseFindings(
        name=name,
        version=version,
        artifacts=tuple(a.artifact for a in analyses),
        findings=tuple(findings),
        incomplete_reasons=tuple(reasons),
        metadata=metadata,
    )
