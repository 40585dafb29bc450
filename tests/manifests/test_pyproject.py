from __future__ import annotations

import functools

from bot.manifests import parse_manifest
from bot.manifests.pyproject import parse
from bot.model import ManifestKind, ParseIssue, SourceKind
from tests.manifests.conftest import make_dep

P = "pkg/pyproject.toml"
dep = functools.partial(make_dep, path=P)


def test_pep621_dependencies_optional_and_build_system() -> None:
    text = """\
[build-system]
requires = ["setuptools>=68", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "demo"
dynamic = ["version"]
dependencies = [
    "Requests[socks,security] ==2.31.0",
    "urllib3 >=1.26, <3 ; python_version >= '3.8'",
    "attrs===23.1.0",
    "weird===not-a-version",
    "pip @ git+https://github.com/pypa/pip@24.0",
    "local @ file:///src/local",
    "wheel @ https://example.com/wheel-1.0-py3-none-any.whl",
    "zope.interface==5.*",
]

[project.optional-dependencies]
Socks_Extra = ["PySocks!=1.5.7,>=1.5.6"]
"""
    manifest = parse(text, path=P)
    assert manifest.errors == ()
    assert manifest.kind is ManifestKind.PYPROJECT
    assert manifest.dependencies == (
        dep("requests", "==2.31.0", line=9, version="2.31.0", extras=("socks", "security")),
        dep("urllib3", ">=1.26,<3", line=10, marker='python_version >= "3.8"'),
        dep("attrs", "===23.1.0", line=11, version="23.1.0"),
        dep("weird", "===not-a-version", line=12),
        dep("pip", line=13, source=SourceKind.VCS, url="git+https://github.com/pypa/pip@24.0"),
        dep("local", line=14, source=SourceKind.PATH, url="file:///src/local"),
        dep(
            "wheel",
            line=15,
            source=SourceKind.URL,
            url="https://example.com/wheel-1.0-py3-none-any.whl",
        ),
        dep("zope-interface", "==5.*", line=16),
        dep("pysocks", "!=1.5.7,>=1.5.6", line=20, group="optional:socks-extra"),
        dep("setuptools", ">=68", line=2, group="build-system"),
        dep("wheel", line=2, group="build-system"),
    )


def test_dotted_keys() -> None:
    text = """\
project.name = "demo"
project.dependencies = [
  "a",
]
[project]
optional-dependencies.socks = ["pysocks"]
"""
    # tomllib refuses defining [project] after project.* dotted keys, so use a valid variant.
    assert isinstance(parse(text, path=P).errors[0], ParseIssue)
    valid = """\
project.name = "demo"
project.dependencies = [
  "a",
]
project.optional-dependencies.socks = ["pysocks"]
"""
    manifest = parse(valid, path=P)
    assert manifest.errors == ()
    assert manifest.dependencies == (
        dep("a", line=3),
        dep("pysocks", line=5, group="optional:socks"),
    )
    inside = '[project]\nname = "x"\noptional-dependencies.socks = [\n  "pysocks",\n]\n'
    assert parse(inside, path=P).dependencies == (
        dep("pysocks", line=4, group="optional:socks"),
    )


def test_invalid_toml_is_one_error_with_line() -> None:
    manifest = parse('[project]\ndependencies = ["a",\nname = 1\n', path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    assert manifest.errors[0].line == 3
    assert manifest.errors[0].message.startswith("invalid TOML: ")


def test_wrong_types_are_reported_and_the_rest_is_read() -> None:
    text = """\
[project]
dependencies = 5
optional-dependencies = ["x"]

[build-system]
requires = ["ok", 3, {a = 1}, "not valid !!"]

[dependency-groups]
test = "pytest"
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (dep("ok", line=6, group="build-system"),)
    assert [(e.line, e.message.split(":")[0]) for e in manifest.errors] == [
        (2, "project.dependencies must be an array of requirement strings"),
        (3, "project.optional-dependencies must be a table"),
        (9, "dependency-groups.test must be an array"),
        (6, "build-system.requires[1] must be a requirement string"),
        (6, "build-system.requires[2] must be a requirement string"),
        (6, "invalid requirement 'not valid !!'"),
    ]


def test_project_not_a_table() -> None:
    manifest = parse('project = "x"\n', path=P)
    assert manifest.errors == (ParseIssue(line=1, message="project must be a table"),)


def test_dependency_groups_includes_cycles_and_unknown() -> None:
    text = """\
[dependency-groups]
Test_Group = [
  "pytest>=8",
  {include-group = "lint"},
]
lint = ["ruff"]
a = [{include-group = "b"}, "x"]
b = [{include-group = "A"}]
c = [{include-group = "missing"}, {bad = 1}]
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (
        dep("pytest", ">=8", line=3, group="dependency-group:test-group"),
        dep("ruff", line=6, group="dependency-group:test-group"),
        dep("ruff", line=6, group="dependency-group:lint"),
        dep("x", line=7, group="dependency-group:a"),
        dep("x", line=7, group="dependency-group:b"),
    )
    assert manifest.errors == (
        ParseIssue(line=8, message="dependency group include cycle: a -> b -> a"),
        ParseIssue(line=7, message="dependency group include cycle: b -> a -> b"),
        ParseIssue(line=9, message="dependency group 'missing' included here does not exist"),
        ParseIssue(
            line=9,
            message="dependency-groups.c[1] must be a requirement string or {include-group = ...}",
        ),
    )


def test_dependency_group_names_that_collide_when_normalized() -> None:
    manifest = parse('[dependency-groups]\nTest = ["a"]\ntest = ["b"]\n', path=P)
    assert manifest.dependencies == (dep("a", line=2, group="dependency-group:test"),)
    assert manifest.errors == (
        ParseIssue(
            line=3,
            message="dependency group 'test' repeats 'Test' (names are compared normalized)",
        ),
    )


POETRY = """\
[tool.poetry]
name = "demo"

[tool.poetry.dependencies]
python = "^3.9"
requests = "^2.31"
pinned = "1.2.3"
anything = "*"
union = "^1.0 || ^2.0"
black = { version = "^24.1", python = ">=3.9,<3.13", markers = "sys_platform != 'win32'" }
old = { version = "~1.2", python = "~2.7 || ^3.4" }
fancy = { version = ">=1.2 <1.5", extras = ["a", "b"] }
gitdep = { git = "https://github.com/org/gitdep.git", branch = "main" }
gitrev = { git = "https://github.com/org/gitrev.git", rev = "abc123" }
localdep = { path = "../localdep", develop = true }
urldep = { url = "https://example.com/urldep-1.0.tar.gz" }
private = { version = "^1", source = "internal" }
winonly = { version = "^1", platform = "win32" }
multi = [
    { version = "<=1.9", python = ">=3.6,<3.8" },
    { version = "^2.0", python = ">=3.8" },
]
pg = { version = "^2.9", optional = true }
mysql = { version = "^1.4", optional = true }
orphan = { version = "^1", optional = true }

[tool.poetry.extras]
databases = ["pg", "mysql"]
postgres = ["pg"]

[tool.poetry.group.test.dependencies]
pytest = "^8.0"

[tool.poetry.dev-dependencies]
mypy = ">=1"

[[tool.poetry.source]]
name = "internal"
url = "https://pypi.internal.example/simple/"
priority = "supplemental"
"""


def test_poetry() -> None:
    manifest = parse(POETRY, path=P)
    assert manifest.errors == ()
    assert manifest.index_urls == ("https://pypi.internal.example/simple/",)
    assert manifest.dependencies == (
        dep("requests", ">=2.31,<3.0", line=6),
        dep("pinned", "==1.2.3", line=7, version="1.2.3"),
        dep("anything", line=8),
        dep("union", line=9),
        dep(
            "black",
            ">=24.1,<25.0",
            line=10,
            marker="(sys_platform != 'win32') and "
            '(python_version >= "3.9" and python_version < "3.13")',
        ),
        dep(
            "old",
            ">=1.2,<1.3",
            line=11,
            marker='((python_version >= "2.7" and python_version < "2.8") or '
            '(python_version >= "3.4" and python_version < "4.0"))',
        ),
        dep("fancy", ">=1.2,<1.5", line=12, extras=("a", "b")),
        dep(
            "gitdep",
            line=13,
            source=SourceKind.VCS,
            url="git+https://github.com/org/gitdep.git@main",
        ),
        dep(
            "gitrev",
            line=14,
            source=SourceKind.VCS,
            url="git+https://github.com/org/gitrev.git@abc123",
        ),
        dep("localdep", line=15, source=SourceKind.PATH, url="../localdep", editable=True),
        dep(
            "urldep",
            line=16,
            source=SourceKind.URL,
            url="https://example.com/urldep-1.0.tar.gz",
        ),
        dep(
            "private",
            ">=1,<2",
            line=17,
            index_url="https://pypi.internal.example/simple/",
        ),
        dep("winonly", ">=1,<2", line=18, marker='sys_platform == "win32"'),
        dep(
            "multi",
            "<=1.9",
            line=20,
            marker='python_version >= "3.6" and python_version < "3.8"',
        ),
        dep("multi", ">=2.0,<3.0", line=21, marker='python_version >= "3.8"'),
        dep("pg", ">=2.9,<3.0", line=23, group="optional:databases"),
        dep("pg", ">=2.9,<3.0", line=23, group="optional:postgres"),
        dep("mysql", ">=1.4,<2.0", line=24, group="optional:databases"),
        dep("orphan", ">=1,<2", line=25, group="optional"),
        dep("mypy", ">=1", line=35, group="dev"),
        dep("pytest", ">=8.0,<9.0", line=32, group="test"),
    )


def test_poetry_full_version_marker_and_bad_entries() -> None:
    text = """\
[tool.poetry.dependencies]
a = { version = "^1", python = ">=3.8.1" }
b = "^not.a.version"
c = 5
d = { version = 1 }
"bad name!" = "1"
e = { version = "1", markers = "nonsense ==" }
f = { version = "1", extras = "x" }
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (
        dep("a", ">=1,<2", line=2, marker='python_full_version >= "3.8.1"'),
        dep("f", "==1", line=8, version="1"),
    )
    assert [(e.line, e.message) for e in manifest.errors] == [
        (3, "tool.poetry.dependencies.b: 'not.a.version' in '^not.a.version' is not a version"),
        (4, "tool.poetry.dependencies.c must be a version string or a table"),
        (5, "tool.poetry.dependencies.d: version must be a string"),
        (6, "tool.poetry.dependencies.bad name!: 'bad name!' is not a valid package name"),
        (7, manifest.errors[4].message),
        (8, "tool.poetry.dependencies.f: extras must be an array of strings"),
    ]
    assert manifest.errors[4].message.startswith("tool.poetry.dependencies.e: invalid markers:")


def test_poetry2_project_and_tool_poetry_are_not_duplicated() -> None:
    text = """\
[project]
dependencies = ["requests>=2.31,<3.0"]

[tool.poetry.dependencies]
requests = "^2.31"
extra-only = "1.0"
"""
    assert parse(text, path=P).dependencies == (
        dep("requests", ">=2.31,<3.0", line=2),
        dep("extra-only", "==1.0", line=6, version="1.0"),
    )


def test_pdm_uv_and_flit() -> None:
    text = """\
[project]
dependencies = ["mylib", "gitlib", "pathlib2", "private-lib>=1", "urllib-x"]

[tool.pdm.dev-dependencies]
Lint = ["ruff>=0.4", "-e file:///${PROJECT_ROOT}/sub#egg=sub"]

[[tool.pdm.source]]
name = "pdm-private"
url = "https://pdm.example/simple"

[tool.uv]
dev-dependencies = ["pytest"]
index-url = "https://uv.example/simple"
extra-index-url = ["https://extra.example/simple"]

[[tool.uv.index]]
name = "corp"
url = "https://corp.example/simple"

[tool.uv.sources]
MyLib = { path = "../mylib", editable = true }
gitlib = { git = "https://github.com/org/gitlib", tag = "v1" }
pathlib2 = { workspace = true }
private-lib = [{ index = "corp", marker = "sys_platform == 'linux'" }, { index = "other" }]
urllib-x = { url = "https://example.com/urllib_x-1.0.tar.gz" }

[tool.flit.metadata]
requires = ["docutils"]
dev-requires = ["flake8"]

[tool.flit.metadata.requires-extra]
test = ["pytest-cov"]
"""
    manifest = parse(text, path=P)
    assert manifest.errors == ()
    assert manifest.index_urls == (
        "https://pdm.example/simple",
        "https://uv.example/simple",
        "https://extra.example/simple",
        "https://corp.example/simple",
    )
    assert manifest.dependencies == (
        dep("mylib", line=2, source=SourceKind.PATH, url="../mylib", editable=True),
        dep("gitlib", line=2, source=SourceKind.VCS, url="git+https://github.com/org/gitlib@v1"),
        dep("pathlib2", line=2, source=SourceKind.PATH),
        dep("private-lib", ">=1", line=2, index_url="https://corp.example/simple"),
        dep(
            "urllib-x",
            line=2,
            source=SourceKind.URL,
            url="https://example.com/urllib_x-1.0.tar.gz",
        ),
        dep("ruff", ">=0.4", line=5, group="dev:lint"),
        dep(
            "sub",
            line=5,
            group="dev:lint",
            source=SourceKind.PATH,
            url="file:///${PROJECT_ROOT}/sub",
            editable=True,
        ),
        dep("docutils", line=28, group="main"),
        dep("flake8", line=29, group="dev"),
        dep("pytest-cov", line=32, group="optional:test"),
        dep("pytest", line=12, group="dev"),
    )


def test_hostile_inputs_never_raise() -> None:
    deep = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    assert parse(deep, path=P).errors[0].message.startswith("invalid TOML")
    many = "[project]\ndependencies = [\n" + "".join(f'  "p{i}",\n' for i in range(20_000)) + "]\n"
    manifest = parse(many, path=P)
    assert len(manifest.dependencies) == 20_000
    assert manifest.dependencies[-1] == dep("p19999", line=20_002)
    weird = '[project]\ndependencies = ["caf\ufffd>=1", "nul\\u0000", "\u202eevil"]\n'
    manifest = parse(weird, path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 3


def test_dispatcher_decodes_bad_bytes() -> None:
    data = b'[project]\ndependencies = ["ok", "bad\xff"]\n'
    manifest = parse_manifest(data, path=P, kind=ManifestKind.PYPROJECT)
    assert manifest.dependencies == (dep("ok", line=2),)
    assert manifest.errors[0].line == 2


def test_pdm_0x_tables() -> None:
    text = (
        "[tool.pdm.dependencies]\n"
        'click = "*"\n'
        'meta = {version = ">=1", marker = "python_version<\'3.8\'", extras = ["x"]}\n'
        'repo = {git = "https://example.com/repo.git"}\n'
        "[tool.pdm.dev-dependencies]\n"
        'pytest = "<8"\n'
    )
    manifest = parse(text, path="pyproject.toml")
    assert [
        (d.name, str(d.specifier), str(d.marker), sorted(d.extras), d.group, d.location.line)
        for d in manifest.dependencies
    ] == [
        ("click", "", "None", [], "main", 2),
        ("meta", ">=1", 'python_version < "3.8"', ["x"], "main", 3),
        ("pytest", "<8", "None", [], "dev", 6),
    ]
    assert [(e.line, e.message) for e in manifest.errors] == [
        (4, "tool.pdm.dependencies.repo: only version, extras and marker are read here")
    ]
