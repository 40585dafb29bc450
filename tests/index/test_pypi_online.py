"""Against the real PyPI (deselected by default; run with `-m online`)."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.index.interface import ArtifactType
from bot.index.resolve import choose_artifacts, pick_version
from bot.index.simple import SimpleIndex

pytestmark = pytest.mark.online


async def test_requests_resolves_and_downloads_a_checked_wheel() -> None:
    async with httpx.AsyncClient(timeout=60, follow_redirects=True) as client:
        index = SimpleIndex(client)
        project = await index.project("Requests")
        version = pick_version(project, SpecifierSet(">=2.31,<2.33"))
        assert version is not None
        assert Version("2.32") <= version < Version("2.33")
        chosen = choose_artifacts(project.files_for(version))
        wheel = next(f for f in chosen if f.type is ArtifactType.WHEEL)
        assert wheel.filename == f"requests-{version}-py3-none-any.whl"
        assert wheel.url.startswith("https://")
        data = await index.download(wheel)  # raises on a digest mismatch
        assert hashlib.sha256(data).hexdigest() == wheel.sha256
        metadata = await index.metadata("requests")
        assert metadata is not None and metadata.latest_version
