"""Two sets of manifests -> the dependency changes between them. Pure.

Rules:
- One change per normalized name, sorted by name; every declaring location is kept
  (head locations, or base locations for a removal), first seen first.
- A lock file decides versions for manifests in its own directory: a `pyproject.toml`'s
  `requests>=2` next to a `uv.lock` pinning 2.32.3 counts as 2.32.3.
- A name with several versions (uv.lock resolution forks, pins under disjoint markers) is
  compared by its highest version; a change in the rest of the set, with the same highest
  version, is reported as `changed`. `ReleaseState.version` holds that highest version.
- Anything else that differs (specifier, marker, extras, source, URL) is `changed`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from packaging.version import Version

from bot.model import (
    ChangeKind,
    Dependency,
    DependencyChange,
    Location,
    Manifest,
    NormalizedName,
    ReleaseState,
)

__all__ = ["diff_dependencies"]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Side:
    """Everything one side says about one name."""

    versions: frozenset[Version]
    declarations: frozenset[tuple[str, str, str, str | None, tuple[str, ...]]]
    primary: Dependency
    locations: tuple[Location, ...]

    @property
    def version(self) -> Version | None:
        return max(self.versions) if self.versions else None

    def state(self) -> ReleaseState:
        return ReleaseState(
            version=self.version,
            specifier=self.primary.specifier,
            source=self.primary.source,
            url=self.primary.url,
            marker=self.primary.marker,
            extras=self.primary.extras,
        )


def _collect(manifests: Sequence[Manifest]) -> dict[NormalizedName, _Side]:
    locked: dict[str, set[NormalizedName]] = {}
    for manifest in manifests:
        if manifest.kind.is_lock:
            names = locked.setdefault(posixpath.dirname(manifest.path), set())
            names.update(dependency.name for dependency in manifest.dependencies)
    grouped: dict[NormalizedName, list[tuple[Manifest, Dependency]]] = {}
    for manifest in manifests:
        for dependency in manifest.dependencies:
            grouped.setdefault(dependency.name, []).append((manifest, dependency))
    sides: dict[NormalizedName, _Side] = {}
    for name, entries in grouped.items():
        versions: set[Version] = set()
        for manifest, dependency in entries:
            lock_decides = not manifest.kind.is_lock and name in locked.get(
                posixpath.dirname(manifest.path), set()
            )
            if dependency.version is not None and not lock_decides:
                versions.add(dependency.version)
        declared = [dep for manifest, dep in entries if not manifest.kind.is_lock]
        primary = declared[0] if declared else entries[0][1]
        sides[name] = _Side(
            versions=frozenset(versions),
            declarations=frozenset(
                (
                    str(dep.specifier),
                    str(dep.marker or ""),
                    dep.source.value,
                    dep.url,
                    tuple(sorted(dep.extras)),
                )
                for _, dep in entries
            ),
            primary=primary,
            locations=tuple(dict.fromkeys(dep.location for _, dep in entries)),
        )
    return sides


def diff_dependencies(
    base: Sequence[Manifest], head: Sequence[Manifest]
) -> tuple[DependencyChange, ...]:
    old_sides = _collect(base)
    new_sides = _collect(head)
    changes: list[DependencyChange] = []
    for name in sorted(old_sides.keys() | new_sides.keys()):
        old = old_sides.get(name)
        new = new_sides.get(name)
        if old is None and new is not None:
            kind = ChangeKind.ADDED
        elif new is None and old is not None:
            kind = ChangeKind.REMOVED
        elif old is not None and new is not None:
            if old.versions == new.versions and old.declarations == new.declarations:
                continue
            if old.version is not None and new.version is not None and old.version != new.version:
                kind = ChangeKind.UPGRADED if new.version > old.version else ChangeKind.DOWNGRADED
            else:
                kind = ChangeKind.CHANGED
        else:  # pragma: no cover - the name came from one of the two maps
            continue
        shown = new if new is not None else old
        assert shown is not None
        changes.append(
            DependencyChange(
                name=name,
                kind=kind,
                old=old.state() if old is not None else None,
                new=new.state() if new is not None else None,
                locations=shown.locations,
            )
        )
    return tuple(changes)
