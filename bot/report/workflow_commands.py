"""GitHub Actions workflow commands (`::error file=…,line=…::message`) for a scan's findings.

Everything a package controls (messages, evidence, file names) is escaped as the runner
expects: `%`, CR and LF in the message; also `:` and `,` in properties. A line can then
never end a command early or start another one.
"""

from __future__ import annotations

from bot.model import Action, PackageResult, ScanResult
from bot.report.sarif import describe_alert

__all__ = [
    "MAX_ANNOTATIONS",
    "annotation",
    "escape_data",
    "escape_property",
    "scan_annotations",
]

# GitHub shows at most 10 errors and 10 warnings per step; the rest are in the summary.
MAX_ANNOTATIONS = 50

_LEVELS = {Action.BLOCK: "error", Action.WARN: "warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(
    level: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    title: str | None = None,
) -> str:
    """`::level file=F,line=L,title=T::message` with every part escaped."""
    properties = []
    if file:
        properties.append(f"file={escape_property(file)}")
        if line is not None and line >= 1:
            properties.append(f"line={line}")
    if title:
        properties.append(f"title={escape_property(title)}")
    head = f"{level} {','.join(properties)}" if properties else level
    return f"::{head}::{escape_data(message)}"


def scan_annotations(result: ScanResult, *, limit: int = MAX_ANNOTATIONS) -> list[str]:
    """An error per blocking alert, a warning per warning alert and per incomplete package,
    on the manifest line that declares the package; then the scan's own errors."""
    lines: list[str] = []
    for package in result.packages:
        file, line = _manifest_line(package)
        for alert in package.alerts:
            level = _LEVELS.get(alert.action)
            if level is not None:
                lines.append(
                    annotation(
                        level,
                        describe_alert(alert, package),
                        file=file,
                        line=line,
                        title=f"capdiff: {alert.type.value} ({package.name})",
                    )
                )
        if package.incomplete_reasons:
            reasons = "; ".join(package.incomplete_reasons)
            lines.append(
                annotation(
                    "warning",
                    f"{package.name}: not analyzed in full: {reasons}",
                    file=file,
                    line=line,
                    title=f"capdiff: incomplete analysis ({package.name})",
                )
            )
    lines.extend(annotation("warning", error, title="capdiff") for error in result.errors)
    if len(lines) > limit:
        hidden = len(lines) - limit + 1
        more = annotation("warning", f"{hidden} more findings in the job summary", title="capdiff")
        lines = [*lines[: limit - 1], more]
    return lines


def _manifest_line(package: PackageResult) -> tuple[str | None, int | None]:
    if not package.locations:
        return None, None
    return package.locations[0].path, package.locations[0].line
