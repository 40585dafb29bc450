"""Read the manifests a change touches, at one side of a diff. Pure given its readers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot.errors import InputError, ManifestError
from bot.manifests import parse_manifest
from bot.manifests.discover import discover, including_manifests
from bot.model import FileReader, Manifest, ManifestKind, ParseIssue

__all__ = ["read_manifests", "select_manifests"]


def read_manifests(
    paths_with_kinds: Iterable[tuple[str, ManifestKind]], read: FileReader
) -> list[Manifest]:
    """Parse each manifest that exists; an unreadable one becomes a Manifest with an error.

    A path missing on this side (added or deleted by the change) is skipped, so the diff
    sees its packages as added or removed.
    """
    manifests: list[Manifest] = []
    for path, kind in paths_with_kinds:
        try:
            text = read(path)
            if text is None:
                continue
            manifests.append(parse_manifest(text, path=path, kind=kind, read=read))
        except (ManifestError, InputError) as error:
            line = error.line if isinstance(error, ManifestError) else None
            message = error.message if isinstance(error, ManifestError) else str(error)
            manifests.append(
                Manifest(path=path, kind=kind, errors=(ParseIssue(line=line, message=message),))
            )
    return manifests


def select_manifests(
    changed_paths: Sequence[str],
    *,
    base_files: Iterable[str],
    head_files: Iterable[str],
    read_base: FileReader,
    read_head: FileReader,
    extra_globs: Sequence[str] = (),
) -> list[tuple[str, ManifestKind]]:
    """Changed manifests plus every requirements file (at base or head) including a changed path.

    `base_files`/`head_files` list every path of the tree on each side; only requirements
    files can include others, so only those are parsed to find their includes.
    """
    selected = dict(discover(changed_paths, extra_globs))
    candidates_base = [
        item for item in discover(base_files, extra_globs) if item[1] is ManifestKind.REQUIREMENTS
    ]
    candidates_head = [
        item for item in discover(head_files, extra_globs) if item[1] is ManifestKind.REQUIREMENTS
    ]
    parsed = [
        *read_manifests(candidates_base, read_base),
        *read_manifests(candidates_head, read_head),
    ]
    selected.update(including_manifests(changed_paths, parsed))
    return sorted(selected.items())
