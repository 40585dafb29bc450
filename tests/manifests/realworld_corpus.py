"""The real-world manifest corpus under tests/assets/realworld: what each asset is and how
to read it as capdiff would (its original repository path, includes from the same commit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.manifests import parse_manifest
from bot.manifests.discover import is_manifest
from bot.model import Manifest, ManifestKind

__all__ = ["ASSETS", "CorpusFile", "corpus", "expectations", "read_corpus_file"]

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "realworld"


@dataclass(frozen=True, slots=True, kw_only=True)
class CorpusFile:
    asset: str  # relative to ASSETS, e.g. "requirements/psf__requests__requirements-dev.txt"
    repo: str
    path: str  # where the file lives in its repository
    commit: str

    @property
    def kind(self) -> ManifestKind:
        kind = is_manifest(self.path)
        assert kind is not None, self.path
        return kind


@cache
def corpus() -> tuple[CorpusFile, ...]:
    """Rows of SOURCES.md, in its order."""
    files = []
    for line in (ASSETS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in {"asset", "---"}:
            continue
        asset, repo, path, commit = cells
        files.append(CorpusFile(asset=asset, repo=repo, path=path, commit=commit))
    return tuple(files)


@cache
def expectations() -> dict[str, dict[str, int]]:
    loaded: dict[str, dict[str, int]] = json.loads(
        (ASSETS / "expected.json").read_text(encoding="utf-8")
    )
    return loaded


def read_corpus_file(entry: CorpusFile) -> Manifest:
    """Parse one asset under its repository path; `-r`/`-c` includes are served from the
    assets of the same repository and commit, as the bot reads them from one tree."""
    siblings = {
        other.path: ASSETS / other.asset
        for other in corpus()
        if other.repo == entry.repo and other.commit == entry.commit
    }

    def read(path: str) -> str | None:
        found = siblings.get(path)
        return found.read_text(encoding="utf-8") if found is not None else None

    data = (ASSETS / entry.asset).read_bytes()
    return parse_manifest(data, path=entry.path, kind=entry.kind, read=read)
