"""Test doubles for the GitHub adapter tests (the real pipeline is wired by the integrator).

`RequirementsScanner` reads `*requirements*.txt` files through the request's readers and
turns them into a ScanResult deterministically: a new or changed `evil*==X` blocks
(sensitive-read), `risky*==X` warns (network), anything else passes. It honours
`extra_ignores` by name, version and type, and reports progress per package.
"""

from __future__ import annotations

from packaging.utils import canonicalize_name

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
)
from bot.scanning import ProgressCallback, ScanRequest

__all__ = ["RequirementsScanner"]

_ALERTS = {
    "evil": (AlertType.SENSITIVE_READ, Action.BLOCK, "reads ~/.ssh/id_rsa at import time"),
    "risky": (AlertType.NETWORK, Action.WARN, "opens a socket to a hard-coded host"),
}


def _pins(text: str | None) -> dict[str, tuple[str, int]]:
    pins: dict[str, tuple[str, int]] = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        name, sep, version = line.strip().partition("==")
        if sep:
            pins[canonicalize_name(name)] = (version, number)
    return pins


class RequirementsScanner:
    def __init__(self) -> None:
        self.requests: list[ScanRequest] = []

    async def scan(
        self, request: ScanRequest, progress: ProgressCallback | None = None
    ) -> ScanResult:
        self.requests.append(request)
        manifests = tuple(p for p in request.changed_paths if p.endswith("requirements.txt"))
        packages: list[PackageResult] = []
        for path in manifests:
            base, head = _pins(await request.read_base(path)), _pins(await request.read_head(path))
            changed = [(n, v, line) for n, (v, line) in head.items() if base.get(n, ("",))[0] != v]
            for done, (name, version, line) in enumerate(changed, start=1):
                if progress is not None:
                    await progress(done, len(changed), name)
                alerts: tuple[Alert, ...] = ()
                kind = next((k for k in _ALERTS if name.startswith(k)), None)
                if kind is not None:
                    alert_type, action, message = _ALERTS[kind]
                    ignored = any(
                        rule.name == name
                        and rule.specifier.contains(version, prereleases=True)
                        and (not rule.types or alert_type in rule.types)
                        for rule in request.extra_ignores
                    )
                    alerts = (
                        Alert(
                            type=alert_type,
                            severity=Severity.HIGH,
                            action=Action.IGNORE if ignored else action,
                            message=message,
                            package=canonicalize_name(name),
                            version=version,
                            file=f"{name}/__init__.py",
                            line=3,
                        ),
                    )
                packages.append(
                    PackageResult(
                        name=canonicalize_name(name),
                        change=ChangeKind.ADDED if name not in base else ChangeKind.UPGRADED,
                        old_version=base[name][0] if name in base else None,
                        new_version=version,
                        alerts=alerts,
                        locations=(Location(path=path, line=line),),
                    )
                )
        blocked = any(a.action is Action.BLOCK for p in packages for a in p.alerts)
        return ScanResult(
            packages=tuple(packages),
            manifests=manifests,
            verdict=Verdict.BLOCK if blocked else Verdict.PASS,
        )
