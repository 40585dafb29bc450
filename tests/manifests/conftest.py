from __future__ import annotations

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.model import Dependency, Location, SourceKind


def make_dep(
    name: str,
    spec: str = "",
    *,
    path: str,
    line: int | None,
    group: str = "main",
    version: str | None = None,
    extras: tuple[str, ...] = (),
    marker: str | None = None,
    source: SourceKind = SourceKind.INDEX,
    url: str | None = None,
    index_url: str | None = None,
    editable: bool = False,
) -> Dependency:
    """An expected Dependency, spelled out in full so tests compare every field."""
    return Dependency(
        name=canonicalize_name(name),
        specifier=SpecifierSet(spec),
        version=None if version is None else Version(version),
        extras=frozenset(extras),
        marker=None if marker is None else Marker(marker),
        group=group,
        source=source,
        url=url,
        location=Location(path=path, line=line),
        index_url=index_url,
        editable=editable,
    )
