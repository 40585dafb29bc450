"""The package-index port: what capdiff needs to know about projects and to download files.

Implementations: `bot.index.simple.SimpleIndex` (PEP 691 JSON / PEP 503 HTML over httpx,
plus PyPI's JSON API for metadata). Errors: `bot.errors.IndexFetchError`, and its
`NotFoundError` for a project, release or file that is gone.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    NormalizedName,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

__all__ = [
    "ArtifactType",
    "PackageIndex",
    "ProjectFiles",
    "ProjectMetadata",
    "ReleaseFile",
    "Vulnerability",
]


@enum.unique
class ArtifactType(enum.StrEnum):
    SDIST = "sdist"
    WHEEL = "wheel"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseFile:
    filename: str
    url: str  # absolute
    version: Version
    type: ArtifactType
    sha256: str | None = None
    size: int | None = None
    # None when not yanked; the reason (possibly "") when yanked.
    yanked: str | None = None
    requires_python: str | None = None
    upload_time: datetime | None = None

    @classmethod
    def from_filename(cls, filename: str, **fields: object) -> ReleaseFile | None:
        """Build from a distribution file name; None for names that are neither."""
        try:
            if filename.endswith(".whl"):
                _, version, _, _ = parse_wheel_filename(filename)
                kind = ArtifactType.WHEEL
            else:
                _, version = parse_sdist_filename(filename)
                kind = ArtifactType.SDIST
        except (InvalidWheelFilename, InvalidSdistFilename):
            return None
        return cls(filename=filename, version=version, type=kind, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectFiles:
    """A project's files, from the simple API."""

    name: NormalizedName
    files: tuple[ReleaseFile, ...]

    def versions(self) -> dict[Version, tuple[ReleaseFile, ...]]:
        by_version: dict[Version, list[ReleaseFile]] = {}
        for file in self.files:
            by_version.setdefault(file.version, []).append(file)
        return {version: tuple(files) for version, files in by_version.items()}

    def files_for(self, version: Version) -> tuple[ReleaseFile, ...]:
        return tuple(file for file in self.files if file.version == version)


@dataclass(frozen=True, slots=True, kw_only=True)
class Vulnerability:
    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    fixed_in: tuple[str, ...] = ()
    withdrawn: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectMetadata:
    """What PyPI's project JSON API says (`/pypi/NAME/json`); absent on simple-only indexes."""

    name: NormalizedName
    latest_version: str = ""
    project_urls: tuple[str, ...] = ()
    people: frozenset[str] = frozenset()
    # First upload time of each version.
    upload_times: Mapping[str, datetime] = field(default_factory=dict)
    yanked: Mapping[str, str] = field(default_factory=dict)  # version -> reason
    # Advisories for the latest version (what the project endpoint reports).
    vulnerabilities: tuple[Vulnerability, ...] = ()
    owners: frozenset[str] = frozenset()  # ownership.roles user names, when given


class PackageIndex(Protocol):
    async def project(self, name: str) -> ProjectFiles: ...

    async def metadata(self, name: str) -> ProjectMetadata | None: ...

    async def release_files(self, name: str, version: Version) -> tuple[ReleaseFile, ...]: ...

    async def download(self, file: ReleaseFile) -> bytes: ...
