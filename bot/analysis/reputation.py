"""Identity, reputation and metadata signals about a release (no code involved).

Pure: the caller passes what the index said and the current time. Each signal is a
`Finding` with no file, so it flows through policy and reports like a code finding.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from datetime import datetime, timedelta

from packaging.version import InvalidVersion, Version

from bot.analysis.typosquat import TyposquatMatch
from bot.index.interface import ProjectMetadata
from bot.model import AlertType, Finding, Severity

__all__ = [
    "FRESH_PROJECT_DAYS",
    "FRESH_RELEASE_DAYS",
    "identities",
    "reputation_findings",
]

FRESH_RELEASE_DAYS = 3
FRESH_PROJECT_DAYS = 30
_SOURCE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sr.ht", "git.")


def _finding(
    kind: AlertType, severity: Severity, reason: str, api: str, normalized: str = ""
) -> Finding:
    return Finding(
        type=kind, severity=severity, file="", line=None, evidence="", reason=reason, api=api,
        normalized=normalized,
    )


def reputation_findings(
    *,
    name: str,
    version: Version,
    old_version: Version | None,
    metadata: ProjectMetadata | None,
    new_people: Collection[str],
    old_people: Collection[str] | None,
    release_urls: Iterable[str],
    yanked_reason: str | None,
    now: datetime,
    typosquat: Callable[[str], TyposquatMatch | None] | None,
) -> tuple[Finding, ...]:
    """Signals for a release that a pull request adds (`old_version` None) or upgrades."""
    found: list[Finding] = []
    if old_version is None and typosquat is not None:
        match = typosquat(name)
        if match is not None:
            found.append(
                _finding(
                    AlertType.TYPOSQUAT,
                    Severity.HIGH,
                    f"The name '{name}' imitates '{match.target}', the #{match.rank} most "
                    f"downloaded project on PyPI ({match.how}); check that you meant it.",
                    f"typosquat:{match.target}",
                )
            )
    if yanked_reason is not None:
        reason = f": {yanked_reason}" if yanked_reason else ""
        found.append(
            _finding(
                AlertType.YANKED,
                Severity.MEDIUM,
                f"{name} {version} was yanked by its maintainers{reason}.",
                f"yanked:{version}",
            )
        )
    if metadata is not None:
        found.extend(_advisories(name, version, metadata))
        found.extend(_freshness(name, version, metadata, now))
    if old_version is None:
        urls = [*release_urls, *(metadata.project_urls if metadata else ())]
        if not any(host in url.lower() for url in urls for host in _SOURCE_HOSTS):
            found.append(
                _finding(
                    AlertType.NO_SOURCE_LINK,
                    Severity.LOW,
                    f"{name} names no source repository, so its code cannot be checked "
                    "against what was published.",
                    "metadata:source-link",
                )
            )
    if old_people is not None:
        old_ids, new_ids = identities(old_people), identities(new_people)
        # Overlap, a rewording or a side naming nobody is no news; only a complete change is.
        if old_ids and new_ids and not old_ids & new_ids:
            found.append(
                _finding(
                    AlertType.NEW_MAINTAINER,
                    Severity.MEDIUM,
                    f"{name} {version} names none of the authors/maintainers of {old_version}: "
                    f"now {_shown(new_people)}, before {_shown(old_people)}.",
                    "metadata:maintainers",
                )
            )
    return tuple(found)


# Parts of an author field that name nobody in particular.
_FILLER = frozenset(
    {"", "others", "many others", "other contributors", "contributors", "et al", "unknown",
     "none", "see authors", "others (see authors)", "authors", "various", "n/a"}
)
# Words that make a team name ("The tqdm developers", "Pallets team") wordier, not different.
_TEAM_WORDS = re.compile(
    r"\s+(?:development\s+team|dev\s+team|team|developers|devs|maintainers|contributors|"
    r"authors|project|community|org|organization)$"
)
_SEPARATORS = re.compile(r",|;|\s+and\s+|\s+&\s+|\s+/\s+")
_ANGLE = re.compile(r"^(?P<name>.*?)<(?P<mail>[^<>]*)>$")
_MAIL = re.compile(r"^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$")


def identities(people: Iterable[str]) -> frozenset[str]:
    """Normalized identities in author/maintainer fields: `mail:` addresses (lower-cased)
    and `name:` names (case, accents of compatibility forms, quotes, "the ... team" folded).

    Fields are split at commas, semicolons and "and": "A, B and others", "Name <mail>,
    Other <mail>", "name@host" all parse. A release keeps both a person's name and address,
    so "Jukka Lehtosalo" + "jukka.lehtosalo@iki.fi" overlaps "Jukka Lehtosalo <...@iki.fi>".
    """
    found: set[str] = set()
    for field in people:
        for part in _split_people(field):
            name, mail = _name_and_mail(part)
            if mail:
                found.add(f"mail:{mail}")
            if name:
                found.add(f"name:{name}")
    return frozenset(found)


def _split_people(field: str) -> list[str]:
    # Commas inside quotes ("Doe, Jane" <jane@x>) or angle brackets do not separate people.
    parts: list[str] = []
    current: list[str] = []
    quoted = angled = False
    for char in unicodedata.normalize("NFKC", field):
        if char == '"':
            quoted = not quoted
        elif char == "<":
            angled = True
        elif char == ">":
            angled = False
        if char in ",;" and not quoted and not angled:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    split: list[str] = []
    for part in parts:
        split.extend(_SEPARATORS.split(part) if "<" not in part else [part])
    return [part.strip() for part in split if part.strip()]


def _name_and_mail(part: str) -> tuple[str, str]:
    mail = ""
    name = part
    angle = _ANGLE.match(part)
    if angle is not None:
        name, mail = angle.group("name"), angle.group("mail").strip().lower()
    elif _MAIL.match(part):
        name, mail = "", part.lower()
    name = re.sub(r"\([^)]*\)", " ", name)  # "(See AUTHORS)", "(maintainer)"
    name = " ".join(name.replace('"', " ").replace("'", " ").casefold().split())
    name = name.removeprefix("the ")
    name = _TEAM_WORDS.sub("", name).strip()
    if name in _FILLER or name.startswith(("and ", "many ")):
        name = ""
    return name, mail if _MAIL.match(mail) else ""


def _shown(people: Collection[str]) -> str:
    return "; ".join(sorted(people))[:200] or "nobody"


def _advisories(name: str, version: Version, metadata: ProjectMetadata) -> list[Finding]:
    # The project endpoint lists advisories for its latest version only.
    if metadata.latest_version != str(version):
        try:
            if Version(metadata.latest_version) != version:
                return []
        except InvalidVersion:
            return []
    found = []
    for advisory in metadata.vulnerabilities:
        if advisory.withdrawn:
            continue
        ids = (advisory.id, *advisory.aliases)
        if any(i.startswith("MAL-") for i in ids):
            found.append(
                _finding(
                    AlertType.MALWARE,
                    Severity.CRITICAL,
                    f"{name} {version} is listed as malicious ({advisory.id}): "
                    f"{advisory.summary or 'see the advisory'}",
                    f"advisory:{advisory.id}",
                )
            )
            continue
        fixed = f"; fixed in {', '.join(advisory.fixed_in)}" if advisory.fixed_in else ""
        found.append(
            _finding(
                AlertType.VULNERABILITY,
                Severity.HIGH,
                f"{name} {version} is affected by {advisory.id} "
                f"({', '.join(advisory.aliases) or 'no alias'}){fixed}.",
                f"advisory:{advisory.id}",
            )
        )
    return found


def _freshness(
    name: str, version: Version, metadata: ProjectMetadata, now: datetime
) -> list[Finding]:
    found = []
    uploaded = metadata.upload_times.get(str(version))
    first = min(metadata.upload_times.values(), default=None)
    if first is not None and now - first < timedelta(days=FRESH_PROJECT_DAYS):
        found.append(
            _finding(
                AlertType.FRESH_RELEASE,
                Severity.MEDIUM,
                f"The project {name} was first published {_age(now - first)} ago.",
                "metadata:fresh-project",
            )
        )
    elif uploaded is not None and now - uploaded < timedelta(days=FRESH_RELEASE_DAYS):
        found.append(
            _finding(
                AlertType.FRESH_RELEASE,
                Severity.LOW,
                f"{name} {version} was published {_age(now - uploaded)} ago; malicious "
                "releases are usually caught within days.",
                "metadata:fresh-release",
            )
        )
    return found


def _age(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours} hours" if hours < 48 else f"{delta.days} days"
