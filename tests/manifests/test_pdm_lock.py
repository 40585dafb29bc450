from __future__ import annotations

from pathlib import Path

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests.pdm_lock import parse
from bot.model import Dependency, Location, ManifestKind, NormalizedName, ParseIssue, SourceKind

ASSETS = Path(__file__).parent.parent / "assets" / "locks"
PATH = "pdm.lock"


def sha(letter: str) -> str:
    return f"sha256:{letter * 64}"


def dep(name: str, version: str | None, line: int | None, **fields: object) -> Dependency:
    return Dependency(
        name=NormalizedName(name),
        specifier=SpecifierSet(f"=={version}") if version else SpecifierSet(),
        version=Version(version) if version else None,
        location=Location(path=PATH, line=line),
        **fields,  # type: ignore[arg-type]
    )


def test_lock_version_4() -> None:
    manifest = parse((ASSETS / "pdm.lock").read_text("utf-8"), path=PATH)

    assert manifest.kind is ManifestKind.PDM_LOCK
    assert manifest.errors == ()
    assert list(manifest.dependencies) == [
        dep("certifi", "2024.7.4", 13, hashes=frozenset({sha("a"), sha("b")})),
        dep(
            "colorama",
            "0.4.6",
            24,
            group="dev",
            marker=Marker('sys_platform == "win32"'),
            hashes=frozenset({sha("c")}),
        ),
        dep("httpx", "0.27.0", 35, hashes=frozenset({sha("d")})),
        dep(
            "httpx",
            "0.27.0",
            48,
            extras=frozenset({"socks"}),
            group="dependency-group:socks",
            hashes=frozenset({sha("d")}),
        ),
        dep("mylib", "0.1.0", 63, source=SourceKind.PATH, url="./libs/mylib", editable=True),
        dep(
            "tool",
            "1.2.0",
            71,
            group="dev",
            source=SourceKind.VCS,
            url="git+https://github.com/example/tool.git"
            "@0123456789abcdef0123456789abcdef01234567#subdirectory=py",
        ),
        dep(
            "wheelonly",
            "3.0",
            81,
            source=SourceKind.URL,
            url="https://example.org/wheelonly-3.0-py3-none-any.whl",
            hashes=frozenset({sha("e")}),
        ),
    ]


def test_lock_version_3_metadata_files() -> None:
    text = f"""\
[[package]]
name = "Requests"
version = "2.28.1"
sections = ["default"]

[[package]]
name = "requests"
version = "2.27.0"

[metadata]
lock_version = "3.1"

[metadata.files]
"requests 2.28.1" = [
    {{url = "https://x/requests-2.28.1.tar.gz", hash = "{sha("a")}"}},
]
"requests 2.27.0" = [
    {{url = "https://x/requests-2.27.0.tar.gz", hash = "{sha("b")}"}},
]
"""
    manifest = parse(text, path=PATH)
    assert manifest.errors == ()
    assert list(manifest.dependencies) == [
        dep("requests", "2.28.1", 1, hashes=frozenset({sha("a")})),
        dep("requests", "2.27.0", 6, hashes=frozenset({sha("b")})),
    ]


def test_invalid_toml_and_empty_file() -> None:
    manifest = parse("[metadata]\nlock_version = \n", path=PATH)
    assert [issue.line for issue in manifest.errors] == [2]
    assert manifest.errors[0].message.startswith("invalid TOML: ")
    assert parse("\n", path=PATH).errors == (
        ParseIssue(line=1, message="empty file: no lock data"),
    )


def test_hostile_values_become_issues() -> None:
    text = """\
[metadata]
lock_version = "5.0"
files = { "x 1" = "nope" }

[[package]]
name = "a"
version = "1.0"
groups = [1]
files = [{ file = "a.whl", hash = "sha256:xyz" }, { file = "b.whl" }]
extras = "socks"
git = 5
path = "vendor/a"
editable = "yes"

[[package]]
name = "-bad-"
version = "1"

[[package]]
name = "c"
version = "one"
marker = "os_name =="
"""
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "metadata.lock_version: unsupported lock_version '5.0'"),
        (None, "metadata.files.x 1: expected an array, got string"),
        (5, "package[0].groups[0]: expected string, got integer"),
        (5, "package[0].extras: expected an array, got string"),
        (5, "package[0].files[0].hash: malformed sha256 digest 'xyz'"),
        (5, "package[0].files[1]: missing required key 'hash'"),
        (5, "package[0].git: expected string, got integer"),
        (5, "package[0].editable: expected boolean, got string"),
        (15, "package[1].name: invalid project name '-bad-'"),
        (19, "package[2].version: invalid version 'one' (not PEP 440)"),
        (
            19,
            "package[2].marker: invalid marker 'os_name ==': "
            "Expected a marker variable or quoted string",
        ),
    ]
    assert [(d.name, str(d.specifier), d.source, d.url) for d in manifest.dependencies] == [
        ("a", "==1.0", SourceKind.PATH, "vendor/a"),
        ("c", "===one", SourceKind.INDEX, None),
    ]


def test_ten_thousand_packages() -> None:
    text = "".join(f'[[package]]\nname = "p{i}"\nversion = "1"\n' for i in range(10_000))
    manifest = parse(text, path=PATH)
    assert len(manifest.dependencies) == 10_000
    assert manifest.dependencies[-1].location.line == 3 * 9_999 + 1
