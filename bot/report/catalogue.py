"""The alert catalogue (ALERTS.md v2) as data: what each alert type means, for reports that
describe their rules (SARIF) rather than only name them."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bot.model import AlertType

__all__ = ["CATALOGUE", "AlertInfo", "Layer"]


@enum.unique
class Layer(enum.StrEnum):
    CAPABILITY = "capability"  # reported when new; informs
    THREAT = "threat"  # behaviour of malicious packages; blocks
    IDENTITY = "identity"  # identity, reputation and metadata signals


@dataclass(frozen=True, slots=True, kw_only=True)
class AlertInfo:
    title: str  # a few words, sentence case
    meaning: str  # one sentence: what makes capdiff report it
    layer: Layer


def _entry(title: str, meaning: str, layer: Layer) -> AlertInfo:
    return AlertInfo(title=title, meaning=meaning, layer=layer)


_C, _T, _I = Layer.CAPABILITY, Layer.THREAT, Layer.IDENTITY

CATALOGUE: Mapping[AlertType, AlertInfo] = MappingProxyType(
    {
        AlertType.NETWORK: _entry(
            "Network access", "Opens sockets or makes HTTP, DNS, FTP or SMTP requests.", _C
        ),
        AlertType.SHELL: _entry(
            "Starts processes",
            "Starts processes or shells (subprocess, os.system, popen, exec or spawn "
            "functions, pty, libc through ctypes).",
            _C,
        ),
        AlertType.DYNAMIC_CODE: _entry(
            "Dynamic code",
            "Runs code built at run time: eval, exec, compile, __import__ or importlib with "
            "computed names, marshal or pickle loads.",
            _C,
        ),
        AlertType.FILESYSTEM_WRITE: _entry(
            "File writes", "Writes or deletes files outside its own package data.", _C
        ),
        AlertType.SENSITIVE_READ: _entry(
            "Reads sensitive files",
            "Reads credential stores or private data (~/.ssh, ~/.aws, .netrc, keychains, "
            "/etc/passwd).",
            _C,
        ),
        AlertType.ENV_SECRETS: _entry(
            "Reads secrets from the environment",
            "Reads environment variables that hold secrets, or the whole environment.",
            _C,
        ),
        AlertType.NATIVE_CODE: _entry(
            "Native code",
            "Uses ctypes or cffi, or ships .so/.pyd/.dll libraries or executables.",
            _C,
        ),
        AlertType.SYSTEM_HOOKS: _entry(
            "System hooks",
            "Touches the clipboard, keyboard, screenshots, startup folders, cron, the "
            "registry or services.",
            _C,
        ),
        AlertType.INSTALL_SCRIPT: _entry(
            "Install-time code",
            "Has code that runs on install: a setup.py beyond a plain setup(), cmdclass, an "
            "in-tree build backend.",
            _C,
        ),
        AlertType.INSTALL_NETWORK: _entry(
            "Install-time network or process",
            "Install-time code that contacts the network or starts a process (the first "
            "catalogue's name; see install-process and install-time-payload).",
            _C,
        ),
        AlertType.INSTALL_PROCESS: _entry(
            "Install-time process",
            "Install-time code that starts a process (compilers, pkg-config, pg_config, git, "
            "its own scripts).",
            _C,
        ),
        AlertType.PTH_HOOK: _entry(
            ".pth hook", "Ships a .pth file with executable lines (runs at every start-up).", _C
        ),
        AlertType.IMPORT_TIME_SIDE_EFFECT: _entry(
            "Import-time side effect",
            "Module top-level code touches the network, processes or files when imported.",
            _C,
        ),
        AlertType.OBFUSCATED_CODE: _entry(
            "Obfuscated code",
            "Code from a known obfuscator (pyarmor and the like), minified or packed.",
            _C,
        ),
        AlertType.HIGH_ENTROPY_STRING: _entry(
            "High-entropy string", "A long literal with high entropy (encoded data, keys).", _C
        ),
        AlertType.SUSPICIOUS_URL: _entry(
            "Suspicious URL",
            "Paste sites, webhook endpoints, tunnels, URL shorteners, raw IPs or odd ports "
            "in code.",
            _C,
        ),
        AlertType.INVISIBLE_UNICODE: _entry(
            "Invisible or confusable unicode",
            "Bidi controls, zero-width characters or homoglyph identifiers in code.",
            _C,
        ),
        AlertType.ARTIFACT_MISMATCH: _entry(
            "Wheel and sdist disagree",
            "Code or hooks in only one of the wheel and the sdist, or files outside the "
            "package's own names.",
            _C,
        ),
        AlertType.OBFUSCATED_EXEC: _entry(
            "Executes decoded data",
            "Decoded, decrypted, decompressed or reassembled data is fed to exec, eval, "
            "compile, marshal or import.",
            _T,
        ),
        AlertType.DOWNLOAD_EXEC: _entry(
            "Downloads and runs code",
            "Data fetched from the network is executed, or written to disk and then run, "
            "imported or loaded.",
            _T,
        ),
        AlertType.EXFILTRATION: _entry(
            "Exfiltration",
            "Secrets, credentials, files, clipboard or host identity are sent to a network "
            "sink.",
            _T,
        ),
        AlertType.CREDENTIAL_THEFT: _entry(
            "Credential theft",
            "Reads stores no ordinary library touches: browser logins or cookies, Discord or "
            "Telegram sessions, crypto wallets.",
            _T,
        ),
        AlertType.INSTALL_TIME_PAYLOAD: _entry(
            "Install-time payload",
            "Install-time code downloads, executes dynamic or decoded code, contacts hosts, "
            "or drops and runs files.",
            _T,
        ),
        AlertType.REVERSE_SHELL: _entry(
            "Reverse shell",
            "A socket wired to a shell or interpreter (dup2, pty.spawn, subprocess on socket "
            "file descriptors).",
            _T,
        ),
        AlertType.PERSISTENCE: _entry(
            "Persistence",
            "Writes autostart entries, cron jobs, services, shell rc files, sitecustomize or "
            "executable .pth lines.",
            _T,
        ),
        AlertType.HIDDEN_PROCESS: _entry(
            "Hidden process",
            "Starts detached or windowless processes of dropped or downloaded files.",
            _T,
        ),
        AlertType.UNSAFE_ARCHIVE: _entry(
            "Unsafe archive",
            "An archive member escapes the install directory, is a device or link, or lies "
            "about its size.",
            _T,
        ),
        AlertType.MALWARE: _entry(
            "Known malware", "The release is listed as malicious (an OSV MAL- advisory).", _I
        ),
        AlertType.TYPOSQUAT: _entry(
            "Typosquat", "A new package's name imitates a popular project's.", _I
        ),
        AlertType.VULNERABILITY: _entry(
            "Known vulnerability",
            "A known advisory affects this release (severity and fixed version in the "
            "message); critical ones block.",
            _I,
        ),
        AlertType.YANKED: _entry("Yanked release", "The release was yanked from the index.", _I),
        AlertType.NEW_MAINTAINER: _entry(
            "New maintainer",
            "The owners or maintainers differ from those of the old release.",
            _I,
        ),
        AlertType.FRESH_RELEASE: _entry(
            "Fresh release",
            "The release was published, or the project created, very recently.",
            _I,
        ),
        AlertType.NO_SOURCE_LINK: _entry(
            "No source link", "The metadata names no repository or source URL.", _I
        ),
        AlertType.DIRECT_URL_DEPENDENCY: _entry(
            "Direct URL dependency",
            "The dependency comes from a URL, VCS or path, not from the index.",
            _I,
        ),
        AlertType.INCOMPLETE_ANALYSIS: _entry(
            "Incomplete analysis",
            "Part of the release could not be analyzed; for an unknown package that means "
            "it could not be verified.",
            _I,
        ),
    }
)
