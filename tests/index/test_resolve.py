"""pick_version (pip's choice) and choose_artifacts (what we read) over index files."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.index.interface import ProjectFiles, ReleaseFile
from bot.index.resolve import choose_artifacts, pick_version


def release_file(filename: str, *, yanked: str | None = None) -> ReleaseFile:
    file = ReleaseFile.from_filename(filename, url=f"https://x.test/{filename}", yanked=yanked)
    assert file is not None
    return file


def project(versions: Sequence[str], yanked: Sequence[str] = ()) -> ProjectFiles:
    return ProjectFiles(
        name=canonicalize_name("demo"),
        files=tuple(
            release_file(f"demo-{v}.tar.gz", yanked="bad" if v in yanked else None)
            for v in versions
        ),
    )


def pick(versions: Sequence[str], spec: str, yanked: Sequence[str] = ()) -> str | None:
    chosen = pick_version(project(versions, yanked), SpecifierSet(spec))
    return None if chosen is None else str(chosen)


def test_newest_final_release_wins() -> None:
    assert pick(["1.0", "1.2", "1.10", "2.0rc1"], "") == "1.10"
    assert pick(["1.0", "1.2", "1.10"], ">=1.0,<1.5") == "1.2"


def test_pre_releases_only_when_asked_or_nothing_else_matches() -> None:
    assert pick(["1.0", "2.0b1"], ">=1.0") == "1.0"
    assert pick(["1.0", "2.0b1"], ">=2.0b1") == "2.0b1"
    assert pick(["1.0", "2.0b1"], ">1.5") == "2.0b1"  # pip: only a pre-release matches
    assert pick(["2.0b1", "2.0b2"], "") == "2.0b2"


def test_yanked_only_when_pinned_exactly() -> None:
    versions = ["1.0", "1.1", "1.2"]
    assert pick(versions, "", yanked=["1.2"]) == "1.1"
    assert pick(versions, ">=1.2", yanked=["1.2"]) is None
    assert pick(versions, "==1.2", yanked=["1.2"]) == "1.2"
    assert pick(versions, "===1.2", yanked=["1.2"]) == "1.2"
    assert pick(versions, "==1.*", yanked=["1.2"]) == "1.1"


def test_partly_yanked_release_is_still_usable() -> None:
    files = (
        release_file("demo-1.0.tar.gz", yanked="bad sdist"),
        release_file("demo-1.0-py3-none-any.whl"),
    )
    chosen = pick_version(ProjectFiles(name=canonicalize_name("demo"), files=files), SpecifierSet())
    assert chosen == Version("1.0")


def test_no_match_and_empty_project() -> None:
    assert pick(["1.0"], ">=2") is None
    assert pick([], "") is None


def reference(versions: Sequence[str], yanked: set[str], spec: SpecifierSet) -> Version | None:
    """Brute force over pip's rules."""
    parsed = sorted({Version(v) for v in versions}, reverse=True)
    usable = [v for v in parsed if str(v) not in yanked]
    for prereleases in (spec.prereleases or False, True):
        for version in usable:
            if spec.contains(version, prereleases=prereleases):
                return version
    exact = any(s.operator == "===" or (s.operator == "==" and "*" not in s.version) for s in spec)
    if exact:
        for version in parsed:
            if spec.contains(version, prereleases=True):
                return version
    return None


version_text = st.builds(
    lambda major, minor, pre: f"{major}.{minor}{pre}",
    st.integers(0, 3),
    st.integers(0, 3),
    st.sampled_from(["", "", "a1", "rc1", ".post1", ".dev0"]),
)
specifier_text = st.lists(
    st.builds(
        lambda op, v: f"{op}{v}",
        st.sampled_from(["==", ">=", "<=", ">", "<", "!=", "~=", "==="]),
        version_text,
    ),
    max_size=2,
).map(",".join)


@given(
    versions=st.lists(version_text, max_size=8, unique=True),
    yanked_flags=st.lists(st.booleans(), min_size=8, max_size=8),
    spec=specifier_text,
)
def test_pick_version_matches_a_brute_force_reference(
    versions: list[str], yanked_flags: list[bool], spec: str
) -> None:
    specifier = SpecifierSet(spec)
    if any(s.operator == "~=" and len(Version(s.version).release) < 2 for s in specifier):
        return
    yanked = {v for v, flag in zip(versions, yanked_flags, strict=False) if flag}
    assert pick_version(project(versions, sorted(yanked)), specifier) == reference(
        versions, yanked, specifier
    )


def names(files: Sequence[ReleaseFile]) -> list[str]:
    return [file.filename for file in files]


def choose(*filenames: str, yanked: Sequence[str] = ()) -> list[str]:
    return names(
        choose_artifacts(release_file(f, yanked="x" if f in yanked else None) for f in filenames)
    )


def test_pure_wheel_preferred_with_the_sdist() -> None:
    assert choose(
        "demo-1.0.tar.gz",
        "demo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "demo-1.0-py3-none-any.whl",
        "demo-1.0-cp312-cp312-win_amd64.whl",
    ) == ["demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl"]


def test_manylinux_x86_64_for_the_newest_cpython() -> None:
    assert choose(
        "demo-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "demo-1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "demo-1.0-cp313-cp313-musllinux_1_1_x86_64.whl",
        "demo-1.0-cp313-cp313-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
        "demo-1.0-cp313-cp313-macosx_11_0_arm64.whl",
        "demo-1.0-cp313-cp313-win_amd64.whl",
    ) == ["demo-1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"]


def test_abi3_wheel_is_usable() -> None:
    assert choose(
        "demo-1.0-cp38-abi3-win_amd64.whl",
        "demo-1.0-cp38-abi3-manylinux_2_17_x86_64.whl",
    ) == ["demo-1.0-cp38-abi3-manylinux_2_17_x86_64.whl"]


def test_sdist_only_wheel_only_and_zip_sdist() -> None:
    assert choose("demo-1.0.tar.gz") == ["demo-1.0.tar.gz"]
    assert choose("demo-1.0-py2.py3-none-any.whl") == ["demo-1.0-py2.py3-none-any.whl"]
    assert choose("demo-1.0.zip") == ["demo-1.0.zip"]
    assert choose("demo-1.0.zip", "demo-1.0.tar.gz") == ["demo-1.0.tar.gz"]
    assert choose() == []


def test_yanked_files_are_avoided_when_others_exist() -> None:
    assert choose(
        "demo-1.0.tar.gz", "demo-1.0-py3-none-any.whl", yanked=["demo-1.0-py3-none-any.whl"]
    ) == ["demo-1.0.tar.gz"]
    assert choose("demo-1.0.tar.gz", yanked=["demo-1.0.tar.gz"]) == ["demo-1.0.tar.gz"]


def test_a_python_independent_linux_wheel_beats_the_macos_one() -> None:
    from bot.index.interface import ReleaseFile
    from bot.index.resolve import choose_artifacts

    names = [
        "xgboost-3.4.1-py3-none-macosx_12_0_arm64.whl",
        "xgboost-3.4.1-py3-none-manylinux_2_28_x86_64.whl",
        "xgboost-3.4.1-py3-none-win_amd64.whl",
        "xgboost-3.4.1.tar.gz",
    ]
    files = [ReleaseFile.from_filename(n, url=f"https://files.example/{n}") for n in names]
    chosen = choose_artifacts(f for f in files if f is not None)
    assert [f.filename for f in chosen] == [
        "xgboost-3.4.1.tar.gz",
        "xgboost-3.4.1-py3-none-manylinux_2_28_x86_64.whl",
    ]
