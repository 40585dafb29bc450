"""Pure choices over an index's files: which version pip would pick, which artifacts to read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from packaging.specifiers import SpecifierSet
from packaging.tags import Tag
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
from packaging.version import Version

from bot.index.interface import ArtifactType, ProjectFiles, ReleaseFile

__all__ = ["choose_artifacts", "pick_version"]


def pick_version(project: ProjectFiles, specifier: SpecifierSet) -> Version | None:
    """The version pip would install for `specifier`.

    The newest matching version that is not yanked and not a pre-release, unless the
    specifier names a pre-release (packaging's rule) or no final release matches (pip's
    rule). A yanked version is picked only when pinned exactly with == or === (PEP 592).
    """
    versions = project.versions()
    usable = [
        version
        for version, files in versions.items()
        if not all(file.yanked is not None for file in files)
    ]
    chosen = _newest(specifier, usable)
    if chosen is not None:
        return chosen
    if _pins_exactly(specifier):
        return _newest(specifier, list(versions))
    return None


def _newest(specifier: SpecifierSet, versions: Sequence[Version]) -> Version | None:
    matching = list(specifier.filter(versions))
    return max(matching) if matching else None


def _pins_exactly(specifier: SpecifierSet) -> bool:
    return any(
        spec.operator == "===" or (spec.operator == "==" and "*" not in spec.version)
        for spec in specifier
    )


def choose_artifacts(files: Iterable[ReleaseFile]) -> tuple[ReleaseFile, ...]:
    """The sdist and one wheel: pure-Python, else manylinux x86_64 for the newest CPython."""
    everything = list(files)  # an iterator would be spent by the first pass
    candidates = [file for file in everything if file.yanked is None] or everything
    sdists = [file for file in candidates if file.type is ArtifactType.SDIST]
    wheels = [file for file in candidates if file.type is ArtifactType.WHEEL]
    chosen: list[ReleaseFile] = []
    if sdists:
        # Prefer .tar.gz (the standard since PEP 625) over legacy .zip sdists.
        chosen.append(max(sdists, key=lambda f: f.filename.endswith(".tar.gz")))
    wheel = _best_wheel(wheels)
    if wheel is not None:
        chosen.append(wheel)
    return tuple(chosen)


def _best_wheel(wheels: Sequence[ReleaseFile]) -> ReleaseFile | None:
    scored = [(score, wheel) for wheel in wheels if (score := _wheel_score(wheel)) is not None]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1]


def _wheel_score(wheel: ReleaseFile) -> tuple[int, int, int] | None:
    try:
        _, _, _, tags = parse_wheel_filename(wheel.filename)
    except InvalidWheelFilename:
        return None
    return max(_tag_score(tag) for tag in tags)


def _tag_score(tag: Tag) -> tuple[int, int, int]:
    """(kind, python version, platform preference): higher is better."""
    if tag.platform == "any" and tag.abi == "none":
        return (3, 0, 0)
    if tag.interpreter.startswith("py") and "x86_64" in tag.platform and "linux" in tag.platform:
        # Python-version-independent but platform-specific (bundled binaries): xgboost's
        # py3-none-manylinux wheel, not its macOS one.
        return (2, 0, 2 if tag.platform.startswith("manylinux") else 1)
    if tag.interpreter.startswith("cp"):
        digits = tag.interpreter[2:]
        version = int(digits) if digits.isdigit() else 0
        if "x86_64" in tag.platform:
            if tag.platform.startswith("manylinux"):
                return (2, version, 2)
            if tag.platform.startswith("musllinux"):
                return (2, version, 1)
            return (1, version, 0)
        if tag.platform == "any" or tag.abi in {"abi3", "none"}:
            return (1, version, 0)
        return (0, version, 0)
    return (0, 0, 0)
