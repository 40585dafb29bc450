"""What an sdist's build installs, read from its build configuration (never run).

Each case builds a real sdist with `tests.analysis.builders`, analyzes it with a recording
analyzer and checks which files were analyzed in which role: an sdist's release scripts,
tools and downstream checks are not installed, so they are not analyzed at all.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.artifact import analyze_artifact
from bot.analysis.build_config import install_plan, install_time_code
from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.model import AlertType
from tests.analysis.builders import build_sdist, sdist_filename

INSTALL, INIT, MODULE = FileRole.INSTALL_TIME, FileRole.PACKAGE_INIT, FileRole.MODULE

# Files every layout below has besides its own package: none of them is installed.
NOISE = {
    "scripts/release.py": "import subprocess\n",
    "etc/scripts/gen.py": "import os\n",
    "tools/check.py": "import socket\n",
    "downstream/run.py": "x = 1\n",
    "prebuild.py": "import shutil\n",
    "testpypi_prepublish.py": "import sys\n",
    "tests/test_a.py": "x = 1\n",
    "docs/conf.py": "x = 1\n",
}
SETUPTOOLS_PYPROJECT = ('[build-system]\nrequires = ["setuptools"]\n'
                        'build-backend = "setuptools.build_meta"\n')


def roles_of(files: Mapping[str, str], name: str = "demo") -> dict[str, FileRole]:
    seen: dict[str, FileRole] = {}

    def record(source: SourceFile) -> FileAnalysis:
        seen[source.path] = source.role
        return FileAnalysis(findings=())

    analyze_artifact(build_sdist(name, "1.0", {**NOISE, **files}), sdist_filename(name, "1.0"),
                     python_analyzer=record)
    return seen



LAYOUTS: list[tuple[str, dict[str, str], dict[str, FileRole]]] = [
    ("setup.py find_packages", {
        "setup.py": ("from setuptools import setup, find_packages\n"
                     "setup(name='demo', packages=find_packages(exclude=['tests', 'tests.*']))\n"),
        "demo/__init__.py": "", "demo/core.py": "", "demo/sub/__init__.py": "",
    }, {"setup.py": INSTALL, "demo/__init__.py": INIT, "demo/core.py": MODULE,
        "demo/sub/__init__.py": INIT}),
    ("setup.py src layout via package_dir", {
        "setup.py": ("import setuptools\nPACKAGES = setuptools.find_packages('src')\n"
                     "setuptools.setup(package_dir={'': 'src'}, packages=PACKAGES)\n"),
        "src/demo/__init__.py": "", "src/demo/io.py": "",
    }, {"setup.py": INSTALL, "src/demo/__init__.py": INIT, "src/demo/io.py": MODULE}),
    ("setup.py literal packages and py_modules", {
        "setup.py": ("from setuptools import setup\n"
                     "setup(packages=['demo', 'demo.x'], py_modules=['helper'],\n"
                     "      package_dir={'demo': 'lib/demo'})\n"),
        "lib/demo/__init__.py": "", "lib/demo/x/__init__.py": "", "helper.py": "",
        "demo/stale.py": "",
    }, {"setup.py": INSTALL, "lib/demo/__init__.py": INIT, "lib/demo/x/__init__.py": INIT,
        "helper.py": MODULE}),
    ("setup.cfg find: with where", {
        "setup.py": "from setuptools import setup\nsetup()\n",
        "setup.cfg": ("[metadata]\nname = demo\n\n[options]\npackage_dir =\n    =src\n"
                      "packages = find:\n\n[options.packages.find]\nwhere = src\n"),
        "src/demo/__init__.py": "", "src/demo/a.py": "",
    }, {"setup.py": INSTALL, "src/demo/__init__.py": INIT, "src/demo/a.py": MODULE}),
    ("pyproject tool.setuptools find", {
        "pyproject.toml": (SETUPTOOLS_PYPROJECT + '[project]\nname = "demo"\n'
                           '[tool.setuptools.packages.find]\nwhere = ["src"]\n'),
        "src/demo/__init__.py": "", "src/demo/a.py": "",
    }, {"src/demo/__init__.py": INIT, "src/demo/a.py": MODULE}),
    ("pyproject tool.setuptools packages and package-dir", {
        "pyproject.toml": (SETUPTOOLS_PYPROJECT + '[project]\nname = "demo"\n'
                           '[tool.setuptools]\npackages = ["demo"]\n'
                           'package-dir = {"" = "lib"}\n'),
        "lib/demo/__init__.py": "",
    }, {"lib/demo/__init__.py": INIT}),
    ("setuptools auto-discovery, flat layout", {
        "pyproject.toml": SETUPTOOLS_PYPROJECT + '[project]\nname = "demo"\n',
        "demo/__init__.py": "",
    }, {"demo/__init__.py": INIT}),
    ("flit, src layout", {
        "pyproject.toml": ('[build-system]\nrequires = ["flit_core"]\n'
                           'build-backend = "flit_core.buildapi"\n[project]\nname = "demo"\n'),
        "src/demo/__init__.py": "",
    }, {"src/demo/__init__.py": INIT}),
    ("hatch wheel packages", {
        "pyproject.toml": ('[build-system]\nrequires = ["hatchling"]\n'
                           'build-backend = "hatchling.build"\n[project]\nname = "demo-x"\n'
                           '[tool.hatch.build.targets.wheel]\npackages = ["src/demo"]\n'),
        "src/demo/__init__.py": "",
    }, {"src/demo/__init__.py": INIT}),
    ("hatch default: module named after the project", {
        "pyproject.toml": ('[build-system]\nrequires = ["hatchling"]\n'
                           'build-backend = "hatchling.build"\n[project]\nname = "demo"\n'),
        "demo.py": "",
    }, {"demo.py": MODULE}),
    ("poetry packages include/from", {
        "pyproject.toml": ('[build-system]\nrequires = ["poetry-core"]\n'
                           'build-backend = "poetry.core.masonry.api"\n'
                           '[tool.poetry]\nname = "demo"\n'
                           'packages = [{include = "demo", from = "src"}]\n'),
        "src/demo/__init__.py": "",
    }, {"src/demo/__init__.py": INIT}),
    ("pdm default src layout", {
        "pyproject.toml": ('[build-system]\nrequires = ["pdm-backend"]\n'
                           'build-backend = "pdm.backend"\n[project]\nname = "demo"\n'),
        "src/demo/__init__.py": "",
    }, {"src/demo/__init__.py": INIT}),
    ("maturin python-source", {
        "pyproject.toml": ('[build-system]\nrequires = ["maturin"]\n'
                           'build-backend = "maturin"\n[project]\nname = "demo"\n'
                           '[tool.maturin]\npython-source = "python"\n'
                           'module-name = "demo._native"\n'),
        "python/demo/__init__.py": "",
    }, {"python/demo/__init__.py": INIT}),
]


@pytest.mark.parametrize(("files", "expected"), [(f, e) for _, f, e in LAYOUTS],
                         ids=[label for label, _, _ in LAYOUTS])
def test_only_what_the_build_installs_is_analyzed(
        files: dict[str, str], expected: dict[str, FileRole]) -> None:
    assert roles_of(files) == expected


def test_a_package_s_own_tests_inside_it_are_installed_test_code() -> None:
    files = {
        "setup.py": "from setuptools import setup\nsetup(packages=['demo', 'demo.tests'])\n",
        "demo/__init__.py": "", "demo/tests/__init__.py": "",
        "demo/tests/test_x.py": "import subprocess\nsubprocess.run(['ls'])\n",
        "demo/examples/demo.py": "import socket\nsocket.create_connection(('h', 1))\n",
        "demo/core.py": "import subprocess\nsubprocess.run(['git'])\n",
    }
    assert roles_of(files) == {"setup.py": INSTALL, "demo/__init__.py": INIT,
                               "demo/tests/__init__.py": INIT, "demo/tests/test_x.py": MODULE,
                               "demo/examples/demo.py": MODULE, "demo/core.py": MODULE}
    data = build_sdist("demo", "1.0", {**NOISE, **files})
    result = analyze_artifact(data, sdist_filename("demo", "1.0"), python_analyzer=analyze_python)
    marked = {(f.file, f.test_code) for f in result.findings if not f.not_installed}
    assert ("demo/core.py", False) in marked
    assert ("demo/tests/test_x.py", True) in marked
    assert ("demo/examples/demo.py", True) in marked


def test_setup_py_that_runs_a_script_makes_it_install_time_code() -> None:
    files = {
        "setup.py": ("import subprocess, sys, os\nfrom setuptools import setup\n"
                     "from build_helpers import version\n"
                     "subprocess.check_call([sys.executable, os.path.join('scripts', 'gen.py')])\n"
                     "setup(packages=['demo'])\n"),
        "build_helpers.py": "def version():\n    return '1'\n",
        "scripts/gen.py": "import urllib.request\nurllib.request.urlopen('http://x.invalid')\n",
        "scripts/unrelated.py": "import urllib.request\n",
        "demo/__init__.py": "",
    }
    roles = roles_of(files)
    assert roles["scripts/gen.py"] is INSTALL
    assert roles["build_helpers.py"] is INSTALL
    assert "scripts/unrelated.py" not in roles
    assert "scripts/release.py" not in roles


def test_setup_py_sys_path_dir_import_is_followed() -> None:
    files = {
        "setup.py": ("import sys\nsys.path.insert(0, 'tools')\nimport gen_version\n"
                     "from setuptools import setup\nsetup(packages=['demo'])\n"),
        "tools/gen_version.py": "x = 1\n",
        "demo/__init__.py": "",
    }
    assert roles_of(files)["tools/gen_version.py"] is INSTALL
    assert "tools/check.py" not in roles_of(files)


def test_findings_in_release_scripts_are_not_reported_but_referenced_ones_are() -> None:
    files = {
        "setup.py": ("import runpy\nfrom setuptools import setup\n"
                     "runpy.run_path('scripts/prepare.py')\nsetup(packages=['demo'])\n"),
        "scripts/prepare.py": "import subprocess\nsubprocess.run(['make', 'x'])\n",
        "scripts/publish.py": "import subprocess\nsubprocess.run(['twine', 'upload'])\n",
        "testpypi_prepublish.py": "import os\nos.system('twine upload dist/*')\n",
        "demo/__init__.py": "import subprocess\n\ndef f():\n    subprocess.run(['ls'])\n",
    }
    data = build_sdist("demo", "1.0", files)
    result = analyze_artifact(data, sdist_filename("demo", "1.0"), python_analyzer=analyze_python)
    places = {(f.file, f.type) for f in result.findings}
    assert ("demo/__init__.py", AlertType.SHELL) in places
    assert any(file == "scripts/prepare.py" for file, _ in places)
    assert not any(file in ("scripts/publish.py", "testpypi_prepublish.py")
                   for file, _ in places)


@pytest.mark.parametrize("setup_py", [
    "from setuptools import setup\nsetup(**CONFIG)\n",
    "from setuptools import setup\nsetup(packages=discover())\n",
    "from mybuild import main\nmain()\n",
    "this is not python(\n",
])
def test_unreadable_configuration_falls_back_to_names(setup_py: str) -> None:
    paths = ["setup.py", "demo/__init__.py", "scripts/x.py"]
    texts = {"setup.py": setup_py}
    assert install_plan(paths, texts.get, project_name="demo") is None
    roles = roles_of({"setup.py": setup_py, "demo/__init__.py": ""})
    # The heuristic: anything not named like tests or docs counts as installed.
    assert roles["demo/__init__.py"] is INIT
    assert roles["scripts/release.py"] is MODULE


@pytest.mark.parametrize("pyproject", [
    '[build-system]\nbuild-backend = "hatchling.build"\n'
    '[project]\nname = "demo"\n[tool.hatch.build.targets.wheel]\ninclude = ["*.py"]\n',
    '[build-system]\nbuild-backend = "scikit_build_core.build"\n[project]\nname = "demo"\n',
    '[build-system\n',
])
def test_unknown_backends_and_globs_fall_back(pyproject: str) -> None:
    texts = {"pyproject.toml": pyproject}
    assert install_plan(["pyproject.toml", "demo/__init__.py"], texts.get,
                        project_name="demo") is None


def test_paths_outside_the_sdist_are_refused() -> None:
    texts = {"setup.py": "from setuptools import setup\nsetup(packages=['demo'],"
                         " package_dir={'': '../..'})\n"}
    assert install_plan(["setup.py"], texts.get, project_name="demo") is None
    texts = {"setup.py": "exec(open('../../x.py').read())\nexec(open('/x.py').read())\n"}
    assert install_time_code(["setup.py"], texts.get).files == frozenset({"setup.py"})


def test_install_time_closure_is_bounded_and_cycles_end() -> None:
    texts = {"setup.py": "import a\nrunpy.run_path('c.py')\n", "a.py": "import b\n",
             "b.py": "import a\nimport setup\n", "c.py": "import a\n"}
    code = install_time_code(list(texts), texts.get)
    assert code.executed == frozenset({"setup.py", "c.py"})
    assert code.imported == frozenset({"a.py", "b.py"})


def test_a_file_setup_py_only_reads_is_not_install_time_code() -> None:
    files = {
        "setup.py": ("import re\nfrom setuptools import setup\n"
                     "with open('demo/version.py') as f:\n"
                     "    version = re.search('\"(.*)\"', f.read()).group(1)\n"
                     "pth = open('demo/pth_file.py').read()\n"
                     "exec(open('demo/about.py').read())\n"
                     "setup(packages=['demo'], version=version)\n"),
        "demo/__init__.py": "", "demo/version.py": "v = '1'\n",
        "demo/pth_file.py": "x = 1\n", "demo/about.py": "y = 2\n",
    }
    roles = roles_of(files)
    assert roles["demo/version.py"] is MODULE
    assert roles["demo/pth_file.py"] is MODULE
    assert roles["demo/about.py"] is INSTALL


_SNIPPETS = [
    "from setuptools import setup, find_packages\n", "setup(", ")\n", "packages=", "py_modules=",
    "package_dir=", "find_packages(", "find_namespace_packages(", "where=", "exclude=",
    "include=", "'src'", "'demo'", "['demo', 'demo.x']", "{'': 'src'}", "{'demo': '../x'}", ",",
    "**kw", "X", "X = ", "runpy.run_path(", "os.path.join('scripts', 'x.py')", "import helper\n",
    "sys.path.insert(0, 'tools')\n", "[options]\n", "packages = find:\n", "package_dir =\n  =src\n",
    "[options.packages.find]\nwhere = src\n", "[tool.setuptools]\n", "packages = [\"demo\"]\n",
    "[tool.setuptools.packages.find]\nwhere = [\"src\", \"..\"]\n", "[build-system]\n",
    "build-backend = \"hatchling.build\"\n", "build-backend = \"poetry.core.masonry.api\"\n",
    "[tool.poetry]\npackages = [{include = \"demo\", from = \"src\"}]\n",
    "[tool.hatch.build.targets.wheel]\npackages = [\"src/demo\", 3]\n", "\x00", "\ufeff", "(" * 40,
]
_texts = st.lists(st.sampled_from(_SNIPPETS), max_size=12).map("".join) | st.text(max_size=200)
_paths = st.lists(st.sampled_from([
    "setup.py", "setup.cfg", "pyproject.toml", "demo/__init__.py", "src/demo/__init__.py",
    "src/demo/a/b.py", "scripts/x.py", "tools/helper.py", "helper.py", "demo.py", "a/b/c/d.py",
]), max_size=11)


@settings(max_examples=300, deadline=None)
@given(paths=_paths, setup_py=_texts, setup_cfg=_texts, pyproject=_texts,
       name=st.none() | st.text(max_size=20))
def test_hostile_configurations_never_crash(paths: list[str], setup_py: str, setup_cfg: str,
                                            pyproject: str, name: str | None) -> None:
    texts = {"setup.py": setup_py, "setup.cfg": setup_cfg, "pyproject.toml": pyproject,
             "tools/helper.py": setup_py, "helper.py": "import helper\n"}
    plan = install_plan(paths, texts.get, project_name=name)
    assert plan is None or all(not root.startswith(("/", "..")) for root in plan.roots)
    found = install_time_code(paths, texts.get, ["tools"])
    assert found.files <= set(paths)
    assert not found.executed & found.imported


def test_a_deep_wide_tree_is_walked_once() -> None:
    paths = [f"ns/d{i}/e{j}/m.py" for i in range(150) for j in range(100)]
    texts = {"setup.cfg": "[options]\npackages = find_namespace:\n",
             "pyproject.toml": SETUPTOOLS_PYPROJECT}
    plan = install_plan(["setup.cfg", "pyproject.toml", *paths], texts.get, project_name="ns")
    assert plan is not None and plan.roots == frozenset({"ns"})


def test_developer_commands_in_setup_py_are_not_install_time() -> None:
    files = {
        "setup.py": ("import sys\nfrom os.path import join, dirname\nimport distutils.core\n"
                     "class TestCommand(distutils.core.Command):\n"
                     "    def run(self):\n"
                     "        sys.path.append(join(dirname(__file__), 'tests'))\n"
                     "        import test_all\n"
                     "class BuildExt(distutils.core.Command):\n"
                     "    def run(self):\n"
                     "        import build_helpers\n"
                     "distutils.core.setup(packages=['demo'],\n"
                     "    cmdclass={'test': TestCommand, 'build_ext': BuildExt})\n"),
        "tests/test_all.py": "import subprocess\n",
        "build_helpers.py": "import subprocess\n",
        "demo/__init__.py": "",
    }
    roles = roles_of(files)
    assert "tests/test_all.py" not in roles
    assert roles["build_helpers.py"] is INSTALL


def test_a_package_module_setup_py_imports_keeps_its_installed_role() -> None:
    # setup.py imports the package for its version: the module's top-level code runs at
    # install, but its functions (a `subprocess` call in one) run when the package is used.
    files = {
        "setup.py": ("from setuptools import setup\nfrom demo.version import VERSION\n"
                     "exec(open('demo/about.py').read())\n"
                     "setup(packages=['demo'], version=VERSION)\n"),
        "demo/__init__.py": "", "demo/about.py": "x = 1\n",
        "demo/version.py": "import subprocess\nVERSION = '1'\n\ndef git():\n"
                           "    return subprocess.run(['git', 'describe'])\n",
    }
    roles = roles_of(files)
    assert roles["demo/version.py"] is MODULE
    assert roles["demo/about.py"] is INSTALL  # executed whole


def test_configuration_reading_in_threads_beside_other_parsing() -> None:
    # CPython 3.11's ast.parse is not safe in two threads at once; the reader shares the
    # analyzer's lock, so concurrent artifact analyses give the same roles every time.
    from concurrent.futures import ThreadPoolExecutor

    files = {
        "setup.py": ("import runpy\nfrom setuptools import setup\n"
                     "runpy.run_path('scripts/prepare.py')\nsetup(packages=['demo'])\n"
                     + "x = " + "(" * 80 + "1" + ")" * 80 + "\n"),
        "scripts/prepare.py": "import subprocess\n",
        "demo/__init__.py": "import subprocess\n",
    }
    expected = roles_of(files)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: roles_of(files), range(24)))
    assert all(result == expected for result in results)
