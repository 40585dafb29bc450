"""Pipfile.lock (pipenv, pipfile-spec 6) -> Manifest.

Every top-level key but `_meta` is a category: "default" is "main", "develop" is "dev",
any other (pipenv's custom categories) goes through `group_label`. Entries:
`{"version": "==X", "hashes": [...], "markers", "index", "extras"}` for index packages;
`git`/`hg`/`svn`/`bzr` (+ `ref`, `subdirectory`), `file` (a URL or a local archive) or
`path` (+ `editable`) for direct ones. `index` names one of `_meta.sources`; its URL becomes
index_url (with a single source, entries without `index` get that one).
Lines are found after json.loads by a light scan (best effort: None when not found).
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests._lock_lines import json_object_key_lines
from bot.manifests._lock_reader import Document, LockReader, group_label, load_json, vcs_url
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


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    loaded, duplicates = load_json(text)
    if isinstance(loaded, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.PIPFILE_LOCK, errors=(loaded,))
    reader = LockReader(table_word="object")
    for key in dict.fromkeys(duplicates):
        reader.issue(None, "", f"duplicate key {key!r} (only the last one is read)")
    sources = _sources(reader, loaded)
    default_index = next(iter(sources.values())) if len(sources) == 1 else None

    categories: list[tuple[str, Document]] = []
    for category, value in loaded.items():
        if category == "_meta":
            continue
        table = reader.as_table(value, category, None)
        if table is not None:
            categories.append((category, table))
    lines = json_object_key_lines(text, [(category, list(table)) for category, table in categories])

    dependencies: list[Dependency] = []
    for (category, table), category_lines in zip(categories, lines, strict=True):
        group = group_label(category)
        for (raw_name, entry), line in zip(table.items(), category_lines, strict=True):
            dependency = _read_entry(
                reader,
                raw_name,
                entry,
                f"{category}.{raw_name}",
                line,
                path=path,
                group=group,
                sources=sources,
                default_index=default_index,
            )
            if dependency is not None:
                dependencies.append(dependency)
    return Manifest(
        path=path,
        kind=ManifestKind.PIPFILE_LOCK,
        dependencies=tuple(dependencies),
        errors=tuple(reader.issues),
        index_urls=tuple(dict.fromkeys(sources.values())),
    )


def _sources(reader: LockReader, document: Document) -> dict[str, str]:
    """Source name -> URL from `_meta.sources`."""
    meta = reader.table(document, "_meta", "", None) or {}
    result: dict[str, str] = {}
    for position, source in reader.tables(meta, "sources", "_meta", None):
        context = f"_meta.sources[{position}]"
        name = reader.string(source, "name", context, None, required=True)
        url = reader.string(source, "url", context, None, required=True)
        reader.boolean(source, "verify_ssl", context, None)
        if name is not None and url is not None:
            result.setdefault(name, url)
    return result


def _read_entry(
    reader: LockReader,
    raw_name: str,
    value: object,
    context: str,
    line: int | None,
    *,
    path: str,
    group: str,
    sources: dict[str, str],
    default_index: str | None,
) -> Dependency | None:
    entry = reader.as_table(value, context, line)
    if entry is None:
        return None
    name = reader.name({"name": raw_name}, "name", context, line)
    if name is None:
        return None
    version: Version | None = None
    specifier = SpecifierSet()
    raw_version = reader.string(entry, "version", context, line)
    if raw_version is not None:
        if raw_version.startswith("==="):
            reader.issue(line, f"{context}.version", f"not a PEP 440 version: {raw_version!r}")
            specifier = _arbitrary(raw_version)
        elif raw_version.startswith("=="):
            version, specifier = reader.version(raw_version[2:].strip(), f"{context}.version", line)
        elif raw_version != "*":
            reader.issue(line, f"{context}.version", f"not pinned with '==': {raw_version!r}")
    raw_marker = reader.string(entry, "markers", context, line)
    marker = None if raw_marker is None else reader.marker(raw_marker, f"{context}.markers", line)
    extras = frozenset(
        canonicalize_name(extra) for extra in reader.strings(entry, "extras", context, line)
    )
    hashes: set[str] = set()
    for position, raw in enumerate(reader.strings(entry, "hashes", context, line)):
        if digest := reader.sha256(raw, f"{context}.hashes[{position}]", line):
            hashes.add(digest)
    source, url, editable = _source(reader, entry, context, line)
    index_url = None
    index_name = reader.string(entry, "index", context, line)
    if source is SourceKind.INDEX:
        if index_name is None:
            index_url = default_index
        elif index_name in sources:
            index_url = sources[index_name]
        else:
            reader.issue(line, f"{context}.index", f"unknown source {index_name!r}")
    return Dependency(
        name=name,
        specifier=specifier,
        version=version,
        extras=extras,
        marker=marker,
        group=group,
        source=source,
        url=url,
        hashes=frozenset(hashes),
        location=Location(path=path, line=line),
        index_url=index_url,
        editable=editable,
    )


def _arbitrary(raw_version: str) -> SpecifierSet:
    try:
        return SpecifierSet(raw_version)
    except ValueError:
        return SpecifierSet()


def _source(
    reader: LockReader, entry: Document, context: str, line: int | None
) -> tuple[SourceKind, str | None, bool]:
    editable = bool(reader.boolean(entry, "editable", context, line))
    for vcs in _VCS_KEYS:
        repository = reader.string(entry, vcs, context, line)
        if repository is not None:
            commit = reader.string(entry, "ref", context, line)
            subdirectory = reader.string(entry, "subdirectory", context, line)
            return SourceKind.VCS, vcs_url(vcs, repository, commit, subdirectory), editable
    file = reader.string(entry, "file", context, line)
    if file is not None:
        kind = SourceKind.URL if "://" in file else SourceKind.PATH
        return kind, file, editable
    local = reader.string(entry, "path", context, line)
    if local is not None:
        return SourceKind.PATH, local, editable
    return SourceKind.INDEX, None, editable
