"""OSV records: defensive reading, range evaluation, severity, and the findings they give."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from bot.feeds.records import advisory_findings, parse_record, without_duplicates
from bot.model import AlertType, Finding, NormalizedName, Severity
from tests.feeds.osvdata import malware, record

DEMO = NormalizedName("demo")
CVSS_CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
CVSS_MEDIUM = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N"


def parsed(document: dict[str, object]):  # type: ignore[no-untyped-def]
    result = parse_record(document)
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("events", "affected", "unaffected"),
    [
        ([{"introduced": "0"}, {"fixed": "1.5"}], ["0.1", "1.4.9", "1.5rc1"], ["1.5", "2.0"]),
        ([{"introduced": "1.0"}, {"fixed": "1.5"}], ["1.0", "1.2"], ["0.9", "1.5", "1.6"]),
        ([{"introduced": "1.0"}, {"last_affected": "1.4"}], ["1.0", "1.4"], ["0.9", "1.4.1"]),
        ([{"introduced": "1.0"}], ["1.0", "99"], ["0.9"]),
        ([{"introduced": "0"}, {"limit": "2.0"}], ["1.9"], ["2.0", "3.0"]),
        # Two spans in one range, listed out of order.
        (
            [{"fixed": "2.5"}, {"introduced": "2.0"}, {"fixed": "1.5"}, {"introduced": "1.0"}],
            ["1.0", "1.4", "2.0", "2.4"],
            ["0.5", "1.5", "1.9", "2.5"],
        ),
        # An event that is not PEP 440 is ignored, the rest still counts.
        ([{"introduced": "1.0"}, {"fixed": "not a version"}, {"fixed": "2.0"}], ["1.5"], ["2.0"]),
    ],
)
def test_range_evaluation(
    events: list[dict[str, str]], affected: list[str], unaffected: list[str]
) -> None:
    advisory = parsed(record("PYSEC-1", "Demo", events=events))
    for version in affected:
        assert advisory.affects("demo", Version(version)), version
    for version in unaffected:
        assert not advisory.affects("demo", Version(version)), version


def test_versions_list_and_other_packages() -> None:
    advisory = parsed(record("PYSEC-2", "demo", versions=["1.0", "not-pep440", "1.1"]))
    assert advisory.affects("Demo", Version("1.0.0"))
    assert not advisory.affects("demo", Version("1.2"))
    assert not advisory.affects("other", Version("1.0"))


@given(
    fixed=st.integers(min_value=1, max_value=50),
    version=st.integers(min_value=0, max_value=60),
)
def test_introduced_zero_fixed_is_a_half_open_interval(fixed: int, version: int) -> None:
    advisory = parsed(record("X-1", "demo", events=[{"introduced": "0"}, {"fixed": str(fixed)}]))
    assert advisory.affects("demo", Version(str(version))) is (version < fixed)


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        "text",
        {},
        {"id": 5, "affected": []},
        {"id": "X-1"},
        {"id": "X-1", "affected": "nope"},
        {"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "demo"}}]},
        {"id": "X-1", "affected": [{"package": {"ecosystem": "PyPI"}}]},
        {"id": "X-1", "affected": [{"package": "demo"}]},
    ],
)
def test_documents_that_are_not_pypi_records_read_as_none(document: object) -> None:
    assert parse_record(document) is None


def test_garbage_fields_do_not_raise() -> None:
    advisory = parsed(
        {
            "id": "X-1",
            "aliases": "not a list",
            "summary": ["no"],
            "severity": [{"type": "CVSS_V3", "score": "garbage"}, "x", {"type": 3}],
            "database_specific": {"severity": 7},
            "affected": [
                {
                    "package": {"ecosystem": "PyPI", "name": "demo"},
                    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": 0}, "x"]}],
                    "versions": [1, "1.0"],
                }
            ],
        }
    )
    assert advisory.aliases == ()
    assert advisory.severity is None
    assert advisory.affects("demo", Version("1.0"))


def test_severity_from_cvss_then_database_label() -> None:
    critical = parsed(
        record("GHSA-a", "demo", versions=["1.0"],
               severity=[{"type": "CVSS_V3", "score": CVSS_CRITICAL}])
    )
    assert (critical.severity, critical.severity_text) == (Severity.CRITICAL, "CVSS 9.8")
    medium = parsed(
        record("GHSA-b", "demo", versions=["1.0"],
               severity=[{"type": "CVSS_V3", "score": CVSS_MEDIUM}],
               database_specific={"severity": "CRITICAL"})
    )
    assert medium.severity is Severity.MEDIUM  # the vector wins over a label
    labelled = parsed(
        record("GHSA-c", "demo", versions=["1.0"], database_specific={"severity": "MODERATE"})
    )
    assert (labelled.severity, labelled.severity_text) == (Severity.MEDIUM, "MODERATE")


def test_malicious_by_id_alias_or_database_specific() -> None:
    assert parsed(record("MAL-2026-1", "demo", versions=["1.0"])).malicious
    assert parsed(record("GHSA-x", "demo", versions=["1.0"], aliases=["MAL-2026-2"])).malicious
    assert parsed(malware("GHSA-y", "demo")).malicious
    assert not parsed(record("PYSEC-1", "demo", versions=["1.0"])).malicious


def test_findings_for_the_exact_version_with_fixed_version_and_severity() -> None:
    records = [
        parsed(record("PYSEC-2026-1", "demo", aliases=["CVE-2026-1", "GHSA-aaaa"],
                      events=[{"introduced": "1.0"}, {"fixed": "1.4.2"}],
                      summary="Header injection")),
        parsed(record("GHSA-aaaa", "demo", aliases=["CVE-2026-1"],
                      events=[{"introduced": "1.0"}, {"fixed": "1.4.2"}],
                      severity=[{"type": "CVSS_V3", "score": CVSS_CRITICAL}])),
        parsed(record("PYSEC-2026-2", "demo", events=[{"introduced": "2.0"}, {"fixed": "2.1"}])),
        parsed(record("PYSEC-2026-3", "demo", versions=["1.3"], withdrawn="2026-02-01")),
    ]
    found = advisory_findings(DEMO, Version("1.3"), records)
    assert found == (
        Finding(
            type=AlertType.VULNERABILITY,
            severity=Severity.CRITICAL,
            file="",
            line=None,
            evidence="",
            reason=(
                "demo 1.3 is affected by GHSA-aaaa (CVE-2026-1, PYSEC-2026-1): Header injection "
                "(severity CVSS 9.8; fixed in 1.4.2)."
            ),
            api="advisory:GHSA-aaaa",
            normalized="CVE-2026-1 PYSEC-2026-1",
        ),
    )
    assert advisory_findings(DEMO, Version("1.4.2"), records) == ()


def test_malware_finding_wins_over_advisories_of_the_same_group() -> None:
    records = [parsed(malware("MAL-2026-7", "demo", aliases=["GHSA-m"]))]
    (finding,) = advisory_findings(DEMO, Version("0.0.1"), records)
    assert finding.type is AlertType.MALWARE
    assert finding.severity is Severity.CRITICAL
    assert finding.reason == (
        "demo 0.0.1 is listed as malicious by MAL-2026-7 (GHSA-m): Malicious code in demo (PyPI)"
    )


def test_unrated_advisory_without_fix() -> None:
    (finding,) = advisory_findings(
        DEMO, Version("1.0"), [parsed(record("PYSEC-9", "demo", versions=["1.0"]))]
    )
    assert finding.severity is Severity.MEDIUM
    assert finding.reason.endswith("(severity not rated; no fixed version known).")


def test_index_advisories_already_reported_by_the_feed_are_dropped() -> None:
    def index_finding(advisory: str) -> Finding:
        return Finding(type=AlertType.VULNERABILITY, severity=Severity.HIGH, file="", line=None,
                       evidence="", reason="", api=f"advisory:{advisory}")

    other = Finding(type=AlertType.YANKED, severity=Severity.MEDIUM, file="", line=None,
                    evidence="", reason="", api="yanked:1.0")
    feed = advisory_findings(
        DEMO, Version("1.0"),
        [parsed(record("GHSA-q", "demo", aliases=["CVE-1"], versions=["1.0"]))],
    )
    kept = without_duplicates(
        [index_finding("PYSEC-1"), index_finding("PYSEC-2"), other],
        {"PYSEC-1": frozenset({"PYSEC-1", "CVE-1"}), "PYSEC-2": frozenset({"PYSEC-2"})},
        feed,
    )
    assert kept == (index_finding("PYSEC-2"), other)


ASSETS = Path(__file__).resolve().parent.parent / "assets" / "osv"


def real(name: str):  # type: ignore[no-untyped-def]
    path = ASSETS / name
    assert path.is_file(), path
    return parsed(json.loads(path.read_text(encoding="utf-8")))


def test_real_malicious_packages_record() -> None:
    advisory = real("MAL-2024-9933.json")
    assert advisory.malicious
    (finding,) = advisory_findings(NormalizedName("3web"), Version("1.0.0"), [advisory])
    assert (finding.type, finding.severity, finding.reason) == (
        AlertType.MALWARE,
        Severity.CRITICAL,
        "3web 1.0.0 is listed as malicious by MAL-2024-9933: Malicious code in 3web (PyPI)",
    )
    assert advisory_findings(NormalizedName("3web"), Version("1.0.1"), [advisory]) == ()


def test_real_pypa_advisory_record() -> None:
    advisory = real("PYSEC-2021-66.json")
    assert not advisory.malicious
    assert advisory.affects("Jinja2", Version("2.11.2"))
    assert advisory.affects("jinja2", Version("2.0rc1"))
    assert not advisory.affects("jinja2", Version("2.11.3"))
    (finding,) = advisory_findings(NormalizedName("jinja2"), Version("2.10"), [advisory])
    assert finding.type is AlertType.VULNERABILITY
    # No summary in the record: the first sentence of its details stands in.
    assert finding.reason == (
        "jinja2 2.10 is affected by PYSEC-2021-66 (CVE-2020-28493, SNYK-PYTHON-JINJA2-1012994): "
        "This affects the package jinja2 from 0.0.0 and before 2.11.3. "
        "(severity not rated; fixed in 2.11.3)."
    )
