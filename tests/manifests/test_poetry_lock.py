from __future__ import annotations

from pathlib import Path

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests.poetry_lock import parse
from bot.model import Dependency, Location, ManifestKind, NormalizedName, ParseIssue, SourceKind

ASSETS = Path(__file__).parent.parent / "assets" / "locks"
PATH = "poetry.lock"


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


def test_lock_version_2_1() -> None:
    manifest = parse((ASSETS / "poetry.lock").read_text("utf-8"), path=PATH)

    assert manifest.kind is ManifestKind.POETRY_LOCK
    assert manifest.errors == ()
    assert manifest.index_urls == ("https://pypi.internal.example/simple",)
    assert list(manifest.dependencies) == [
        dep("certifi", "2024.7.4", 3, hashes=frozenset({sha("a"), sha("b")})),
        dep(
            "colorama",
            "0.4.6",
            15,
            marker=Marker('platform_system == "Windows"'),
            hashes=frozenset({sha("c")}),
        ),
        dep(
            "pysocks",
            "1.7.1",
            27,
            group="optional:socks",
            marker=Marker('extra == "socks"'),
            hashes=frozenset({sha("d")}),
        ),
        dep(
            "pytest",
            "8.3.2",
            39,
            group="dev",
            source=SourceKind.VCS,
            url="git+https://github.com/pytest-dev/pytest.git@0123456789abcdef0123456789abcdef01234567",
        ),
        dep("mylib", "0.3.0", 61, source=SourceKind.PATH, url="libs/mylib", editable=True),
        dep(
            "internal-tool",
            "2.0.0",
            75,
            group="dependency-group:docs",
            hashes=frozenset({sha("e")}),
            index_url="https://pypi.internal.example/simple",
        ),
        dep(
            "tarball",
            "1.0",
            91,
            source=SourceKind.URL,
            url="https://example.org/tarball-1.0.tar.gz",
            hashes=frozenset({sha("f")}),
        ),
    ]


def test_lock_version_1_1_with_metadata_files_and_category() -> None:
    manifest = parse((ASSETS / "poetry-1.1.lock").read_text("utf-8"), path=PATH)
    assert manifest.errors == ()
    assert list(manifest.dependencies) == [
        dep("requests", "2.28.1", 1, hashes=frozenset({sha("a")})),
        dep("black", "22.3.0", 12, group="dev", hashes=frozenset({sha("b")})),
    ]


def test_lock_version_1_0_metadata_hashes_are_bare_hex() -> None:
    text = f"""\
[[package]]
name = "six"
version = "1.16.0"
category = "main"

[metadata]
lock-version = "1.0"

[metadata.hashes]
six = ["{"a" * 64}", "{"B" * 64}"]
"""
    manifest = parse(text, path=PATH)
    assert manifest.errors == ()
    assert manifest.dependencies == (
        dep("six", "1.16.0", 1, hashes=frozenset({sha("a"), sha("b")})),
    )


def test_invalid_toml_and_empty_file() -> None:
    manifest = parse('[[package]]\nname = "a"\nname = "b"\n', path=PATH)
    assert manifest.dependencies == ()
    assert [issue.line for issue in manifest.errors] == [3]
    assert manifest.errors[0].message.startswith("invalid TOML: ")
    assert parse("", path=PATH).errors == (ParseIssue(line=1, message="empty file: no lock data"),)


def test_hostile_values_become_issues() -> None:
    text = """\
extras = { socks = "pysocks" }

[[package]]
name = "a"
version = "1.0"
files = [{ file = "a.whl" }, { file = "b.whl", hash = 3 }, "c.whl"]
groups = "main"
markers = 5
optional = "yes"

[[package]]
name = "b"
version = "2024-banana"
markers = { main = "python_version ~~ '3'" }

[package.source]
type = "svn"
url = "svn://example.org/b"

[[package]]
name = "c"

[package.source]
type = "git"

[metadata]
lock-version = "9.0"
files = "nope"
"""
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "metadata.lock-version: unsupported lock-version '9.0'"),
        (None, "metadata.files: expected a table, got string"),
        (None, "extras.socks: expected an array, got string"),
        (3, "package[0].groups: expected an array, got string"),
        (3, "package[0].optional: expected boolean, got string"),
        (3, "package[0].markers: expected string, got integer"),
        (3, "package[0].files[2]: expected a table, got string"),
        (3, "package[0].files[0]: missing required key 'hash'"),
        (3, "package[0].files[1].hash: expected string, got integer"),
        (11, "package[1].version: invalid version '2024-banana' (not PEP 440)"),
        (
            11,
            "package[1].markers: invalid marker \"python_version ~~ '3'\": "
            "Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in",
        ),
        (11, "package[1].source.type: unknown source type 'svn'"),
        (20, "package[2]: missing required key 'version'"),
        (20, "package[2].source: missing required key 'url'"),
    ]
    assert [(d.name, d.version, str(d.specifier), d.source) for d in manifest.dependencies] == [
        ("a", Version("1.0"), "==1.0", SourceKind.INDEX),
        ("b", None, "===2024-banana", SourceKind.INDEX),
        ("c", None, "", SourceKind.INDEX),
    ]


def test_package_not_an_array_and_many_packages() -> None:
    assert parse('package = { name = "x" }\n', path=PATH).errors == (
        ParseIssue(line=None, message="package: expected an array, got table"),
    )
    text = "".join(
        f'[[package]]\nname = "p{i}"\nversion = "1.0"\n'
        f'files = [{{file = "f", hash = "{sha("a")}"}}]\n'
        for i in range(10_000)
    )
    manifest = parse(text, path=PATH)
    assert len(manifest.dependencies) == 10_000
    assert manifest.dependencies[-1].location.line == 4 * 9_999 + 1
