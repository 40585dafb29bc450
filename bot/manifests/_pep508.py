"""Turn one PEP 508 requirement string into a `Dependency` (shared by the Python manifests)."""

from __future__ import annotations

from packaging.markers import Marker
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from bot.model import Dependency, Location, ParseIssue, SourceKind

__all__ = ["dependency_from_requirement", "pinned_version", "source_of_url"]

_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")


def pinned_version(specifier: SpecifierSet) -> Version | None:
    """The exact version a specifier pins: a single `==X` (no wildcard) or a parseable `===X`."""
    specs = list(specifier)
    if len(specs) != 1:
        return None
    spec = specs[0]
    if spec.operator == "==" and not spec.version.endswith(".*"):
        return Version(spec.version)
    if spec.operator == "===":
        try:
            return Version(spec.version)
        except InvalidVersion:
            return None
    return None


def source_of_url(url: str) -> SourceKind:
    if url.startswith(_VCS_PREFIXES):
        return SourceKind.VCS
    if url.startswith("file:"):
        return SourceKind.PATH
    return SourceKind.URL


def dependency_from_requirement(
    text: str,
    *,
    path: str,
    line: int | None,
    group: str,
    extra_marker: Marker | None = None,
) -> Dependency | ParseIssue:
    """Parse `text` as PEP 508; a malformed requirement becomes a `ParseIssue` at `line`."""
    try:
        req = Requirement(text)
    except InvalidRequirement as exc:
        return ParseIssue(line=line, message=f"invalid requirement {text!r}: {exc}")
    marker = req.marker
    if extra_marker is not None:
        marker = extra_marker if marker is None else Marker(f"({marker}) and ({extra_marker})")
    return Dependency(
        name=canonicalize_name(req.name),
        specifier=req.specifier,
        version=pinned_version(req.specifier),
        extras=frozenset(req.extras),
        marker=marker,
        group=group,
        source=SourceKind.INDEX if req.url is None else source_of_url(req.url),
        url=req.url,
        location=Location(path=path, line=line),
    )
