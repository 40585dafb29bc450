"""pyproject.toml: PEP 621, PEP 735, build-system, Poetry, PDM, uv and legacy flit.

Groups:
    main                          [project] dependencies, [tool.poetry.dependencies], flit requires
    optional:<extra>              [project.optional-dependencies], flit requires-extra, and Poetry
                                  `optional = true` deps listed in [tool.poetry.extras] (one entry
                                  per extra; an optional dep no extra lists gets group "optional")
    dependency-group:<name>       PEP 735 [dependency-groups], name normalized. A group that
                                  includes another lists the included deps again under its own
                                  group, with the lines where they are written.
    build-system                  [build-system] requires
    <name>                        [tool.poetry.group.<name>.dependencies] (legacy dev-dependencies
                                  -> "dev")
    dev:<name>                    [tool.pdm.dev-dependencies]
    main / dev / doc              PDM 0.x tables [tool.pdm.dependencies], dev-dependencies,
                                  doc-dependencies (`name = "specifier"`)
    dev                           [tool.uv] dev-dependencies, flit dev-requires

Poetry `||` unions become an empty specifier (see `poetry_constraints`). `[tool.uv.sources]`
rewrites the source of matching deps with the first source given for the name. Entries that
are identical apart from their line (Poetry 2 projects repeating [project] in [tool.poetry])
are kept once. The project's own name with extras (`pdm[template]` in pdm's extras) is the
project itself, not a dependency, and is left out.
"""

from __future__ import annotations

import dataclasses

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import InvalidName, canonicalize_name

from bot.manifests._pep508 import dependency_from_requirement, pinned_version
from bot.manifests._toml import TomlTable, dotted, load_toml, table_or_none
from bot.manifests._toml_lines import KeyPath, TomlLineIndex
from bot.manifests.poetry_constraints import InvalidConstraint, to_clauses
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


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    document = load_toml(text)
    if isinstance(document, ParseIssue):
        return Manifest(path=path, kind=ManifestKind.PYPROJECT, errors=(document,))
    reader = _Reader(path, TomlLineIndex(text), document)
    reader.read_all()
    return reader.manifest()


class _Reader:
    def __init__(self, path: str, index: TomlLineIndex, document: TomlTable) -> None:
        self.path = path
        self.index = index
        self.document = document
        self.dependencies: list[Dependency] = []
        self.errors: list[ParseIssue] = []
        self.index_urls: list[str] = []

    # --- shared ---------------------------------------------------------------------------
    def line(self, key: KeyPath) -> int | None:
        # An item missing from the index falls back to the line of the key holding it.
        while key:
            found = self.index.line_of(key)
            if found is not None:
                return found
            key = key[:-1]
        return None

    def issue(self, key: KeyPath, message: str) -> None:
        self.errors.append(ParseIssue(line=self.line(key), message=message))

    def table(self, key: KeyPath) -> TomlTable | None:
        """The table at `key`, None if absent; a non-table is reported and treated as absent."""
        value: object = self.document
        for part in key:
            table = table_or_none(value)
            if table is None or not isinstance(part, str) or part not in table:
                return None
            value = table[part]
        table = table_or_none(value)
        if table is None:
            self.issue(key, f"{dotted(key)} must be a table")
        return table

    def requirements(
        self, value: object, key: KeyPath, group: str, *, allow_editable: bool = False
    ) -> None:
        """An array of PEP 508 strings at `key`."""
        if not isinstance(value, list):
            self.issue(key, f"{dotted(key)} must be an array of requirement strings")
            return
        for i, item in enumerate(value):
            item_key = (*key, i)
            if not isinstance(item, str):
                self.issue(item_key, f"{dotted(item_key)} must be a requirement string")
                continue
            self.requirement(item, item_key, group, allow_editable=allow_editable)

    def requirement(
        self, text: str, key: KeyPath, group: str, *, allow_editable: bool = False
    ) -> None:
        editable = allow_editable and text.startswith("-e ")
        if editable:
            text = text[3:].strip()
            # PDM writes editable local projects as `-e <url>#egg=<name>`.
            url, _, fragment = text.partition("#egg=")
            if fragment and " @ " not in text:
                text = f"{fragment.split('&')[0]} @ {url}"
        found = dependency_from_requirement(text, path=self.path, line=self.line(key), group=group)
        if isinstance(found, ParseIssue):
            self.errors.append(found)
        else:
            self.dependencies.append(dataclasses.replace(found, editable=editable))

    def manifest(self) -> Manifest:
        unique: dict[tuple[object, ...], Dependency] = {}
        own_names = self.own_names()
        for dep in self.dependencies:
            if dep.name in own_names and dep.group != "build-system" and not dep.url:
                # `requests[socks]` in requests' own test group, `pdm[template]` in pdm's
                # extras: the project itself, whose requirements this file already lists.
                continue
            key = (dep.name, dep.specifier, dep.extras, dep.marker, dep.group, dep.source, dep.url)
            unique.setdefault(key, dep)
        return Manifest(
            path=self.path,
            kind=ManifestKind.PYPROJECT,
            dependencies=tuple(unique.values()),
            errors=tuple(dict.fromkeys(self.errors)),
            index_urls=tuple(dict.fromkeys(self.index_urls)),
        )

    def own_names(self) -> frozenset[str]:
        names = set()
        for key in (("project",), ("tool", "poetry")):
            table = self.table(key)
            name = table.get("name") if table is not None else None
            if isinstance(name, str):
                names.add(canonicalize_name(name))
        return frozenset(names)

    def read_all(self) -> None:
        self.read_project()
        self.read_dependency_groups()
        self.read_build_system()
        self.read_poetry()
        self.read_pdm()
        self.read_flit()
        self.read_uv()

    # --- PEP 621 / PEP 518 ----------------------------------------------------------------
    def read_project(self) -> None:
        project = self.table(("project",))
        if project is None:
            return
        if "dependencies" in project:
            self.requirements(project["dependencies"], ("project", "dependencies"), "main")
        optional = self.table(("project", "optional-dependencies"))
        for extra, value in (optional or {}).items():
            key = ("project", "optional-dependencies", extra)
            self.requirements(value, key, f"optional:{_extra_name(extra)}")

    def read_build_system(self) -> None:
        build = self.table(("build-system",))
        if build is not None and "requires" in build:
            self.requirements(build["requires"], ("build-system", "requires"), "build-system")

    # --- PEP 735 --------------------------------------------------------------------------
    def read_dependency_groups(self) -> None:
        groups = self.table(("dependency-groups",))
        if groups is None:
            return
        by_name: dict[str, str] = {}
        for original in groups:
            normalized = _extra_name(original)
            if normalized in by_name:
                self.issue(
                    ("dependency-groups", original),
                    f"dependency group {original!r} repeats {by_name[normalized]!r}"
                    " (names are compared normalized)",
                )
                continue
            by_name[normalized] = original
        for normalized, original in by_name.items():
            for text, key in self._expand_group(groups, by_name, original, (normalized,)):
                self.requirement(text, key, f"dependency-group:{normalized}")

    def _expand_group(
        self,
        groups: TomlTable,
        by_name: dict[str, str],
        original: str,
        chain: tuple[str, ...],
    ) -> list[tuple[str, KeyPath]]:
        key: KeyPath = ("dependency-groups", original)
        value = groups[original]
        if not isinstance(value, list):
            self.issue(key, f"{dotted(key)} must be an array")
            return []
        found: list[tuple[str, KeyPath]] = []
        for i, item in enumerate(value):
            item_key = (*key, i)
            if isinstance(item, str):
                found.append((item, item_key))
                continue
            table = table_or_none(item)
            include = None if table is None else table.get("include-group")
            if table is None or set(table) != {"include-group"} or not isinstance(include, str):
                self.issue(
                    item_key,
                    f"{dotted(item_key)} must be a requirement string or {{include-group = ...}}",
                )
                continue
            target = _extra_name(include)
            if target in chain:
                cycle = " -> ".join((*chain, target))
                self.issue(item_key, f"dependency group include cycle: {cycle}")
            elif target not in by_name:
                self.issue(item_key, f"dependency group {include!r} included here does not exist")
            else:
                found.extend(self._expand_group(groups, by_name, by_name[target], (*chain, target)))
        return found

    # --- Poetry ---------------------------------------------------------------------------
    def read_poetry(self) -> None:
        poetry = self.table(("tool", "poetry"))
        if poetry is None:
            return
        sources = self._named_sources(("tool", "poetry", "source"), poetry.get("source"))
        extras: dict[str, list[str]] = {}
        for extra, names in (self.table(("tool", "poetry", "extras")) or {}).items():
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                self.issue(("tool", "poetry", "extras", extra), "an extra must list package names")
                continue
            for name in names:
                extras.setdefault(canonicalize_name(str(name)), []).append(_extra_name(extra))
        tables: list[tuple[KeyPath, str]] = [
            (("tool", "poetry", "dependencies"), "main"),
            (("tool", "poetry", "dev-dependencies"), "dev"),
        ]
        for group in self.table(("tool", "poetry", "group")) or {}:
            tables.append((("tool", "poetry", "group", group, "dependencies"), group))
        for key, group in tables:
            for name, value in (self.table(key) or {}).items():
                if name.lower() != "python":
                    self._poetry_dependency(
                        name, value, (*key, name), group, sources=sources, extras=extras
                    )

    def _named_sources(self, key: KeyPath, value: object) -> dict[str, str]:
        """`[[...source]]`/`[[...index]]` tables: record their URLs, return name -> URL."""
        if value is None:
            return {}
        if not isinstance(value, list):
            self.issue(key, f"{dotted(key)} must be an array of tables")
            return {}
        named: dict[str, str] = {}
        for i, item in enumerate(value):
            table = table_or_none(item)
            url = None if table is None else table.get("url")
            if table is None or not isinstance(url, str):
                self.issue((*key, i), f"{dotted((*key, i))} needs a url")
                continue
            self.index_urls.append(url)
            name = table.get("name")
            if isinstance(name, str):
                named[name] = url
        return named

    def _poetry_dependency(
        self,
        name: str,
        value: object,
        key: KeyPath,
        group: str,
        *,
        sources: dict[str, str],
        extras: dict[str, list[str]],
    ) -> None:
        entries: list[tuple[object, KeyPath]]
        if isinstance(value, list):  # multiple-constraints dependency: one entry per table
            entries = [(item, (*key, i)) for i, item in enumerate(value)]
        else:
            entries = [(value, key)]
        for entry, entry_key in entries:
            dep = self._poetry_entry(name, entry, entry_key, group, sources)
            if dep is None:
                continue
            spec = table_or_none(entry)
            if spec is not None and spec.get("optional") is True and group == "main":
                listed = extras.get(dep.name, [])
                for extra in listed:
                    self.dependencies.append(dataclasses.replace(dep, group=f"optional:{extra}"))
                if not listed:
                    self.dependencies.append(dataclasses.replace(dep, group="optional"))
            else:
                self.dependencies.append(dep)

    def _poetry_entry(
        self, name: str, entry: object, key: KeyPath, group: str, sources: dict[str, str]
    ) -> Dependency | None:
        where = dotted(key)
        try:
            normalized = canonicalize_name(name, validate=True)
        except InvalidName:
            self.issue(key, f"{where}: {name!r} is not a valid package name")
            return None
        spec: TomlTable | None = (
            {"version": entry} if isinstance(entry, str) else table_or_none(entry)
        )
        if spec is None:
            self.issue(key, f"{where} must be a version string or a table")
            return None
        version = spec.get("version", "*")
        if not isinstance(version, str):
            self.issue(key, f"{where}: version must be a string")
            return None
        try:
            specifier = to_clauses(version)
        except InvalidConstraint as exc:
            self.issue(key, f"{where}: {exc}")
            return None
        markers: list[str] = []
        if isinstance(spec.get("markers"), str):
            markers.append(str(spec["markers"]))
        python = spec.get("python")
        if isinstance(python, str):
            try:
                python_marker = _python_marker(python)
            except InvalidConstraint as exc:
                self.issue(key, f"{where}: python: {exc}")
                return None
            if python_marker:
                markers.append(python_marker)
        if isinstance(spec.get("platform"), str):
            markers.append(f'sys_platform == "{spec["platform"]}"')
        marker = None
        if markers:
            try:
                marker = Marker(" and ".join(f"({m})" for m in markers))
            except InvalidMarker as exc:
                self.issue(key, f"{where}: invalid markers: {exc}")
                return None
        raw_extras = spec.get("extras", [])
        if not isinstance(raw_extras, list) or not all(isinstance(e, str) for e in raw_extras):
            self.issue(key, f"{where}: extras must be an array of strings")
            raw_extras = []
        source, url = _direct_source(spec)
        named_source = spec.get("source")
        chosen = specifier[0] if len(specifier) == 1 else SpecifierSet()
        return Dependency(
            name=normalized,
            specifier=chosen,
            version=pinned_version(chosen),
            extras=frozenset(str(e) for e in raw_extras),
            marker=marker,
            group=group,
            source=source,
            url=url,
            location=Location(path=self.path, line=self.line(key)),
            index_url=sources.get(named_source) if isinstance(named_source, str) else None,
            editable=spec.get("develop") is True,
        )

    # --- PDM, flit, uv --------------------------------------------------------------------
    def read_pdm(self) -> None:
        pdm = self.table(("tool", "pdm"))
        if pdm is None:
            return
        dev = self.table(("tool", "pdm", "dev-dependencies")) or {}
        legacy_main = isinstance(pdm.get("dependencies"), dict)
        if legacy_main or any(not isinstance(value, list) for value in dev.values()):
            # PDM 0.x (2020, before PEP 621): `[tool.pdm.dependencies]`, `dev-dependencies`
            # and `doc-dependencies` were tables of `name = "specifier"` like a Pipfile.
            for table, group in (
                ("dependencies", "main"),
                ("dev-dependencies", "dev"),
                ("doc-dependencies", "doc"),
            ):
                self._legacy_pdm_table(("tool", "pdm", table), group)
        else:
            for group, value in dev.items():
                key = ("tool", "pdm", "dev-dependencies", group)
                self.requirements(value, key, f"dev:{_extra_name(group)}", allow_editable=True)
        self._named_sources(("tool", "pdm", "source"), pdm.get("source"))

    def _legacy_pdm_table(self, table_key: KeyPath, group: str) -> None:
        for name, value in (self.table(table_key) or {}).items():
            key = (*table_key, name)
            spec = {"version": value} if isinstance(value, str) else table_or_none(value)
            version = spec.get("version", "*") if spec is not None else None
            extras = spec.get("extras", []) if spec is not None else None
            marker = spec.get("marker", spec.get("markers")) if spec is not None else None
            if (
                spec is None
                or not isinstance(version, str)
                or not isinstance(extras, list)
                or not all(isinstance(extra, str) for extra in extras)
                or not isinstance(marker, str | None)
                or any(source in spec for source in ("git", "path", "url", "file"))
            ):
                self.issue(key, f"{dotted(key)}: only version, extras and marker are read here")
                continue
            text = name
            if extras:
                text += f"[{','.join(extras)}]"
            if version.strip() != "*":
                text += version
            if marker:
                text += f" ; {marker}"
            self.requirement(text, key, group)

    def read_flit(self) -> None:
        metadata = self.table(("tool", "flit", "metadata"))
        if metadata is None:
            return
        base = ("tool", "flit", "metadata")
        if "requires" in metadata:
            self.requirements(metadata["requires"], (*base, "requires"), "main")
        if "dev-requires" in metadata:
            self.requirements(metadata["dev-requires"], (*base, "dev-requires"), "dev")
        for extra, value in (self.table((*base, "requires-extra")) or {}).items():
            key = (*base, "requires-extra", extra)
            self.requirements(value, key, f"optional:{_extra_name(extra)}")

    def read_uv(self) -> None:
        uv = self.table(("tool", "uv"))
        if uv is None:
            return
        if "dev-dependencies" in uv:
            self.requirements(uv["dev-dependencies"], ("tool", "uv", "dev-dependencies"), "dev")
        for option in ("index-url", "extra-index-url"):
            value = uv.get(option)
            for url in value if isinstance(value, list) else [value]:
                if isinstance(url, str):
                    self.index_urls.append(url)
        indexes = self._named_sources(("tool", "uv", "index"), uv.get("index"))
        overrides: dict[str, Dependency] = {}
        for name, value in (self.table(("tool", "uv", "sources")) or {}).items():
            key = ("tool", "uv", "sources", name)
            first = value[0] if isinstance(value, list) and value else value
            spec = table_or_none(first)
            if spec is None:
                self.issue(key, f"{dotted(key)} must be a table or an array of tables")
                continue
            overrides[canonicalize_name(name)] = _uv_source(spec, indexes)
        if overrides:
            self.dependencies = [_apply_source(d, overrides.get(d.name)) for d in self.dependencies]


_PLACEHOLDER_LOCATION = Location(path="")


def _uv_source(spec: TomlTable, indexes: dict[str, str]) -> Dependency:
    """A template carrying only source, url, index_url and editable for `_apply_source`."""
    source, url = _direct_source(spec)
    index_url = None
    if source is SourceKind.INDEX and spec.get("workspace") is True:
        source = SourceKind.PATH
    elif source is SourceKind.INDEX and isinstance(spec.get("index"), str):
        index_url = indexes.get(str(spec["index"]))
    return Dependency(
        name=canonicalize_name("placeholder"),
        source=source,
        url=url,
        index_url=index_url,
        editable=spec.get("editable") is True,
        location=_PLACEHOLDER_LOCATION,
    )


def _direct_source(spec: TomlTable) -> tuple[SourceKind, str | None]:
    """`git` (+ `rev`/`tag`/`branch`), `path` or `url` keys, as Poetry and uv write them."""
    git = spec.get("git")
    if isinstance(git, str):
        refs = [spec[k] for k in ("rev", "tag", "branch") if isinstance(spec.get(k), str)]
        return SourceKind.VCS, f"git+{git}" + (f"@{refs[0]}" if refs else "")
    if isinstance(spec.get("path"), str):
        return SourceKind.PATH, str(spec["path"])
    if isinstance(spec.get("url"), str):
        return SourceKind.URL, str(spec["url"])
    return SourceKind.INDEX, None


def _apply_source(dep: Dependency, override: Dependency | None) -> Dependency:
    if override is None:
        return dep
    return dataclasses.replace(
        dep,
        source=override.source,
        url=override.url,
        index_url=override.index_url,
        editable=override.editable or dep.editable,
    )


def _python_marker(constraint: str) -> str:
    """Poetry's `python = "..."` as a marker; unions become `or`. Empty string: any Python."""
    clauses: list[str] = []
    for clause in to_clauses(constraint):
        terms = []
        for spec in clause:
            variable = "python_version"
            if spec.version.count(".") >= 2 and not spec.version.endswith(".*"):
                variable = "python_full_version"
            terms.append(f'{variable} {spec.operator} "{spec.version}"')
        if not terms:
            return ""
        clauses.append(" and ".join(terms))
    if len(clauses) == 1:
        return clauses[0]
    return " or ".join(f"({c})" for c in clauses)


def _extra_name(name: str) -> str:
    """Extra and group names compare normalized (PEP 685, PEP 735)."""
    return canonicalize_name(name)
