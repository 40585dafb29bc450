"""A `ScanResult` as SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other viewers.

One rule per alert type of the catalogue, with its default level under the built-in policy;
one result per alert that policy did not ignore, at the level its action gives. A scan's
results sit on the manifest line that declares the package (what a reviewer can change);
the evidence inside the package (archive, file:line, code) is in the message and the result's
properties. Without a manifest (inspect, compare) a result points at the file inside the
package, relative to the release's root (`PACKAGE_ROOT`). `partialFingerprints` leave out
versions and manifest lines, so the same finding carried by the next release, or a moved
requirement, is recognized as the alert already seen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from bot.model import Action, Alert, AlertType, Location, PackageResult, ScanResult
from bot.policy import DEFAULT_ACTIONS
from bot.report.catalogue import CATALOGUE

__all__ = [
    "FINGERPRINT_KEY",
    "SARIF_SCHEMA",
    "SARIF_VERSION",
    "describe_alert",
    "render_sarif",
]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
FINGERPRINT_KEY = "capdiffAlert/v1"
REPOSITORY_ROOT = "%SRCROOT%"
PACKAGE_ROOT = "PACKAGE_ROOT"

_LEVELS = {
    Action.BLOCK: "error",
    Action.WARN: "warning",
    Action.MONITOR: "note",
    Action.IGNORE: "none",
}
# GitHub code scanning ranks security alerts by this property (0-10) of their rule.
_SECURITY_SEVERITY = {
    Action.BLOCK: "8.0",
    Action.WARN: "5.0",
    Action.MONITOR: "2.0",
    Action.IGNORE: "0.0",
}
_RULE_ORDER = tuple(AlertType)

JsonDict = dict[str, object]


def render_sarif(result: ScanResult, *, tool_version: str) -> JsonDict:
    """The whole SARIF log: one run of capdiff."""
    results = [
        _result(alert, package)
        for package in result.packages
        for alert in package.alerts
        if alert.action is not Action.IGNORE
    ]
    notifications = [
        _notification(f"{package.name}: {reason}")
        for package in result.packages
        for reason in package.incomplete_reasons
    ] + [_notification(error) for error in result.errors]
    run: JsonDict = {
        "tool": {
            "driver": {
                "name": "capdiff",
                "version": tool_version,
                "semanticVersion": tool_version,
                "rules": [_rule(alert_type) for alert_type in _RULE_ORDER],
            }
        },
        "originalUriBaseIds": {
            REPOSITORY_ROOT: {"description": {"text": "The root of the scanned repository."}},
            PACKAGE_ROOT: {
                "description": {"text": "The root of the analyzed release's archive."}
            },
        },
        "invocations": [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ],
        "results": results,
        "properties": {
            "verdict": result.verdict.name.lower(),
            "manifests": list(result.manifests),
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(alert_type: AlertType) -> JsonDict:
    info = CATALOGUE[alert_type]
    default = DEFAULT_ACTIONS[alert_type]
    help_text = (
        f"{info.meaning} Default action: {default.value}. "
        f"A repository changes it in .github/capdiff.yml, e.g. `alerts: {{{alert_type.value}: "
        "warn}`, or accepts a package with an `ignore:` entry."
    )
    return {
        "id": alert_type.value,
        "name": "".join(part.capitalize() for part in alert_type.value.split("-")),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.meaning},
        "help": {
            "text": help_text,
            "markdown": (
                f"**{info.title}** ({info.layer.value}). {info.meaning}\n\n"
                f"Default action: `{default.value}`. Change it in `.github/capdiff.yml`:\n\n"
                f"```yaml\nalerts:\n  {alert_type.value}: warn\n```"
            ),
        },
        "defaultConfiguration": {"level": _LEVELS[default]},
        "properties": {
            "tags": ["security", "supply-chain", info.layer.value],
            "security-severity": _SECURITY_SEVERITY[default],
        },
    }


def _result(alert: Alert, package: PackageResult) -> JsonDict:
    located: JsonDict = {
        "ruleId": alert.type.value,
        "ruleIndex": _RULE_ORDER.index(alert.type),
        "level": _LEVELS[alert.action],
        "message": {"text": describe_alert(alert, package)},
    }
    logical: JsonDict = {
        "name": package.name,
        "fullyQualifiedName": f"{package.name}=={package.new_version or ''}",
        "kind": "package",
    }
    if package.locations:
        primary, *others = package.locations
        located["locations"] = [_manifest_location(primary, logical)]
        if others:
            located["relatedLocations"] = [
                {"id": index, **_manifest_location(location, logical)}
                for index, location in enumerate(others, start=1)
            ]
    elif alert.file:
        located["locations"] = [_package_location(alert, logical)]
    else:
        located["locations"] = [{"logicalLocations": [logical]}]
    located["partialFingerprints"] = {FINGERPRINT_KEY: _fingerprint(alert)}
    located["properties"] = {
        "package": package.name,
        "change": package.change.value,
        "oldVersion": package.old_version,
        "newVersion": package.new_version,
        "via": list(package.via),
        "action": alert.action.value,
        "severity": str(alert.severity),
        "artifact": alert.artifact,
        "file": alert.file,
        "line": alert.line,
        "evidence": alert.evidence,
    }
    return located


def _manifest_location(location: Location, logical: JsonDict) -> JsonDict:
    physical: JsonDict = {
        "artifactLocation": {"uri": _relative_uri(location.path), "uriBaseId": REPOSITORY_ROOT}
    }
    if location.line is not None and location.line >= 1:
        physical["region"] = {"startLine": location.line}
    return {"physicalLocation": physical, "logicalLocations": [logical]}


def _package_location(alert: Alert, logical: JsonDict) -> JsonDict:
    physical: JsonDict = {
        "artifactLocation": {"uri": _relative_uri(alert.file or ""), "uriBaseId": PACKAGE_ROOT}
    }
    if alert.line is not None and alert.line >= 1:
        physical["region"] = {"startLine": alert.line}
    return {"physicalLocation": physical, "logicalLocations": [logical]}


_URI_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")


def _relative_uri(path: str) -> str:
    """A relative URI reference for a path inside an archive (hostile names included)."""
    data = path.lstrip("/").encode("utf-8", "surrogatepass")
    return "".join(chr(byte) if byte in _URI_SAFE else f"%{byte:02X}" for byte in data)


def describe_alert(alert: Alert, package: PackageResult) -> str:
    """One line: the change, the alert's message, and where in the package (with the code).

    `requests 2.31.0 → 2.32.3: Imports a module … At requests/compat.py:24 in
    requests-2.32.3-py3-none-any.whl: chardet = importlib.import_module(lib)`
    """
    change = _change_text(package)
    where = ""
    if alert.file:
        where = alert.file if alert.line is None else f"{alert.file}:{alert.line}"
        if alert.artifact:
            where = f"{where} in {alert.artifact}"
    text = f"{change}: {alert.message}"
    if where:
        text += f" At {where}"
        evidence = _first_line(alert.evidence)
        text += f": {evidence}" if evidence else "."
    return text


def _change_text(package: PackageResult) -> str:
    via = f" (via {' → '.join(package.via)})" if package.via else ""
    if package.old_version and package.new_version:
        return f"{package.name} {package.old_version} → {package.new_version}{via}"
    version = package.new_version or package.old_version or ""
    return f"{package.name} {version} ({package.change.value}){via}".replace("  ", " ")


def _first_line(evidence: str) -> str:
    line = next((line.strip() for line in evidence.splitlines() if line.strip()), "")
    return line if len(line) <= 200 else line[:199] + "…"


def _fingerprint(alert: Alert) -> str:
    parts: Sequence[str] = (
        alert.type.value,
        alert.package,
        alert.file or "",
        alert.api,
        " ".join(alert.evidence.split()),
        "" if alert.file else alert.message,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _notification(text: str) -> JsonDict:
    return {"level": "warning", "message": {"text": text}}
