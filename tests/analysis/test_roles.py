"""bot.analysis.roles on realistic wheel and sdist layouts."""

from __future__ import annotations

import pytest

from bot.analysis.roles import (
    ArtifactKind,
    PackageLayout,
    artifact_kind,
    classify,
    packaged_test_code,
    sdist_layout,
    wheel_layout,
    wheel_top_level_name,
)
from bot.analysis.types import FileRole

INSTALL, INIT, MODULE, SKIP = (FileRole.INSTALL_TIME, FileRole.PACKAGE_INIT, FileRole.MODULE,
                               FileRole.NOT_INSTALLED)


@pytest.mark.parametrize(("path", "role"), [
    ("requests/__init__.py", INIT),
    ("requests/adapters.py", MODULE),
    # A package's own test suite is installed: analyzed, its findings marked test code.
    ("requests/tests/test_x.py", MODULE),
    ("numpy/_core/tests/conftest.py", MODULE),
    ("pandas/core/tests.py", MODULE),
    ("tests/helpers.py", MODULE),  # a top-level `tests` package lands in site-packages
    ("six.py", MODULE),
    ("distutils-precedence.pth", INSTALL),
    ("pkg/nested.pth", MODULE),  # only site-packages' own .pth files are processed
    ("sitecustomize.py", INSTALL),
    ("usercustomize.py", INSTALL),
    ("demo-1.0.data/purelib/evil.pth", INSTALL),
    ("demo-1.0.data/platlib/demo/__init__.py", INIT),
    ("demo-1.0.data/scripts/demo-cli", MODULE),
    ("demo-1.0.data/scripts/tool.py", MODULE),
    ("demo-1.0.dist-info/METADATA", MODULE),
])
def test_wheel_roles(path: str, role: FileRole) -> None:
    assert classify(path, artifact_kind=ArtifactKind.WHEEL) is role


REQUESTS = sdist_layout(project_name="requests", top_level_txt=None, pyproject_text=None)


@pytest.mark.parametrize(("path", "role"), [
    ("setup.py", INSTALL),
    ("src/requests/__init__.py", INIT),
    ("src/requests/api.py", MODULE),
    ("requests/api.py", MODULE),
    ("tests/test_api.py", SKIP),
    ("tests/__init__.py", SKIP),
    ("test/conftest.py", SKIP),
    ("testing/helpers.py", SKIP),
    ("docs/conf.py", SKIP),
    ("doc/source/conf.py", SKIP),
    ("examples/basic.py", SKIP),
    ("benchmarks/bench_get.py", SKIP),
    ("src/tests/test_x.py", SKIP),
    ("conftest.py", SKIP),
    ("noxfile.py", SKIP),
    ("tasks.py", SKIP),
    ("fabfile.py", SKIP),
    ("test_requests.py", SKIP),
    ("requests_test.py", SKIP),
    ("scripts/release.py", MODULE),  # setup(scripts=...) may install it: unknown -> MODULE
    ("tools/gen.py", MODULE),
    ("other/mod.py", MODULE),
    ("build_helpers.py", MODULE),
    ("tests", MODULE),  # a file, not the directory
])
def test_sdist_roles(path: str, role: FileRole) -> None:
    assert classify(path, artifact_kind=ArtifactKind.SDIST, layout=REQUESTS) is role


def test_sdist_package_named_like_a_skipped_directory_is_installed() -> None:
    layout = sdist_layout(project_name="testing-tools", top_level_txt="testing\n",
                          pyproject_text=None)
    assert classify("testing/core.py", artifact_kind=ArtifactKind.SDIST,
                    layout=layout) is MODULE
    assert classify("tasks.py", artifact_kind=ArtifactKind.SDIST,
                    layout=PackageLayout(top_level_names=frozenset({"tasks"}))) is MODULE


def test_in_tree_build_backend_runs_at_install() -> None:
    pyproject = ('[build-system]\nrequires = []\nbuild-backend = "backend.build:api"\n'
                 'backend-path = ["_custom_build"]\n')
    layout = sdist_layout(project_name="demo", top_level_txt=None, pyproject_text=pyproject)
    assert layout.backend_paths == frozenset({"_custom_build/backend", "_custom_build/backend.py"})
    for path in ("_custom_build/backend.py", "_custom_build/backend/build.py"):
        assert classify(path, artifact_kind=ArtifactKind.SDIST, layout=layout) is INSTALL
    assert classify("_custom_build/other.py", artifact_kind=ArtifactKind.SDIST,
                    layout=layout) is MODULE


def test_backend_path_dot_covers_the_backend_package() -> None:
    pyproject = ('[build-system]\nbuild-backend = "setuptools.build_meta"\n'
                 'backend-path = ["."]\n')
    layout = sdist_layout(project_name="setuptools", top_level_txt=None,
                          pyproject_text=pyproject)
    assert classify("setuptools/dist.py", artifact_kind=ArtifactKind.SDIST,
                    layout=layout) is INSTALL


@pytest.mark.parametrize("text", ["not toml [", "[build-system]\nbackend-path = 3\n", "",
                                  "a = " + "[" * 50_000 + "]" * 50_000])
def test_bad_pyproject_has_no_backend(text: str) -> None:
    assert sdist_layout(project_name=None, top_level_txt=None,
                        pyproject_text=text).backend_paths == frozenset()


def test_wheel_layout_and_top_level_names() -> None:
    paths = ["numpy/__init__.py", "numpy.libs/libopenblas.so", "six.py",
             "_cffi_backend.cpython-311-x86_64-linux-gnu.so", "demo-1.0.dist-info/RECORD",
             "demo-1.0.data/purelib/extra/__init__.py", "demo-1.0.data/scripts/tool",
             "README"]
    assert [wheel_top_level_name(p) for p in paths] == [
        "numpy", "numpy.libs", "six", "_cffi_backend", None, "extra", None, None]
    layout = wheel_layout(paths, "numpy\nsix\nvendored/sub\n")
    assert layout.top_level_names == frozenset(
        {"numpy", "numpy.libs", "six", "_cffi_backend", "extra", "vendored"})


def test_artifact_kind() -> None:
    assert artifact_kind("demo-1.0-py3-none-any.whl") is ArtifactKind.WHEEL
    assert artifact_kind("demo-1.0-py3.8.egg") is ArtifactKind.WHEEL
    assert artifact_kind("demo-1.0.tar.gz") is ArtifactKind.SDIST
    assert artifact_kind("demo-1.0.zip") is ArtifactKind.SDIST


@pytest.mark.parametrize(("path", "expected"), [
    ("requests/tests/test_x.py", True),
    ("numpy/_core/tests/conftest.py", True),
    ("pkg/conftest.py", True),
    ("pkg/examples/demo.py", True),
    ("src/pkg/test/x.py", True),
    ("demo-1.0.data/purelib/pkg/tests/x.py", True),
    ("numpy/testing/utils.py", False),  # a public module, not a test suite
    ("tests/helpers.py", False),  # a top-level `tests` package: installed as `tests`
    ("pkg/core.py", False),
    ("pkg/tests.py", False),
])
def test_packaged_test_code(path: str, expected: bool) -> None:
    assert packaged_test_code(path, FileRole.MODULE) is expected
    assert packaged_test_code(path, FileRole.NOT_INSTALLED) is False
