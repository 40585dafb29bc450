"""uv.lock (lock `version = 1`, any `revision`) -> Manifest.

Every `[[package]]` except the project itself (any `virtual` source, or an `editable`,
`directory` or `path` source of ".") becomes one Dependency; other workspace members and
path dependencies stay, as PATH sources. uv records no group per package, so groups come
from a walk of the dependency graph: what the project's `dependencies` reach is "main", what
only an extra reaches is "optional:<extra>", what only a dev group reaches is
`group_label(group)`; anything unreached is "main". Several versions of one name (forked
resolution) are all kept, each with its `resolution-markers` joined with `or` as its marker
(None when packaging cannot parse them; uv's own markers are not our user's mistake).
Hashes: `sdist.hash` and every `wheels[].hash` (sha256 only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests._lock_lines import entry_lines
from bot.manifests._lock_reader import Document, LockReader, group_label, load_toml, vcs_url
from bot.model import (
    Dependency,
    FileReader,
    Location,
    Manifest,
    ManifestKind,
    NormalizedName,
    ParseIssue,
    SourceKind,
)

__all__ = ["parse"]

_SOURCE_KEYS = ("registry", "git", "url", "path", "directory", "editable", "virtual")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Source:
    kind: SourceKind = SourceKind.INDEX
    url: str | None = None
    index_url: str | None = None
    editable: bool = False
    is_project: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class _Edge:
    name: NormalizedName
    version: str | None
    extras: tuple[str, ...]


@dataclass(slots=True, kw_only=True)
class _Entry:
    name: NormalizedName
    raw_version: str | None
    version: Version | None
    specifier: SpecifierSet
    source: _Source
    marker: Marker | None
    hashes: frozenset[str]
    line: int | None
    dependencies: list[_Edge] = field(default_factory=list)
    optional: dict[str, list[_Edge]] = field(default_factory=dict)
    dev: dict[str, list[_Edge]] = field(default_factory=dict)


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    loaded = load_toml(text)
    if isinstance(loaded, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.UV_LOCK, errors=(loaded,))
    reader = LockReader()
    lock_version = reader.integer(loaded, "version", "", None)
    if lock_version is not None and lock_version != 1:
        reader.issue(None, "version", f"unsupported uv.lock version {lock_version}; read as 1")
    reader.integer(loaded, "revision", "", None)
    # Lock files from uv before 0.3 called the array `distribution`.
    key = "package" if "package" in loaded or "distribution" not in loaded else "distribution"
    raw_entries = loaded.get(key)
    lines = entry_lines(text, key, raw_entries)
    entries: list[_Entry] = []
    for position, table in reader.tables(loaded, key, "", None):
        line = lines[position] if lines else None
        entry = _read_entry(reader, table, f"{key}[{position}]", line)
        if entry is not None:
            entries.append(entry)
    groups = _groups(entries)
    dependencies = tuple(
        Dependency(
            name=entry.name,
            specifier=entry.specifier,
            version=entry.version,
            marker=entry.marker,
            group=groups.get(index, "main"),
            source=entry.source.kind,
            url=entry.source.url,
            hashes=entry.hashes,
            location=Location(path=path, line=entry.line),
            index_url=entry.source.index_url,
            editable=entry.source.editable,
        )
        for index, entry in enumerate(entries)
        if not entry.source.is_project
    )
    return Manifest(
        path=path,
        kind=ManifestKind.UV_LOCK,
        dependencies=dependencies,
        errors=tuple(reader.issues),
        index_urls=_index_urls(entries),
    )


def _read_entry(
    reader: LockReader, table: Document, context: str, line: int | None
) -> _Entry | None:
    name = reader.name(table, "name", context, line)
    if name is None:
        return None
    raw_version = reader.string(table, "version", context, line)
    version, specifier = (
        reader.version(raw_version, f"{context}.version", line)
        if raw_version is not None
        else (None, SpecifierSet())
    )
    entry = _Entry(
        name=name,
        raw_version=raw_version,
        version=version,
        specifier=specifier,
        source=_read_source(reader, table, context, line),
        marker=_resolution_marker(reader.strings(table, "resolution-markers", context, line)),
        hashes=_hashes(reader, table, context, line),
        line=line,
    )
    entry.dependencies = _edges(reader, table, "dependencies", context, line)
    for label, key in (("optional", "optional-dependencies"), ("dev", "dev-dependencies")):
        named = reader.table(table, key, context, line) or {}
        target = entry.optional if label == "optional" else entry.dev
        for group in named:
            target[group] = _edges(reader, named, group, f"{context}.{key}", line)
    return entry


def _read_source(reader: LockReader, table: Document, context: str, line: int | None) -> _Source:
    source = reader.table(table, "source", context, line)
    if source is None:
        return _Source()
    context = f"{context}.source"
    present = [key for key in _SOURCE_KEYS if key in source]
    if len(present) != 1:
        reader.issue(line, context, f"expected exactly one of {', '.join(_SOURCE_KEYS)}")
        if not present:
            return _Source()
    key = present[0]
    value = reader.string(source, key, context, line, required=True)
    if value is None:
        return _Source()
    if key == "registry":
        return _Source(index_url=value)
    if key == "git":
        return _Source(kind=SourceKind.VCS, url=_git_url(value))
    if key == "url":
        return _Source(kind=SourceKind.URL, url=value)
    if key == "virtual":
        return _Source(kind=SourceKind.PATH, url=value, is_project=True)
    editable = key == "editable"
    return _Source(
        kind=SourceKind.PATH, url=value, editable=editable, is_project=value in {".", "./"}
    )


def _git_url(value: str) -> str:
    """`https://host/repo?rev=main&subdirectory=x#<sha>` -> `git+https://host/repo@<sha>#...`."""
    base, _, commit = value.partition("#")
    repository, _, query = base.partition("?")
    parameters: dict[str, str] = {}
    for part in query.split("&"):
        key, _, value = part.partition("=")
        parameters.setdefault(key, value)
    reference = commit or parameters.get("rev") or parameters.get("tag") or parameters.get("branch")
    return vcs_url("git", repository, reference, parameters.get("subdirectory"))


def _resolution_marker(markers: list[str]) -> Marker | None:
    if not markers:
        return None
    text = markers[0] if len(markers) == 1 else " or ".join(f"({marker})" for marker in markers)
    try:
        return Marker(text)
    except InvalidMarker:
        return None  # uv may write markers packaging cannot read; the entry is still kept


def _hashes(reader: LockReader, table: Document, context: str, line: int | None) -> frozenset[str]:
    found: set[str] = set()

    def add(file: Document, file_context: str) -> None:
        raw = reader.string(file, "hash", file_context, line)
        if raw is not None and (digest := reader.sha256(raw, f"{file_context}.hash", line)):
            found.add(digest)

    sdist = reader.table(table, "sdist", context, line)
    if sdist is not None:
        add(sdist, f"{context}.sdist")
    for position, wheel in reader.tables(table, "wheels", context, line):
        add(wheel, f"{context}.wheels[{position}]")
    return frozenset(found)


def _edges(
    reader: LockReader, table: Document, key: str, context: str, line: int | None
) -> list[_Edge]:
    edges: list[_Edge] = []
    for position, item in reader.tables(table, key, context, line):
        item_context = f"{context}.{key}[{position}]"
        name = reader.name(item, "name", item_context, line)
        if name is None:
            continue
        edges.append(
            _Edge(
                name=name,
                version=reader.string(item, "version", item_context, line),
                extras=tuple(reader.strings(item, "extra", item_context, line)),
            )
        )
    return edges


def _groups(entries: list[_Entry]) -> dict[int, str]:
    """Entry index -> group, by walking from the project's dependencies, extras, dev groups.

    Each (entry, extra) state is expanded once over all walks: whatever an earlier walk
    reached already has a group, so the whole walk is linear in the size of the graph.
    """
    by_name: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        by_name.setdefault(entry.name, []).append(index)
    projects = [index for index, entry in enumerate(entries) if entry.source.is_project]
    groups: dict[int, str] = {}
    expanded: set[tuple[int, str]] = set()

    def walk(start: list[_Edge], group: str) -> None:
        pending = list(start)
        while pending:
            edge = pending.pop()
            for target in by_name.get(edge.name, ()):
                entry = entries[target]
                if edge.version is not None and entry.raw_version != edge.version:
                    continue
                groups.setdefault(target, group)
                for extra in ("", *edge.extras):
                    if (target, extra) in expanded:
                        continue
                    expanded.add((target, extra))
                    pending.extend(
                        entry.dependencies if not extra else entry.optional.get(extra, ())
                    )

    for index in projects:
        expanded.add((index, ""))
        walk(entries[index].dependencies, "main")
    for index in projects:
        for extra, edges in entries[index].optional.items():
            walk(edges, f"optional:{extra}")
    for entry in entries:
        for group, edges in entry.dev.items():
            walk(edges, group_label(group))
    return groups


def _index_urls(entries: list[_Entry]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for entry in entries:
        if entry.source.index_url is not None:
            seen.setdefault(entry.source.index_url, None)
    return tuple(seen)
