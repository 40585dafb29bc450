from __future__ import annotations

import functools

from bot.manifests.setup_cfg import parse
from bot.model import ManifestKind, ParseIssue, SourceKind
from tests.manifests.conftest import make_dep

P = "setup.cfg"
dep = functools.partial(make_dep, path=P)

SETUP_CFG = """\
[metadata]
name = demo
description = 100% interpolation-free %(name)s

[options]
packages = find:
install_requires =
    requests>=2.31  # HTTP
    # a comment line
    importlib-metadata; python_version < "3.10"

    click==8.1.7
setup_requires = setuptools_scm[toml]>=8
tests_require =
    pytest
    pip @ git+https://github.com/pypa/pip@24.0

[options.extras_require]
Socks = PySocks>=1.5
docs =
    sphinx
    furo
"""


def test_setup_cfg() -> None:
    manifest = parse(SETUP_CFG, path=P)
    assert manifest.errors == ()
    assert manifest.kind is ManifestKind.SETUP_CFG
    assert manifest.dependencies == (
        dep("requests", ">=2.31", line=8),
        dep("importlib-metadata", line=10, marker='python_version < "3.10"'),
        dep("click", "==8.1.7", line=12, version="8.1.7"),
        dep("setuptools-scm", ">=8", line=13, group="setup", extras=("toml",)),
        dep("pytest", line=15, group="test"),
        dep(
            "pip",
            line=16,
            group="test",
            source=SourceKind.VCS,
            url="git+https://github.com/pypa/pip@24.0",
        ),
        dep("pysocks", ">=1.5", line=19, group="optional:socks"),
        dep("sphinx", line=21, group="optional:docs"),
        dep("furo", line=22, group="optional:docs"),
    )


def test_repeated_option_and_section_follow_configparser() -> None:
    text = "[options]\ninstall_requires = a\n[options]\ninstall_requires =\n  b\n"
    assert parse(text, path=P).dependencies == (dep("b", line=5),)


def test_missing_section_header() -> None:
    manifest = parse("install_requires = a\n", path=P)
    assert manifest.dependencies == ()
    assert manifest.errors == (
        ParseIssue(line=1, message="not an INI file: text before the first [section]"),
    )


def test_unparseable_lines_are_reported_and_the_rest_is_read() -> None:
    text = "[options]\ninstall_requires = ok\nthis line has no equals sign\n"
    manifest = parse(text, path=P)
    assert manifest.dependencies == (dep("ok", line=2),)
    assert manifest.errors == (
        ParseIssue(line=3, message="cannot read line 'this line has no equals sign'"),
    )


def test_invalid_requirement_and_file_directive() -> None:
    text = """\
[options]
install_requires = file: requirements.txt
tests_require =
    good
    not a requirement!!
[options.extras_require]
caf\ufffd = x
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (
        dep("good", line=4, group="test"),
        dep("x", line=7, group="optional:caf\ufffd"),
    )
    assert manifest.errors[0] == ParseIssue(
        line=2,
        message="install_requires = file: requirements.txt reads another file;"
        " capdiff does not follow it",
    )
    assert manifest.errors[1].line == 5
    assert manifest.errors[1].message.startswith("invalid requirement 'not a requirement!!'")
    assert len(manifest.errors) == 2


def test_empty_and_binary_garbage() -> None:
    assert parse("", path=P).errors == ()
    manifest = parse("\ufffd\ufffd\x00[[[\n", path=P)
    assert manifest.dependencies == ()
    assert manifest.errors[0].line == 1


def test_unicode_line_separators_do_not_shift_lines() -> None:
    text = "[metadata]\ndescription = a\u2028b\x0cc\n[options]\ninstall_requires =\n  x\n"
    assert parse(text, path=P).dependencies == (dep("x", line=5),)


def test_metadata_requires_dist_is_read_like_install_requires() -> None:
    # pbr and setuptools before `[options]` existed: PEP 345 style, markers after `;`.
    text = (
        "[metadata]\n"
        "name = legacy\n"
        "requires-dist =\n"
        "    six (>=1.9)\n"
        "    futures; python_version < '3'\n"
        "[options]\n"
        "install_requires = idna\n"
    )
    assert parse(text, path=P).dependencies == (
        dep("idna", line=7),
        dep("six", ">=1.9", line=4),
        dep("futures", line=5, marker="python_version < '3'"),
    )
    underscored = parse("[metadata]\nrequires_dist = requests==2.32.3\n", path=P)
    assert underscored.dependencies == (dep("requests", "==2.32.3", line=2, version="2.32.3"),)
