from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.diff import diff_dependencies
from bot.manifests.requirements import parse
from bot.model import (
    ChangeKind,
    Dependency,
    DependencyChange,
    Location,
    Manifest,
    ManifestKind,
    ReleaseState,
    canonicalize_name,
)


def test_requirements_change_kinds() -> None:
    base = parse(
        "requests==2.31.0\nflask==3.0.0\nsix==1.16.0\nclick>=8\nattrs==23.1.0\n",
        path="requirements.txt",
    )
    head = parse(
        "requests==2.32.3\nflask==2.3.3\nclick>=8.1\nattrs==23.1.0\nhttpx==0.27.0\n",
        path="requirements.txt",
    )
    assert diff_dependencies([base], [head]) == (
        DependencyChange(
            name=canonicalize_name("click"),
            kind=ChangeKind.CHANGED,
            old=ReleaseState(version=None, specifier=SpecifierSet(">=8")),
            new=ReleaseState(version=None, specifier=SpecifierSet(">=8.1")),
            locations=(Location(path="requirements.txt", line=3),),
        ),
        DependencyChange(
            name=canonicalize_name("flask"),
            kind=ChangeKind.DOWNGRADED,
            old=ReleaseState(version=Version("3.0.0"), specifier=SpecifierSet("==3.0.0")),
            new=ReleaseState(version=Version("2.3.3"), specifier=SpecifierSet("==2.3.3")),
            locations=(Location(path="requirements.txt", line=2),),
        ),
        DependencyChange(
            name=canonicalize_name("httpx"),
            kind=ChangeKind.ADDED,
            old=None,
            new=ReleaseState(version=Version("0.27.0"), specifier=SpecifierSet("==0.27.0")),
            locations=(Location(path="requirements.txt", line=5),),
        ),
        DependencyChange(
            name=canonicalize_name("requests"),
            kind=ChangeKind.UPGRADED,
            old=ReleaseState(version=Version("2.31.0"), specifier=SpecifierSet("==2.31.0")),
            new=ReleaseState(version=Version("2.32.3"), specifier=SpecifierSet("==2.32.3")),
            locations=(Location(path="requirements.txt", line=1),),
        ),
        DependencyChange(
            name=canonicalize_name("six"),
            kind=ChangeKind.REMOVED,
            old=ReleaseState(version=Version("1.16.0"), specifier=SpecifierSet("==1.16.0")),
            new=None,
            locations=(Location(path="requirements.txt", line=3),),
        ),
    )


def locked(path: str, kind: ManifestKind, pins: dict[str, str]) -> Manifest:
    return Manifest(
        path=path,
        kind=kind,
        dependencies=tuple(
            Dependency(
                name=canonicalize_name(name),
                version=Version(version),
                location=Location(path=path, line=index + 1),
            )
            for index, (name, version) in enumerate(pins.items())
        ),
    )


def declared(path: str, kind: ManifestKind, name: str, spec: str) -> Manifest:
    return Manifest(
        path=path,
        kind=kind,
        dependencies=(
            Dependency(
                name=canonicalize_name(name),
                specifier=SpecifierSet(spec),
                location=Location(path=path, line=7),
            ),
        ),
    )


def test_the_lock_in_the_same_directory_decides_the_version() -> None:
    pyproject = declared("svc/pyproject.toml", ManifestKind.PYPROJECT, "requests", ">=2")
    base = [pyproject, locked("svc/uv.lock", ManifestKind.UV_LOCK, {"requests": "2.31.0"})]
    head = [pyproject, locked("svc/uv.lock", ManifestKind.UV_LOCK, {"requests": "2.32.3"})]
    assert diff_dependencies(base, head) == (
        DependencyChange(
            name=canonicalize_name("requests"),
            kind=ChangeKind.UPGRADED,
            old=ReleaseState(version=Version("2.31.0"), specifier=SpecifierSet(">=2")),
            new=ReleaseState(version=Version("2.32.3"), specifier=SpecifierSet(">=2")),
            locations=(
                Location(path="svc/pyproject.toml", line=7),
                Location(path="svc/uv.lock", line=1),
            ),
        ),
    )


def test_several_versions_compare_by_the_highest() -> None:
    base = [locked("uv.lock", ManifestKind.UV_LOCK, {"numpy": "1.26.4"})]
    head_two = Manifest(
        path="uv.lock",
        kind=ManifestKind.UV_LOCK,
        dependencies=(
            *base[0].dependencies,
            Dependency(name=canonicalize_name("numpy"), version=Version("2.1.0"),
                       location=Location(path="uv.lock", line=9)),
        ),
    )
    (change,) = diff_dependencies(base, [head_two])
    assert (change.kind, change.old, change.new) == (
        ChangeKind.UPGRADED,
        ReleaseState(version=Version("1.26.4"), specifier=SpecifierSet()),
        ReleaseState(version=Version("2.1.0"), specifier=SpecifierSet()),
    )
    (same_max,) = diff_dependencies([head_two], [locked("uv.lock", ManifestKind.UV_LOCK,
                                                          {"numpy": "2.1.0"})])
    assert same_max.kind is ChangeKind.CHANGED


def test_one_change_per_name_across_manifests() -> None:
    base = [parse("django==4.2.0\n", path="a/requirements.txt"),
            parse("django==4.2.0\n", path="b/requirements.txt")]
    head = [parse("django==5.0.1\n", path="a/requirements.txt"),
            parse("x\ndjango==5.0.1\n", path="b/requirements.txt")]
    changes = diff_dependencies(base, head)
    assert [(c.name, c.kind, c.locations) for c in changes] == [
        ("django", ChangeKind.UPGRADED, (Location(path="a/requirements.txt", line=1),
                                         Location(path="b/requirements.txt", line=2))),
        ("x", ChangeKind.ADDED, (Location(path="b/requirements.txt", line=1),)),
    ]


names = st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"])
versions = st.sampled_from(["1.0", "1.1", "2.0", "2.0.1", "10.0"])
requirement_lines = st.tuples(names, st.one_of(st.none(), versions)).map(
    lambda pair: pair[0] if pair[1] is None else f"{pair[0]}=={pair[1]}"
)
documents = st.lists(requirement_lines, max_size=8).map(
    lambda lines: parse("\n".join(lines) + "\n", path="requirements.txt")
)


@given(documents)
def test_diff_with_itself_is_empty(manifest: Manifest) -> None:
    assert diff_dependencies([manifest], [manifest]) == ()


_SWAPPED = {
    ChangeKind.ADDED: ChangeKind.REMOVED,
    ChangeKind.REMOVED: ChangeKind.ADDED,
    ChangeKind.UPGRADED: ChangeKind.DOWNGRADED,
    ChangeKind.DOWNGRADED: ChangeKind.UPGRADED,
    ChangeKind.CHANGED: ChangeKind.CHANGED,
}


@given(documents, documents)
def test_swapping_sides_mirrors_every_change(base: Manifest, head: Manifest) -> None:
    forward = diff_dependencies([base], [head])
    backward = diff_dependencies([head], [base])
    assert [(c.name, _SWAPPED[c.kind], c.new, c.old) for c in forward] == [
        (c.name, c.kind, c.old, c.new) for c in backward
    ]
    assert [c.name for c in forward] == sorted(c.name for c in forward)
