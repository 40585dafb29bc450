from __future__ import annotations

from pathlib import Path

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests.uv_lock import parse
from bot.model import (
    Dependency,
    Location,
    ManifestKind,
    NormalizedName,
    ParseIssue,
    SourceKind,
)

PATH = "uv.lock"
H = {letter: letter * 64 for letter in "abcdef"}

UV_LOCK = (Path(__file__).parent.parent / "assets" / "locks" / "uv.lock").read_text("utf-8")


def dep(name: str, version: str | None, line: int, **fields: object) -> Dependency:
    return Dependency(
        name=NormalizedName(name),
        specifier=SpecifierSet(f"=={version}") if version else SpecifierSet(),
        version=Version(version) if version else None,
        location=Location(path=PATH, line=line),
        **fields,  # type: ignore[arg-type]
    )


PYPI = "https://pypi.org/simple"


def test_realistic_lock_gives_every_package_but_the_project() -> None:
    manifest = parse(UV_LOCK, path=PATH)

    assert manifest.kind is ManifestKind.UV_LOCK
    assert manifest.errors == ()
    assert manifest.index_urls == (PYPI, "https://private.example/simple")
    assert list(manifest.dependencies) == [
        dep(
            "anyio",
            "4.4.0",
            9,
            index_url=PYPI,
            hashes=frozenset({f"sha256:{H['a']}", f"sha256:{H['b']}"}),
        ),
        dep("idna", "3.7", 22, index_url=PYPI, hashes=frozenset({f"sha256:{H['c']}"})),
        dep(
            "numpy",
            "1.26.4",
            30,
            index_url=PYPI,
            marker=Marker("python_full_version < '3.12'"),
            hashes=frozenset({f"sha256:{H['d']}"}),
        ),
        dep(
            "numpy",
            "2.1.0",
            41,
            index_url=PYPI,
            marker=Marker(
                "(python_full_version >= '3.12' and sys_platform == 'linux')"
                " or (python_full_version >= '3.12' and sys_platform != 'linux')"
            ),
            hashes=frozenset({f"sha256:{H['e']}"}),
        ),
        dep(
            "pytest",
            "8.2.0",
            83,
            group="dev",
            source=SourceKind.VCS,
            url="git+https://github.com/pytest-dev/pytest@0123456789abcdef0123456789abcdef01234567",
        ),
        dep(
            "mkdocs",
            "1.6.0",
            91,
            group="dependency-group:docs",
            source=SourceKind.URL,
            url="https://example.org/mkdocs-1.6.0.tar.gz",
            hashes=frozenset({f"sha256:{H['f']}"}),
        ),
        dep("sniffio", "1.3.1", 97, index_url="https://private.example/simple"),
        dep(
            "socksio",
            "1.0.0",
            102,
            group="optional:socks",
            source=SourceKind.PATH,
            url="vendor/socksio-1.0.0-py3-none-any.whl",
        ),
        dep("sub", "0.2.0", 107, source=SourceKind.PATH, url="packages/sub", editable=True),
        dep("orphan", "1.0", 112, source=SourceKind.PATH, url="libs/orphan"),
    ]


def test_virtual_root_is_excluded_and_git_query_is_kept_as_subdirectory() -> None:
    text = """\
version = 1

[[package]]
name = "workspace"
version = "0.0.0"
source = { virtual = "." }
dependencies = [{ name = "lib" }]

[[package]]
name = "lib"
version = "1.0"
source = { git = "https://github.com/o/r?subdirectory=pkg&tag=v1#abc" }

[[package]]
name = "packaged-root"
source = { directory = "." }
"""
    manifest = parse(text, path=PATH)
    assert manifest.errors == ()
    assert [(d.name, d.url, d.group, d.location.line) for d in manifest.dependencies] == [
        ("lib", "git+https://github.com/o/r@abc#subdirectory=pkg", "main", 9)
    ]


def test_invalid_toml_is_one_error_with_its_line() -> None:
    manifest = parse('version = 1\n\n[[package]]\nname = "x\n', path=PATH)
    assert manifest.dependencies == ()
    assert len(manifest.errors) == 1
    assert manifest.errors[0].line == 4
    assert manifest.errors[0].message.startswith("invalid TOML: ")


def test_empty_file() -> None:
    assert parse("  \n", path=PATH).errors == (
        ParseIssue(line=1, message="empty file: no lock data"),
    )


def test_wrong_types_become_issues_with_context_paths() -> None:
    text = f"""\
version = "1"

[[package]]
name = "ok"
version = 5
source = "pypi"
wheels = {{ hash = "x" }}

[[package]]
name = 7

[[package]]
name = "bad-hashes"
version = "not a version!"
source = {{ registry = "https://pypi.org/simple", git = "https://x" }}
sdist = {{ hash = 5 }}
wheels = [
    "w.whl",
    {{ url = "https://x/w.whl" }},
    {{ hash = "sha256:short" }},
    {{ hash = "nocolon" }},
    {{ hash = "md5:{"0" * 32}" }},
]
dependencies = "idna"
resolution-markers = ["python_version >>> '3'"]
"""
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "version: expected integer, got string"),
        (3, "package[0].version: expected string, got integer"),
        (3, "package[0].source: expected a table, got string"),
        (3, "package[0].wheels: expected an array, got table"),
        (9, "package[1].name: expected string, got integer"),
        (12, "package[2].version: invalid version 'not a version!' (not PEP 440)"),
        (
            12,
            "package[2].source: expected exactly one of registry, git, url, path, "
            "directory, editable, virtual",
        ),
        (12, "package[2].sdist.hash: expected string, got integer"),
        (12, "package[2].wheels[0]: expected a table, got string"),
        (12, "package[2].wheels[2].hash: malformed sha256 digest 'short'"),
        (12, "package[2].wheels[3].hash: malformed hash 'nocolon' (expected 'algo:hex')"),
        (12, "package[2].dependencies: expected an array, got string"),
    ]
    assert [(d.name, d.version, str(d.specifier), d.index_url) for d in manifest.dependencies] == [
        ("ok", None, "", None),
        ("bad-hashes", None, "", "https://pypi.org/simple"),
    ]


def test_top_level_package_of_wrong_type() -> None:
    manifest = parse('version = 1\npackage = "x"\n', path=PATH)
    assert manifest.dependencies == ()
    assert manifest.errors == (
        ParseIssue(line=None, message="package: expected an array, got string"),
    )


def test_header_inside_multiline_string_does_not_shift_lines() -> None:
    text = '''\
version = 1
note = """
[[package]]
"""

[[package]]
name = "a"
version = "1"

[[package]]
name = "b"
version = "2"
'''
    manifest = parse(text, path=PATH)
    assert [(d.name, d.location.line) for d in manifest.dependencies] == [("a", 6), ("b", 10)]


def test_ten_thousand_packages_and_deep_nesting() -> None:
    big = "version = 1\n" + "".join(
        f'\n[[package]]\nname = "p{i}"\nversion = "1.{i}"\n' for i in range(10_000)
    )
    manifest = parse(big, path=PATH)
    assert len(manifest.dependencies) == 10_000
    assert manifest.dependencies[-1].location.line == 4 * 9_999 + 3

    deep = "version = 1\nx = " + "[" * 50_000 + "]" * 50_000 + "\n"
    assert parse(deep, path=PATH).errors == (
        ParseIssue(
            line=2,
            message="invalid TOML: cannot recurse further; max recursion depth met "
            "at line 2 column 85",
        ),
    )


def test_duplicate_names_are_all_kept() -> None:
    text = '[[package]]\nname = "a"\nversion = "1"\n[[package]]\nname = "A"\nversion = "1"\n'
    manifest = parse(text, path=PATH)
    assert [(d.name, d.location.line) for d in manifest.dependencies] == [("a", 1), ("a", 4)]


def test_inline_array_of_packages_has_no_lines_rather_than_wrong_ones() -> None:
    text = 'version = 1\npackage = [{ name = "a", version = "1" }]\n\n[[package]]\nname = "b"\n'
    # A TOML array cannot be both inline and headed: this is invalid, reported with its line.
    assert parse(text, path=PATH).errors[0].line == 4
    text = 'version = 1\npackage = [{ name = "a", version = "1" }, { name = "b" }]\n'
    manifest = parse(text, path=PATH)
    assert [(d.name, d.location.line) for d in manifest.dependencies] == [("a", None), ("b", None)]
