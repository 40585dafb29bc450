"""Property: the pyproject/setup.cfg/setup.py/Pipfile parsers return a Manifest for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.manifests import parse_manifest
from bot.manifests._toml_lines import TomlLineIndex
from bot.model import Manifest, ManifestKind

KINDS = (
    ManifestKind.PYPROJECT,
    ManifestKind.SETUP_CFG,
    ManifestKind.SETUP_PY,
    ManifestKind.PIPFILE,
)
FRAGMENTS = [
    "[project]\n", "dependencies = [", '"requests>=1",', "]\n", "[tool.poetry.dependencies]\n",
    'a = {version = "^1", python = "~2.7 || ^3"}\n', "[dependency-groups]\n",
    'x = [{include-group = "x"}]\n', "[packages]\n", '"b" = "*"\n', "[options]\n",
    "install_requires =\n", "    c; python_version<'3'\n", "setup(install_requires=[", "'d',",
    "])\n", "[[source]]\n", 'url = "u"\n', "\ufffd", "\x00", "{", "'''", '"""', "\\", "\n",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30), st.sampled_from(KINDS))
def test_fragments_never_crash(parts: list[str], kind: ManifestKind) -> None:
    text = "".join(parts)
    assert isinstance(parse_manifest(text, path="f", kind=kind), Manifest)
    index = TomlLineIndex(text)
    assert index.line_of(("project", "dependencies"), 0) in (None, *range(1, text.count("\n") + 2))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(KINDS))
def test_random_bytes_never_crash(data: bytes, kind: ManifestKind) -> None:
    assert isinstance(parse_manifest(data, path="f", kind=kind), Manifest)
