"""Reputation signals: advisories, yanked, freshness, source link, maintainers, typosquat."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.analysis.reputation import identities, reputation_findings
from bot.analysis.standing import download_rank, project_reputation
from bot.analysis.typosquat import default_index
from bot.index.interface import ProjectMetadata, Vulnerability
from bot.model import AlertType, Finding, Severity, Standing
from bot.release_analysis import parse_core_metadata

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
    assert finding.reason == (
        "demo 2.0 names none of the authors/maintainers of 1.0: now mallory, before alice; bob."
    )
    assert findings(meta=metadata(), new_people={"alice", "carol"}, old_people={"alice"}) == []
    assert findings(meta=metadata(), new_people=set(), old_people={"alice"}) == []


def people_of(headers: str) -> frozenset[str]:
    """Authors and maintainers as capdiff reads them from a release's METADATA."""
    return parse_core_metadata("Metadata-Version: 2.1\nName: demo\nVersion: 1\n" + headers).people


# Author/maintainer headers of real releases' wheels (pytest 8.3.3 and 9.2.0, tqdm 4.64.1 and
# 4.66.1, mypy 1.10.0 and 2.4.1, pytest-cov 6.0.0 and 7.1.0): each pair was flagged when the
# text was compared; none changes who the people are.
REWORDED = [
    (
        "Author: Holger Krekel, Bruno Oliveira, Ronny Pfannschmidt, Floris Bruynooghe, "
        "Brianna Laugher, Florian Bruhin, Others (See AUTHORS)\n",
        "Author: Brianna Laugher, Bruno Oliveira, Floris Bruynooghe, Freya Bruhin, "
        "Holger Krekel, Others (See AUTHORS), Ronny Pfannschmidt\n",
    ),
    (
        "Maintainer: tqdm developers\nMaintainer-email: python.tqdm@gmail.com\n",
        "Maintainer-email: tqdm developers <devs@tqdm.ml>\n",
    ),
    (
        "Author: Jukka Lehtosalo\nAuthor-email: jukka.lehtosalo@iki.fi\n",
        "Author-email: Jukka Lehtosalo <jukka.lehtosalo@iki.fi>\n",
    ),
    (
        "Author: Marc Schlaich\nAuthor-email: marc.schlaich@gmail.com\n",
        "Author-email: Marc Schlaich <marc.schlaich@gmail.com>\n"
        "Maintainer-email: Ionel Cristian Mărieș <contact@ionelmc.ro>\n",
    ),
    # A person joins a team name; quoting and "and" lists.
    (
        'Author-email: "Doe, Jane" <Jane@Example.org>\n',
        "Author: The Example Team and Bob\nAuthor-email: jane@example.org\n",
    ),
]


@pytest.mark.parametrize(("old", "new"), REWORDED)
def test_reworded_or_overlapping_people_are_not_a_new_maintainer(old: str, new: str) -> None:
    assert identities(people_of(old)) & identities(people_of(new))
    assert findings(meta=metadata(), old_people=people_of(old), new_people=people_of(new)) == []


def test_a_complete_change_of_people_is_a_new_maintainer() -> None:
    old = people_of("Author: Jukka Lehtosalo\nAuthor-email: jukka.lehtosalo@iki.fi\n")
    new = people_of("Author-email: Mallory Doe <mallory@example.invalid>\n")
    (finding,) = findings(meta=metadata(), old_people=old, new_people=new)
    assert finding.type is AlertType.NEW_MAINTAINER
    assert finding.reason == (
        "demo 2.0 names none of the authors/maintainers of 1.0: now mallory doe "
        "<mallory@example.invalid>, before jukka lehtosalo; jukka.lehtosalo@iki.fi."
    )
    # The same display name with a new address is an overlap: names count when given.
    assert identities(people_of("Author: Jukka Lehtosalo <j@example.invalid>\n")) == {
        "name:jukka lehtosalo",
        "mail:j@example.invalid",
    }


def test_identities_ignore_filler_and_fold_team_words() -> None:
    assert identities(
        ["Ned Batchelder and many others", "The Jupyter Development Team", "UNKNOWN x"]
    ) == {"name:ned batchelder", "name:jupyter", "name:unknown x"}
    assert identities(["others (see AUTHORS)", "et al", " , ; "]) == frozenset()
    assert identities(["not-an-address@", "<bad>"]) == {"name:not-an-address@"}


DAY = timedelta(days=1)
ESTABLISHED, ORDINARY, NEW = Standing.ESTABLISHED, Standing.ORDINARY, Standing.NEW


@pytest.mark.parametrize(
    ("rank", "ages", "expected", "phrase"),
    [
        (7, None, ESTABLISHED, "established: #7 most downloaded"),
        (15_000, [3], ESTABLISHED, "established: #15000 most downloaded"),
        (
            None,
            [800, *range(9)],
            ESTABLISHED,
            "established: first release 2 years ago, 10 releases",
        ),
        (None, [800, *range(8)], ORDINARY, "ordinary: first release 2 years ago, 9 releases"),
        (None, [400, 300, 200], ORDINARY, "ordinary: first release 400 days ago, 3 releases"),
        (None, [89, 50, 10, 1], NEW, "new: first release 89 days ago, 4 releases"),
        (None, [3000, 5], NEW, "new: first release 8 years ago, 2 releases"),
        (None, [], NEW, "new: 0 releases"),
        (None, None, ORDINARY, "ordinary: no release history known"),
    ],
)
def test_project_reputation(
    rank: int | None, ages: list[int] | None, expected: Standing, phrase: str
) -> None:
    times = None if ages is None else {f"{i}.0": NOW - age * DAY for i, age in enumerate(ages)}
    reputation = project_reputation(rank=rank, upload_times=times, now=NOW)
    assert (reputation.standing, reputation.phrase()) == (expected, phrase)


def test_typosquat_only_for_added_packages() -> None:
    (finding,) = findings(name="reqeusts", old=None, meta=metadata())
    assert finding.type is AlertType.TYPOSQUAT and finding.severity is Severity.HIGH
    assert finding.reason.startswith("The name 'reqeusts' imitates 'requests', the #")
    assert findings(name="reqeusts", old="1.0", meta=metadata()) == []


def test_download_rank_reads_the_vendored_list() -> None:
    assert download_rank("requests") == 7
    assert download_rank("Typing_Extensions") == download_rank("typing-extensions")
    assert download_rank("surely-not-a-popular-project") is None


def test_the_rank_table_canonicalizes_every_name_as_packaging_does() -> None:
    from packaging.utils import canonicalize_name as packaging_canonicalize_name

    from bot.analysis.standing import _ranks, top_projects

    expected: dict[str, int] = {}
    for position, name in enumerate(top_projects(), start=1):
        expected.setdefault(packaging_canonicalize_name(name), position)
    assert _ranks() == expected
