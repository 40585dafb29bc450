"""A `PackageIndex` wrapper that remembers index pages for a while and archives by digest.

Index pages change when a project publishes, so they are kept for a short time only
(default 10 minutes, like pip's HTTP cache); archives are immutable once their sha256 is
known, so they are kept until the size cap evicts them.
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from datetime import datetime

from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.index.interface import (
    ArtifactType,
    PackageIndex,
    ProjectFiles,
    ProjectMetadata,
    ReleaseFile,
    Vulnerability,
)
from bot.store.cache import AnalysisCache, ArchiveCache

__all__ = ["CachingIndex"]


class CachingIndex:
    def __init__(
        self,
        inner: PackageIndex,
        *,
        responses: AnalysisCache | None,
        archives: ArchiveCache | None,
        index_key: str,
        max_age_seconds: float = 600.0,
    ) -> None:
        self._inner = inner
        self._responses = responses
        self._archives = archives
        self._index_key = index_key
        self._max_age = max_age_seconds
        self._projects: dict[str, ProjectFiles] = {}
        self._metadata: dict[str, ProjectMetadata | None] = {}
        # One fetch per page at a time: a release's comparison asks for the same page from
        # several coroutines at once, and all but the first should wait for its answer.
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def release_files(self, name: str, version: Version) -> tuple[ReleaseFile, ...]:
        """One version's files, remembered on their own: a big project's whole page (botocore
        has thousands of releases) costs more to decode than the analysis lookup itself."""
        normalized = canonicalize_name(name)
        key = f"files|{self._index_key}|{normalized}|{version}"
        cached = self._responses.get_response(key, self._max_age) if self._responses else None
        if cached is not None and (subset := _project_from_json(cached)) is not None:
            return subset.files
        files = (await self.project(name)).files_for(version)
        if self._responses is not None and files:
            self._responses.put_response(
                key, _project_to_json(ProjectFiles(name=normalized, files=files))
            )
        return files

    async def project(self, name: str) -> ProjectFiles:
        normalized = canonicalize_name(name)
        async with self._locks[f"project|{normalized}"]:
            return await self._project(name, normalized)

    async def _project(self, name: str, normalized: str) -> ProjectFiles:
        if normalized in self._projects:
            return self._projects[normalized]
        key = f"project|{self._index_key}|{normalized}"
        cached = self._responses.get_response(key, self._max_age) if self._responses else None
        project = _project_from_json(cached) if cached is not None else None
        if project is None:
            project = await self._inner.project(name)
            if self._responses is not None:
                self._responses.put_response(key, _project_to_json(project))
        self._projects[normalized] = project
        return project

    async def metadata(self, name: str) -> ProjectMetadata | None:
        normalized = canonicalize_name(name)
        async with self._locks[f"metadata|{normalized}"]:
            return await self._fetch_metadata(name, normalized)

    async def _fetch_metadata(self, name: str, normalized: str) -> ProjectMetadata | None:
        if normalized in self._metadata:
            return self._metadata[normalized]
        key = f"metadata|{self._index_key}|{normalized}"
        cached = self._responses.get_response(key, self._max_age) if self._responses else None
        if cached is not None:
            metadata = _metadata_from_json(cached)
        else:
            metadata = await self._inner.metadata(name)
            if self._responses is not None:
                self._responses.put_response(key, _metadata_to_json(metadata))
        self._metadata[normalized] = metadata
        return metadata

    async def download(self, file: ReleaseFile) -> bytes:
        if self._archives is not None and file.sha256:
            data = self._archives.get(file.sha256.lower())
            if data is not None:
                return data
        data = await self._inner.download(file)
        if self._archives is not None and file.sha256:
            self._archives.put(file.sha256.lower(), data)
        return data


def _project_to_json(project: ProjectFiles) -> bytes:
    return json.dumps(
        {
            "name": project.name,
            "files": [
                {
                    "filename": f.filename,
                    "url": f.url,
                    "sha256": f.sha256,
                    "size": f.size,
                    "yanked": f.yanked,
                    "requires_python": f.requires_python,
                    "upload_time": f.upload_time.isoformat() if f.upload_time else None,
                }
                for f in project.files
            ],
        }
    ).encode()


def _project_from_json(body: bytes) -> ProjectFiles | None:
    try:
        document = json.loads(body)
        files = []
        for entry in document["files"]:
            upload = entry.get("upload_time")
            files.append(
                ReleaseFile(
                    filename=entry["filename"],
                    url=entry["url"],
                    version=Version(_version_of(entry["filename"])),
                    type=ArtifactType.WHEEL
                    if entry["filename"].endswith(".whl")
                    else ArtifactType.SDIST,
                    sha256=entry.get("sha256"),
                    size=entry.get("size"),
                    yanked=entry.get("yanked"),
                    requires_python=entry.get("requires_python"),
                    upload_time=datetime.fromisoformat(upload) if upload else None,
                )
            )
        return ProjectFiles(name=canonicalize_name(document["name"]), files=tuple(files))
    except (KeyError, ValueError, TypeError):
        return None


def _version_of(filename: str) -> str:
    file = ReleaseFile.from_filename(filename, url="")
    if file is None:
        raise ValueError(filename)
    return str(file.version)


def _metadata_to_json(metadata: ProjectMetadata | None) -> bytes:
    if metadata is None:
        return b"null"
    return json.dumps(
        {
            "name": metadata.name,
            "latest_version": metadata.latest_version,
            "project_urls": list(metadata.project_urls),
            "people": sorted(metadata.people),
            "upload_times": {k: v.isoformat() for k, v in metadata.upload_times.items()},
            "yanked": dict(metadata.yanked),
            "vulnerabilities": [
                {
                    "id": v.id,
                    "aliases": list(v.aliases),
                    "summary": v.summary,
                    "fixed_in": list(v.fixed_in),
                    "withdrawn": v.withdrawn,
                }
                for v in metadata.vulnerabilities
            ],
            "owners": sorted(metadata.owners),
        }
    ).encode()


def _metadata_from_json(body: bytes) -> ProjectMetadata | None:
    try:
        document = json.loads(body)
        if document is None:
            return None
        return ProjectMetadata(
            name=canonicalize_name(document["name"]),
            latest_version=document["latest_version"],
            project_urls=tuple(document["project_urls"]),
            people=frozenset(document["people"]),
            upload_times={
                k: datetime.fromisoformat(v) for k, v in document["upload_times"].items()
            },
            yanked=dict(document["yanked"]),
            vulnerabilities=tuple(
                Vulnerability(
                    id=v["id"],
                    aliases=tuple(v["aliases"]),
                    summary=v["summary"],
                    fixed_in=tuple(v["fixed_in"]),
                    withdrawn=v["withdrawn"],
                )
                for v in document["vulnerabilities"]
            ),
            owners=frozenset(document["owners"]),
        )
    except (KeyError, ValueError, TypeError):
        return None
