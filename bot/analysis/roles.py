"""Which files of an sdist or wheel run on a user's machine, and when.

A wheel is what pip installs: every file lands in site-packages (or scripts/data), so all of
it is installed; `.pth` files and `sitecustomize`/`usercustomize` at the root run at every
interpreter start. An sdist is built first: its root `setup.py`, what setup.py imports or
runs, and any in-tree build backend run at install time; what the build installs is read from its
configuration (`bot.analysis.build_config`), and everything else (tests, docs, release
scripts, tools) never runs. When the configuration cannot be read, directory names decide
(tests, docs, examples and benchmarks outside the package are not installed). When unsure we
say MODULE: a false "installed" costs a line in a report, a false
"not installed" hides behaviour.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.analysis.build_config import (
    InstallTimeCode,
    TextReader,
    install_plan,
    install_time_code,
)
from bot.analysis.types import FileRole

__all__ = [
    "ArtifactKind",
    "PackageLayout",
    "artifact_kind",
    "build_system_table",
    "classify",
    "packaged_test_code",
    "sdist_layout",
    "wheel_layout",
    "wheel_top_level_name",
]


@enum.unique
class ArtifactKind(enum.StrEnum):
    SDIST = "sdist"
    WHEEL = "wheel"


def artifact_kind(filename: str) -> ArtifactKind:
    """Wheels (and eggs, installed the same way) by name; anything else is an sdist."""
    return (ArtifactKind.WHEEL if filename.lower().endswith((".whl", ".egg"))
            else ArtifactKind.SDIST)


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageLayout:
    """What the archive's own metadata says about its contents."""

    # Import names the distribution installs (top_level.txt, RECORD, or the project name).
    top_level_names: frozenset[str] = frozenset()
    # sdist: directories/modules on pyproject's `backend-path` that hold the build backend.
    backend_paths: frozenset[str] = frozenset()
    # sdist: what its build installs, read from the build configuration
    # (`bot.analysis.build_config`); None when undetermined (then names decide).
    installed_roots: frozenset[str] | None = None
    # sdist: files that run whole while it is built (setup.py, what it runs or execs).
    install_time_files: frozenset[str] = frozenset()
    # sdist: local modules that install-time code imports: install-time code when the build
    # would not install them anyway (a helper next to setup.py), else their installed role.
    install_imports: frozenset[str] = frozenset()


# Directories at the root of an sdist (or under src/) that a build does not install.
_NOT_INSTALLED_DIRS = frozenset({
    "test", "tests", "testing", "doc", "docs", "example", "examples", "benchmark",
    "benchmarks", "bench", "asv_bench", ".github", ".circleci", "ci",
})
# Root-level helper modules of the development workflow.
_NOT_INSTALLED_FILES = frozenset({"conftest.py", "noxfile.py", "tasks.py", "fabfile.py",
                                  "pavement.py"})
_STARTUP_MODULES = frozenset({"sitecustomize.py", "usercustomize.py"})
_SCHEME_INSTALLED_AT_ROOT = ("purelib", "platlib")


def classify(path: str, *, artifact_kind: ArtifactKind,
             layout: PackageLayout = PackageLayout()) -> FileRole:
    """The role of the file at `path` (POSIX, sdist top-level directory already stripped)."""
    if artifact_kind is ArtifactKind.WHEEL:
        return _classify_wheel(path)
    return _classify_sdist(path, layout)


def _classify_wheel(path: str) -> FileRole:
    parts = path.split("/")
    if len(parts) > 2 and parts[0].endswith(".data") and parts[1] in _SCHEME_INSTALLED_AT_ROOT:
        parts = parts[2:]  # installed into site-packages like a root file
    name = parts[-1]
    if len(parts) == 1 and (name.endswith(".pth") or name in _STARTUP_MODULES):
        return FileRole.INSTALL_TIME
    # A package's own test suite (`pandas/tests/...`) is installed: analyzed, and its
    # findings marked `test_code` (see `packaged_test_code`).
    if name == "__init__.py":
        return FileRole.PACKAGE_INIT
    return FileRole.MODULE


# Directories inside an installed package that hold its own test suite or examples: run by
# a test runner or a reader, not by the package. (`testing` is left out: `numpy.testing`
# and the like are public modules.)
_PACKAGED_TEST_DIRS = frozenset({"tests", "test", "examples", "example"})


def packaged_test_code(path: str, role: FileRole) -> bool:
    """Whether an installed file (MODULE or PACKAGE_INIT) belongs to a test suite or
    examples shipped inside its package: `pkg/tests/test_x.py`, `pkg/conftest.py`,
    `src/pkg/examples/demo.py`. A top-level `tests` package is not: it lands in
    site-packages as `tests` and can shadow."""
    if role not in (FileRole.MODULE, FileRole.PACKAGE_INIT):
        return False
    parts = path.split("/")
    if len(parts) > 2 and parts[0].endswith(".data") and parts[1] in _SCHEME_INSTALLED_AT_ROOT:
        parts = parts[2:]
    elif parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    inside = parts[1:-1]
    return (len(parts) > 1 and parts[-1] == "conftest.py") or any(
        d in _PACKAGED_TEST_DIRS for d in inside)


def _classify_sdist(path: str, layout: PackageLayout) -> FileRole:
    parts = path.split("/")
    name = parts[-1]
    if len(parts) == 1 and (name == "setup.py" or name.endswith(".pth")):
        return FileRole.INSTALL_TIME
    if any(path == b or path.startswith(b + "/") for b in layout.backend_paths):
        return FileRole.INSTALL_TIME
    if path in layout.install_time_files:
        return FileRole.INSTALL_TIME
    role = _classify_by_layout(path, layout)
    if role is FileRole.NOT_INSTALLED and path in layout.install_imports:
        return FileRole.INSTALL_TIME
    return role


def _classify_by_layout(path: str, layout: PackageLayout) -> FileRole:
    if layout.installed_roots is not None:
        return _classify_planned(path, layout.installed_roots)
    parts = path.split("/")
    name = parts[-1]
    inner = parts[1:] if parts[0] == "src" and len(parts) > 1 else parts
    top = inner[0]
    stem = top.removesuffix(".py")
    if stem in layout.top_level_names:
        return FileRole.PACKAGE_INIT if name == "__init__.py" else FileRole.MODULE
    if len(inner) > 1 and top in _NOT_INSTALLED_DIRS:
        return FileRole.NOT_INSTALLED
    if len(inner) == 1 and (name in _NOT_INSTALLED_FILES or _is_test_file(name)):
        return FileRole.NOT_INSTALLED
    if name == "conftest.py":
        return FileRole.NOT_INSTALLED
    return FileRole.PACKAGE_INIT if name == "__init__.py" else FileRole.MODULE


def _classify_planned(path: str, roots: frozenset[str]) -> FileRole:
    """An sdist whose build configuration was read: installed files are those under a root
    (a package's own tests inside it too: see `packaged_test_code`)."""
    if not any(path == r or path.startswith(r + "/") for r in roots):
        return FileRole.NOT_INSTALLED
    return FileRole.PACKAGE_INIT if path.endswith("/__init__.py") else FileRole.MODULE


def _is_test_file(name: str) -> bool:
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


# -- layouts -----------------------------------------------------------------------------

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def wheel_top_level_name(path: str) -> str | None:
    """The import name a wheel path installs under, or None for metadata and scripts/data."""
    parts = path.split("/")
    if parts[0].endswith(".dist-info"):
        return None
    if parts[0].endswith(".data"):
        if len(parts) < 3 or parts[1] not in _SCHEME_INSTALLED_AT_ROOT:
            return None
        parts = parts[2:]
    first = parts[0]
    if len(parts) > 1:
        return first
    # A root-level module: `six.py`, `_cffi_backend.cpython-311-x86_64-linux-gnu.so`.
    stem = first.split(".", 1)[0]
    if first.endswith((".py", ".pyc", ".so", ".pyd")) and _IDENTIFIER.match(stem):
        return stem
    return None


def wheel_layout(paths: Iterable[str], top_level_txt: str | None = None) -> PackageLayout:
    names = {n for n in (wheel_top_level_name(p) for p in paths) if n}
    if top_level_txt:
        names.update(line.strip().split("/")[0] for line in top_level_txt.splitlines()
                     if line.strip())
    return PackageLayout(top_level_names=frozenset(names))


def sdist_layout(*, project_name: str | None, top_level_txt: str | None,
                 pyproject_text: str | None, paths: Sequence[str] = (),
                 read: TextReader | None = None) -> PackageLayout:
    """What the build installs when its configuration can be read (`paths` and `read` give
    the sdist's members); else names from `*.egg-info/top_level.txt` and the project name.
    The backend comes from pyproject."""
    names: set[str] = set()
    if project_name:
        names.add(re.sub(r"[-_.]+", "_", project_name).lower())
    if top_level_txt:
        names.update(line.strip().split("/")[0] for line in top_level_txt.splitlines()
                     if line.strip())
    backend_paths = _backend_paths(pyproject_text)
    plan = (install_plan(paths, read, project_name=project_name)
            if read is not None and paths else None)
    install_time = (install_time_code(paths, read, backend_paths)
                    if read is not None and paths else InstallTimeCode())
    return PackageLayout(top_level_names=frozenset(names), backend_paths=backend_paths,
                         installed_roots=None if plan is None else plan.roots,
                         install_time_files=install_time.executed,
                         install_imports=install_time.imported)


def build_system_table(pyproject_text: str | None) -> Mapping[str, object] | None:
    """pyproject's `[build-system]` table, or None when absent or unreadable."""
    if not pyproject_text:
        return None
    try:
        doc = tomllib.loads(pyproject_text)
    except (tomllib.TOMLDecodeError, RecursionError):  # deep nesting overflows the parser
        return None
    system = doc.get("build-system")
    return system if isinstance(system, dict) else None


def _backend_paths(pyproject_text: str | None) -> frozenset[str]:
    """Files of an in-tree build backend: `backend-path` dirs joined with the backend module."""
    system = build_system_table(pyproject_text)
    if system is None:
        return frozenset()
    dirs = system.get("backend-path")
    backend = system.get("build-backend")
    if not isinstance(dirs, list) or not isinstance(backend, str):
        return frozenset()
    module = backend.split(":", 1)[0].strip().replace(".", "/")
    paths: set[str] = set()
    for d in dirs:
        if not isinstance(d, str):
            continue
        base = "/".join(p for p in d.replace("\\", "/").split("/") if p not in ("", "."))
        prefix = f"{base}/" if base else ""
        top = module.split("/")[0]
        # The backend's top-level package (or module) runs when the backend is imported.
        paths.add(f"{prefix}{top}")
        paths.add(f"{prefix}{top}.py")
    return frozenset(paths)
