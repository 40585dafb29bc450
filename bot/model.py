"""Frozen data that crosses module boundaries in capdiff's pure core.

Nothing here does I/O. Parsers produce `Manifest`s, the diff produces `Change`s, the
analyzer produces `Finding`s, policy turns findings into `Alert`s with an `Action`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, NewType, cast

from packaging.specifiers import SpecifierSet
from packaging.version import Version

if TYPE_CHECKING:
    # Only annotations name them; packaging.markers and packaging.utils (which imports the
    # platform tags) cost ~20 ms at start-up, which a warm `capdiff compare` should not pay.
    from packaging.markers import Marker
    from packaging.utils import NormalizedName
else:
    NormalizedName = str  # packaging's NewType over str

__all__ = [
    "DEPRECATED_ALERT_NAMES",
    "THREAT_TYPES",
    "Action",
    "Alert",
    "AlertType",
    "ChangeKind",
    "Dependency",
    "DependencyChange",
    "FileReader",
    "Finding",
    "Location",
    "Manifest",
    "ManifestKind",
    "NormalizedName",
    "PackageResult",
    "ParseIssue",
    "ReleaseState",
    "Reputation",
    "ScanResult",
    "Severity",
    "Sha256",
    "SourceKind",
    "Standing",
    "Verdict",
    "canonicalize_name",
    "parse_alert_type",
]


_NAME_SEPARATORS = re.compile(r"[-_.]+")


def canonicalize_name(name: str) -> NormalizedName:
    """`packaging.utils.canonicalize_name` (PEP 503), without importing packaging.utils."""
    return cast("NormalizedName", _NAME_SEPARATORS.sub("-", name).lower())


Sha256 = NewType("Sha256", str)

# Reads a repository-relative POSIX path and returns its text, or None when the file does
# not exist (at the commit being read). Manifest parsers use it to follow `-r` includes.
FileReader = Callable[[str], "str | None"]


@enum.unique
class SourceKind(enum.StrEnum):
    """Where a dependency comes from."""

    INDEX = "index"
    URL = "url"
    VCS = "vcs"
    PATH = "path"


@enum.unique
class ManifestKind(enum.StrEnum):
    REQUIREMENTS = "requirements"
    PYPROJECT = "pyproject"
    SETUP_CFG = "setup.cfg"
    SETUP_PY = "setup.py"
    PIPFILE = "pipfile"
    PIPFILE_LOCK = "pipfile.lock"
    POETRY_LOCK = "poetry.lock"
    UV_LOCK = "uv.lock"
    PDM_LOCK = "pdm.lock"
    PYLOCK = "pylock"

    @property
    def is_lock(self) -> bool:
        return self in _LOCK_KINDS


_LOCK_KINDS = frozenset(
    {
        ManifestKind.PIPFILE_LOCK,
        ManifestKind.POETRY_LOCK,
        ManifestKind.UV_LOCK,
        ManifestKind.PDM_LOCK,
        ManifestKind.PYLOCK,
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Location:
    """Where something is declared: repository-relative path and 1-based line (None if unknown)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Dependency:
    """One declared or locked dependency, as a manifest states it."""

    name: NormalizedName
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    # Exact version when pinned (`==X` without wildcard, `===X`, or a lock entry).
    version: Version | None = None
    extras: frozenset[str] = frozenset()
    marker: Marker | None = None
    # "main", "dev", "optional:socks", "build-system", "dependency-group:test", "constraint", ...
    group: str = "main"
    source: SourceKind = SourceKind.INDEX
    url: str | None = None
    # "sha256:<hex>" strings.
    hashes: frozenset[str] = frozenset()
    location: Location
    # Index a lock file says the package comes from, when it says so.
    index_url: str | None = None
    editable: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ParseIssue:
    """A problem found while reading a manifest; the rest of the file is still read."""

    line: int | None
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    path: str
    kind: ManifestKind
    dependencies: tuple[Dependency, ...] = ()
    errors: tuple[ParseIssue, ...] = ()
    # Repository-relative paths this manifest pulled in (`-r`/`-c` includes).
    includes: tuple[str, ...] = ()
    # Index options the manifest sets (`--index-url`, `[[tool.poetry.source]]`, ...).
    index_urls: tuple[str, ...] = ()


@enum.unique
class ChangeKind(enum.StrEnum):
    ADDED = "added"
    UPGRADED = "upgraded"
    DOWNGRADED = "downgraded"
    REMOVED = "removed"
    # Specifier, marker or source changed and no exact version is known on both sides.
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseState:
    """One side of a dependency change."""

    version: Version | None
    specifier: SpecifierSet
    source: SourceKind = SourceKind.INDEX
    url: str | None = None
    marker: Marker | None = None
    extras: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True)
class DependencyChange:
    name: NormalizedName
    kind: ChangeKind
    old: ReleaseState | None
    new: ReleaseState | None
    # Every place at head (or at base, for removals) that declares the package; first is primary.
    locations: tuple[Location, ...]


@enum.unique
class Severity(enum.IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()


@enum.unique
class Action(enum.StrEnum):
    """What policy does with an alert. Ordered from strongest to weakest in `rank`."""

    BLOCK = "block"
    WARN = "warn"
    MONITOR = "monitor"
    IGNORE = "ignore"

    @property
    def rank(self) -> int:
        return {"block": 3, "warn": 2, "monitor": 1, "ignore": 0}[self.value]


@enum.unique
class AlertType(enum.StrEnum):
    """Alert names from ALERTS.md; stable once released (policy files refer to them)."""

    NETWORK = "network"
    SHELL = "shell"
    DYNAMIC_CODE = "dynamic-code"
    FILESYSTEM_WRITE = "filesystem-write"
    SENSITIVE_READ = "sensitive-read"
    ENV_SECRETS = "env-secrets"
    NATIVE_CODE = "native-code"
    SYSTEM_HOOKS = "system-hooks"
    INSTALL_SCRIPT = "install-script"
    # v1 name of install-process, deprecated: kept so cached findings and old policy files
    # still read; policy treats it exactly as install-process.
    INSTALL_NETWORK = "install-network"
    INSTALL_PROCESS = "install-process"
    PTH_HOOK = "pth-hook"
    IMPORT_TIME_SIDE_EFFECT = "import-time-side-effect"
    OBFUSCATED_EXEC = "obfuscated-exec"
    OBFUSCATED_CODE = "obfuscated-code"
    HIGH_ENTROPY_STRING = "high-entropy-string"
    SUSPICIOUS_URL = "suspicious-url"
    INVISIBLE_UNICODE = "invisible-unicode"
    ARTIFACT_MISMATCH = "artifact-mismatch"
    # Layer 2 (ALERTS.md v2): threats, chains of steps that malicious packages take; they block.
    DOWNLOAD_EXEC = "download-exec"
    EXFILTRATION = "exfiltration"
    CREDENTIAL_THEFT = "credential-theft"
    INSTALL_TIME_PAYLOAD = "install-time-payload"
    REVERSE_SHELL = "reverse-shell"
    PERSISTENCE = "persistence"
    HIDDEN_PROCESS = "hidden-process"
    # Members that would write outside the install directory, device files, size lies.
    UNSAFE_ARCHIVE = "unsafe-archive"
    MALWARE = "malware"
    TYPOSQUAT = "typosquat"
    VULNERABILITY = "vulnerability"
    YANKED = "yanked"
    NEW_MAINTAINER = "new-maintainer"
    FRESH_RELEASE = "fresh-release"
    NO_SOURCE_LINK = "no-source-link"
    DIRECT_URL_DEPENDENCY = "direct-url-dependency"
    INCOMPLETE_ANALYSIS = "incomplete-analysis"


# Layer 2 of ALERTS.md: behaviour of malicious packages (a chain of steps); they block
# wherever they are found.
THREAT_TYPES = frozenset({
    AlertType.OBFUSCATED_EXEC, AlertType.DOWNLOAD_EXEC, AlertType.EXFILTRATION,
    AlertType.CREDENTIAL_THEFT, AlertType.INSTALL_TIME_PAYLOAD, AlertType.REVERSE_SHELL,
    AlertType.PERSISTENCE, AlertType.HIDDEN_PROCESS, AlertType.UNSAFE_ARCHIVE,
})


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One piece of evidence the analyzer found in one file of one artifact.

    `api` and `normalized` make the diff key: moved or reformatted code keeps the same key,
    so an upgrade only reports what is really new.
    """

    type: AlertType
    severity: Severity
    file: str
    line: int | None
    evidence: str  # at most 3 lines of the source
    reason: str  # one sentence a reviewer understands
    api: str = ""  # e.g. "subprocess.run", "os.environ[GITHUB_TOKEN]", "url:pastebin.com"
    normalized: str = ""  # normalized call text (whitespace and literals folded)
    artifact: str = ""  # file name of the sdist or wheel it came from
    # True when the file never runs on a user's machine (an sdist's tests, docs, examples).
    not_installed: bool = False
    # True in a test suite or examples shipped inside an installed package (`pkg/tests/`):
    # installed, but run by a test runner, not by the package; capabilities there are
    # `monitor`.
    test_code: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type.value, self.api, self.normalized)


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    """A finding (or a metadata signal) about one release, with the action policy chose."""

    type: AlertType
    severity: Severity
    action: Action
    message: str
    package: NormalizedName
    version: str | None
    file: str | None = None
    line: int | None = None
    evidence: str = ""
    artifact: str = ""
    api: str = ""
    # Why the action differs from the policy's table, e.g. "established: #7 most downloaded".
    adjusted_by: str = ""
    # From a test suite or examples inside the package (see `Finding.test_code`).
    test_code: bool = False


@enum.unique
class Verdict(enum.StrEnum):
    """The outcome of a scan, mapped one-to-one onto a check run's conclusion."""

    PASS = "success"  # noqa: S105 (a check-run conclusion, not a password)
    BLOCK = "failure"
    INCOMPLETE = "neutral"


@enum.unique
class Standing(enum.StrEnum):
    """How well known a project is, which moves its capability alerts (never its threats)."""

    # Among the most downloaded projects, or a long release history.
    ESTABLISHED = "established"
    # Not established, and brand new: first release recently, or only a few releases.
    NEW = "new"
    # Neither, or the index did not say (no project metadata).
    ORDINARY = "ordinary"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reputation:
    """What the download ranking and the index's release history say about a project."""

    standing: Standing
    rank: int | None = None  # 1 = most downloaded; None when not in the vendored list
    age_days: int | None = None  # since the project's first upload; None when unknown
    releases: int | None = None  # versions with files on the index; None when unknown

    def phrase(self) -> str:
        """A short reason a reviewer reads: "established: #7 most downloaded"."""
        if self.rank is not None:
            return f"{self.standing.value}: #{self.rank} most downloaded"
        facts = []
        if self.age_days is not None:
            years = self.age_days // 365
            facts.append(
                f"first release {years} years ago" if years >= 2
                else f"first release {self.age_days} days ago"
            )
        if self.releases is not None:
            facts.append(f"{self.releases} release{'s' if self.releases != 1 else ''}")
        return f"{self.standing.value}: " + (", ".join(facts) or "no release history known")


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageResult:
    """What one added or upgraded package brings, after policy."""

    name: NormalizedName
    change: ChangeKind
    old_version: str | None
    new_version: str | None
    alerts: tuple[Alert, ...] = ()
    # Chain of direct dependencies that pulled this one in; empty for a direct dependency.
    via: tuple[NormalizedName, ...] = ()
    locations: tuple[Location, ...] = ()
    incomplete_reasons: tuple[str, ...] = ()
    # Remarks that change no verdict, e.g. the advisory feed could not be reached.
    notes: tuple[str, ...] = ()
    # None when not known (e.g. a package that could not be resolved).
    reputation: Reputation | None = None
    # The new release's code could not be read in full (size limits, broken archive, failed
    # download), as opposed to a release the index does not have.
    unread_code: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanResult:
    packages: tuple[PackageResult, ...]
    manifests: tuple[str, ...]
    verdict: Verdict
    duration_seconds: float = 0.0
    errors: tuple[str, ...] = ()

    @property
    def notes(self) -> tuple[str, ...]:
        """The packages' notes, each once (a feed outage is the same note for every package)."""
        return tuple(dict.fromkeys(note for p in self.packages for note in p.notes))


# Names a user may still write (policy files, comment commands) for a renamed type.
DEPRECATED_ALERT_NAMES: Mapping[str, AlertType] = MappingProxyType(
    {"install-network": AlertType.INSTALL_PROCESS}
)


def parse_alert_type(name: str) -> AlertType:
    """The alert type a user means by `name`; deprecated names give their replacement.

    Raises ValueError for an unknown name.
    """
    return DEPRECATED_ALERT_NAMES.get(name) or AlertType(name)
