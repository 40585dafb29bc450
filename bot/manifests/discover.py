"""Which repository paths are dependency manifests, and which manifests a change touches.

Pip-tools sources are recognised as `*requirements*.in`, `*constraints*.in` and `.in` files
under a `requirements/` directory only: a bare `*.in` is far more often `MANIFEST.in` or an
autoconf template. Extra globs are matched with `fnmatch` against the whole path (where `*`
also crosses `/`) and count as requirements files.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable, Sequence

from bot.model import Manifest, ManifestKind

__all__ = ["discover", "including_manifests", "is_manifest"]

_EXACT_NAMES = {
    "pyproject.toml": ManifestKind.PYPROJECT,
    "setup.cfg": ManifestKind.SETUP_CFG,
    "setup.py": ManifestKind.SETUP_PY,
    "Pipfile": ManifestKind.PIPFILE,
    "Pipfile.lock": ManifestKind.PIPFILE_LOCK,
    "poetry.lock": ManifestKind.POETRY_LOCK,
    "uv.lock": ManifestKind.UV_LOCK,
    "pdm.lock": ManifestKind.PDM_LOCK,
    "pylock.toml": ManifestKind.PYLOCK,
}


def is_manifest(path: str, extra_globs: Sequence[str] = ()) -> ManifestKind | None:
    path = path.replace("\\", "/")
    name = posixpath.basename(path)
    if name in _EXACT_NAMES:
        return _EXACT_NAMES[name]
    if fnmatch.fnmatchcase(name, "pylock.*.toml"):
        return ManifestKind.PYLOCK
    lowered = name.lower()
    directories = path.split("/")[:-1]
    if lowered.endswith((".txt", ".in")) and (
        "requirements" in lowered
        or lowered.startswith("constraints")
        or (lowered.endswith(".in") and "constraints" in lowered)
        or "requirements" in directories
    ):
        return ManifestKind.REQUIREMENTS
    if any(fnmatch.fnmatchcase(path, glob) for glob in extra_globs):
        return ManifestKind.REQUIREMENTS
    return None


def discover(
    changed_paths: Iterable[str], extra_globs: Sequence[str] = ()
) -> list[tuple[str, ManifestKind]]:
    """The manifests among `changed_paths`, in sorted path order, each once."""
    found: dict[str, ManifestKind] = {}
    for path in changed_paths:
        kind = is_manifest(path, extra_globs)
        if kind is not None:
            found[path] = kind
    return sorted(found.items())


def including_manifests(
    changed_paths: Iterable[str], manifests: Iterable[Manifest]
) -> list[tuple[str, ManifestKind]]:
    """Manifests that pull in (`-r`/`-c`) one of `changed_paths`, whatever its name.

    Pass the manifests parsed at base *and* at head: an include added or dropped by the
    PR shows on one side only, and either way the including manifest must be re-read.
    """
    changed = set(changed_paths)
    found: dict[str, ManifestKind] = {}
    for manifest in manifests:
        if changed.intersection(manifest.includes):
            found[manifest.path] = manifest.kind
    return sorted(found.items())
