"""A manifest the user names is recognised by extension and content, whatever its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.manifests.sniff import kind_of_named_file
from bot.model import ManifestKind

ASSETS = Path(__file__).resolve().parent.parent / "assets"


@pytest.mark.parametrize(
    ("asset", "kind"),
    [
        ("locks/uv.lock", ManifestKind.UV_LOCK),
        ("locks/poetry.lock", ManifestKind.POETRY_LOCK),
        ("locks/poetry-1.1.lock", ManifestKind.POETRY_LOCK),
        ("locks/pdm.lock", ManifestKind.PDM_LOCK),
        ("locks/pylock.toml", ManifestKind.PYLOCK),
        ("locks/Pipfile.lock", ManifestKind.PIPFILE_LOCK),
        ("realworld/pyproject/psf__requests__pyproject.toml", ManifestKind.PYPROJECT),
        ("realworld/pipfile/pypa__pipenv__Pipfile", ManifestKind.PIPFILE),
    ],
)
@pytest.mark.parametrize("renamed", ["deps.toml", "snapshot.lock", "from-ci"])
def test_lock_and_project_files_by_content(asset: str, kind: ManifestKind, renamed: str) -> None:
    text = (ASSETS / asset).read_text(encoding="utf-8")
    if kind is ManifestKind.PIPFILE_LOCK and renamed.endswith(".toml"):
        renamed = "deps.json"
    assert kind_of_named_file(f"ci/{renamed}", text) is kind


@pytest.mark.parametrize(
    ("path", "text", "kind"),
    [
        ("base.txt", "requests\n", ManifestKind.REQUIREMENTS),
        ("deps/prod.in", "flask\n", ManifestKind.REQUIREMENTS),
        ("NOTES.TXT", "anything at all\n", ManifestKind.REQUIREMENTS),
        ("legacy.cfg", "[metadata]\nrequires_dist = six\n", ManifestKind.SETUP_CFG),
        ("tox.ini", "[tox]\nenvlist = py3\n", None),
        ("install.py", "from setuptools import setup\nsetup(name='x')\n", ManifestKind.SETUP_PY),
        ("script.py", "print('hi')\n", None),
        ("broken.py", "def (:\n", None),
        ("config.toml", "[server]\nport = 1\n", None),
        ("bad.toml", "= nope", None),
        ("data.json", '{"a": 1}', None),
        ("notes.md", "hi\n", None),
        # A name discover knows wins over content.
        ("requirements/base.txt", "[project]\n", ManifestKind.REQUIREMENTS),
    ],
)
def test_by_extension_and_content(path: str, text: str, kind: ManifestKind | None) -> None:
    assert kind_of_named_file(path, text) is kind
