"""The benign development sets: popular releases (added whole) and upgrade pairs, from PyPI.

    python -m benchmarks.benign_sets [--popular 220] [--upgrades 110] [--cache-dir DIR]

chooses the sets once (online) and writes them to the repository so later runs are
reproducible: `benchmarks/datasets/popular.txt` (`name==version`, the latest release),
`upgrades.txt` (`name old new`: the previous final release -> the latest) and
`popular-skipped.txt` (what was left out, and why). It also downloads the archives capdiff
will analyze (the same choice as the engine: the sdist and one wheel) into the engine's
archive cache, `<cache-dir>/engine/archives`, outside the repository.

Candidates are taken in download-rank order from the vendored top list
(`bot/data/top_pypi_packages.txt`). "Latest" is what the project JSON API (`/pypi/NAME/json`)
calls the latest version; the files come from the simple API (the engine's own client, which
resolves relative file URLs). Skipped: projects whose chosen artifacts exceed 150 MB, that have
no sdist or wheel, or whose archives hold no Python file.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
from packaging.version import InvalidVersion, Version

from bot.errors import CapdiffError
from bot.index.interface import ProjectFiles, ReleaseFile
from bot.index.resolve import choose_artifacts
from bot.index.simple import IndexSettings, SimpleIndex
from bot.store.cache import ArchiveCache

__all__ = [
    "DATASETS",
    "DEFAULT_CACHE",
    "Release",
    "Upgrade",
    "read_popular",
    "read_upgrades",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS = REPO_ROOT / "benchmarks" / "datasets"
POPULAR_LIST = DATASETS / "popular.txt"
UPGRADES_LIST = DATASETS / "upgrades.txt"
SKIPPED_LIST = DATASETS / "popular-skipped.txt"
TOP_LIST = REPO_ROOT / "bot" / "data" / "top_pypi_packages.txt"
DEFAULT_CACHE = Path.home() / ".cache" / "capdiff-quality"
INDEX_URL = "https://pypi.org/simple"
MAX_RELEASE_BYTES = 150 * 1024 * 1024
# The engine's cache evicts past 2 GB; the sets are larger, and are downloaded once.
ARCHIVE_CACHE_BYTES = 40 * 1024**3


@dataclass(frozen=True, slots=True)
class Release:
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Upgrade:
    name: str
    old: str
    new: str


def read_popular(path: Path = POPULAR_LIST) -> list[Release]:
    releases = []
    for line in _lines(path):
        name, _, version = line.partition("==")
        releases.append(Release(name.strip(), version.strip()))
    return releases


def read_upgrades(path: Path = UPGRADES_LIST) -> list[Upgrade]:
    upgrades = []
    for line in _lines(path):
        name, old, new = line.split()
        upgrades.append(Upgrade(name, old, new))
    return upgrades


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return [s for raw in text.splitlines() if (s := raw.strip()) and not s.startswith("#")]


def engine_archives(cache_dir: Path) -> ArchiveCache:
    return ArchiveCache(cache_dir / "engine" / "archives", max_bytes=ARCHIVE_CACHE_BYTES)


# ---------------------------------------------------------------------------------------------
# Choosing the sets (online)


@dataclass(frozen=True, slots=True)
class _Choice:
    name: str
    latest: Version | None = None
    previous: Version | None = None
    skipped: str = ""


def _final_versions(project: ProjectFiles) -> list[Version]:
    return sorted(
        version
        for version, files in project.versions().items()
        if not version.is_prerelease
        and not version.is_devrelease
        and not all(f.yanked is not None for f in files)
        and choose_artifacts(files)
    )


def _size(files: Sequence[ReleaseFile]) -> int:
    return sum(f.size or 0 for f in files)


def _has_python(filename: str, data: bytes) -> bool:
    try:
        if filename.endswith((".whl", ".zip")):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return any(n.endswith(".py") for n in archive.namelist())
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            return any(n.endswith(".py") for n in archive.getnames())
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError):
        return False


async def _fetch(index: SimpleIndex, archives: ArchiveCache, files: Sequence[ReleaseFile]) -> bool:
    """Download what is missing; True when some chosen archive holds Python code."""
    python = False
    for file in files:
        data = archives.get(file.sha256.lower()) if file.sha256 else None
        if data is None:
            data = await index.download(file)
            if file.sha256:
                archives.put(file.sha256.lower(), data)
        python = python or _has_python(file.filename, data)
    return python


async def _choose(index: SimpleIndex, archives: ArchiveCache, name: str) -> _Choice:
    try:
        project = await index.project(name)
        metadata = await index.metadata(name)
        finals = _final_versions(project)
        if not finals:
            return _Choice(name, skipped="no final (non-pre-release) version with artifacts")
        try:
            latest = Version(metadata.latest_version) if metadata else finals[-1]
        except InvalidVersion:
            latest = finals[-1]
        chosen = choose_artifacts(project.files_for(latest))
        if not chosen:
            return _Choice(name, skipped=f"{latest}: no sdist or wheel")
        if _size(chosen) > MAX_RELEASE_BYTES:
            return _Choice(name, skipped=f"{latest}: artifacts {_size(chosen) >> 20} MB > 150 MB")
        if not await _fetch(index, archives, chosen):
            return _Choice(name, skipped=f"{latest}: no Python code in its archives")
        older = [v for v in finals if v < latest]
        previous = older[-1] if older else None
        if previous is not None:
            before = choose_artifacts(project.files_for(previous))
            if _size(before) > MAX_RELEASE_BYTES:
                previous = None
            else:
                await _fetch(index, archives, before)
        return _Choice(name, latest=latest, previous=previous)
    except CapdiffError as error:
        return _Choice(name, skipped=f"index error: {error}")


def _top_names() -> list[str]:
    return [s for raw in TOP_LIST.read_text().splitlines() if (s := raw.strip())
            and not s.startswith("#")]


async def choose_sets(*, popular: int, upgrades: int, cache_dir: Path, jobs: int) -> None:
    archives = engine_archives(cache_dir)
    chosen: list[_Choice] = []
    skipped: list[_Choice] = []
    names = iter(_top_names())
    timeout = httpx.Timeout(120.0, connect=15.0)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
        index = SimpleIndex(client, IndexSettings(index_url=INDEX_URL))
        while len(chosen) < popular:
            batch = [n for _, n in zip(range(jobs), names, strict=False)]
            if not batch:
                break
            for choice in await asyncio.gather(*(_choose(index, archives, n) for n in batch)):
                (skipped if choice.skipped else chosen).append(choice)
                state = choice.skipped or f"{choice.previous} -> {choice.latest}"
                print(f"[{len(chosen):3}] {choice.name}: {state}", file=sys.stderr, flush=True)
    chosen = chosen[:popular]
    POPULAR_LIST.write_text(
        "# Latest releases of popular projects, inspected whole as ADDED packages.\n"
        "# Chosen by python -m benchmarks.benign_sets in download-rank order.\n"
        + "".join(f"{c.name}=={c.latest}\n" for c in chosen)
    )
    pairs = [c for c in chosen if c.previous is not None][:upgrades]
    UPGRADES_LIST.write_text(
        "# Upgrade pairs: the previous final release -> the latest (name old new).\n"
        + "".join(f"{c.name} {c.previous} {c.latest}\n" for c in pairs)
    )
    SKIPPED_LIST.write_text(
        "# Popular projects left out of popular.txt, and why.\n"
        + "".join(f"{c.name}: {c.skipped}\n" for c in skipped)
    )
    print(f"{len(chosen)} popular, {len(pairs)} upgrades, {len(skipped)} skipped", file=sys.stderr)


async def download_sets(*, cache_dir: Path, jobs: int) -> None:
    """Fetch the archives the listed releases need (after a fresh clone, or a cleared cache)."""
    archives = engine_archives(cache_dir)
    wanted = [(r.name, r.version) for r in read_popular()]
    wanted += [(u.name, u.old) for u in read_upgrades()]
    limit = asyncio.Semaphore(jobs)
    timeout = httpx.Timeout(120.0, connect=15.0)
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=True) as client:
        index = SimpleIndex(client, IndexSettings(index_url=INDEX_URL))

        async def one(name: str, version: str) -> None:
            async with limit:
                files = choose_artifacts(await index.release_files(name, Version(version)))
                await _fetch(index, archives, files)

        await asyncio.gather(*(one(n, v) for n, v in wanted))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--popular", type=int, default=220)
    parser.add_argument("--upgrades", type=int, default=110)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--jobs", type=int, default=4, help="projects fetched at once")
    parser.add_argument("--download-only", action="store_true",
                        help="keep the lists; fetch the archives they need")
    args = parser.parse_args(argv)
    if args.download_only:
        asyncio.run(download_sets(cache_dir=args.cache_dir, jobs=args.jobs))
    else:
        asyncio.run(choose_sets(popular=args.popular, upgrades=args.upgrades,
                                cache_dir=args.cache_dir, jobs=args.jobs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
