"""pylock.toml and pylock.<name>.toml (PEP 751, lock-version 1.x) -> Manifest.

Validated key by key with the rules of PEP 751 (as `packaging.pylock` applies them), but
per package: one bad entry becomes `ParseIssue`s and the rest of the file is still read.
`packaging.pylock` is not used because it rejects the whole file at the first problem, and
because `packaging>=24` (our floor) does not have it.

Source: `vcs` -> VCS, `directory` -> PATH, `archive` -> URL (PATH when it has only a path),
`sdist`/`wheels` -> INDEX with `index` as index_url. A `directory` of "." is the project
itself (`uv export` writes it) and is left out. PEP 751 has no per-package group: every
entry is "main" and keeps its `marker` (which may test `dependency_groups`/`extras`).
Package names are normalized silently: pipenv writes them unnormalized (`jaraco.classes`).
"""

from __future__ import annotations

import functools
import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidSdistFilename, parse_sdist_filename
from packaging.version import InvalidVersion, Version

from bot.manifests._lock_lines import entry_lines
from bot.manifests._lock_reader import Document, LockReader, load_toml, vcs_url
from bot.model import (
    Dependency,
    FileReader,
    Location,
    Manifest,
    ManifestKind,
    NormalizedName,
    ParseIssue,
    SourceKind,
    canonicalize_name,
)

__all__ = ["is_pylock_path", "parse"]

_PYLOCK_FILE_NAME = re.compile(r"^pylock\.([^.]+\.)?toml$")
_PERCENT_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


def is_pylock_path(path: str) -> bool:
    """`pylock.toml` or `pylock.<name>.toml` (PEP 751), in any directory."""
    return bool(_PYLOCK_FILE_NAME.match(path.rsplit("/", 1)[-1]))


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    loaded = load_toml(text)
    if isinstance(loaded, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.PYLOCK, errors=(loaded,))
    reader = LockReader()
    _check_header(reader, loaded)
    raw_entries = loaded.get("packages")
    lines = entry_lines(text, "packages", raw_entries)
    dependencies: list[Dependency] = []
    index_urls: dict[str, None] = {}
    for position, table in reader.tables(loaded, "packages", "", None, required=True):
        line = lines[position] if lines else None
        dependency = _read_package(reader, table, f"packages[{position}]", line, path=path)
        if dependency is not None:
            dependencies.append(dependency)
            if dependency.index_url is not None:
                index_urls.setdefault(dependency.index_url, None)
    return Manifest(
        path=path,
        kind=ManifestKind.PYLOCK,
        dependencies=tuple(dependencies),
        errors=tuple(reader.issues),
        index_urls=tuple(index_urls),
    )


def _check_header(reader: LockReader, document: Document) -> None:
    raw = reader.string(document, "lock-version", "", None, required=True)
    if raw is not None:
        try:
            lock_version = Version(raw)
        except InvalidVersion:
            reader.issue(None, "lock-version", f"invalid version {raw!r}")
        else:
            if not Version("1") <= lock_version < Version("2.dev0"):
                reader.issue(None, "lock-version", f"unsupported lock-version {raw!r}")
    reader.string(document, "created-by", "", None, required=True)
    for marker in reader.strings(document, "environments", "", None):
        reader.marker(marker, "environments", None)
    _requires_python(reader, document, "", None)
    reader.strings(document, "extras", "", None)
    reader.strings(document, "dependency-groups", "", None)
    reader.strings(document, "default-groups", "", None)
    reader.table(document, "tool", "", None)


def _requires_python(reader: LockReader, table: Document, context: str, line: int | None) -> None:
    raw = reader.string(table, "requires-python", context, line)
    if raw is None:
        return
    try:
        SpecifierSet(raw)
    except InvalidSpecifier:
        where = f"{context}.requires-python" if context else "requires-python"
        reader.issue(line, where, f"invalid specifier {raw!r}")


def _read_package(
    reader: LockReader, table: Document, context: str, line: int | None, *, path: str
) -> Dependency | None:
    name = reader.name(table, "name", context, line)
    if name is None:
        return None
    # PEP 751 wants names normalized, but pipenv writes `jaraco.classes` as is; the name is
    # still unambiguous once normalized, so it is read rather than flagged.
    raw_version = reader.string(table, "version", context, line)
    version, specifier = (
        reader.version(raw_version, f"{context}.version", line)
        if raw_version is not None
        else (None, SpecifierSet())
    )
    raw_marker = reader.string(table, "marker", context, line)
    marker = None if raw_marker is None else reader.marker(raw_marker, f"{context}.marker", line)
    _requires_python(reader, table, context, line)
    reader.tables(table, "dependencies", context, line)
    for position, identity in reader.tables(table, "attestation-identities", context, line):
        reader.string(
            identity, "kind", f"{context}.attestation-identities[{position}]", line, required=True
        )
    reader.table(table, "tool", context, line)
    index = reader.string(table, "index", context, line)

    vcs = reader.table(table, "vcs", context, line)
    directory = reader.table(table, "directory", context, line)
    archive = reader.table(table, "archive", context, line)
    sdist = reader.table(table, "sdist", context, line)
    wheels = reader.tables(table, "wheels", context, line)
    distributions = (sdist is not None) + len(wheels)
    direct = (vcs is not None) + (directory is not None) + (archive is not None)
    if distributions and direct:
        reader.issue(
            line, context, "none of vcs, directory, archive may be set with sdist or wheels"
        )
    elif not distributions and direct != 1:
        reader.issue(
            line, context, "exactly one of vcs, directory, archive, sdist, wheels is required"
        )

    hashes: set[str] = set()
    source, url, editable = SourceKind.INDEX, None, False
    # With both direct and index sources (reported above), the hashed files win.
    direct_url = None if vcs is None else _vcs(reader, vcs, f"{context}.vcs", line)
    if distributions:
        pass
    elif vcs is not None:
        source, url = SourceKind.VCS, direct_url
    elif directory is not None:
        source = SourceKind.PATH
        url = reader.string(directory, "path", f"{context}.directory", line, required=True)
        editable = bool(reader.boolean(directory, "editable", f"{context}.directory", line))
    elif archive is not None:
        archive_url, archive_path = _location(reader, archive, f"{context}.archive", line)
        source = SourceKind.URL if archive_url is not None else SourceKind.PATH
        url = archive_url if archive_url is not None else archive_path
        hashes |= _hashes(reader, archive, f"{context}.archive", line)
    if sdist is not None:
        sdist_context = f"{context}.sdist"
        hashes |= _hashes(reader, sdist, sdist_context, line)
        filename = _filename(reader, sdist, sdist_context, line)
        if filename is not None:
            _check_file_name(
                reader,
                filename,
                wheel=False,
                name=name,
                version=version,
                context=sdist_context,
                line=line,
            )
    for position, wheel in wheels:
        wheel_context = f"{context}.wheels[{position}]"
        hashes |= _hashes(reader, wheel, wheel_context, line)
        filename = _filename(reader, wheel, wheel_context, line)
        if filename is not None:
            _check_file_name(
                reader,
                filename,
                wheel=True,
                name=name,
                version=version,
                context=wheel_context,
                line=line,
            )
    if source is SourceKind.PATH and directory is not None and url in {".", "./"}:
        return None  # the project itself (as `uv export` writes it), not a dependency
    return Dependency(
        name=name,
        specifier=specifier,
        version=version,
        marker=marker,
        source=source,
        url=url,
        hashes=frozenset(hashes),
        location=Location(path=path, line=line),
        index_url=index if source is SourceKind.INDEX else None,
        editable=editable,
    )


def _vcs(reader: LockReader, vcs: Document, context: str, line: int | None) -> str | None:
    kind = reader.string(vcs, "type", context, line, required=True)
    repository, local = _location(reader, vcs, context, line)
    commit = reader.string(vcs, "commit-id", context, line, required=True)
    reader.string(vcs, "requested-revision", context, line)
    subdirectory = reader.string(vcs, "subdirectory", context, line)
    where = repository if repository is not None else local
    if kind is None or where is None:
        return None
    return vcs_url(kind, where, commit, subdirectory)


def _location(
    reader: LockReader, table: Document, context: str, line: int | None
) -> tuple[str | None, str | None]:
    url = reader.string(table, "url", context, line)
    local = reader.string(table, "path", context, line)
    if not url and not local:
        reader.issue(line, context, "path or url must be provided")
    return url, local


def _hashes(reader: LockReader, file: Document, context: str, line: int | None) -> set[str]:
    table = reader.table(file, "hashes", context, line, required=True)
    if table is None:
        return set()
    if not table:
        reader.issue(line, f"{context}.hashes", "at least one hash must be provided")
    found: set[str] = set()
    for algorithm, digest in table.items():
        if not isinstance(digest, str):
            reader.issue(line, f"{context}.hashes.{algorithm}", "hash values must be strings")
        elif (
            value := reader.sha256_digest(algorithm, digest, f"{context}.hashes", line)
        ) is not None:
            found.add(value)
    return found


def _filename(reader: LockReader, file: Document, context: str, line: int | None) -> str | None:
    """`name`, else the last component of `path` or of `url` (percent-decoded)."""
    name = reader.string(file, "name", context, line)
    if name:
        return name
    url, local = _location(reader, file, context, line)
    if local:
        return local.replace("\\", "/").rsplit("/", 1)[-1]
    if url:
        last = url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]
        return _PERCENT_ESCAPE.sub(lambda escape: chr(int(escape.group(1), 16)), last)
    return None


def _check_file_name(
    reader: LockReader,
    filename: str,
    *,
    wheel: bool,
    name: NormalizedName,
    version: Version | None,
    context: str,
    line: int | None,
) -> None:
    parsed = _wheel_name_version(filename) if wheel else _sdist_name_version(filename)
    if parsed is None:
        kind = "wheel" if wheel else "sdist"
        reader.issue(line, context, f"invalid {kind} filename {filename!r}")
        return
    file_name, file_version = parsed
    # A file of another project under this name would install something else than reviewed.
    if file_name != name:
        reader.issue(line, context, f"{filename!r} does not belong to package {name!r}")
    elif version is not None and file_version != version:
        reader.issue(line, context, f"{filename!r} is not version {version}")


def _wheel_name_version(filename: str) -> tuple[NormalizedName, Version] | None:
    """Name and version of a wheel file name; the tags are not needed here (and costly)."""
    parts = filename.removesuffix(".whl").split("-") if filename.endswith(".whl") else []
    if len(parts) not in {5, 6}:
        return None
    return _name_version(parts[0], parts[1])


@functools.lru_cache(maxsize=4096)
def _name_version(name: str, version: str) -> tuple[NormalizedName, Version] | None:
    # A package lists the same name and version once per wheel (often dozens of times).
    try:
        return canonicalize_name(name), Version(version)
    except InvalidVersion:
        return None


def _sdist_name_version(filename: str) -> tuple[NormalizedName, Version] | None:
    try:
        return parse_sdist_filename(filename)
    except InvalidSdistFilename:
        return None
