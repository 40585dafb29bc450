from __future__ import annotations

from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests.pylock import is_pylock_path, parse
from bot.model import Dependency, Location, ManifestKind, NormalizedName, ParseIssue, SourceKind

ASSETS = Path(__file__).parent.parent / "assets" / "locks"
PATH = "pylock.toml"
PYPI = "https://pypi.org/simple"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


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


def test_pep_751_lock() -> None:
    manifest = parse((ASSETS / "pylock.toml").read_text("utf-8"), path=PATH)

    assert manifest.kind is ManifestKind.PYLOCK
    assert manifest.errors == ()
    assert manifest.index_urls == (PYPI,)
    assert list(manifest.dependencies) == [
        dep("certifi", "2024.7.4", 9, index_url=PYPI, hashes=frozenset({sha("a"), sha("b")})),
        dep(
            "pytest",
            "8.3.2",
            30,
            index_url=PYPI,
            marker=Marker("'dev' in dependency_groups"),
            hashes=frozenset({sha("c")}),
        ),
        dep(
            "tool",
            None,
            44,
            source=SourceKind.VCS,
            url=f"git+https://github.com/example/tool.git@{COMMIT}",
        ),
        dep("mylib", "0.1.0", 48, source=SourceKind.PATH, url="libs/mylib", editable=True),
        dep(
            "blob",
            "3.0",
            53,
            source=SourceKind.URL,
            url="https://example.org/blob-3.0.tar.gz",
            hashes=frozenset({sha("d")}),
        ),
    ]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("pylock.toml", True),
        ("sub/dir/pylock.dev.toml", True),
        ("pylock.a.b.toml", False),
        ("mypylock.toml", False),
        ("pylock.toml.bak", False),
    ],
)
def test_is_pylock_path(path: str, expected: bool) -> None:
    assert is_pylock_path(path) is expected


def test_invalid_toml_and_empty_file() -> None:
    manifest = parse('lock-version = "1.0"\n[[packages]\n', path=PATH)
    assert [issue.line for issue in manifest.errors] == [2]
    assert manifest.errors[0].message.startswith("invalid TOML: ")
    assert parse("", path=PATH).errors == (ParseIssue(line=1, message="empty file: no lock data"),)


def test_missing_header_keys() -> None:
    assert parse("[tool.x]\na = 1\n", path=PATH).errors == (
        ParseIssue(line=None, message="missing required key 'lock-version'"),
        ParseIssue(line=None, message="missing required key 'created-by'"),
        ParseIssue(line=None, message="missing required key 'packages'"),
    )


def test_hostile_values_become_issues() -> None:
    text = f"""\
lock-version = "2.0"
created-by = 3
environments = ["os_name ==="]
requires-python = "banana"

[[packages]]
name = "Not_Normal"
version = "1.0"
wheels = [
    {{ url = "https://x/evil-1.0-py3-none-any.whl", hashes = {{ sha256 = "{"a" * 64}" }} }},
    {{ name = "not_normal-2.0-py3-none-any.whl", hashes = {{}} }},
    {{ name = "broken.whl", path = "w.whl", hashes = {{ sha256 = 5 }} }},
    {{ hashes = "nope" }},
]
sdist = {{ path = "not_normal-1.0.tar.gz", hashes = {{ sha256 = "short" }} }}
vcs = {{ type = "git", url = "https://x/r" }}
attestation-identities = [{{ repository = "x" }}]

[[packages]]
name = "empty"

[[packages]]
version = "1"
"""
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "lock-version: unsupported lock-version '2.0'"),
        (None, "created-by: expected string, got integer"),
        (
            None,
            "environments: invalid marker 'os_name ===': "
            "Expected a marker variable or quoted string",
        ),
        (None, "requires-python: invalid specifier 'banana'"),
        (6, "packages[0].attestation-identities[0]: missing required key 'kind'"),
        (6, "packages[0]: none of vcs, directory, archive may be set with sdist or wheels"),
        (6, "packages[0].vcs: missing required key 'commit-id'"),
        (6, "packages[0].sdist.hashes: malformed sha256 digest 'short'"),
        (
            6,
            "packages[0].wheels[0]: 'evil-1.0-py3-none-any.whl' "
            "does not belong to package 'not-normal'",
        ),
        (6, "packages[0].wheels[1].hashes: at least one hash must be provided"),
        (6, "packages[0].wheels[1]: 'not_normal-2.0-py3-none-any.whl' is not version 1.0"),
        (6, "packages[0].wheels[2].hashes.sha256: hash values must be strings"),
        (6, "packages[0].wheels[2]: invalid wheel filename 'broken.whl'"),
        (6, "packages[0].wheels[3].hashes: expected a table, got string"),
        (6, "packages[0].wheels[3]: path or url must be provided"),
        (19, "packages[1]: exactly one of vcs, directory, archive, sdist, wheels is required"),
        (22, "packages[2]: missing required key 'name'"),
    ]
    assert [(d.name, d.source, d.hashes) for d in manifest.dependencies] == [
        ("not-normal", SourceKind.INDEX, frozenset({sha("a")})),
        ("empty", SourceKind.INDEX, frozenset()),
    ]


def test_ten_thousand_packages() -> None:
    text = 'lock-version = "1.0"\ncreated-by = "t"\n' + "".join(
        f'[[packages]]\nname = "p{i}"\ndirectory = {{ path = "p{i}" }}\n' for i in range(10_000)
    )
    manifest = parse(text, path=PATH)
    assert manifest.errors == ()
    assert len(manifest.dependencies) == 10_000
    assert manifest.dependencies[-1].location.line == 3 + 3 * 9_999
