from __future__ import annotations

import json
from pathlib import Path

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.manifests.pipfile_lock import parse
from bot.model import Dependency, Location, ManifestKind, NormalizedName, ParseIssue, SourceKind

ASSETS = Path(__file__).parent.parent / "assets" / "locks"
PATH = "Pipfile.lock"
PYPI = "https://pypi.org/simple"
INTERNAL = "https://pypi.internal.example/simple"


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


def test_pipenv_lock_with_categories() -> None:
    manifest = parse((ASSETS / "Pipfile.lock").read_text("utf-8"), path=PATH)

    assert manifest.kind is ManifestKind.PIPFILE_LOCK
    assert manifest.errors == ()
    assert manifest.index_urls == (PYPI, INTERNAL)
    assert list(manifest.dependencies) == [
        dep(
            "certifi",
            "2024.7.4",
            24,
            marker=Marker("python_version >= '3.6'"),
            hashes=frozenset({sha("a"), sha("b")}),
            index_url=PYPI,
        ),
        dep(
            "requests",
            "2.32.3",
            33,
            extras=frozenset({"socks"}),
            hashes=frozenset({sha("c")}),
            index_url=INTERNAL,
        ),
        dep("mylib", None, 43, source=SourceKind.PATH, url="./libs/mylib", editable=True),
        dep(
            "tool",
            None,
            47,
            source=SourceKind.VCS,
            url="git+https://github.com/example/tool.git@0123456789abcdef0123456789abcdef01234567",
        ),
        dep("blob", "3.0", 51, source=SourceKind.URL, url="https://example.org/blob-3.0.tar.gz"),
        dep("pytest", "8.3.2", 57, group="dev", hashes=frozenset({sha("d")}), index_url=PYPI),
        dep("mkdocs", "1.6.0", 66, group="dependency-group:docs", index_url=PYPI),
    ]


def test_compact_json_still_parses_with_lines() -> None:
    document = {
        "_meta": {"sources": [{"name": "pypi", "url": PYPI, "verify_ssl": True}]},
        "default": {"six": {"version": "==1.16.0"}},
        "develop": {"six": {"version": "==1.15.0"}},
    }
    manifest = parse(json.dumps(document), path=PATH)
    assert list(manifest.dependencies) == [
        dep("six", "1.16.0", 1, index_url=PYPI),
        dep("six", "1.15.0", 1, group="dev", index_url=PYPI),
    ]


def test_invalid_json_empty_file_and_wrong_top_level() -> None:
    manifest = parse('{\n  "default": {\n    "a": {,}\n  }\n}\n', path=PATH)
    assert manifest.dependencies == ()
    assert [issue.line for issue in manifest.errors] == [3]
    assert manifest.errors[0].message.startswith("invalid JSON: ")
    assert parse(" ", path=PATH).errors == (ParseIssue(line=1, message="empty file: no lock data"),)
    assert parse("[1, 2]", path=PATH).errors == (
        ParseIssue(line=1, message="expected a JSON object at the top, got array"),
    )
    deep = parse("[" * 100_000 + "]" * 100_000, path=PATH)
    assert deep.errors == (ParseIssue(line=None, message="invalid JSON: nesting too deep"),)
    huge_number = parse('{"default": {"a": {"version": ' + "1" * 5000 + "}}}", path=PATH)
    assert huge_number.dependencies == ()
    assert huge_number.errors[0].message.startswith("invalid JSON: Exceeds the limit")


def test_hostile_values_become_issues() -> None:
    text = """\
{
    "_meta": {"sources": [{"name": "pypi"}, "x"]},
    "default": {
        "a": {"version": "==1.0", "hashes": "sha256:abc", "markers": 3, "index": "nowhere"},
        "b": "1.0",
        "c": {"version": ">=1.0", "hashes": ["sha256:zz", 7], "extras": [1]},
        "-bad-": {"version": "==1"},
        "d": {"version": "===weird build"},
        "e": {"version": "==not-pep440"}
    },
    "develop": [],
    "default": {"a": {"version": "==2.0"}}
}
"""
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "duplicate key 'default' (only the last one is read)"),
        (None, "_meta.sources[1]: expected a object, got string"),
        (None, "_meta.sources[0]: missing required key 'url'"),
        (None, "develop: expected a object, got array"),
    ]
    assert list(manifest.dependencies) == [dep("a", "2.0", 12)]

    text = text.replace('"default": {"a": {"version": "==2.0"}}', '"other": {}')
    manifest = parse(text, path=PATH)
    assert [(issue.line, issue.message) for issue in manifest.errors] == [
        (None, "_meta.sources[1]: expected a object, got string"),
        (None, "_meta.sources[0]: missing required key 'url'"),
        (None, "develop: expected a object, got array"),
        (4, "default.a.markers: expected string, got integer"),
        (4, "default.a.hashes: expected an array, got string"),
        (4, "default.a.index: unknown source 'nowhere'"),
        (None, "default.b: expected a object, got string"),
        (6, "default.c.version: not pinned with '==': '>=1.0'"),
        (6, "default.c.extras[0]: expected string, got integer"),
        (6, "default.c.hashes[1]: expected string, got integer"),
        (6, "default.c.hashes[0]: malformed sha256 digest 'zz'"),
        (7, "default.-bad-.name: invalid project name '-bad-'"),
        (8, "default.d.version: not a PEP 440 version: '===weird build'"),
        (9, "default.e.version: invalid version 'not-pep440' (not PEP 440)"),
    ]
    assert [(d.name, str(d.specifier)) for d in manifest.dependencies] == [
        ("a", "==1.0"),
        ("c", ""),
        ("d", ""),
        ("e", "===not-pep440"),
    ]


def test_ten_thousand_entries() -> None:
    document = {"default": {f"p{i}": {"version": "==1.0"} for i in range(10_000)}}
    manifest = parse(json.dumps(document, indent=4), path=PATH)
    assert manifest.errors == ()
    assert len(manifest.dependencies) == 10_000
    assert manifest.dependencies[-1].location.line == 10_000 * 3
