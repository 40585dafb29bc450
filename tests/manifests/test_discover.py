from __future__ import annotations

import pytest

from bot.manifests.discover import discover, including_manifests, is_manifest
from bot.model import Manifest, ManifestKind

R = ManifestKind.REQUIREMENTS


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("requirements.txt", R),
        ("requirements-dev.txt", R),
        ("dev-requirements.txt", R),
        ("services/api/test_requirements.txt", R),
        ("requirements/base.txt", R),
        ("deploy/requirements/prod/extra.txt", R),
        ("constraints.txt", R),
        ("constraints-py311.txt", R),
        ("requirements.in", R),
        ("requirements/dev.in", R),
        ("pyproject.toml", ManifestKind.PYPROJECT),
        ("pkg/setup.cfg", ManifestKind.SETUP_CFG),
        ("setup.py", ManifestKind.SETUP_PY),
        ("a/b/Pipfile", ManifestKind.PIPFILE),
        ("Pipfile.lock", ManifestKind.PIPFILE_LOCK),
        ("poetry.lock", ManifestKind.POETRY_LOCK),
        ("uv.lock", ManifestKind.UV_LOCK),
        ("x/pdm.lock", ManifestKind.PDM_LOCK),
        ("pylock.toml", ManifestKind.PYLOCK),
        ("pylock.dev.toml", ManifestKind.PYLOCK),
        ("MANIFEST.in", None),
        ("config.h.in", None),
        ("README.txt", None),
        ("docs/requirements.md", None),
        ("setup.py.orig", None),
        ("reqs/base.txt", None),
    ],
)
def test_is_manifest(path: str, kind: ManifestKind | None) -> None:
    assert is_manifest(path) == kind


def test_extra_globs_count_as_requirements() -> None:
    assert is_manifest("reqs/base.txt", ["reqs/*.txt"]) == R
    assert is_manifest("deps/x/y.pip", ["*.pip"]) == R


def test_discover_sorts_and_filters() -> None:
    assert discover(["src/app.py", "uv.lock", "requirements.txt", "uv.lock"]) == [
        ("requirements.txt", R),
        ("uv.lock", ManifestKind.UV_LOCK),
    ]


def test_including_manifests_finds_the_file_that_pulls_in_a_changed_include() -> None:
    head = Manifest(path="requirements.txt", kind=R, includes=("reqs/base.txt",))
    other = Manifest(path="docs/requirements.txt", kind=R, includes=("docs/extra.txt",))
    assert including_manifests(["reqs/base.txt", "README.md"], [head, other]) == [
        ("requirements.txt", R)
    ]
