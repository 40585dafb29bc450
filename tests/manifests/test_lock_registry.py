from __future__ import annotations

from pathlib import Path

import pytest

from bot.manifests import parse_manifest
from bot.model import ManifestKind

ASSETS = Path(__file__).parent.parent / "assets" / "locks"


@pytest.mark.parametrize(
    ("kind", "asset", "count"),
    [
        (ManifestKind.PIPFILE_LOCK, "Pipfile.lock", 7),
        (ManifestKind.POETRY_LOCK, "poetry.lock", 7),
        (ManifestKind.UV_LOCK, "uv.lock", 10),
        (ManifestKind.PDM_LOCK, "pdm.lock", 7),
        (ManifestKind.PYLOCK, "pylock.toml", 5),
    ],
)
def test_every_lock_kind_is_wired_and_reads_bytes_with_a_bom(
    kind: ManifestKind, asset: str, count: int
) -> None:
    data = b"\xef\xbb\xbf" + (ASSETS / asset).read_bytes()
    manifest = parse_manifest(data, path=f"sub/{asset}", kind=kind)
    assert kind.is_lock
    assert manifest.kind is kind
    assert manifest.errors == ()
    assert len(manifest.dependencies) == count
    assert all(d.location.path == f"sub/{asset}" for d in manifest.dependencies)
