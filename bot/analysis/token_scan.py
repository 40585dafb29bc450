"""A bounded byte scan for threat tokens, for files too large to parse.

A file over the per-file limit is not parsed (that would cost unbounded memory and time),
but padding a payload past the limit must not hide it. Its decompressed bytes are streamed
through one compiled regex in chunks, with an overlap so a token cut by a chunk border is
still seen once; line numbers are counted as the stream goes. What it finds is weaker than
the AST analysis (no aliases, no data flow), so findings say they come from a byte scan,
and the file stays in the analysis's incomplete reasons.

Pure: bytes in, findings out; memory is one chunk plus the overlap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.model import AlertType, Finding, Severity

__all__ = ["MAX_TOKEN_BYTES", "TokenScanner", "scan_chunks"]

# Longest match a token can have; the overlap kept between chunks is larger than this.
MAX_TOKEN_BYTES = 400
_OVERLAP = 1024
_MAX_FINDINGS = 40
_PER_TOKEN = 5  # places reported per token kind and file
_EVIDENCE = 160


@dataclass(frozen=True, slots=True)
class _Token:
    type: AlertType
    severity: Severity
    api: str
    what: str  # "runs decoded data with exec"
    # Each starts with a literal: `re` then skips ahead with a fast substring search
    # (over 1 GB/s), where one alternation of everything crawls at under 10 MB/s.
    patterns: tuple[bytes, ...]


_DECODERS = (
    rb"(?:b64decode|b32decode|b16decode|b85decode|a85decode|decodebytes|decompress|"
    rb"unhexlify|fromhex|loads|decrypt|\[::-1\])"
)
_CALLED = rb"\s*\(\s*[\w.()'\" \[\]]{0,120}?" + _DECODERS
_FETCH = rb"\s*\(\s*[\w.]{0,40}(?:urlopen|requests\.get|httpx\.get)\s*\("
_TOKENS = (
    _Token(
        AlertType.OBFUSCATED_EXEC, Severity.CRITICAL, "exec(decoded)",
        "runs decoded, decompressed or decrypted data with exec/eval/compile",
        (rb"exec" + _CALLED, rb"eval" + _CALLED, rb"compile" + _CALLED),
    ),
    _Token(
        AlertType.DOWNLOAD_EXEC, Severity.CRITICAL, "exec(download)",
        "runs what it downloads with exec/eval",
        (rb"exec" + _FETCH, rb"eval" + _FETCH),
    ),
    _Token(
        AlertType.DYNAMIC_CODE, Severity.HIGH, "marshal.loads",
        "loads code objects with marshal.loads",
        (rb"marshal\.loads\s*\(",),
    ),
    _Token(
        AlertType.SHELL, Severity.MEDIUM, "process",
        "starts processes (subprocess / os.system / os.popen / os.exec*)",
        (
            rb"subprocess\.(?:Popen|call|run|check_output|check_call|getoutput)\s*\(",
            rb"os\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|startfile)\s*\(",
        ),
    ),
    _Token(
        AlertType.NETWORK, Severity.MEDIUM, "network",
        "opens network connections (socket / requests / urllib)",
        (
            rb"socket\.(?:socket|create_connection)\s*\(",
            rb"requests\.(?:get|post|put)\s*\(",
            rb"urlopen\s*\(",
        ),
    ),
    _Token(
        AlertType.SUSPICIOUS_URL, Severity.HIGH, "url:raw-ip",
        "names a URL on a raw IP address",
        (rb"://\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?",),
    ),
    _Token(
        AlertType.SUSPICIOUS_URL, Severity.HIGH, "url:webhook",
        "names a webhook, paste or tunnel endpoint",
        (
            rb"discord\.com/api/webhooks/",
            rb"discordapp\.com/api/webhooks/",
            rb"api\.telegram\.org/bot",
            rb"hooks\.slack\.com/",
            rb"pastebin\.com/raw",
            rb"webhook\.site",
            rb"transfer\.sh",
            rb"ngrok",
        ),
    ),
    _Token(
        AlertType.OBFUSCATED_CODE, Severity.MEDIUM, "obfuscator:pyarmor",
        "carries PyArmor-packed code",
        (rb"__pyarmor__", rb"pyarmor_runtime", rb"from pytransform import", rb"__armor_enter__"),
    ),
    _Token(
        AlertType.OBFUSCATED_CODE, Severity.MEDIUM, "__import__(decoder)",
        "imports a decoder by a string name, as obfuscators do",
        (rb"__import__\(\s*['\"](?:base64|zlib|marshal|codecs|lzma|bz2|binascii)['\"]\s*\)",),
    ),
    _Token(
        AlertType.CREDENTIAL_THEFT, Severity.HIGH, "credential-store",
        "names a browser login/cookie store, a Discord or Telegram session, or a wallet",
        (
            rb"Local Storage(?:\\{1,2}|/)leveldb", rb"Login Data", rb"Telegram Desktop",
            rb"wallet\.dat",
        ),
    ),
    _Token(
        AlertType.SHELL, Severity.MEDIUM, "hidden-window",
        "starts processes without a window or detached from the console",
        (rb"CREATE_NO_WINDOW", rb"DETACHED_PROCESS", rb"-WindowStyle Hidden",
         rb"-w hidden"),
    ),
)
_PATTERNS = tuple(
    (index, re.compile(pattern))
    for index, token in enumerate(_TOKENS)
    for pattern in token.patterns
)
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
# Tokens that are call names must start a word: `myexec(` is not `exec(`.
_NAME_TOKENS = frozenset({0, 1, 2, 3, 4})


class TokenScanner:
    """Feed chunks in order; `findings()` afterwards. Keeps at most one chunk plus overlap."""

    def __init__(self, path: str, *, artifact: str = "") -> None:
        self._path = path
        self._artifact = artifact
        self._buffer = b""
        self._line = 1  # line number of the buffer's first byte
        self._counts: dict[int, int] = {}
        self._places: set[tuple[int, int]] = set()  # (token, line) already reported
        self._found: list[Finding] = []
        self.bytes_scanned = 0

    def feed(self, chunk: bytes) -> None:
        self.bytes_scanned += len(chunk)
        self._buffer += chunk
        limit = len(self._buffer) - _OVERLAP
        if limit <= 0:
            return
        self._search(limit)
        self._line += self._buffer.count(b"\n", 0, limit)
        self._buffer = self._buffer[limit:]

    def findings(self) -> tuple[Finding, ...]:
        """Every finding, after searching what is left of the stream."""
        if self._buffer:
            self._search(len(self._buffer))
            self._line += self._buffer.count(b"\n")
            self._buffer = b""
        return tuple(self._found)

    def _search(self, start_limit: int) -> None:
        """Matches starting before `start_limit`; later ones may be cut by the chunk end."""
        if len(self._found) >= _MAX_FINDINGS:
            return
        buffer = self._buffer
        end = start_limit + MAX_TOKEN_BYTES
        matches = []
        for index, pattern in _PATTERNS:
            if self._counts.get(index, 0) >= _PER_TOKEN:
                continue
            for match in pattern.finditer(buffer, 0, end):
                if match.start() >= start_limit:
                    break
                if index in _NAME_TOKENS and match.start() and buffer[match.start() - 1] in _WORD:
                    continue
                matches.append((match.start(), index, match))
        for _, index, match in sorted(matches, key=lambda m: (m[0], m[1])):
            if self._counts.get(index, 0) >= _PER_TOKEN:
                continue
            line = self._line + buffer.count(b"\n", 0, match.start())
            if (index, line) in self._places:
                continue
            self._places.add((index, line))
            self._counts[index] = self._counts.get(index, 0) + 1
            self._found.append(self._finding(_TOKENS[index], line, match))
            if len(self._found) >= _MAX_FINDINGS:
                return

    def _finding(self, token: _Token, line: int, match: re.Match[bytes]) -> Finding:
        buffer = self._buffer
        start = max(buffer.rfind(b"\n", 0, match.start()) + 1, match.start() - _EVIDENCE // 2)
        end = buffer.find(b"\n", match.end())
        end = min(end if end >= 0 else len(buffer), match.end() + _EVIDENCE // 2)
        evidence = buffer[start:end].decode("utf-8", errors="replace").strip()
        return Finding(
            type=token.type,
            severity=token.severity,
            file=self._path,
            line=line,
            evidence=evidence,
            reason=(
                f"The file {token.what}; found by a byte scan, because the file is too large "
                "for capdiff to parse."
            ),
            api=f"token:{token.api}",
            normalized=match.group().decode("utf-8", errors="replace")[:120],
            artifact=self._artifact,
        )


def scan_chunks(path: str, chunks: Iterable[bytes], *, artifact: str = "") -> tuple[Finding, ...]:
    scanner = TokenScanner(path, artifact=artifact)
    for chunk in chunks:
        scanner.feed(chunk)
    return scanner.findings()
