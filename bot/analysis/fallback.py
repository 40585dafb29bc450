"""Regex pass for files that do not parse as Python 3 (Python 2, syntax errors, null bytes,
huge files). It sees only names as written (no alias resolution), so it reports the
strongest signals: risky imports and calls, exec/eval of decoded data, URLs, Unicode tricks.
"""

from __future__ import annotations

import re

from bot.analysis.findings import FindingSink
from bot.analysis.obfuscation import KNOWN_OBFUSCATORS
from bot.analysis.taxonomy import lookup
from bot.analysis.unicode_text import find_unicode_tricks
from bot.analysis.urls import find_suspicious_urls
from bot.model import AlertType, Severity

__all__ = ["imports_risky_module", "scan_common", "scan_text", "scan_urls_in_text"]

_RISKY_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*|from[ \t]+)"
    r"(subprocess|socket|ctypes|marshal|urllib2|urllib\.request"
    r"|requests|httplib|http\.client|ftplib|telnetlib|pty|commands|popen2|winreg|_winreg"
    r"|pynput|pyautogui|paramiko)\b",
    re.MULTILINE,
)
_IMPORT_TYPES = {
    "subprocess": AlertType.SHELL, "pty": AlertType.SHELL, "commands": AlertType.SHELL,
    "popen2": AlertType.SHELL, "ctypes": AlertType.NATIVE_CODE,
    "marshal": AlertType.DYNAMIC_CODE, "winreg": AlertType.SYSTEM_HOOKS,
    "_winreg": AlertType.SYSTEM_HOOKS, "pynput": AlertType.SYSTEM_HOOKS,
    "pyautogui": AlertType.SYSTEM_HOOKS,
}
_CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*\(")
_EXEC_DECODED = re.compile(
    r"(?:exec|eval)\b[^\n]{0,200}?\b(b64decode|b32decode|b85decode|a85decode|decompress"
    r"|marshal\.loads|fromhex|unhexlify|rot13|decodestring)\b"
)
_EXEC = re.compile(r"(exec|eval|execfile)\s*[( ]")


def imports_risky_module(text: str) -> bool:
    """Whether the text search would report a risky import (`from pty` in a file that does
    not parse): such a file must reach the parser, whose verdict decides which pass runs."""
    return _RISKY_IMPORT.search(text) is not None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def scan_text(text: str, raw: bytes, sink: FindingSink) -> None:
    for match in _RISKY_IMPORT.finditer(text):
        module = match.group(1)
        sink.add(_IMPORT_TYPES.get(module, AlertType.NETWORK), Severity.LOW,
                 _line(text, match.start(1)),
                 f"Imports {module} (file is not valid Python 3; found by text search).",
                 api=f"import:{module}")
    for match in _CALL.finditer(text):
        capability = lookup(match.group(1))
        if capability is not None and capability.api not in {"builtins.open", "io.open",
                                                              "codecs.open", "os.open"}:
            sink.add(capability.type, capability.severity, _line(text, match.start()),
                     capability.reason(), api=capability.api)
    decoded_lines: set[int] = set()
    for match in _EXEC_DECODED.finditer(text):
        line = _line(text, match.start())
        decoded_lines.add(line)
        sink.add(AlertType.OBFUSCATED_EXEC, Severity.CRITICAL, line,
                 f"Runs code decoded with {match.group(1)} through exec or eval.",
                 api="builtins.exec", normalized=match.group(1))
    for match in _EXEC.finditer(text):
        before = text[match.start() - 1 : match.start()] if match.start() else ""
        if before == "." or before.isalnum() or before == "_":
            continue
        line = _line(text, match.start(1))
        if line not in decoded_lines:
            sink.add(AlertType.DYNAMIC_CODE, Severity.MEDIUM, line,
                     f"Runs dynamically built code with {match.group(1)}.",
                     api=f"builtins.{match.group(1)}")
    scan_urls_in_text(text, sink)
    scan_common(text, raw, sink, tokenize_names=False)


def scan_common(text: str, raw: bytes, sink: FindingSink, *, tokenize_names: bool) -> None:
    """Signals read from raw text whether or not the file parsed."""
    for label, anchors, pattern in KNOWN_OBFUSCATORS:
        if not any(anchor in raw for anchor in anchors):
            continue
        match = pattern.search(raw)
        if match is not None:
            line = raw.count(b"\n", 0, match.start()) + 1
            sink.add(AlertType.OBFUSCATED_CODE, Severity.HIGH, line,
                     f"Contains the signature of the {label} obfuscator or packer.",
                     api=f"obfuscator:{label}")
    for trick in find_unicode_tricks(text, tokenize_names=tokenize_names):
        sink.add(AlertType.INVISIBLE_UNICODE, Severity.HIGH, trick.line, trick.reason,
                 api=trick.api)


def scan_urls_in_text(text: str, sink: FindingSink) -> None:
    for url in find_suspicious_urls(text):
        sink.add(AlertType.SUSPICIOUS_URL, Severity.HIGH, _line(text, url.offset), url.reason,
                 api=url.api, normalized=url.category)
