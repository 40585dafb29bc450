from __future__ import annotations

from bot.manifests import MAX_MANIFEST_BYTES
from bot.manifests.collect import read_manifests, select_manifests
from bot.model import Manifest, ManifestKind, ParseIssue

R = ManifestKind.REQUIREMENTS


def test_a_changed_include_selects_the_manifest_that_includes_it() -> None:
    base = {"requirements.txt": "-r reqs/base.txt\n", "reqs/base.txt": "six==1\n"}
    head = {"requirements.txt": "-r reqs/base.txt\n-c reqs/pins.txt\n",
            "reqs/base.txt": "six==2\n", "reqs/pins.txt": "idna<4\n",
            "docs/requirements.txt": "sphinx\n"}
    assert select_manifests(
        ["reqs/base.txt"],
        base_files=base, head_files=head, read_base=base.get, read_head=head.get,
    ) == [("requirements.txt", R)]
    # An include dropped at head still selects its includer through the base side.
    assert select_manifests(
        ["reqs/pins.txt"],
        base_files=head, head_files=base, read_base=head.get, read_head=base.get,
    ) == [("requirements.txt", R)]


def test_read_manifests_skips_missing_and_keeps_unreadable_as_errors() -> None:
    files = {"a/requirements.txt": "six\n", "big/requirements.txt": "#" * (MAX_MANIFEST_BYTES + 1)}
    manifests = read_manifests(
        [("a/requirements.txt", R), ("gone/requirements.txt", R), ("big/requirements.txt", R)],
        files.get,
    )
    assert [m.path for m in manifests] == ["a/requirements.txt", "big/requirements.txt"]
    assert manifests[1] == Manifest(
        path="big/requirements.txt",
        kind=R,
        errors=(ParseIssue(line=None, message=(
            "big/requirements.txt: 5242881 bytes is over the 5242880-byte limit for a manifest"
        )),),
    )
