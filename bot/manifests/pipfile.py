"""Pipfile: `[packages]` (group "main"), `[dev-packages]` ("dev"), other categories by name.

Values are `"*"`, a PEP 440 specifier (`"==1.2"`, `">=1,<2"`), or a table with `version`,
`extras`, `markers`, environment keys (`sys_platform = "== 'win32'"` becomes a marker), `git`
/`hg`/`svn`/`bzr` + `ref`, `path`, `file`, `editable` and `index` (a `[[source]]` name).
`[[source]]` URLs become `Manifest.index_urls`; `[requires]`, `[scripts]`, `[pipenv]` are skipped.
"""

from __future__ import annotations

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import InvalidName, canonicalize_name

from bot.manifests._pep508 import pinned_version
from bot.manifests._toml import TomlTable, dotted, load_toml, table_or_none
from bot.manifests._toml_lines import KeyPath, TomlLineIndex
from bot.model import (
    Dependency,
    FileReader,
    Location,
    Manifest,
    ManifestKind,
    ParseIssue,
    SourceKind,
)

__all__ = ["parse"]

_NOT_CATEGORIES = frozenset({"source", "requires", "scripts", "pipenv"})
_GROUPS = {"packages": "main", "dev-packages": "dev"}
_MARKER_KEYS = (
    "os_name",
    "sys_platform",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_version",
    "python_full_version",
    "implementation_name",
    "implementation_version",
)
_VCS_KEYS = ("git", "hg", "svn", "bzr")
_OPERATOR_START = tuple("=<>!~")


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    document = load_toml(text)
    if isinstance(document, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.PIPFILE, errors=(document,))
    index = TomlLineIndex(text)
    errors: list[ParseIssue] = []

    def issue(key: KeyPath, message: str) -> None:
        errors.append(ParseIssue(line=index.line_of(key), message=message))

    sources: dict[str, str] = {}
    raw_sources = document.get("source", [])
    for i, item in enumerate(raw_sources if isinstance(raw_sources, list) else []):
        table = table_or_none(item)
        url = None if table is None else table.get("url")
        if table is None or not isinstance(url, str):
            issue(("source", i), f"source[{i}] needs a url")
            continue
        name = table.get("name")
        sources[name if isinstance(name, str) else url] = url
    if not isinstance(raw_sources, list):
        issue(("source",), "source must be an array of tables ([[source]])")

    dependencies: list[Dependency] = []
    for category, packages in document.items():
        if category in _NOT_CATEGORIES:
            continue
        table = table_or_none(packages)
        if table is None:
            issue((category,), f"{category} must be a table of packages")
            continue
        group = _GROUPS.get(category, category)
        for name, value in table.items():
            key = (category, name)
            if name.replace(" ", "") in ("-e.", "-e./"):
                continue  # pipenv 0.x wrote the project itself as `"-e ." = "*"`
            location = Location(path=path, line=index.line_of(key))
            found = _dependency(name, value, group=group, sources=sources, location=location)
            if isinstance(found, str):
                issue(key, f"{dotted(key)}: {found}")
            else:
                dependencies.append(found)
    return Manifest(
        path=path,
        kind=ManifestKind.PIPFILE,
        dependencies=tuple(dependencies),
        errors=tuple(errors),
        index_urls=tuple(dict.fromkeys(sources.values())),
    )


_OPERATORS = ("==", ">=", "<=", "~=", "!=", ">", "<")


def _pipenv_specifier(version: str) -> str:
    """Pipenv reads a bare version such as `"3.*"` or `"2.23.0"` as `==` that version."""
    version = version.strip()
    if version in ("", "*"):
        return ""
    if version.startswith(_OPERATORS):
        return version
    return f"=={version}"


def _dependency(
    name: str, value: object, *, group: str, sources: dict[str, str], location: Location
) -> Dependency | str:
    """The dependency `name = value` declares, or a message saying what is wrong with it."""
    try:
        normalized = canonicalize_name(name, validate=True)
    except InvalidName:
        return f"{name!r} is not a valid package name"
    spec: TomlTable | None = {"version": value} if isinstance(value, str) else table_or_none(value)
    if spec is None:
        return "must be a version string or a table"
    version = spec.get("version", "*")
    if not isinstance(version, str):
        return "version must be a string"
    try:
        specifier = SpecifierSet(_pipenv_specifier(version))
    except InvalidSpecifier:
        return f"invalid version specifier {version!r}"
    markers: list[str] = []
    if isinstance(spec.get("markers"), str):
        markers.append(str(spec["markers"]))
    for key in _MARKER_KEYS:
        condition = spec.get(key)
        if isinstance(condition, str):
            condition = condition.strip()
            markers.append(
                f"{key} {condition}" if condition.startswith(_OPERATOR_START)
                else f'{key} == "{condition}"'
            )
    marker = None
    if markers:
        try:
            marker = Marker(" and ".join(f"({m})" for m in markers))
        except InvalidMarker as exc:
            return f"invalid markers: {exc}"
    extras = spec.get("extras", [])
    if not isinstance(extras, list) or not all(isinstance(e, str) for e in extras):
        return "extras must be an array of strings"
    source, url = SourceKind.INDEX, None
    vcs = next((k for k in _VCS_KEYS if isinstance(spec.get(k), str)), None)
    if vcs is not None:
        ref = spec.get("ref")
        url = f"{vcs}+{spec[vcs]}" + (f"@{ref}" if isinstance(ref, str) else "")
        source = SourceKind.VCS
    elif isinstance(spec.get("path"), str):
        source, url = SourceKind.PATH, str(spec["path"])
    elif isinstance(spec.get("file"), str):
        file = str(spec["file"])
        source = SourceKind.PATH if file.startswith("file:") else SourceKind.URL
        url = file
    index_name = spec.get("index")
    return Dependency(
        name=normalized,
        specifier=specifier,
        version=pinned_version(specifier),
        extras=frozenset(str(e) for e in extras),
        marker=marker,
        group=group,
        source=source,
        url=url,
        index_url=sources.get(index_name) if isinstance(index_name, str) else None,
        editable=spec.get("editable") is True,
        location=location,
    )
