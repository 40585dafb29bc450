"""pip requirements files (`requirements.txt`, constraints, pip-tools `.in`).

Follows pip's "Requirements File Format": comments start at a `#` at line start or after
whitespace, a trailing `\\` joins lines, `-r`/`-c` include other files (relative to the
including file, read through `read`), `-e` marks editables, `--hash` may repeat, global
options are accepted and index URLs recorded. PEP 508/440 parsing is left to `packaging`.

Issues found inside an included file carry that file's line and a message prefixed with
its path (`ParseIssue` has no path field).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from bot.errors import InputError
from bot.model import (
    Dependency,
    FileReader,
    Location,
    Manifest,
    ManifestKind,
    ParseIssue,
    SourceKind,
)

__all__ = ["exact_version", "parse"]

# pip's own rule: `#` at line start or preceded by whitespace starts a comment.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_ARCHIVE_SUFFIXES = (
    ".whl",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tar.xz",
    ".txz",
    ".zip",
    ".tar",
)
_MAX_INCLUDE_DEPTH = 32
# `name @ url` / `name[extra]@url`: a PEP 508 direct reference, not a bare path or URL.
_DIRECT_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@")

_INCLUDE_OPTIONS = {
    "-r": "requirement",
    "--requirement": "requirement",
    "-c": "constraint",
    "--constraint": "constraint",
}
_INDEX_OPTIONS = {"-i", "--index-url", "--extra-index-url"}
_VALUE_OPTIONS = {
    "-f",
    "--find-links",
    "--trusted-host",
    "--only-binary",
    "--no-binary",
    "--use-feature",
    "--progress-bar",
    "--config-settings",
    "--global-option",
    "--install-option",
}
_FLAG_OPTIONS = {
    "--no-index",
    "--pre",
    "--prefer-binary",
    "--require-hashes",
    "--no-deps",
    "--no-build-isolation",
}
_PER_LINE_VALUE_OPTIONS = {"--config-settings", "--global-option", "--install-option"}


@dataclass(slots=True)
class _State:
    """What one top-level parse accumulates across included files."""

    read: FileReader | None
    dependencies: list[Dependency] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    index_urls: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class _FileContext:
    path: str
    root_path: str
    group: str
    stack: tuple[str, ...]

    def issue(self, line: int | None, message: str) -> ParseIssue:
        prefix = "" if self.path == self.root_path else f"{self.path}: "
        return ParseIssue(line=line, message=prefix + message)


def parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest:
    state = _State(read=read)
    _parse_file(text, _FileContext(path=path, root_path=path, group="main", stack=(path,)), state)
    return Manifest(
        path=path,
        kind=ManifestKind.REQUIREMENTS,
        dependencies=tuple(state.dependencies),
        errors=tuple(state.errors),
        includes=tuple(state.includes),
        index_urls=tuple(dict.fromkeys(state.index_urls)),
    )


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Join `\\`-continued lines and strip comments; keep the 1-based starting line.

    As pip does: parts are joined as they are (`2.\\` + `31` is `2.31`), and a comment line
    ends a continuation.
    """
    result: list[tuple[int, str]] = []
    buffer: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not buffer:
            start = number
        line = raw.rstrip()
        is_comment = line.lstrip().startswith("#")
        if line.endswith("\\") and not is_comment:
            buffer.append(line[:-1])
            continue
        if not is_comment:
            buffer.append(line)
        joined = _COMMENT.sub("", "".join(buffer)).strip()
        buffer = []
        if joined:
            result.append((start, joined))
    joined = _COMMENT.sub("", "".join(buffer)).strip()
    if joined:
        result.append((start, joined))
    return result


def _parse_file(text: str, ctx: _FileContext, state: _State) -> None:
    for line_number, line in _logical_lines(text):
        if not line.startswith("-"):
            _parse_requirement_line(line, line_number, ctx, state)
            continue
        try:
            tokens = _split_words(line)
        except ValueError as error:
            state.errors.append(ctx.issue(line_number, f"cannot split line: {error}"))
            continue
        _parse_option_line(tokens, line_number, ctx, state)


def _split_words(text: str) -> list[str]:
    """Shell-like word splitting as pip does; plain `str.split` when nothing is quoted (fast)."""
    if any(char in text for char in "'\"\\"):
        return shlex.split(text)
    return text.split()


def _split_option(tokens: list[str], index: int) -> tuple[str, str | None, int]:
    """Return (option, value, next index) for `--opt=value`, `--opt value`, `-rvalue`."""
    token = tokens[index]
    if token.startswith("--"):
        name, eq, value = token.partition("=")
        if eq:
            return name, value, index + 1
        return name, None, index + 1
    if len(token) > 2:
        return token[:2], token[2:], index + 1
    return token, None, index + 1


def _parse_option_line(tokens: list[str], line: int, ctx: _FileContext, state: _State) -> None:
    index = 0
    while index < len(tokens):
        option, value, index = _split_option(tokens, index)
        needs_value = (
            option in _INCLUDE_OPTIONS
            or option in _INDEX_OPTIONS
            or option in _VALUE_OPTIONS
            or option in {"-e", "--editable"}
        )
        if needs_value and value is None:
            if index >= len(tokens):
                state.errors.append(ctx.issue(line, f"option {option} needs a value"))
                return
            value = tokens[index]
            index += 1
        if option in {"-e", "--editable"} and value is not None:
            rest = tokens[index:]
            _add_requirement(value, rest, line, ctx, state, editable=True)
            return
        if option in _INCLUDE_OPTIONS and value is not None:
            _include(value, _INCLUDE_OPTIONS[option], line, ctx, state)
        elif option in _INDEX_OPTIONS and value is not None:
            state.index_urls.append(value)
        elif option in _VALUE_OPTIONS or option in _FLAG_OPTIONS:
            continue
        else:
            state.errors.append(ctx.issue(line, f"unknown option {option!r}"))
            return


def _include(target: str, how: str, line: int, ctx: _FileContext, state: _State) -> None:
    if "://" in target:
        state.errors.append(ctx.issue(line, f"remote include {target!r} is not followed"))
        return
    if target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", target):
        state.errors.append(ctx.issue(line, f"absolute include path {target!r} is not allowed"))
        return
    resolved = posixpath.normpath(
        posixpath.join(posixpath.dirname(ctx.path), target.replace("\\", "/"))
    )
    if resolved == ".." or resolved.startswith("../"):
        state.errors.append(ctx.issue(line, f"include {target!r} points outside the repository"))
        return
    if resolved in ctx.stack:
        state.errors.append(
            ctx.issue(line, f"include cycle: {' -> '.join((*ctx.stack, resolved))}")
        )
        return
    if len(ctx.stack) > _MAX_INCLUDE_DEPTH:
        state.errors.append(ctx.issue(line, f"includes nested deeper than {_MAX_INCLUDE_DEPTH}"))
        return
    if resolved in state.includes:
        return  # already read once through another path; its entries are in already
    state.includes.append(resolved)
    if state.read is None:
        state.errors.append(ctx.issue(line, f"included file {resolved!r} was not read"))
        return
    try:
        text = state.read(resolved)
    except InputError as error:
        state.errors.append(ctx.issue(line, f"included file {resolved!r} unreadable: {error}"))
        return
    if text is None:
        state.errors.append(ctx.issue(line, f"included file not found: {resolved}"))
        return
    group = "constraint" if how == "constraint" or ctx.group == "constraint" else ctx.group
    child = _FileContext(
        path=resolved, root_path=ctx.root_path, group=group, stack=(*ctx.stack, resolved)
    )
    _parse_file(text, child, state)


def _parse_requirement_line(line: str, number: int, ctx: _FileContext, state: _State) -> None:
    # pip splits a requirement from its per-line options at the first ` -` / ` --` token.
    match = re.search(r"\s+(?=--?[A-Za-z])", line)
    if match:
        requirement, options_text = line[: match.start()], line[match.end() :]
    else:
        requirement, options_text = line, ""
    try:
        options = _split_words(options_text)
    except ValueError as error:
        state.errors.append(ctx.issue(number, f"cannot split options: {error}"))
        return
    _add_requirement(requirement.strip(), options, number, ctx, state, editable=False)


def _add_requirement(
    text: str,
    options: list[str],
    line: int,
    ctx: _FileContext,
    state: _State,
    *,
    editable: bool,
) -> None:
    hashes: set[str] = set()
    index = 0
    while index < len(options):
        option, value, index = _split_option(options, index)
        if option in _FLAG_OPTIONS:
            continue  # pip parses file-wide flags here too and does not apply them to the line
        if option not in {"--hash", *_PER_LINE_VALUE_OPTIONS, *_VALUE_OPTIONS}:
            state.errors.append(ctx.issue(line, f"unknown per-requirement option {option!r}"))
            return
        if value is None:
            if index >= len(options):
                state.errors.append(ctx.issue(line, f"option {option} needs a value"))
                return
            value = options[index]
            index += 1
        # readthedocs had `psycopg2==2.8.3 --no-binary psycopg2`: pip reads the line; the
        # global option does not change which package is meant.
        if option == "--hash":
            algorithm, colon, digest = value.partition(":")
            if not colon or not digest or not algorithm.isalnum():
                state.errors.append(ctx.issue(line, f"malformed hash {value!r}, expected algo:hex"))
                return
            hashes.add(f"{algorithm.lower()}:{digest.lower()}")
    location = Location(path=ctx.path, line=line)
    try:
        dependency = _dependency_from(text, location, ctx.group, frozenset(hashes), editable)
    except _ProjectItself:
        return
    except _LineError as error:
        state.errors.append(ctx.issue(line, str(error)))
        return
    state.dependencies.append(dependency)


class _LineError(ValueError):
    pass


class _ProjectItself(Exception):
    """`-e .` / `.[extras]` naming the repository root: the project under review, not a
    dependency; its own requirements are read from its pyproject.toml / setup.* instead."""


def _looks_like_url(text: str) -> bool:
    return (
        text.startswith(_VCS_PREFIXES) or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text) is not None
    )


def _looks_like_path(text: str) -> bool:
    return (
        text.startswith((".", "/", "~"))
        or "/" in text.split(";", 1)[0].split("@", 1)[0]
        or "\\" in text
        or text.lower().endswith(_ARCHIVE_SUFFIXES)
    )


def _dependency_from(
    text: str,
    location: Location,
    group: str,
    hashes: frozenset[str],
    editable: bool,
) -> Dependency:
    if _looks_like_url(text) or (_looks_like_path(text) and not _DIRECT_REFERENCE.match(text)):
        return _link_dependency(text, location, group, hashes, editable)
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        raise _LineError(f"invalid requirement {text!r}: {_first_line(error)}") from error
    source = SourceKind.INDEX
    url = requirement.url
    if url is not None:
        source = _source_of(url)
    return Dependency(
        name=canonicalize_name(requirement.name),
        specifier=requirement.specifier,
        version=exact_version(requirement.specifier),
        extras=frozenset(canonicalize_name(extra) for extra in requirement.extras),
        marker=requirement.marker,
        group=group,
        source=source,
        url=url,
        hashes=hashes,
        location=location,
        editable=editable,
    )


def _source_of(url: str) -> SourceKind:
    lowered = url.lower()
    if lowered.startswith(_VCS_PREFIXES):
        return SourceKind.VCS
    if lowered.startswith("file:") or not _looks_like_url(url):
        return SourceKind.PATH
    return SourceKind.URL


def _link_dependency(
    text: str,
    location: Location,
    group: str,
    hashes: frozenset[str],
    editable: bool,
) -> Dependency:
    """A bare URL or local path: name from `#egg=`, a wheel/sdist file name or the directory."""
    # For links pip only treats `;` followed by whitespace as the marker separator.
    separator = re.search(r";\s", text)
    link = text[: separator.start()] if separator else text
    marker_text = text[separator.end() :] if separator else ""
    link = link.strip()
    marker = None
    if marker_text.strip():
        try:
            marker = Requirement(f"placeholder; {marker_text.strip()}").marker
        except InvalidRequirement as error:
            raise _LineError(
                f"invalid marker {marker_text.strip()!r}: {_first_line(error)}"
            ) from error
    base, _, fragment = link.partition("#")
    egg = next((part[4:] for part in fragment.split("&") if part.startswith("egg=")), None)
    extras: frozenset[str] = frozenset()
    version: Version | None = None
    name_text: str | None = None
    if egg:
        # Old pip read `#egg=name-dev` / `#egg=name-1.2` as a name and a version
        # (readthedocs pinned `#egg=django_pagination-dev` for years).
        legacy = re.match(r"^(.*?)-(dev|\d.*)$", egg)
        egg_req = legacy.group(1) if legacy else egg
        try:
            parsed = Requirement(egg_req)
        except InvalidRequirement as error:
            raise _LineError(f"invalid #egg= name {egg!r}: {_first_line(error)}") from error
        name_text = parsed.name
        extras = frozenset(canonicalize_name(extra) for extra in parsed.extras)
    stripped = base.rstrip("/")
    extras_match = re.search(r"\[([^\]]*)\]$", stripped)
    if extras_match and not _looks_like_url(stripped):
        extras = frozenset(
            canonicalize_name(extra.strip())
            for extra in extras_match.group(1).split(",")
            if extra.strip()
        )
        stripped = stripped[: extras_match.start()]
    filename = stripped.rsplit("/", 1)[-1].split("?", 1)[0]
    if name_text is None:
        name_text, version = _name_from_filename(filename)
    # pip resolves `-e .` against the working directory, not the file: in any requirements
    # file (pipenv's docs/requirements.txt too) it is the repository's own project.
    if name_text is None and posixpath.normpath(stripped.replace("\\", "/") or ".") == ".":
        raise _ProjectItself
    if name_text is None and not _looks_like_url(stripped):
        directory = posixpath.basename(
            posixpath.normpath(
                posixpath.join(posixpath.dirname(location.path), stripped.replace("\\", "/") or ".")
            )
        )
        name_text = directory if directory not in {"", ".", ".."} else None
    if not name_text:
        raise _LineError(f"cannot tell the project name of {link!r}; add #egg=<name>")
    source = _source_of(link) if _looks_like_url(link) else SourceKind.PATH
    return Dependency(
        name=canonicalize_name(name_text),
        specifier=SpecifierSet(),
        version=version,
        extras=extras,
        marker=marker,
        group=group,
        source=source,
        url=link,
        hashes=hashes,
        location=location,
        editable=editable,
    )


def _name_from_filename(filename: str) -> tuple[str | None, Version | None]:
    if filename.endswith(".whl"):
        try:
            name, version, _build, _tags = parse_wheel_filename(filename)
        except InvalidWheelFilename:
            return None, None
        return name, version
    if filename.endswith((".tar.gz", ".zip")):
        try:
            name, version = parse_sdist_filename(filename)
        except InvalidSdistFilename:
            return None, None
        return name, version
    for suffix in _ARCHIVE_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            name_part, dash, version_part = stem.rpartition("-")
            if dash and name_part:
                try:
                    return name_part, Version(version_part)
                except InvalidVersion:
                    return name_part, None
    return None, None


def exact_version(specifier: SpecifierSet) -> Version | None:
    """The version a single `==X` (no wildcard) or `===X` pins, else None."""
    specs = list(specifier)
    if len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator == "==" and not spec.version.endswith(".*"):
        pass
    elif spec.operator != "===":
        return None
    try:
        return Version(spec.version)
    except InvalidVersion:
        return None


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__
