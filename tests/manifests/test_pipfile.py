from __future__ import annotations

import functools

from bot.manifests.pipfile import parse
from bot.model import ManifestKind, ParseIssue, SourceKind
from tests.manifests.conftest import make_dep

P = "Pipfile"
dep = functools.partial(make_dep, path=P)

PIPFILE = """\
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[[source]]
url = "https://pypi.internal.example/simple"
name = "internal"

[packages]
requests = "*"
Django = "==4.2.7"
flask = ">=2.0,<3"
"zope.interface" = {version = "==5.*", extras = ["test"]}
pywinusb = {version = "*", sys_platform = "== 'win32'"}
gunicorn = {version = ">=21", markers = "os_name == 'posix'", platform_machine = "x86_64"}
mylib = {git = "https://github.com/org/mylib.git", ref = "v1.2", editable = true}
hglib = {hg = "https://hg.example/hglib"}
localpkg = {path = "./localpkg", editable = true}
tarball = {file = "https://example.com/tarball-1.0.tar.gz"}
secret = {version = "==1.0", index = "internal"}

[dev-packages]
pytest = "~=8.0"

[docs]
sphinx = "*"

[requires]
python_version = "3.11"

[scripts]
test = "pytest"
"""


def test_pipfile() -> None:
    manifest = parse(PIPFILE, path=P)
    assert manifest.errors == ()
    assert manifest.kind is ManifestKind.PIPFILE
    assert manifest.index_urls == (
        "https://pypi.org/simple",
        "https://pypi.internal.example/simple",
    )
    assert manifest.dependencies == (
        dep("requests", line=11),
        dep("django", "==4.2.7", line=12, version="4.2.7"),
        dep("flask", ">=2.0,<3", line=13),
        dep("zope-interface", "==5.*", line=14, extras=("test",)),
        dep("pywinusb", line=15, marker="sys_platform == 'win32'"),
        dep(
            "gunicorn",
            ">=21",
            line=16,
            marker="(os_name == 'posix') and (platform_machine == \"x86_64\")",
        ),
        dep(
            "mylib",
            line=17,
            source=SourceKind.VCS,
            url="git+https://github.com/org/mylib.git@v1.2",
            editable=True,
        ),
        dep("hglib", line=18, source=SourceKind.VCS, url="hg+https://hg.example/hglib"),
        dep("localpkg", line=19, source=SourceKind.PATH, url="./localpkg", editable=True),
        dep(
            "tarball",
            line=20,
            source=SourceKind.URL,
            url="https://example.com/tarball-1.0.tar.gz",
        ),
        dep(
            "secret",
            "==1.0",
            line=21,
            version="1.0",
            index_url="https://pypi.internal.example/simple",
        ),
        dep("pytest", "~=8.0", line=24, group="dev"),
        dep("sphinx", line=27, group="docs"),
    )


def test_bad_entries_are_reported_and_the_rest_is_read() -> None:
    text = """\
source = "nope"
[packages]
good = "==1"
bad-spec = "^1.0"
num = 5
badver = {version = 2}
badmarker = {version = "*", markers = "what ever"}
badextras = {extras = "x"}
"bad name!" = "*"
[dev-packages]
"""
    manifest = parse(text, path=P)
    assert manifest.dependencies == (dep("good", "==1", line=3, version="1"),)
    messages = [(e.line, e.message) for e in manifest.errors]
    assert messages[0] == (1, "source must be an array of tables ([[source]])")
    assert messages[1] == (4, "packages.bad-spec: invalid version specifier '^1.0'")
    assert messages[2] == (5, "packages.num: must be a version string or a table")
    assert messages[3] == (6, "packages.badver: version must be a string")
    assert messages[4][0] == 7
    assert messages[4][1].startswith("packages.badmarker: invalid markers:")
    assert messages[5] == (8, "packages.badextras: extras must be an array of strings")
    assert messages[6] == (9, "packages.bad name!: 'bad name!' is not a valid package name")
    assert len(messages) == 7


def test_category_not_a_table_and_source_without_url() -> None:
    manifest = parse('packages = ["requests"]\n[[source]]\nname = "x"\n', path=P)
    assert manifest.errors == (
        ParseIssue(line=2, message="source[0] needs a url"),
        ParseIssue(line=1, message="packages must be a table of packages"),
    )


def test_invalid_toml() -> None:
    manifest = parse("[packages]\nrequests = \n", path=P)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    assert manifest.errors[0].line == 2
    assert manifest.errors[0].message == (
        "invalid TOML: string values must be quoted, expected literal string at line 2 column 12"
    )


def test_replacement_characters_in_names() -> None:
    manifest = parse('[packages]\n"caf\ufffd" = "*"\nok = "*"\n', path=P)
    assert manifest.dependencies == (dep("ok", line=3),)
    assert manifest.errors == (
        ParseIssue(line=2, message="packages.caf\ufffd: 'caf\ufffd' is not a valid package name"),
    )


def test_pipenv_0x_project_itself_is_skipped() -> None:
    # pypa/pipenv's own Pipfile (2017): `"-e ." = "*"` under [dev-packages]
    manifest = parse('[dev-packages]\npytest = "*"\n"-e ." = "*"\n', path="Pipfile")
    assert manifest.errors == ()
    assert [d.name for d in manifest.dependencies] == ["pytest"]
