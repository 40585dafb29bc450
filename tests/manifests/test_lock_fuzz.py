"""Property: whatever the document, lock parsers return a Manifest (only ManifestError may
escape, and these parsers have no reason to raise even that)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.manifests import pdm_lock, pipfile_lock, poetry_lock, pylock, uv_lock
from bot.model import Manifest, ManifestKind

KEYS = [
    "name",
    "version",
    "source",
    "registry",
    "git",
    "url",
    "path",
    "directory",
    "editable",
    "virtual",
    "sdist",
    "wheels",
    "hash",
    "hashes",
    "sha256",
    "files",
    "file",
    "groups",
    "category",
    "optional",
    "markers",
    "marker",
    "resolution-markers",
    "dependencies",
    "optional-dependencies",
    "dev-dependencies",
    "extra",
    "extras",
    "type",
    "reference",
    "resolved_reference",
    "revision",
    "ref",
    "index",
    "vcs",
    "archive",
    "commit-id",
    "lock-version",
    "created-by",
    "metadata",
    "develop",
    "default",
    "_meta",
    "sources",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from(["", "1.0", "==1.0", "sha256:" + "a" * 64, ".", "x", "sha256:zz", "dev"]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    ),
    max_leaves=10,
)


def toml_value(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(document: dict[str, object]) -> str:
    return "".join(f"{json.dumps(key)} = {toml_value(value)}\n" for key, value in document.items())


DOCUMENTS = st.dictionaries(
    st.sampled_from(["package", "packages", "metadata", "version", "lock-version", "extras"]),
    st.one_of(
        VALUES, st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6), max_size=3)
    ),
    max_size=4,
)
TOML_PARSERS = [
    (uv_lock.parse, ManifestKind.UV_LOCK),
    (poetry_lock.parse, ManifestKind.POETRY_LOCK),
    (pdm_lock.parse, ManifestKind.PDM_LOCK),
    (pylock.parse, ManifestKind.PYLOCK),
]
FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(DOCUMENTS)
def test_toml_parsers_survive_any_structure(document: dict[str, object]) -> None:
    text = toml_document(document)
    for parse, kind in TOML_PARSERS:
        manifest = parse(text, path="lock")
        assert isinstance(manifest, Manifest)
        assert manifest.kind is kind


@FUZZ
@given(st.dictionaries(st.sampled_from([*KEYS, "docs"]), VALUES, max_size=5))
def test_pipfile_lock_survives_any_structure(document: dict[str, object]) -> None:
    manifest = pipfile_lock.parse(json.dumps(document, indent=4), path="Pipfile.lock")
    assert manifest.kind is ManifestKind.PIPFILE_LOCK


@FUZZ
@given(st.text(max_size=200))
def test_every_parser_survives_arbitrary_text(text: str) -> None:
    for parse, _ in TOML_PARSERS:
        parse(text, path="lock")
    pipfile_lock.parse(text, path="Pipfile.lock")
