"""OSV records: read one defensively, decide whether it affects a release, turn it into findings.

Pure: documents in, frozen values out. A record comes from the OSV API or from the offline
export, both untrusted, so every field is checked by type and a record that is not an OSV
object for PyPI reads as `None` (the caller counts it as skipped) rather than raising.

Range semantics follow the OSV schema: within one `ECOSYSTEM` range the events are walked in
version order; `introduced` opens the affected span, `fixed` closes it before that version,
`last_affected` closes it after that version, and `limit` caps the range. Versions are PEP 440
(`packaging.version.Version`); an event whose version does not parse is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from bot.model import AlertType, Finding, NormalizedName, Severity, canonicalize_name

__all__ = [
    "ADVISORY_API_PREFIX",
    "AdvisoryRecord",
    "Affected",
    "RangeEvent",
    "advisory_findings",
    "parse_record",
    "without_duplicates",
]

ECOSYSTEM = "PyPI"
# `Finding.api` of every advisory finding, from a feed or from the index's own list.
ADVISORY_API_PREFIX = "advisory:"
_EVENT_KINDS = ("introduced", "fixed", "last_affected", "limit")
_MAX_TEXT = 300
_MAX_LIST = 2_000  # versions or events in one record: more is not an honest record
_LABELS = {
    "CRITICAL": Severity.CRITICAL,
    "HIGH": Severity.HIGH,
    "MODERATE": Severity.MEDIUM,
    "MEDIUM": Severity.MEDIUM,
    "LOW": Severity.LOW,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RangeEvent:
    kind: str  # one of introduced, fixed, last_affected, limit
    version: Version | None  # None only for `introduced: "0"` (before every version)


@dataclass(frozen=True, slots=True, kw_only=True)
class Affected:
    """One `affected[]` entry of a record for a PyPI package."""

    name: NormalizedName
    versions: frozenset[Version] = frozenset()
    ranges: tuple[tuple[RangeEvent, ...], ...] = ()

    def includes(self, version: Version) -> bool:
        return version in self.versions or any(_in_range(version, r) for r in self.ranges)

    def fixed_for(self, version: Version) -> tuple[Version, ...]:
        """`fixed` versions of the ranges that contain `version`."""
        return tuple(
            event.version
            for events in self.ranges
            if _in_range(version, events)
            for event in events
            if event.kind == "fixed" and event.version is not None
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvisoryRecord:
    id: str
    aliases: tuple[str, ...] = ()
    summary: str = ""
    modified: str = ""
    withdrawn: bool = False
    malicious: bool = False
    severity: Severity | None = None  # None: the record rates nothing we can read
    severity_text: str = ""  # "CVSS 9.8", "HIGH"
    affected: tuple[Affected, ...] = ()

    @property
    def ids(self) -> frozenset[str]:
        return frozenset((self.id, *self.aliases))

    def affects(self, name: str, version: Version) -> bool:
        canonical = canonicalize_name(name)
        return any(a.name == canonical and a.includes(version) for a in self.affected)

    def fixed_for(self, name: str, version: Version) -> tuple[Version, ...]:
        canonical = canonicalize_name(name)
        fixed = {v for a in self.affected if a.name == canonical for v in a.fixed_for(version)}
        return tuple(sorted(fixed))


def _in_range(version: Version, events: Sequence[RangeEvent]) -> bool:
    ordered = sorted(events, key=_event_order)
    affected = False
    for event in ordered:
        if event.kind == "limit":
            if event.version is not None and version >= event.version:
                return False
            continue
        if event.kind == "introduced":
            if event.version is None or version >= event.version:
                affected = True
        elif event.kind == "fixed":
            if event.version is not None and version >= event.version:
                affected = False
        elif event.kind == "last_affected" and event.version is not None and (
            version > event.version
        ):
            affected = False
    return affected


def _event_order(event: RangeEvent) -> tuple[int, Version]:
    return (0, Version("0")) if event.version is None else (1, event.version)


# -- reading an untrusted document ------------------------------------------------------


def _text(value: object, limit: int = _MAX_TEXT) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _first_sentence(value: object) -> str:
    """A record without a summary: the first sentence of its details, on one line."""
    text = " ".join(_text(value, 2000).split())
    end = text.find(". ")
    return (text[: end + 1] if 0 <= end < 200 else text[:200]).strip()


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item[:100] for item in value[:_MAX_LIST] if isinstance(item, str))


def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _events(value: object) -> tuple[RangeEvent, ...]:
    if not isinstance(value, list):
        return ()
    events = []
    for item in value[:_MAX_LIST]:
        if not isinstance(item, Mapping):
            continue
        for kind in _EVENT_KINDS:
            raw = item.get(kind)
            if not isinstance(raw, str):
                continue
            if kind == "introduced" and raw == "0":
                events.append(RangeEvent(kind=kind, version=None))
            elif (parsed := _version(raw)) is not None:
                events.append(RangeEvent(kind=kind, version=parsed))
    return tuple(events)


def _affected(value: object) -> Affected | None:
    if not isinstance(value, Mapping):
        return None
    package = value.get("package")
    if not isinstance(package, Mapping) or package.get("ecosystem") != ECOSYSTEM:
        return None
    name = package.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    versions = frozenset(v for s in _strings(value.get("versions")) if (v := _version(s)))
    ranges: list[tuple[RangeEvent, ...]] = []
    raw_ranges = value.get("ranges")
    for item in raw_ranges[:_MAX_LIST] if isinstance(raw_ranges, list) else ():
        # GIT ranges name commits, not releases; the record's `versions` list covers them.
        if isinstance(item, Mapping) and item.get("type") in ("ECOSYSTEM", "SEMVER"):
            events = _events(item.get("events"))
            if events:
                ranges.append(events)
    return Affected(name=canonicalize_name(name), versions=versions, ranges=tuple(ranges))


def _cvss_score(kind: str, vector: str) -> float | None:
    # Imported here: only records with a vector need the scoring tables.
    from cvss import CVSS2, CVSS3, CVSS4  # noqa: PLC0415
    from cvss.exceptions import CVSSError  # noqa: PLC0415

    try:
        if kind == "CVSS_V4":
            return float(CVSS4(vector).base_score)
        if kind == "CVSS_V3":
            return float(CVSS3(vector).scores()[0])
        if kind == "CVSS_V2":
            return float(CVSS2(vector).scores()[0])
    except (CVSSError, ValueError, TypeError, KeyError, IndexError, ArithmeticError):
        return None
    return None


def _from_score(score: float) -> Severity:
    if score >= 9.0:
        return Severity.CRITICAL
    if score >= 7.0:
        return Severity.HIGH
    if score >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW


def _severity(document: Mapping[str, object]) -> tuple[Severity | None, str]:
    """The highest rating the record gives: CVSS vectors first, then a database label."""
    entries: list[object] = []
    for holder in (document, *_affected_documents(document)):
        raw = holder.get("severity")
        if isinstance(raw, list):
            entries.extend(raw[:20])
    scores = [
        score
        for entry in entries
        if isinstance(entry, Mapping)
        and isinstance(entry.get("type"), str)
        and isinstance(entry.get("score"), str)
        and (score := _cvss_score(str(entry["type"]), str(entry["score"]))) is not None
    ]
    if scores:
        best = max(scores)
        return _from_score(best), f"CVSS {best:g}"
    specific = document.get("database_specific")
    if isinstance(specific, Mapping):
        label = specific.get("severity")
        if isinstance(label, str) and label.upper() in _LABELS:
            return _LABELS[label.upper()], label.upper()
    return None, ""


def _affected_documents(document: Mapping[str, object]) -> list[Mapping[str, object]]:
    raw = document.get("affected")
    if not isinstance(raw, list):
        return []
    return [item for item in raw[:_MAX_LIST] if isinstance(item, Mapping)]


def _malicious(record_id: str, aliases: Iterable[str], document: Mapping[str, object]) -> bool:
    if any(i.startswith("MAL-") for i in (record_id, *aliases)):
        return True
    for holder in (document, *_affected_documents(document)):
        specific = holder.get("database_specific")
        if isinstance(specific, Mapping) and (
            "malicious-packages-origins" in specific or specific.get("malware") is True
        ):
            return True
    return False


def parse_record(document: object) -> AdvisoryRecord | None:
    """An OSV record with at least one PyPI package, or None for anything else."""
    if not isinstance(document, Mapping):
        return None
    record_id = document.get("id")
    if not isinstance(record_id, str) or not record_id.strip() or len(record_id) > 100:
        return None
    affected = tuple(
        a for item in _affected_documents(document) if (a := _affected(item)) is not None
    )
    if not affected:
        return None
    aliases = _strings(document.get("aliases"))
    severity, severity_text = _severity(document)
    return AdvisoryRecord(
        id=record_id,
        aliases=aliases,
        summary=_text(document.get("summary")) or _first_sentence(document.get("details")),
        modified=_text(document.get("modified"), 40),
        withdrawn=isinstance(document.get("withdrawn"), str),
        malicious=_malicious(record_id, aliases, document),
        severity=severity,
        severity_text=severity_text,
        affected=affected,
    )


# -- findings ---------------------------------------------------------------------------


def _groups(records: Iterable[AdvisoryRecord]) -> list[list[AdvisoryRecord]]:
    """Records naming each other (PYSEC-x aliases GHSA-y, both alias CVE-z) are one advisory."""
    groups: list[tuple[set[str], list[AdvisoryRecord]]] = []
    for record in sorted(records, key=lambda r: r.id):
        ids = set(record.ids)
        joined = [g for g in groups if g[0] & ids]
        for group in joined:
            groups.remove(group)
            ids |= group[0]
        members = [m for g in joined for m in g[1]] + [record]
        groups.append((ids, members))
    return [members for _, members in groups]


def _primary(group: Sequence[AdvisoryRecord]) -> AdvisoryRecord:
    # MAL- first (the malware verdict), then a record that rates the severity.
    return min(group, key=lambda r: (not r.id.startswith("MAL-"), r.severity is None, r.id))


def advisory_findings(
    name: NormalizedName, version: Version, records: Iterable[AdvisoryRecord]
) -> tuple[Finding, ...]:
    """`malware` and `vulnerability` findings for the records that affect `name==version`."""
    relevant = [r for r in records if not r.withdrawn and r.affects(name, version)]
    found: list[Finding] = []
    for group in _groups(relevant):
        primary = _primary(group)
        others = sorted(set().union(*(r.ids for r in group)) - {primary.id})
        also = f" ({', '.join(others[:6])})" if others else ""
        summary = primary.summary or next((r.summary for r in group if r.summary), "")
        if any(r.malicious for r in group):
            found.append(
                _finding(
                    AlertType.MALWARE,
                    Severity.CRITICAL,
                    f"{name} {version} is listed as malicious by {primary.id}{also}: "
                    f"{summary or 'see the advisory'}",
                    primary.id,
                    others,
                )
            )
            continue
        rated = [r for r in group if r.severity is not None]
        top = max(rated, key=lambda r: r.severity or Severity.LOW) if rated else None
        severity = top.severity if top is not None and top.severity else Severity.MEDIUM
        rating = f"severity {top.severity_text}" if top is not None else "severity not rated"
        fixed = sorted({v for r in group for v in r.fixed_for(name, version)})
        remedy = (
            f"fixed in {', '.join(str(v) for v in fixed[:5])}"
            if fixed
            else "no fixed version known"
        )
        found.append(
            _finding(
                AlertType.VULNERABILITY,
                severity,
                f"{name} {version} is affected by {primary.id}{also}: "
                f"{summary or 'see the advisory'} ({rating}; {remedy}).",
                primary.id,
                others,
            )
        )
    return tuple(found)


def _finding(
    kind: AlertType, severity: Severity, reason: str, record_id: str, others: Sequence[str]
) -> Finding:
    return Finding(
        type=kind,
        severity=severity,
        file="",
        line=None,
        evidence="",
        reason=reason,
        api=f"{ADVISORY_API_PREFIX}{record_id}",
        normalized=" ".join(others),
    )


def without_duplicates(
    index_findings: Iterable[Finding],
    index_advisory_ids: Mapping[str, frozenset[str]],
    feed_findings: Sequence[Finding],
) -> tuple[Finding, ...]:
    """The index's own advisory findings minus those a feed finding already reports.

    `index_advisory_ids` maps each index advisory id to its ids and aliases; a feed finding
    carries its record id in `api` and the group's other ids in `normalized`.
    """
    covered: set[str] = set()
    for finding in feed_findings:
        covered.add(finding.api.removeprefix(ADVISORY_API_PREFIX))
        covered.update(finding.normalized.split())
    kept = []
    for finding in index_findings:
        if finding.api.startswith(ADVISORY_API_PREFIX):
            advisory = finding.api.removeprefix(ADVISORY_API_PREFIX)
            if index_advisory_ids.get(advisory, frozenset({advisory})) & covered:
                continue
        kept.append(finding)
    return tuple(kept)
