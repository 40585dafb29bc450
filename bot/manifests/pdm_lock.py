"""pdm.lock (lock_version 3.x and 4.x) -> Manifest.

Hashes come from each package's `files = [{file | url, hash}]` (4.x) or from the
`[metadata.files]` table keyed by `"<name> <version>"` (3.x). Group: "default" in `groups`
(or the older `sections`) is "main", otherwise the first listed group through `group_label`.
Packages locked with extras appear once per extra set, as pdm writes them; their
Dependency.extras tell them apart. Direct sources: `git`/`hg`/`svn`/`bzr` (with `revision`,
else `ref`), `url`, `path` (+ `editable`); anything else came from an index, which pdm does
not record per package (index_url None).
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet

from bot.manifests._lock_lines import entry_lines
from bot.manifests._lock_reader import Document, LockReader, group_label, load_toml, vcs_url
from bot.model import (
    Dependency,
    FileReader,
    Location,
    Manifest,
    ManifestKind,
    ParseIssue,
    SourceKind,
    canonicalize_name,
)

__all__ = ["parse"]

_VCS_KEYS = ("git", "hg", "svn", "bzr")
_SUPPORTED_MAJOR_VERSIONS = {"3", "4"}


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    loaded = load_toml(text)
    if isinstance(loaded, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.PDM_LOCK, errors=(loaded,))
    reader = LockReader()
    metadata = reader.table(loaded, "metadata", "", None) or {}
    lock_version = reader.string(metadata, "lock_version", "metadata", None)
    if lock_version is not None and lock_version.split(".")[0] not in _SUPPORTED_MAJOR_VERSIONS:
        reader.issue(None, "metadata.lock_version", f"unsupported lock_version {lock_version!r}")
    legacy_hashes = _legacy_hashes(reader, metadata)

    raw_entries = loaded.get("package")
    lines = entry_lines(text, "package", raw_entries)
    dependencies: list[Dependency] = []
    for position, table in reader.tables(loaded, "package", "", None):
        line = lines[position] if lines else None
        dependency = _read_package(
            reader, table, f"package[{position}]", line, path=path, legacy_hashes=legacy_hashes
        )
        if dependency is not None:
            dependencies.append(dependency)
    return Manifest(
        path=path,
        kind=ManifestKind.PDM_LOCK,
        dependencies=tuple(dependencies),
        errors=tuple(reader.issues),
    )


def _read_package(
    reader: LockReader,
    table: Document,
    context: str,
    line: int | None,
    *,
    path: str,
    legacy_hashes: dict[tuple[str, str], frozenset[str]],
) -> Dependency | None:
    name = reader.name(table, "name", context, line)
    if name is None:
        return None
    raw_version = reader.string(table, "version", context, line)
    version, specifier = (
        reader.version(raw_version, f"{context}.version", line)
        if raw_version is not None
        else (None, SpecifierSet())
    )
    groups = reader.strings(table, "groups", context, line) or reader.strings(
        table, "sections", context, line
    )
    group = "main" if not groups or "default" in groups else group_label(groups[0])
    raw_marker = reader.string(table, "marker", context, line)
    marker = None if raw_marker is None else reader.marker(raw_marker, f"{context}.marker", line)
    extras = frozenset(
        canonicalize_name(extra) for extra in reader.strings(table, "extras", context, line)
    )
    hashes = _file_hashes(reader, table, context, line)
    if raw_version is not None:
        hashes |= legacy_hashes.get((name, raw_version), frozenset())
    source, url, editable = _source(reader, table, context, line)
    return Dependency(
        name=name,
        specifier=specifier,
        version=version,
        extras=extras,
        marker=marker,
        group=group,
        source=source,
        url=url,
        hashes=hashes,
        location=Location(path=path, line=line),
        editable=editable,
    )


def _source(
    reader: LockReader, table: Document, context: str, line: int | None
) -> tuple[SourceKind, str | None, bool]:
    for vcs in _VCS_KEYS:
        repository = reader.string(table, vcs, context, line)
        if repository is not None:
            commit = reader.string(table, "revision", context, line) or reader.string(
                table, "ref", context, line
            )
            subdirectory = reader.string(table, "subdirectory", context, line)
            return SourceKind.VCS, vcs_url(vcs, repository, commit, subdirectory), False
    url = reader.string(table, "url", context, line)
    if url is not None:
        return SourceKind.URL, url, False
    local = reader.string(table, "path", context, line)
    if local is not None:
        return SourceKind.PATH, local, bool(reader.boolean(table, "editable", context, line))
    return SourceKind.INDEX, None, False


def _file_hashes(
    reader: LockReader, table: Document, context: str, line: int | None
) -> frozenset[str]:
    found: set[str] = set()
    for position, file in reader.tables(table, "files", context, line):
        file_context = f"{context}.files[{position}]"
        raw = reader.string(file, "hash", file_context, line, required=True)
        if raw is not None and (digest := reader.sha256(raw, f"{file_context}.hash", line)):
            found.add(digest)
    return frozenset(found)


def _legacy_hashes(reader: LockReader, metadata: Document) -> dict[tuple[str, str], frozenset[str]]:
    """(normalized name, version) -> hashes, from 3.x's `[metadata.files]`."""
    files = reader.table(metadata, "files", "metadata", None) or {}
    result: dict[tuple[str, str], frozenset[str]] = {}
    for key in files:
        raw_name, _, raw_version = key.partition(" ")
        found: set[str] = set()
        for position, file in reader.tables(files, key, "metadata.files", None):
            context = f"metadata.files.{key}[{position}]"
            raw = reader.string(file, "hash", context, None, required=True)
            if raw is not None and (digest := reader.sha256(raw, f"{context}.hash", None)):
                found.add(digest)
        result[(canonicalize_name(raw_name), raw_version.strip())] = frozenset(found)
    return result
