"""poetry.lock (lock-version 1.x and 2.x) -> Manifest.

Hashes come from each package's `files = [{file, hash}]` (lock-version 2) or from the
`[metadata.files]` / `[metadata.hashes]` tables keyed by package name (older locks; when one
name is locked at several versions, every version gets all of that name's hashes, as poetry
cannot tell them apart either). Group: `groups` (poetry 2; "main" wins when listed) or
`category`; an `optional = true` main package is "optional:<extra>" using the top-level
`[extras]` table. Sources: `[package.source]` of type git, directory, file, url or legacy
(a secondary index); no source means PyPI.
"""

from __future__ import annotations

from packaging.markers import Marker
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

_SUPPORTED_MAJOR_VERSIONS = {"1", "2"}


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    loaded = load_toml(text)
    if isinstance(loaded, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.POETRY_LOCK, errors=(loaded,))
    reader = LockReader()
    metadata = reader.table(loaded, "metadata", "", None) or {}
    lock_version = reader.string(metadata, "lock-version", "metadata", None)
    if lock_version is not None and lock_version.split(".")[0] not in _SUPPORTED_MAJOR_VERSIONS:
        reader.issue(None, "metadata.lock-version", f"unsupported lock-version {lock_version!r}")
    legacy_hashes = _legacy_hashes(reader, metadata)
    extras_of = _extras_by_package(reader, loaded)

    raw_entries = loaded.get("package")
    lines = entry_lines(text, "package", raw_entries)
    dependencies: list[Dependency] = []
    index_urls: dict[str, None] = {}
    for position, table in reader.tables(loaded, "package", "", None):
        line = lines[position] if lines else None
        dependency = _read_package(
            reader,
            table,
            f"package[{position}]",
            line,
            path=path,
            legacy_hashes=legacy_hashes,
            extras_of=extras_of,
        )
        if dependency is not None:
            dependencies.append(dependency)
            if dependency.index_url is not None:
                index_urls.setdefault(dependency.index_url, None)
    return Manifest(
        path=path,
        kind=ManifestKind.POETRY_LOCK,
        dependencies=tuple(dependencies),
        errors=tuple(reader.issues),
        index_urls=tuple(index_urls),
    )


def _read_package(
    reader: LockReader,
    table: Document,
    context: str,
    line: int | None,
    *,
    path: str,
    legacy_hashes: dict[str, frozenset[str]],
    extras_of: dict[str, str],
) -> Dependency | None:
    name = reader.name(table, "name", context, line)
    if name is None:
        return None
    raw_version = reader.string(table, "version", context, line, required=True)
    version, specifier = (
        reader.version(raw_version, f"{context}.version", line)
        if raw_version is not None
        else (None, SpecifierSet())
    )
    raw_group = _raw_group(reader, table, context, line)
    group = group_label(raw_group)
    if group == "main" and reader.boolean(table, "optional", context, line):
        group = f"optional:{extras_of[name]}" if name in extras_of else "optional"
    marker = _marker(reader, table, raw_group, context, line)
    hashes = _file_hashes(reader, table, context, line) | legacy_hashes.get(name, frozenset())
    source, url, index_url = _source(reader, table, context, line)
    return Dependency(
        name=name,
        specifier=specifier,
        version=version,
        marker=marker,
        group=group,
        source=source,
        url=url,
        hashes=hashes,
        location=Location(path=path, line=line),
        index_url=index_url,
        editable=bool(reader.boolean(table, "develop", context, line)),
    )


def _raw_group(reader: LockReader, table: Document, context: str, line: int | None) -> str:
    groups = reader.strings(table, "groups", context, line)
    if groups:
        return "main" if "main" in groups else groups[0]
    return reader.string(table, "category", context, line) or "main"


def _marker(
    reader: LockReader, table: Document, group: str, context: str, line: int | None
) -> Marker | None:
    """`markers` is a string, or (poetry 2) a table of group -> marker."""
    raw = table.get("markers")
    if isinstance(raw, dict):
        by_group = reader.string(raw, group, f"{context}.markers", line)
        return None if by_group is None else reader.marker(by_group, f"{context}.markers", line)
    text = reader.string(table, "markers", context, line)
    return None if text is None else reader.marker(text, f"{context}.markers", line)


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


def _legacy_hashes(reader: LockReader, metadata: Document) -> dict[str, frozenset[str]]:
    """Hashes by normalized name from `[metadata.files]` (1.1) and `[metadata.hashes]` (1.0)."""
    result: dict[str, set[str]] = {}
    files = reader.table(metadata, "files", "metadata", None) or {}
    for raw_name in files:
        context = f"metadata.files.{raw_name}"
        for position, file in reader.tables(files, raw_name, "metadata.files", None):
            raw = reader.string(file, "hash", f"{context}[{position}]", None, required=True)
            if raw is not None and (digest := reader.sha256(raw, f"{context}[{position}]", None)):
                result.setdefault(canonicalize_name(raw_name), set()).add(digest)
    hashes = reader.table(metadata, "hashes", "metadata", None) or {}
    for raw_name in hashes:
        for position, raw in enumerate(reader.strings(hashes, raw_name, "metadata.hashes", None)):
            # lock-version 1.0 wrote bare sha256 hex digests.
            algorithm, _, digest = raw.rpartition(":")
            digest = reader.sha256_digest(
                algorithm or "sha256", digest, f"metadata.hashes.{raw_name}[{position}]", None
            )
            if digest:
                result.setdefault(canonicalize_name(raw_name), set()).add(digest)
    return {name: frozenset(digests) for name, digests in result.items()}


def _extras_by_package(reader: LockReader, document: Document) -> dict[str, str]:
    """Package name -> the first (sorted) root extra that pulls it in, from `[extras]`."""
    extras = reader.table(document, "extras", "", None) or {}
    result: dict[str, str] = {}
    for extra in sorted(extras):
        for requirement in reader.strings(extras, extra, "extras", None):
            # Entries are names, sometimes with a constraint: "pysocks (>=1.5.6,!=1.5.7)".
            words = requirement.split("(")[0].split()
            if words:
                result.setdefault(canonicalize_name(words[0]), extra)
    return result


def _source(
    reader: LockReader, table: Document, context: str, line: int | None
) -> tuple[SourceKind, str | None, str | None]:
    """(kind, url, index_url) from `[package.source]`."""
    source = reader.table(table, "source", context, line)
    if source is None:
        return SourceKind.INDEX, None, None
    context = f"{context}.source"
    kind = reader.string(source, "type", context, line, required=True)
    url = reader.string(source, "url", context, line, required=True)
    if kind is None or url is None:
        return SourceKind.INDEX, None, None
    if kind == "git":
        commit = reader.string(source, "resolved_reference", context, line) or reader.string(
            source, "reference", context, line
        )
        subdirectory = reader.string(source, "subdirectory", context, line)
        return SourceKind.VCS, vcs_url("git", url, commit, subdirectory), None
    if kind in {"directory", "file"}:
        return SourceKind.PATH, url, None
    if kind == "url":
        return SourceKind.URL, url, None
    if kind in {"legacy", "explicit", "supplemental", "primary", "secondary"}:
        return SourceKind.INDEX, None, url
    reader.issue(line, f"{context}.type", f"unknown source type {kind!r}")
    return SourceKind.INDEX, None, None
