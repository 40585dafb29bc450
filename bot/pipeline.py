"""The scan pipeline: manifests → dependency diff → versions → archives → analysis → policy.

`PipelineScanner` implements the `Scanner` port for every adapter (GitHub, local git).
`ReleaseAnalyzer` does the per-package work and is also what `capdiff inspect` and
`capdiff compare` call. Collaborators (index, runner with its caches and pool) are passed
in; nothing here chooses a concrete adapter. Exceptions raised by a progress callback
(e.g. a job superseded by a newer push) pass through untouched.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol, cast

from packaging.markers import default_environment
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.analysis.compare import new_findings
from bot.analysis.reputation import reputation_findings
from bot.analysis.serialize import finding_from_dict, finding_to_dict
from bot.analysis.standing import project_reputation
from bot.analysis.typosquat import TyposquatMatch
from bot.comparison import (
    PackageComparison,
    comparison_from_dict,
    comparison_result,
    comparison_to_dict,
    findings_to_alerts,
    local_comparison_key,
)
from bot.diff import diff_dependencies
from bot.errors import IndexFetchError, NotFoundError
from bot.feeds.interface import AdvisoryFeed, ReleaseKey, release_advice
from bot.feeds.records import ADVISORY_API_PREFIX, without_duplicates
from bot.index.interface import PackageIndex, ProjectFiles, ProjectMetadata, ReleaseFile
from bot.index.resolve import choose_artifacts, pick_version
from bot.manifest_reading import (
    include_targets,
    includers_of,
    manifests_to_read,
    read_manifests,
)
from bot.model import (
    Alert,
    AlertType,
    ChangeKind,
    DependencyChange,
    Finding,
    Manifest,
    ManifestKind,
    NormalizedName,
    PackageResult,
    ReleaseState,
    Reputation,
    ScanResult,
    Severity,
    SourceKind,
    canonicalize_name,
)
from bot.policy import (
    Policy,
    action_for,
    apply_policy,
    decide_verdict,
    path_selected,
)
from bot.release_analysis import (
    ArtifactRunner,
    ReleaseFindings,
    SourceArtifact,
    combine_release,
)
from bot.scanning import ProgressCallback, ScanRequest

__all__ = [
    "EngineOptions",
    "PackageComparison",
    "PipelineScanner",
    "ReleaseAnalyzer",
    "added_requirements",
    "findings_to_alerts",
]

# How a release whose files exist but could not be downloaded is described (not a 404).
_FETCH_FAILED = "could not be fetched"
_ANALYZED_CHANGES = frozenset({ChangeKind.ADDED, ChangeKind.UPGRADED, ChangeKind.CHANGED})
# Requires-Dist markers are evaluated for the most common CI and production platform.
TARGET_ENVIRONMENT: dict[str, str] = {
    **{key: str(value) for key, value in default_environment().items()},
    "sys_platform": "linux",
    "platform_system": "Linux",
    "os_name": "posix",
    "platform_machine": "x86_64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "python_version": "3.12",
    "python_full_version": "3.12.0",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineOptions:
    # How deep to follow Requires-Dist entries that an added or upgraded release brings.
    transitive_depth: int = 2
    # Packages analyzed at once (downloads overlap; CPU work shares the runner's pool).
    concurrency: int = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class _Known:
    """What the advisory feed says about one release."""

    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class ReleaseAnalyzer:
    """Fetches releases from an index and analyzes them; caches live behind `runner`."""

    index: PackageIndex
    runner: ArtifactRunner
    now: Callable[[], datetime]
    typosquat: Callable[[str], TyposquatMatch | None] | None = None
    # A project's place in the download ranking (1 = most downloaded), None when unranked.
    popularity: Callable[[str], int | None] | None = None
    options: EngineOptions = field(default_factory=EngineOptions)
    # Remembers what a new release brings over an old one, by both releases' digests.
    comparisons: ComparisonCache | None = None
    # Known malware and advisories for the exact release (OSV); None asks no feed.
    advisories: AdvisoryFeed | None = None
    # False when feeds are switched off: the index's own advisory list is dropped too, so
    # what remains is static detection alone.
    known_advisories: bool = True

    async def prefetch_advisories(self, releases: Sequence[ReleaseKey]) -> None:
        """One batched feed lookup for the releases a scan will analyze (answers are kept)."""
        if self.advisories is not None and releases:
            await self.advisories.lookup(releases)

    async def _known(self, name: NormalizedName, version: Version) -> _Known:
        if self.advisories is None:
            return _Known()
        answer = await self.advisories.lookup([(name, version)])
        findings, notes = release_advice(answer, name, version)
        return _Known(findings=findings, notes=notes)

    def _with_known(
        self, signals: Sequence[Finding], metadata: ProjectMetadata | None, known: _Known
    ) -> tuple[Finding, ...]:
        """Feed findings plus the index's signals, without advisories reported twice."""
        if not self.known_advisories:
            signals = [f for f in signals if not f.api.startswith(ADVISORY_API_PREFIX)]
        elif known.findings:
            index_ids = {
                v.id: frozenset((v.id, *v.aliases))
                for v in (metadata.vulnerabilities if metadata else ())
            }
            signals = without_duplicates(signals, index_ids, known.findings)
        return (*known.findings, *signals)

    async def reputation(self, name: str, metadata: ProjectMetadata | None) -> Reputation:
        """Download rank, and release history from the JSON API or else the simple API's
        upload times (read only for an unranked project on an index without the JSON API)."""
        rank = self.popularity(name) if self.popularity is not None else None
        history: Mapping[str, datetime] | None = (
            metadata.upload_times if metadata is not None else None
        )
        if history is None and rank is None:
            try:
                history = _upload_history(await self.index.project(name))
            except IndexFetchError:
                history = None
        return project_reputation(rank=rank, upload_times=history, now=self.now())

    async def resolve(self, name: str, specifier: SpecifierSet) -> Version | None:
        return pick_version(await self.index.project(name), specifier)

    async def chosen_files(self, name: str, version: Version) -> tuple[ReleaseFile, ...]:
        """The sdist and the one wheel of a release that capdiff analyzes."""
        files = await self.index.release_files(name, version)
        if not files:
            raise NotFoundError(f"{name} {version}: the index lists no files for this release")
        chosen = choose_artifacts(files)
        if not chosen:
            raise NotFoundError(f"{name} {version}: no sdist or wheel to analyze")
        return chosen

    async def release(
        self, name: str, version: Version, chosen: Sequence[ReleaseFile] | None = None
    ) -> ReleaseFindings:
        if chosen is None:
            chosen = await self.chosen_files(name, version)
        # An artifact analyzed before (by digest) needs neither a download nor unpacking.
        known = [self.runner.cached((file.sha256 or "").lower()) for file in chosen]
        missing = [file for file, hit in zip(chosen, known, strict=True) if hit is None]
        blobs = await asyncio.gather(*(self.index.download(file) for file in missing))
        fresh = iter(
            await self.runner.analyze(
                [
                    SourceArtifact(
                        filename=file.filename, data=blob, sha256=(file.sha256 or "").lower()
                    )
                    for file, blob in zip(missing, blobs, strict=True)
                ]
            )
            if missing
            else []
        )
        analyses = [hit if hit is not None else next(fresh) for hit in known]
        return combine_release(name=name, version=str(version), analyses=analyses)

    async def compare(
        self, name: str, old: Version | None, new: Version
    ) -> PackageComparison:
        """What `new` brings over `old` (None: a newly added package, everything is new)."""
        canonical = canonicalize_name(name)
        new_files, old_files, metadata, known = await asyncio.gather(
            self._chosen_or_reason(name, new),
            self._chosen_or_reason(name, old) if old is not None else _nothing(),
            self._metadata(name),
            self._known(canonical, new),
        )
        key = _comparison_key(new_files, old_files, old is not None)
        cached = (
            self.comparisons.get_comparison(key)
            if self.comparisons is not None and key is not None
            else None
        )
        diffed = _diffed_from_dict(cached) if cached is not None else None
        if diffed is None:
            new_release, old_release = await self._releases(name, old, new, old_files, new_files)
            if isinstance(new_release, str):
                # Listed but not downloadable (too large, digest mismatch, failing host):
                # its code was not read. Not listed, or a 404: nothing of it installs.
                unread = isinstance(new_files, tuple) and _FETCH_FAILED in new_release
                return self._unanalyzable(
                    canonical, old, new, new_release, known,
                    reputation=await self.reputation(canonical, metadata), unread=unread,
                )
            diffed = _diff_releases(new_release, old_release, old)
            if self.comparisons is not None and key is not None and not diffed.reasons:
                self.comparisons.put_comparison(key, _diffed_to_dict(diffed))
        files = new_files if not isinstance(new_files, str) else ()
        yanked = next((f.yanked for f in files if f.yanked is not None), None)
        if metadata is not None and str(new) in metadata.yanked:
            yanked = metadata.yanked[str(new)]
        findings = list(diffed.findings)
        signals = reputation_findings(
            name=canonical,
            version=new,
            old_version=old,
            metadata=metadata,
            new_people=diffed.new_people,
            old_people=diffed.old_people,
            release_urls=diffed.release_urls,
            yanked_reason=yanked,
            now=self.now(),
            typosquat=self.typosquat,
        )
        findings.extend(self._with_known(signals, metadata, known))
        return PackageComparison(
            name=canonical,
            old_version=old,
            new_version=new,
            findings=tuple(findings),
            requires_dist_added=added_requirements(diffed.old_requires, diffed.new_requires),
            incomplete_reasons=diffed.reasons,
            notes=known.notes,
            reputation=await self.reputation(canonical, metadata),
            unread_code=diffed.unread_code,
        )

    async def _releases(
        self,
        name: str,
        old: Version | None,
        new: Version,
        old_files: tuple[ReleaseFile, ...] | str | None,
        new_files: tuple[ReleaseFile, ...] | str,
    ) -> tuple[ReleaseFindings | str, ReleaseFindings | str | None]:
        """Both releases' findings: incrementally when neither side was analyzed before."""
        if (
            old is not None
            and isinstance(new_files, tuple)
            and isinstance(old_files, tuple)
            and not any(
                self.runner.cached((f.sha256 or "").lower()) for f in (*new_files, *old_files)
            )
        ):
            try:
                new_artifacts, old_artifacts = await asyncio.gather(
                    self._download(new_files), self._download(old_files)
                )
            except IndexFetchError:
                pass  # the per-release path below says which side failed, and why
            else:
                return await self.runner.compare_releases(
                    name=name,
                    old_version=str(old),
                    new_version=str(new),
                    old=old_artifacts,
                    new=new_artifacts,
                )
        return await asyncio.gather(
            self._release_or_reason(name, new, new_files),
            self._release_or_reason(name, old, old_files) if old is not None else _nothing(),
        )

    async def _download(self, files: Sequence[ReleaseFile]) -> list[SourceArtifact]:
        blobs = await asyncio.gather(*(self.index.download(file) for file in files))
        return [
            SourceArtifact(filename=file.filename, data=blob, sha256=(file.sha256 or "").lower())
            for file, blob in zip(files, blobs, strict=True)
        ]

    def _unanalyzable(
        self,
        name: NormalizedName,
        old: Version | None,
        new: Version,
        reason: str,
        known: _Known,
        *,
        reputation: Reputation,
        unread: bool,
    ) -> PackageComparison:
        # The name alone still tells whether an added package imitates a popular one, and
        # the feed still knows a release the index has removed (as it does with malware).
        signals = reputation_findings(
            name=name, version=new, old_version=old, metadata=None, new_people=(),
            old_people=None, release_urls=(), yanked_reason=None, now=self.now(),
            typosquat=self.typosquat,
        )
        return PackageComparison(
            name=name, old_version=old, new_version=new,
            findings=(
                *known.findings, *(f for f in signals if f.type is AlertType.TYPOSQUAT)
            ),
            incomplete_reasons=(reason,),
            notes=known.notes,
            reputation=reputation,
            unread_code=unread,
        )

    async def compare_local(
        self, old: Sequence[SourceArtifact], new: Sequence[SourceArtifact], *, name: str
    ) -> PackageComparison:
        """Compare local archives (no index): code findings only.

        A complete comparison of two sets of archives is remembered by their digests, so
        running it again is one lookup (`capdiff compare` reads it before building an engine).
        """
        key = (
            local_comparison_key(
                [(a.filename, a.data) for a in old], [(a.filename, a.data) for a in new]
            )
            if old
            else None
        )
        code: PackageComparison | None = None
        if key is not None and self.comparisons is not None:
            cached = self.comparisons.get_comparison(key)
            code = comparison_from_dict(cached) if cached is not None else None
        if code is None:
            code = await self._compare_local_code(old, new, name=name)
            if key is not None and self.comparisons is not None and not code.incomplete_reasons:
                # Code findings only: what a feed says changes over time, so it is asked anew.
                self.comparisons.put_comparison(key, comparison_to_dict(code))
        known = await self._known(code.name, code.new_version)
        findings = (*code.findings, *known.findings)
        if not old and self.typosquat is not None:
            signals = reputation_findings(
                name=code.name, version=code.new_version, old_version=None,
                metadata=None, new_people=(), old_people=None, release_urls=(),
                yanked_reason=None, now=self.now(), typosquat=self.typosquat,
            )
            findings = (*findings, *(f for f in signals if f.type is AlertType.TYPOSQUAT))
        # No index: the download ranking alone can tell.
        reputation = project_reputation(
            rank=self.popularity(code.name) if self.popularity is not None else None,
            upload_times=None,
            now=self.now(),
        )
        return replace(code, findings=findings, notes=known.notes, reputation=reputation)

    async def _compare_local_code(
        self, old: Sequence[SourceArtifact], new: Sequence[SourceArtifact], *, name: str
    ) -> PackageComparison:
        new_release = await self.runner.analyze_release(name=name, version="", artifacts=new)
        old_release = (
            await self.runner.analyze_release(name=name, version="", artifacts=old)
            if old
            else None
        )
        findings = _once_per_place(
            new_findings(old_release.findings if old_release else (), new_release.findings)
        )
        version = new_release.metadata.version
        return PackageComparison(
            name=canonicalize_name(new_release.metadata.name or name),
            old_version=_parse(old_release.metadata.version) if old_release else None,
            new_version=_parse(version) or Version("0"),
            findings=findings,
            incomplete_reasons=(
                *(old_release.incomplete_reasons if old_release else ()),
                *new_release.incomplete_reasons,
            ),
            # Not cached when incomplete, so a cached comparison rightly reads False.
            unread_code=bool(new_release.incomplete_reasons),
        )

    async def _chosen_or_reason(
        self, name: str, version: Version
    ) -> tuple[ReleaseFile, ...] | str:
        try:
            return await self.chosen_files(name, version)
        except NotFoundError as error:
            return str(error)
        except IndexFetchError as error:
            return f"{name} {version} {_FETCH_FAILED}: {error}"

    async def _release_or_reason(
        self, name: str, version: Version, chosen: tuple[ReleaseFile, ...] | str | None
    ) -> ReleaseFindings | str:
        if isinstance(chosen, str):
            return chosen
        try:
            return await self.release(name, version, chosen)
        except NotFoundError as error:
            return str(error)
        except IndexFetchError as error:
            return f"{name} {version} {_FETCH_FAILED}: {error}"

    async def _metadata(self, name: str) -> ProjectMetadata | None:
        try:
            return await self.index.metadata(name)
        except IndexFetchError:
            return None


class ComparisonCache(Protocol):
    def get_comparison(self, key: str) -> dict[str, object] | None: ...

    def put_comparison(self, key: str, document: dict[str, object]) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class _Diffed:
    """The part of a comparison that depends only on the two releases' bytes."""

    findings: tuple[Finding, ...]
    reasons: tuple[str, ...]
    new_requires: tuple[str, ...]
    old_requires: tuple[str, ...]
    new_people: frozenset[str]
    old_people: frozenset[str] | None
    release_urls: tuple[str, ...]
    # The new release could not be read in full (never true for a cached comparison).
    unread_code: bool = False


def _diff_releases(
    new_release: ReleaseFindings, old_release: ReleaseFindings | str | None, old: Version | None
) -> _Diffed:
    reasons = list(new_release.incomplete_reasons)
    old_analysis: ReleaseFindings | None = None
    if isinstance(old_release, str):
        # Without the old release every finding would look new: say so, do not guess.
        reasons.append(f"old release {old} could not be analyzed: {old_release}")
    elif old_release is not None:
        old_analysis = old_release
        reasons.extend(old_release.incomplete_reasons)
    old_findings = old_analysis.findings if old_analysis else ()
    return _Diffed(
        findings=_once_per_place(new_findings(old_findings, new_release.findings)),
        reasons=tuple(reasons),
        new_requires=new_release.requires_dist,
        old_requires=old_analysis.requires_dist if old_analysis else (),
        new_people=frozenset(new_release.metadata.people),
        old_people=frozenset(old_analysis.metadata.people) if old_analysis else None,
        release_urls=new_release.metadata.project_urls,
        unread_code=bool(new_release.incomplete_reasons),
    )


def _comparison_key(
    new_files: tuple[ReleaseFile, ...] | str,
    old_files: tuple[ReleaseFile, ...] | str | None,
    has_old: bool,
) -> str | None:
    """Both releases' artifact digests; None when a side is missing or has no digest."""
    sides = [new_files, old_files] if has_old else [new_files]
    parts = []
    for side in sides:
        if side is None or isinstance(side, str) or any(not f.sha256 for f in side):
            return None
        parts.append(",".join(sorted((f.sha256 or "").lower() for f in side)))
    return "|".join(parts) if has_old else parts[0] + "|-"


def _diffed_to_dict(diffed: _Diffed) -> dict[str, object]:
    return {
        "findings": [finding_to_dict(f) for f in diffed.findings],
        "new_requires": list(diffed.new_requires),
        "old_requires": list(diffed.old_requires),
        "new_people": sorted(diffed.new_people),
        "old_people": None if diffed.old_people is None else sorted(diffed.old_people),
        "release_urls": list(diffed.release_urls),
    }


def _diffed_from_dict(document: dict[str, object]) -> _Diffed | None:
    try:
        old_people = document["old_people"]
        return _Diffed(
            findings=tuple(
                finding_from_dict(f) for f in cast(list[dict[str, object]], document["findings"])
            ),
            reasons=(),
            new_requires=tuple(cast(list[str], document["new_requires"])),
            old_requires=tuple(cast(list[str], document["old_requires"])),
            new_people=frozenset(cast(list[str], document["new_people"])),
            old_people=None if old_people is None else frozenset(cast(list[str], old_people)),
            release_urls=tuple(cast(list[str], document["release_urls"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _once_per_place(findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """The same code in the sdist and the wheel is one finding, attributed to the wheel.

    The wheel is what installers run; an sdist path has its source-layout prefix (`src/`),
    so places are compared by their path's tail and the evidence.
    """
    ordered = sorted(findings, key=lambda f: not f.artifact.endswith(".whl"))
    kept: dict[tuple[object, ...], Finding] = {}
    for finding in ordered:
        tail = finding.file.rsplit("/", 2)[-2:]
        place = (finding.key, tuple(tail), finding.line, finding.evidence)
        kept.setdefault(place, finding)
    chosen = set(map(id, kept.values()))
    return tuple(f for f in findings if id(f) in chosen)


async def _nothing() -> None:
    return None


def _upload_history(project: ProjectFiles) -> dict[str, datetime] | None:
    """First upload time of each version; None when the index gives no upload times."""
    history: dict[str, datetime] = {}
    for file in project.files:
        if file.upload_time is None:
            continue
        version = str(file.version)
        if version not in history or file.upload_time < history[version]:
            history[version] = file.upload_time
    return history or None


def _parse(text: str) -> Version | None:
    try:
        return Version(text)
    except ValueError:
        return None


def added_requirements(old: Sequence[str], new: Sequence[str]) -> tuple[Requirement, ...]:
    """Requires-Dist entries of the new release for projects the old one did not require.

    Entries behind an extra, or for another platform, do not install by default: skipped.
    """
    old_names = {name for line in old if (name := _requirement_name(line))}
    added: dict[str, Requirement] = {}
    for line in new:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        name = canonicalize_name(requirement.name)
        if name in old_names or name in added:
            continue
        if requirement.marker is not None and not requirement.marker.evaluate(
            {**TARGET_ENVIRONMENT, "extra": ""}
        ):
            continue
        added[name] = requirement
    return tuple(added.values())


def _requirement_name(line: str) -> str | None:
    try:
        return canonicalize_name(Requirement(line).name)
    except InvalidRequirement:
        return None


@dataclass(slots=True)
class PipelineScanner:
    """The `Scanner` used by the GitHub worker and `capdiff scan`."""

    analyzer: ReleaseAnalyzer
    extra_globs: tuple[str, ...] = ()

    async def scan(
        self, request: ScanRequest, progress: ProgressCallback | None = None
    ) -> ScanResult:
        started = time.monotonic()
        policy = request.policy
        paths = [
            (path, kind)
            for path, kind in await self._manifests_to_read(request)
            if path_selected(policy, path)
        ]
        base, head = await asyncio.gather(
            read_manifests(paths, request.read_base), read_manifests(paths, request.read_head)
        )
        errors = tuple(
            f"{manifest.path}:{issue.line}: {issue.message}"
            if issue.line is not None
            else f"{manifest.path}: {issue.message}"
            for manifest in head
            for issue in manifest.errors
        )
        changes = [c for c in diff_dependencies(base, head) if c.kind in _ANALYZED_CHANGES]
        await self.analyzer.prefetch_advisories(
            [
                (c.name, c.new.version)
                for c in changes
                if c.new is not None and c.new.version is not None
                and c.new.source is SourceKind.INDEX
            ]
        )
        results = await _ChangeAnalysis(self.analyzer, policy, head, progress).run(changes)
        results = list(
            apply_policy(results, policy, today=request.today, extra_ignores=request.extra_ignores)
        )
        return ScanResult(
            packages=tuple(results),
            manifests=tuple(sorted({m.path for m in (*base, *head)})),
            verdict=decide_verdict(results, errors=errors),
            duration_seconds=time.monotonic() - started,
            errors=errors,
        )

    async def _manifests_to_read(self, request: ScanRequest) -> list[tuple[str, ManifestKind]]:
        """The changed manifests (and their lock files), plus the requirements files on
        either side that include a changed file which is no manifest by name."""
        selected = dict(manifests_to_read(request.changed_paths, self.extra_globs))
        targets = include_targets(request.changed_paths, self.extra_globs)
        if targets and request.list_base is not None and request.list_head is not None:
            base_files, head_files = await asyncio.gather(request.list_base(), request.list_head())
            found = await asyncio.gather(
                includers_of(targets, base_files, request.read_base, self.extra_globs),
                includers_of(targets, head_files, request.read_head, self.extra_globs),
            )
            for path, kind in (*found[0], *found[1]):
                selected.setdefault(path, kind)
        return sorted(selected.items())


class _ChangeAnalysis:
    """One scan's package work: direct changes, then what they newly pull in."""

    def __init__(
        self,
        analyzer: ReleaseAnalyzer,
        policy: Policy,
        head: Sequence[Manifest],
        progress: ProgressCallback | None,
    ) -> None:
        self.analyzer = analyzer
        self.policy = policy
        self.progress = progress
        # A lock file lists the whole tree: its transitive packages are direct changes here.
        self.follow_transitive = not any(m.kind.is_lock for m in head)
        self.known: set[str] = {dep.name for m in head for dep in m.dependencies}
        self.semaphore = asyncio.Semaphore(max(1, analyzer.options.concurrency))
        self.done = 0
        self.total = 0

    async def run(self, changes: Sequence[DependencyChange]) -> list[PackageResult]:
        self.total = len(changes)
        groups = await asyncio.gather(*(self._direct(change) for change in changes))
        results: list[PackageResult] = []
        seen: set[str] = set()
        for group in groups:
            for package in group:
                if package.name not in seen:
                    seen.add(package.name)
                    results.append(package)
        return results

    async def _report(self, name: str) -> None:
        if self.progress is not None:
            await self.progress(self.done, self.total, name)

    async def _direct(self, change: DependencyChange) -> list[PackageResult]:
        result, comparison = await self._one(change)
        if comparison is None or not self.follow_transitive:
            return [result]
        return [result, *await self._transitive(comparison, result, depth=1, via=(change.name,))]

    async def _one(
        self, change: DependencyChange
    ) -> tuple[PackageResult, PackageComparison | None]:
        async with self.semaphore:
            await self._report(change.name)
            try:
                return await self._analyze(change)
            finally:
                self.done += 1
                await self._report(change.name)

    async def _transitive(
        self,
        comparison: PackageComparison,
        parent: PackageResult,
        *,
        depth: int,
        via: tuple[NormalizedName, ...],
    ) -> list[PackageResult]:
        if depth > self.analyzer.options.transitive_depth:
            return []
        changes = []
        for requirement in comparison.requires_dist_added:
            name = canonicalize_name(requirement.name)
            if name in self.known:
                continue
            self.known.add(name)
            changes.append(
                DependencyChange(
                    name=name,
                    kind=ChangeKind.ADDED,
                    old=None,
                    new=ReleaseState(version=None, specifier=requirement.specifier),
                    locations=parent.locations,
                )
            )
        self.total += len(changes)
        pairs = await asyncio.gather(*(self._one(change) for change in changes))
        results: list[PackageResult] = []
        for result, child in pairs:
            results.append(replace(result, via=via))
            if child is not None:
                results.extend(
                    await self._transitive(
                        child, result, depth=depth + 1, via=(*via, result.name)
                    )
                )
        return results

    async def _analyze(
        self, change: DependencyChange
    ) -> tuple[PackageResult, PackageComparison | None]:
        new_state = change.new
        if new_state is None:  # only added/upgraded/changed reach here; all have a head side
            return _incomplete(change, "no head side to analyze"), None
        if new_state.source is not SourceKind.INDEX:
            return self._direct_url(change, new_state), None
        try:
            new_version = new_state.version or await self.analyzer.resolve(
                change.name, new_state.specifier
            )
            old_version: Version | None = None
            if change.old is not None and change.old.source is SourceKind.INDEX:
                old_version = change.old.version or await self.analyzer.resolve(
                    change.name, change.old.specifier
                )
        except IndexFetchError as error:
            return self._name_only(change, str(error)), None
        if new_version is None:
            spec = str(new_state.specifier) or "any version"
            return self._name_only(change, f"no release on the index matches {spec}"), None
        if old_version == new_version:
            # A specifier or marker changed but the version pip installs did not.
            return (
                PackageResult(
                    name=change.name,
                    change=ChangeKind.CHANGED,
                    old_version=str(old_version),
                    new_version=str(new_version),
                    locations=change.locations,
                ),
                None,
            )
        kind = change.kind
        if kind is ChangeKind.CHANGED or (kind is ChangeKind.UPGRADED and old_version is None):
            kind = ChangeKind.ADDED if old_version is None else ChangeKind.UPGRADED
        if old_version is not None and new_version < old_version:
            kind = ChangeKind.DOWNGRADED
        comparison = await self.analyzer.compare(change.name, old_version, new_version)
        result = comparison_result(comparison, change=kind, policy=self.policy)
        return replace(result, name=change.name, locations=change.locations), comparison

    def _name_only(self, change: DependencyChange, reason: str) -> PackageResult:
        """An unresolvable package: incomplete, but an added name can still be a typosquat."""
        result = _incomplete(change, reason)
        match = (
            self.analyzer.typosquat(change.name)
            if change.old is None and self.analyzer.typosquat is not None
            else None
        )
        if match is None:
            return result
        signals = reputation_findings(
            name=change.name, version=Version("0"), old_version=None, metadata=None,
            new_people=(), old_people=None, release_urls=(), yanked_reason=None,
            now=self.analyzer.now(), typosquat=lambda _: match,
        )
        typosquats = [f for f in signals if f.type is AlertType.TYPOSQUAT]
        return replace(
            result,
            alerts=findings_to_alerts(
                typosquats, name=change.name, version=result.new_version, policy=self.policy
            ),
        )

    def _direct_url(self, change: DependencyChange, state: ReleaseState) -> PackageResult:
        location = change.locations[0] if change.locations else None
        version = None if state.version is None else str(state.version)
        alert = Alert(
            type=AlertType.DIRECT_URL_DEPENDENCY,
            severity=Severity.MEDIUM,
            action=action_for(self.policy, AlertType.DIRECT_URL_DEPENDENCY, Severity.MEDIUM),
            message=(
                f"Installed from a {state.source.value} reference ({redact(state.url)}), not "
                "from the package index: capdiff cannot fetch and compare its code."
            ),
            package=change.name,
            version=version,
            file=location.path if location else None,
            line=location.line if location else None,
        )
        return PackageResult(
            name=change.name,
            change=change.kind,
            old_version=None if change.old is None or change.old.version is None
            else str(change.old.version),
            new_version=version,
            alerts=(alert,),
            locations=change.locations,
        )


def _incomplete(change: DependencyChange, reason: str) -> PackageResult:
    return PackageResult(
        name=change.name,
        change=change.kind,
        old_version=None if change.old is None or change.old.version is None
        else str(change.old.version),
        new_version=None if change.new is None or change.new.version is None
        else str(change.new.version),
        locations=change.locations,
        incomplete_reasons=(f"{change.name}: {reason}",),
    )


def redact(url: str | None) -> str:
    """A URL without its user information (tokens in VCS URLs are common)."""
    if not url:
        return "unknown location"
    scheme, separator, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if separator and "@" in host:
        host = "***@" + host.rsplit("@", 1)[1]
    return f"{scheme}{separator}{host}{slash}{path}"
