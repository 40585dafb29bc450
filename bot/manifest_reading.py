"""Read the manifests a change touches, at one commit, through an async file reader.

Parsers are synchronous and follow `-r`/`-c` includes through a `FileReader`. Adapters
(GitHub's contents API, git) are asynchronous. We bridge the two by parsing against what
has been fetched so far, fetching whatever the parser asked for and did not find, and
parsing again, until nothing new is asked for (bounded, so a hostile include chain ends).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence

from bot.errors import InputError, ManifestError
from bot.manifests import parse_manifest
from bot.manifests.discover import discover, including_manifests, is_manifest
from bot.model import Manifest, ManifestKind, ParseIssue
from bot.scanning import AsyncFileReader

__all__ = [
    "MAX_INCLUDER_CANDIDATES",
    "MAX_INCLUDE_ROUNDS",
    "companion_locks",
    "include_targets",
    "includers_of",
    "manifests_to_read",
    "read_manifests",
]

MAX_INCLUDE_ROUNDS = 16
# Requirements files read per side to find which include a changed file (each is one
# request on GitHub); a repository with more is searched in path order up to this many.
MAX_INCLUDER_CANDIDATES = 100
# Files pip users include with -r/-c; a changed file of another kind is not looked for.
_INCLUDABLE_SUFFIXES = (".txt", ".in")

# When one of these changes, its lock files beside it decide the versions, changed or not.
_COMPANION_LOCKS: dict[str, tuple[tuple[str, ManifestKind], ...]] = {
    "pyproject.toml": (
        ("uv.lock", ManifestKind.UV_LOCK),
        ("poetry.lock", ManifestKind.POETRY_LOCK),
        ("pdm.lock", ManifestKind.PDM_LOCK),
        ("pylock.toml", ManifestKind.PYLOCK),
    ),
    "Pipfile": (("Pipfile.lock", ManifestKind.PIPFILE_LOCK),),
}


def companion_locks(path: str) -> tuple[tuple[str, ManifestKind], ...]:
    directory, name = posixpath.split(path)
    return tuple(
        (posixpath.join(directory, lock), kind) for lock, kind in _COMPANION_LOCKS.get(name, ())
    )


def manifests_to_read(
    changed_paths: Iterable[str], extra_globs: Sequence[str] = ()
) -> list[tuple[str, ManifestKind]]:
    """The changed manifests, plus the lock files that sit beside a changed project file."""
    selected: dict[str, ManifestKind] = dict(discover(list(changed_paths), extra_globs))
    for path in list(selected):
        for lock_path, kind in companion_locks(path):
            selected.setdefault(lock_path, kind)
    return sorted(selected.items())


def include_targets(
    changed_paths: Iterable[str], extra_globs: Sequence[str] = ()
) -> list[str]:
    """Changed files that are no manifest by name but may be included by one (`-r x.txt`)."""
    return sorted(
        path
        for path in set(changed_paths)
        if path.lower().endswith(_INCLUDABLE_SUFFIXES) and is_manifest(path, extra_globs) is None
    )


async def includers_of(
    targets: Sequence[str],
    files: Iterable[str],
    read: AsyncFileReader,
    extra_globs: Sequence[str] = (),
) -> list[tuple[str, ManifestKind]]:
    """The requirements files among `files` that include (directly or not) one of `targets`."""
    candidates = [
        (path, kind)
        for path, kind in discover(files, extra_globs)
        if kind is ManifestKind.REQUIREMENTS
    ][:MAX_INCLUDER_CANDIDATES]
    return including_manifests(targets, await read_manifests(candidates, read))


async def read_manifests(
    paths: Sequence[tuple[str, ManifestKind]], read: AsyncFileReader
) -> list[Manifest]:
    """Parse every manifest that exists at this commit; problems become `Manifest.errors`."""
    fetched: dict[str, str | None] = {}
    manifests: list[Manifest] = []
    for path, kind in paths:
        if path not in fetched:
            fetched[path] = await read(path)
        text = fetched[path]
        if text is None:
            continue
        manifests.append(await _parse_with_includes(path, kind, text, fetched, read))
    return manifests


async def _parse_with_includes(
    path: str,
    kind: ManifestKind,
    text: str,
    fetched: dict[str, str | None],
    read: AsyncFileReader,
) -> Manifest:
    manifest = Manifest(path=path, kind=kind)
    asked: list[str] = []

    def read_fetched(include: str) -> str | None:
        if include not in fetched:
            asked.append(include)
            return None
        return fetched[include]

    for _ in range(MAX_INCLUDE_ROUNDS):
        asked.clear()
        try:
            manifest = parse_manifest(text, path=path, kind=kind, read=read_fetched)
        except (ManifestError, InputError) as error:
            line = error.line if isinstance(error, ManifestError) else None
            issue = ParseIssue(line=line, message=str(error))
            return Manifest(path=path, kind=kind, errors=(issue,))
        if not asked:
            return manifest
        for include in list(asked):
            fetched[include] = await read(include)
    issue = ParseIssue(line=None, message=f"includes nested more than {MAX_INCLUDE_ROUNDS} deep")
    return Manifest(
        path=manifest.path,
        kind=manifest.kind,
        dependencies=manifest.dependencies,
        errors=(*manifest.errors, issue),
        includes=manifest.includes,
        index_urls=manifest.index_urls,
    )
