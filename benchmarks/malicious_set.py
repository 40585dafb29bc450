"""The malicious development set: defanged, reconstructed samples as small source trees.

    benchmarks/datasets/malicious/<sample-id>/sample.toml   what the sample is and should raise
    benchmarks/datasets/malicious/<sample-id>/src/...        the project tree (setup.py, package)

`sample.toml` fields: name, version, description, threats (ALERTS.md Layer-2 types the sample
shows), capabilities (other alert types it shows), artifacts ("sdist" and/or "wheel"),
provenance (the public source it was reconstructed from).

Archives are built here in memory with zipfile/tarfile; nothing in a sample is ever run,
imported, installed or built by its own setup code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.analysis.builders import build_sdist, build_wheel, sdist_filename, wheel_filename

__all__ = [
    "HOLDOUT_DIR",
    "LOOKALIKES_DIR",
    "MALICIOUS_DIR",
    "THREAT_TYPES",
    "Sample",
    "SampleError",
    "build_archives",
    "load_samples",
]

MALICIOUS_DIR = Path(__file__).resolve().parent / "datasets" / "malicious"
# Held out: written blind to the detectors, never tuned on; measures recall honestly.
HOLDOUT_DIR = Path(__file__).resolve().parent / "datasets" / "holdout"
# Benign packages shaped like threats (from popular projects' real code): no threat expected,
# `looks_like` names the threat types a careless detector would raise.
LOOKALIKES_DIR = Path(__file__).resolve().parent / "datasets" / "benign-lookalikes"

# ALERTS.md v2, Layer 2 (unsafe-archive is about the archive, not a sample's code).
THREAT_TYPES = (
    "obfuscated-exec",
    "download-exec",
    "exfiltration",
    "credential-theft",
    "install-time-payload",
    "reverse-shell",
    "persistence",
    "hidden-process",
)
ARTIFACT_KINDS = ("sdist", "wheel")
# Build inputs that a wheel does not carry.
_SDIST_ONLY = frozenset({"setup.py", "setup.cfg", "pyproject.toml", "MANIFEST.in", "PKG-INFO"})


class SampleError(ValueError):
    """A sample directory that does not follow the format."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    id: str
    name: str
    version: str
    description: str
    threats: tuple[str, ...]
    capabilities: tuple[str, ...]
    artifacts: tuple[str, ...]
    provenance: str
    files: Mapping[str, bytes]
    looks_like: tuple[str, ...] = ()

    @property
    def benign(self) -> bool:
        return not self.threats


def load_samples(root: Path = MALICIOUS_DIR, *, only: Iterable[str] = ()) -> list[Sample]:
    """The samples under `root` (malicious, or benign look-alikes when `threats` is empty)."""
    wanted = set(only)
    samples = []
    for directory in sorted(p for p in root.iterdir() if (p / "sample.toml").is_file()):
        if wanted and directory.name not in wanted:
            continue
        samples.append(_load(directory))
    return samples


def _load(directory: Path) -> Sample:
    try:
        meta = tomllib.loads((directory / "sample.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SampleError(f"{directory.name}: sample.toml: {error}") from error
    source = directory / "src"
    files = {
        path.relative_to(source).as_posix(): path.read_bytes()
        for path in sorted(source.rglob("*"))
        if path.is_file()
    }
    sample = Sample(
        id=directory.name,
        name=str(meta.get("name", "")),
        version=str(meta.get("version", "")),
        description=str(meta.get("description", "")),
        threats=tuple(meta.get("threats", ())),
        capabilities=tuple(meta.get("capabilities", ())),
        artifacts=tuple(meta.get("artifacts", ())),
        provenance=str(meta.get("provenance", "")),
        files=files,
        looks_like=tuple(meta.get("looks_like", ())),
    )
    _check(sample)
    return sample


def _check(sample: Sample) -> None:
    problems = []
    if not sample.name or not sample.version:
        problems.append("name and version are required")
    named = sample.threats or sample.looks_like
    if not named or any(t not in THREAT_TYPES for t in named):
        problems.append(f"threats (or, for a benign look-alike, looks_like) must be non-empty "
                        f"and among {THREAT_TYPES}: {named}")
    if sample.threats and sample.looks_like:
        problems.append("a sample is malicious (threats) or a benign look-alike, not both")
    if not sample.artifacts or any(a not in ARTIFACT_KINDS for a in sample.artifacts):
        problems.append(f"artifacts must be among {ARTIFACT_KINDS}: {sample.artifacts}")
    if not sample.provenance or not sample.description:
        problems.append("provenance and description are required")
    if not sample.files:
        problems.append("src/ holds no files")
    if problems:
        raise SampleError(f"{sample.id}: " + "; ".join(problems))


def build_archives(sample: Sample) -> list[tuple[str, bytes]]:
    """(filename, bytes) of each artifact kind the sample asks for, built in memory."""
    archives = []
    if "sdist" in sample.artifacts:
        data = build_sdist(sample.name, sample.version, sample.files)
        archives.append((sdist_filename(sample.name, sample.version), data))
    if "wheel" in sample.artifacts:
        installed = {p: c for p, c in sample.files.items() if p not in _SDIST_ONLY}
        data = build_wheel(sample.name, sample.version, installed)
        archives.append((wheel_filename(sample.name, sample.version), data))
    return archives
