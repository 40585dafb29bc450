"""Reputation signals: advisories, yanked, freshness, source link, maintainers, typosquat."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.analysis.reputation import reputation_findings
from bot.analysis.typosquat import default_index
from bot.index.interface import ProjectMetadata, Vulnerability
from bot.model import AlertType, Finding, Severity

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=400)
SOURCE = ("https://github.com/example/demo",)


def metadata(
    *,
    latest: str = "2.0",
    upload_times: Mapping[str, datetime] | None = None,
    vulnerabilities: tuple[Vulnerability, ...] = (),
    urls: tuple[str, ...] = SOURCE,
) -> ProjectMetadata:
    return ProjectMetadata(
        name=canonicalize_name("demo"),
        latest_version=latest,
        project_urls=urls,
        upload_times=upload_times if upload_times is not None else {"1.0": OLD, "2.0": OLD},
        vulnerabilities=vulnerabilities,
    )


def findings(
    *,
    name: str = "demo",
    version: str = "2.0",
    old: str | None = "1.0",
    meta: ProjectMetadata | None = None,
    new_people: Collection[str] = (),
    old_people: Collection[str] | None = None,
    urls: tuple[str, ...] = (),
    yanked: str | None = None,
    now: datetime = NOW,
) -> list[Finding]:
    return list(
        reputation_findings(
            name=name,
            version=Version(version),
            old_version=None if old is None else Version(old),
            metadata=meta,
            new_people=new_people,
            old_people=old_people,
            release_urls=urls,
            yanked_reason=yanked,
            now=now,
            typosquat=lambda n: default_index().check(n),
        )
    )


def kinds(found: list[Finding]) -> list[tuple[AlertType, Severity]]:
    return [(f.type, f.severity) for f in found]


def test_an_established_upgrade_has_no_signals() -> None:
    assert findings(meta=metadata()) == []


def test_malware_advisory_is_critical() -> None:
    advisory = Vulnerability(id="MAL-2026-123", summary="steals tokens")
    (finding,) = findings(meta=metadata(vulnerabilities=(advisory,)))
    assert (finding.type, finding.severity, finding.api) == (
        AlertType.MALWARE,
        Severity.CRITICAL,
        "advisory:MAL-2026-123",
    )
    assert finding.reason == "demo 2.0 is listed as malicious (MAL-2026-123): steals tokens"
    assert finding.file == "" and finding.line is None


def test_malware_alias_counts_too() -> None:
    advisory = Vulnerability(id="GHSA-xxxx", aliases=("MAL-2026-9",))
    assert kinds(findings(meta=metadata(vulnerabilities=(advisory,)))) == [
        (AlertType.MALWARE, Severity.CRITICAL)
    ]


def test_vulnerability_only_for_the_latest_version() -> None:
    advisory = Vulnerability(id="PYSEC-2026-1", aliases=("CVE-2026-1",), fixed_in=("2.1",))
    (finding,) = findings(meta=metadata(vulnerabilities=(advisory,)))
    assert finding.reason == "demo 2.0 is affected by PYSEC-2026-1 (CVE-2026-1); fixed in 2.1."
    assert finding.type is AlertType.VULNERABILITY and finding.severity is Severity.HIGH
    # The endpoint's advisories are about 3.0 here: nothing is known about 2.0.
    assert findings(meta=metadata(latest="3.0", vulnerabilities=(advisory,))) == []
    # "2.0.0" and "2.0" are the same version.
    assert len(findings(version="2.0.0", meta=metadata(vulnerabilities=(advisory,)))) == 1
    assert findings(meta=metadata(latest="not a version", vulnerabilities=(advisory,))) == []


def test_withdrawn_advisories_are_ignored() -> None:
    advisory = Vulnerability(id="MAL-2026-5", withdrawn=True)
    assert findings(meta=metadata(vulnerabilities=(advisory,))) == []


def test_yanked() -> None:
    (finding,) = findings(meta=metadata(), yanked="broken build")
    assert (finding.type, finding.reason) == (
        AlertType.YANKED,
        "demo 2.0 was yanked by its maintainers: broken build.",
    )
    (bare,) = findings(meta=None, yanked="")
    assert bare.reason == "demo 2.0 was yanked by its maintainers."


def test_fresh_release_and_fresh_project() -> None:
    fresh_release = metadata(upload_times={"1.0": OLD, "2.0": NOW - timedelta(hours=5)})
    (finding,) = findings(meta=fresh_release)
    assert (finding.type, finding.severity, finding.api) == (
        AlertType.FRESH_RELEASE,
        Severity.LOW,
        "metadata:fresh-release",
    )
    assert finding.reason.startswith("demo 2.0 was published 5 hours ago;")
    # Three days later it is no longer fresh.
    assert findings(meta=fresh_release, now=NOW + timedelta(days=3)) == []
    fresh_project = metadata(upload_times={"2.0": NOW - timedelta(days=10)})
    (project,) = findings(meta=fresh_project)
    assert (project.severity, project.reason) == (
        Severity.MEDIUM,
        "The project demo was first published 10 days ago.",
    )


def test_no_source_link_only_for_added_packages() -> None:
    bare = metadata(urls=("https://example.com/demo",))
    assert kinds(findings(old=None, meta=bare)) == [(AlertType.NO_SOURCE_LINK, Severity.LOW)]
    assert findings(old="1.0", meta=bare) == []
    assert findings(old=None, meta=bare, urls=("https://gitlab.com/x/demo",)) == []
    assert kinds(findings(old=None, meta=None)) == [(AlertType.NO_SOURCE_LINK, Severity.LOW)]


def test_new_maintainer_when_nobody_stays() -> None:
    (finding,) = findings(meta=metadata(), new_people={"mallory"}, old_people={"alice", "bob"})
    assert finding.type is AlertType.NEW_MAINTAINER
    assert (
        finding.reason
        == "demo 2.0 names different authors/maintainers (mallory) than 1.0 (alice, bob)."
    )
    assert findings(meta=metadata(), new_people={"alice", "carol"}, old_people={"alice"}) == []
    assert findings(meta=metadata(), new_people=set(), old_people={"alice"}) == []


def test_typosquat_only_for_added_packages() -> None:
    (finding,) = findings(name="reqeusts", old=None, meta=metadata())
    assert finding.type is AlertType.TYPOSQUAT and finding.severity is Severity.HIGH
    assert finding.reason.startswith("The name 'reqeusts' imitates 'requests', the #")
    assert findings(name="reqeusts", old="1.0", meta=metadata()) == []
