"""Building `Finding`s for one file: evidence lines, install-time and import-time mapping."""

from __future__ import annotations

import re

from bot.analysis.types import FileRole, SourceFile
from bot.model import AlertType, Finding, Severity

__all__ = ["MAX_FINDINGS", "FindingSink", "split_lines"]

MAX_FINDINGS = 1000
_MAX_EVIDENCE_LINES = 3
_MAX_EVIDENCE_CHARS = 200
_INSTALL_NETWORK_TYPES = frozenset({AlertType.NETWORK, AlertType.SHELL})
# Programs whose use at install time fetches or runs foreign code: never a build step.
_PAYLOAD_COMMANDS = frozenset({"curl", "wget", "powershell", "powershell.exe", "pwsh",
                               "certutil", "certutil.exe", "bitsadmin", "mshta", "rundll32",
                               "regsvr32", "nc", "ncat", "netcat", "socat", "start", "cscript",
                               "wscript", "msiexec", "tftp", "ftp", "scp", "ssh",
                               "nslookup", "dig"})
_PAYLOAD_SHELL_APIS = frozenset({"os.startfile"})
_EVERY_INSTALL_NAMES = frozenset({"setup.py", "sitecustomize.py", "usercustomize.py"})
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as the tokenizer counts them (str.splitlines also breaks on \\x0c, \\u2028...)."""
    return text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)


class FindingSink:
    """Collects one file's findings; caps their number and cuts evidence to size.

    In INSTALL_TIME files, network and shell findings are recorded as install-time findings
    instead (the same call in an installed module is only a capability): contacting a host
    from setup.py, or running a downloader, a URL or a Windows launcher, is an
    `install-time-payload` (CRITICAL); any other process (compilers, `pkg-config`, `*-config`
    tools, `git`, the sdist's own scripts) is an ordinary build step, `install-process`
    (LOW)."""

    def __init__(self, file: SourceFile, lines: list[str]) -> None:
        self.file = file
        self.lines = lines
        self.findings: list[Finding] = []
        self.truncated = False
        self._seen: set[tuple[AlertType, str, str, int | None]] = set()
        # setup.py and start-up modules run whole on every install or start; a module of an
        # in-tree build backend (setuptools builds itself from its own tree) may hold
        # network code only its upload commands use, which stays a `network` capability.
        name = file.path.rsplit("/", 1)[-1]
        self.runs_on_every_install = name in _EVERY_INSTALL_NAMES or name.endswith(".pth")

    def evidence(self, line: int | None, end_line: int | None = None) -> str:
        if line is None or line < 1 or line > len(self.lines):
            return ""
        last = min(end_line or line, line + _MAX_EVIDENCE_LINES - 1, len(self.lines))
        picked = [text.strip() for text in self.lines[line - 1 : last]]
        return "\n".join(
            text if len(text) <= _MAX_EVIDENCE_CHARS else text[: _MAX_EVIDENCE_CHARS - 1] + "…"
            for text in picked
        )

    def add(
        self,
        kind: AlertType,
        severity: Severity,
        line: int | None,
        reason: str,
        *,
        api: str,
        normalized: str = "",
        end_line: int | None = None,
    ) -> None:
        if self.file.role is FileRole.INSTALL_TIME and kind in _INSTALL_NETWORK_TYPES:
            payload = kind is AlertType.SHELL and (
                normalized.lower() in _PAYLOAD_COMMANDS or api in _PAYLOAD_SHELL_APIS
                or "://" in self.evidence(line, end_line))
            if kind is AlertType.SHELL or payload or self.runs_on_every_install:
                reason = reason.removesuffix(".") + " while the package is installed."
                if kind is AlertType.NETWORK or payload:
                    kind, severity = AlertType.INSTALL_TIME_PAYLOAD, Severity.CRITICAL
                else:
                    kind, severity = AlertType.INSTALL_PROCESS, Severity.LOW
        mark = (kind, api, normalized, line)
        if mark in self._seen:
            return  # the same thing twice on one line (two literals, nested calls)
        self._seen.add(mark)
        if len(self.findings) >= MAX_FINDINGS:
            self.truncated = True
            return
        self.findings.append(
            Finding(
                type=kind,
                severity=severity,
                file=self.file.path,
                line=line,
                evidence=self.evidence(line, end_line),
                reason=reason,
                api=api,
                normalized=normalized,
                artifact=self.file.artifact,
                not_installed=self.file.role is FileRole.NOT_INSTALLED,
            )
        )
