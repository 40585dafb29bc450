from __future__ import annotations

import functools

from bot.manifests.setup_py import parse
from bot.model import ManifestKind, ParseIssue, SourceKind
from tests.manifests.conftest import make_dep

P = "setup.py"
dep = functools.partial(make_dep, path=P)

SETUP_PY = '''\
import setuptools

BASE = ["requests>=2.31", "click==8.1.7"]
EXTRA: list[str] = ["rich"]
REQS = BASE + EXTRA + ["pip @ git+https://github.com/pypa/pip@24.0"]

setuptools.setup(
    name="demo",
    install_requires=REQS,
    setup_requires=("setuptools_scm>=8",),
    tests_require="""
        pytest
        # comment
        coverage[toml]
    """,
    extras_require={
        "Socks": ["PySocks"],
        ":python_version < '3.10'": ["importlib-metadata"],
        "win:sys_platform == 'win32'": ["pywin32"],
    },
)
'''


def test_literal_requirements() -> None:
    manifest = parse(SETUP_PY, path=P)
    assert manifest.errors == ()
    assert manifest.kind is ManifestKind.SETUP_PY
    assert manifest.dependencies == (
        dep("requests", ">=2.31", line=3),
        dep("click", "==8.1.7", line=3, version="8.1.7"),
        dep("rich", line=4),
        dep("pip", line=5, source=SourceKind.VCS, url="git+https://github.com/pypa/pip@24.0"),
        dep("setuptools-scm", ">=8", line=10, group="setup"),
        dep("pytest", line=12, group="test"),
        dep("coverage", line=14, group="test", extras=("toml",)),
        dep("pysocks", line=17, group="optional:socks"),
        dep("importlib-metadata", line=18, marker='python_version < "3.10"'),
        dep("pywin32", line=19, group="optional:win", marker='sys_platform == "win32"'),
    )


def test_computed_values_are_reported_not_run() -> None:
    text = """\
from setuptools import setup

def read_requirements():
    return open("requirements.txt").read().splitlines()

OPTS = {"zip_safe": False}
setup(
    install_requires=read_requirements(),
    tests_require=[r for r in ["a", "b"]],
    setup_requires=UNKNOWN_NAME,
    extras_require={"x": ["ok"], **OTHER, "y": get()},
    **OPTS,
)
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (dep("ok", line=11, group="optional:x"),)
    run_time = "is computed at run time; capdiff reads setup.py without running it"
    assert manifest.errors == (
        ParseIssue(line=8, message=f"install_requires {run_time}"),
        ParseIssue(line=9, message=f"tests_require {run_time}"),
        ParseIssue(line=10, message=f"setup_requires {run_time}"),
        ParseIssue(line=11, message=f"extras_require {run_time}"),
        ParseIssue(line=11, message=f"extras_require {run_time}"),
        # `**OPTS` is a literal dict without requirements: read, nothing to report
    )


def test_extras_require_not_a_dict_and_bad_marker_key() -> None:
    text = (
        "from setuptools import setup\n"
        "setup(extras_require=make())\n"
        "setup(extras_require={'a:not a marker': ['x']})\n"
    )
    manifest = parse(text, path=P)
    assert manifest.dependencies == ()
    assert manifest.errors[0] == ParseIssue(
        line=2,
        message="extras_require is computed at run time; capdiff reads setup.py without running it",
    )
    assert manifest.errors[1].line == 3
    assert manifest.errors[1].message.startswith(
        "extras_require key 'a:not a marker': invalid marker:"
    )


def test_self_referencing_names_do_not_loop() -> None:
    text = "A = B\nB = A\nC = C + ['x']\nsetup(install_requires=A, tests_require=C)\n"
    manifest = parse(text, path=P)
    assert manifest.dependencies == ()
    assert [e.line for e in manifest.errors] == [4, 4]


def test_python2_source_is_a_parse_issue() -> None:
    text = 'from setuptools import setup\nprint "installing"\nsetup(install_requires=["a"])\n'
    manifest = parse(text, path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    assert manifest.errors[0].line == 2
    assert manifest.errors[0].message.startswith("not valid Python 3, so not read: ")


def test_no_setup_call() -> None:
    assert parse("import os\n", path=P).errors == (
        ParseIssue(line=None, message="no setup() call found"),
    )


def test_invalid_requirement_string() -> None:
    manifest = parse('setup(install_requires=["good", "bad req!!"])\n', path=P)
    assert manifest.dependencies == (dep("good", line=1),)
    assert manifest.errors[0].line == 1
    assert manifest.errors[0].message.startswith("invalid requirement 'bad req!!'")


def test_hostile_inputs() -> None:
    nested_parens = "setup(install_requires=" + "(" * 10_000 + "'a'" + ")" * 10_000 + ")\n"
    manifest = parse(nested_parens, path=P)
    assert manifest.dependencies == ()
    assert manifest.errors[0].message.startswith("not valid Python 3, so not read: ")
    nested_lists = "setup(install_requires=" + "[" * 150 + "'a'" + "]" * 150 + ")\n"
    manifest = parse(nested_lists, path=P)
    assert manifest.errors == (
        ParseIssue(
            line=1,
            message="install_requires is computed at run time;"
            " capdiff reads setup.py without running it",
        ),
    )
    long_sum = "R = " + " + ".join(["['a']"] * 20_000) + "\nsetup(install_requires=R)\n"
    manifest = parse(long_sum, path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    chain = "".join(f"N{i} = N{i + 1}\n" for i in range(200)) + "N200 = ['x']\n"
    manifest = parse(chain + "setup(install_requires=N0)\n", path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    assert parse("setup(install_requires=['a'])\x00\n", path=P).errors[0].line in (None, 1)
    weird = parse("setup(install_requires=['caf\ufffd', 'ok'])\n", path=P)
    assert weird.dependencies == (dep("ok", line=1),)
    assert len(weird.errors) == 1


def test_unpacked_keyword_dicts_are_read() -> None:
    text = (
        "from setuptools import setup\n"
        "args = {'name': 'x', 'install_requires': ['a>=1']}\n"
        "try:\n"
        "    import setuptools\n"
        "except ImportError:\n"
        "    pass\n"
        "else:\n"
        "    args['extras_require'] = {'b': ['b==2']}\n"
        "kwargs = dict(tests_require=['c'])\n"
        "setup(**args)\n"
        "setup(**kwargs)\n"
        "setup(**make_args())\n"
    )
    manifest = parse(text, path="setup.py")
    assert [(d.name, d.group, d.location.line) for d in manifest.dependencies] == [
        ("a", "main", 2),
        ("b", "optional:b", 8),
        ("c", "test", 9),
    ]
    assert [issue.line for issue in manifest.errors] == [12]
