"""Detectors that look at an archive's files, not at Python syntax.

- native code: bundled shared libraries and executables, by extension and by magic bytes;
- `.pth` files with executable lines (they run at every interpreter start);
- a custom or in-tree build backend in an sdist's pyproject.toml;
- wheel/sdist disagreement, and startup modules (`sitecustomize`) a wheel installs.

Keys (`Finding.api` + `normalized`) are chosen to stay equal across releases: a versioned
`_foo.cpython-311-x86_64-linux-gnu.so` and `_foo.cpython-312-x86_64-linux-gnu.so` both fold to
`_foo.so`, so an upgrade that rebuilds the same extensions reports nothing new.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence

from bot.analysis.python_code import analyze_python
from bot.analysis.roles import build_system_table, wheel_top_level_name
from bot.analysis.types import FileRole, SourceFile
from bot.archive import Member
from bot.model import THREAT_TYPES, AlertType, Finding, Severity

__all__ = [
    "KNOWN_BUILD_BACKENDS",
    "artifact_mismatch",
    "binary_kind",
    "build_backend_findings",
    "fold_binary_name",
    "native_code_findings",
    "pth_findings",
    "startup_module_findings",
]

KNOWN_BUILD_BACKENDS = frozenset({
    "setuptools.build_meta",
    "setuptools.build_meta:__legacy__",
    "hatchling.build",
    "hatchling.ouroboros",
    "flit_core.buildapi",
    "flit.buildapi",
    "poetry.core.masonry.api",
    "poetry.masonry.api",
    "pdm.backend",
    "pdm.pep517.api",
    "maturin",
    "scikit_build_core.build",
    "mesonpy",
    "sipbuild.api",
    "uv_build",
    "whey",
    "pbr.build",
    "enscons.api",
    "jupyter_packaging.build_api",
    "sphinx_theme_builder",
    "trampolim",
})

_LIBRARY_EXTS = (".so", ".pyd", ".dll", ".dylib")
_VERSIONED_SO = re.compile(r"\.so(?:\.\d+)+$")
_ELF = b"\x7fELF"
_MACHO = (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe")
_FAT = b"\xca\xfe\xba\xbe"  # also a Java class file's magic


def _has_native_magic(member: Member) -> bool:
    head = member.head
    if head.startswith(_ELF) or head.startswith(_MACHO):
        return True
    if head.startswith(_FAT) and not member.path.endswith(".class"):
        return True
    # "MZ" starts some text files; a PE header has NUL bytes right after it.
    return head.startswith(b"MZ") and b"\x00" in head[2:]


def _extension(name: str) -> str:
    if _VERSIONED_SO.search(name):
        return ".so"
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def binary_kind(member: Member) -> str | None:
    """`binary:<ext>` for a library, `binary:executable`, `binary:disguised`, or None."""
    name = member.path.rsplit("/", 1)[-1]
    ext = _extension(name)
    magic = _has_native_magic(member)
    if ext in _LIBRARY_EXTS:
        return f"binary:{ext}"
    if ext == ".exe" or (magic and ext == ""):
        return "binary:executable"
    if magic:
        return "binary:disguised"
    return None


_ABI_TAG = re.compile(r"\.(?:cpython|cp|pypy|abi3|graalpy)[^.]*$|\.abi3$")
_HASH_SUFFIX = re.compile(r"-[0-9a-f]{8,}$")
_VERSION_SUFFIX = re.compile(r"[-.]\d[\w.]*$")


def fold_binary_name(path: str) -> str:
    """`_foo.cpython-311-x86_64-linux-gnu.so` -> `_foo.so`; `libz-1a2b3c4d.so.1.2` -> `libz.so`."""
    name = path.rsplit("/", 1)[-1]
    ext = _extension(name)
    versioned = _VERSIONED_SO.search(name)
    end = versioned.start() if versioned else len(name) - len(ext)
    stem = name[:end]
    stem = _ABI_TAG.sub("", stem)
    stem = _HASH_SUFFIX.sub("", stem)
    stem = _VERSION_SUFFIX.sub("", stem) or stem
    return stem + ext


def native_code_findings(members: Iterable[Member], *, artifact: str,
                         roles: Mapping[str, FileRole]) -> tuple[Finding, ...]:
    """One finding per bundled binary; `binary:disguised` (magic under a data name) is HIGH."""
    findings: list[Finding] = []
    for member in members:
        kind = binary_kind(member)
        if kind is None:
            continue
        disguised = kind == "binary:disguised"
        if disguised:
            reason = "A native executable or library is hidden under a non-binary file name."
        elif kind == "binary:executable":
            reason = "The package ships a native executable."
        else:
            reason = f"The package ships a compiled native library ({kind[7:]})."
        findings.append(Finding(
            type=AlertType.NATIVE_CODE,
            severity=Severity.HIGH if disguised else Severity.MEDIUM,
            file=member.path,
            line=None,
            evidence=f"{member.path} ({member.size} bytes)",
            reason=reason,
            api=kind,
            normalized=fold_binary_name(member.path),
            artifact=artifact,
            not_installed=roles.get(member.path) is FileRole.NOT_INSTALLED,
        ))
    return tuple(findings)


_PTH_DANGER = re.compile(
    r"\b(exec|eval|compile|base64|b64decode|zlib|marshal|subprocess|os\.system|"
    r"popen|urllib|urlopen|socket|requests|http\.client)\b"
)
# What a .pth line may do without being a threat: imports, path and environment set-up,
# calls into the imported module (coverage's process_startup, editable finders' install).
_PTH_DANGEROUS_TYPES = frozenset({AlertType.NETWORK, AlertType.SHELL, AlertType.NATIVE_CODE,
                                  AlertType.FILESYSTEM_WRITE, AlertType.SENSITIVE_READ,
                                  AlertType.SYSTEM_HOOKS, AlertType.SUSPICIOUS_URL})
# Namespace-package .pth lines (`*-nspkg.pth`) load modules with importlib: not a threat.
_PTH_CODE_RUNNERS = frozenset({"builtins.exec", "builtins.eval", "builtins.compile",
                               "builtins.execfile", "marshal.loads", "marshal.load",
                               "pickle.loads"})
_STRING = re.compile(r"""(?:[rbuRBU]{0,2})("[^"\\]*(?:\\.[^"\\]*)*"|'[^'\\]*(?:\\.[^'\\]*)*')""")


def _fold_line(line: str) -> str:
    return " ".join(_STRING.sub("'…'", line).split())


def _pth_line_dangers(path: str, line: str, artifact: str) -> list[Finding]:
    """The findings that make a .pth line more than start-up set-up (threats, processes,
    network, dynamic code that is not a constant string), from analyzing it as Python."""
    source = SourceFile(path=path, data=line.encode("utf-8", errors="replace"),
                        role=FileRole.MODULE, artifact=artifact)
    analysis = analyze_python(source)
    if not analysis.parsed:
        return [] if _PTH_DANGER.search(line) is None else [Finding(
            type=AlertType.DYNAMIC_CODE, severity=Severity.HIGH, file=path, line=1,
            evidence="", reason="runs code the analyzer could not parse", api="pth:unparsed")]
    return [f for f in analysis.findings
            if f.type in THREAT_TYPES or f.type in _PTH_DANGEROUS_TYPES
            or (f.type is AlertType.DYNAMIC_CODE and f.api in _PTH_CODE_RUNNERS
                and f.normalized != "constant")]


def pth_findings(members: Iterable[Member], *, artifact: str,
                 roles: Mapping[str, FileRole]) -> tuple[Finding, ...]:
    """Executable lines of `.pth` files that run at startup (role INSTALL_TIME).

    Each is a `pth-hook` (a capability); a line that also decodes, runs code, starts
    processes, touches the network or writes files is `persistence` (it runs at every
    interpreter start), and the threats found in it are reported at its line too."""
    findings: list[Finding] = []
    for member in members:
        if not member.path.endswith(".pth") or member.data is None:
            continue
        if roles.get(member.path) is not FileRole.INSTALL_TIME:
            continue
        basename = member.path.rsplit("/", 1)[-1]
        text = member.data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.startswith(("import ", "import\t")):
                continue
            dangers = _pth_line_dangers(member.path, line, artifact) if len(line) < 100_000 else [
                Finding(type=AlertType.OBFUSCATED_CODE, severity=Severity.HIGH, file=member.path,
                        line=1, evidence="", reason="a line too long to analyze",
                        api="pth:long-line")]
            folded = f"{basename}:{_fold_line(line)[:300]}"
            findings.append(Finding(
                type=AlertType.PTH_HOOK,
                severity=Severity.HIGH,
                file=member.path,
                line=number,
                evidence=line[:300],
                reason="This .pth line runs as Python code every time the interpreter starts.",
                api="pth:import",
                normalized=folded,
                artifact=artifact,
            ))
            if not dangers:
                continue
            # The line was analyzed alone, as line 1 of its own source.
            here = f"{member.path}:{number}"
            dangers = [dataclasses.replace(d, reason=d.reason.replace(f"{member.path}:1", here))
                       for d in dangers]
            what = "; ".join(dict.fromkeys(d.reason.removesuffix(".") for d in dangers[:3]))
            findings.append(Finding(
                type=AlertType.PERSISTENCE,
                severity=Severity.CRITICAL,
                file=member.path,
                line=number,
                evidence=line[:300],
                reason=(f"This .pth line ({member.path}:{number}) runs at every interpreter "
                        f"start and does more than set up imports: {_short(what, 300)}."),
                api="pth:persistence",
                normalized=folded,
                artifact=artifact,
            ))
            findings.extend(
                Finding(type=d.type, severity=d.severity, file=member.path, line=number,
                        evidence=line[:300], reason=d.reason, api=d.api,
                        normalized=d.normalized, artifact=artifact)
                for d in dangers if d.type in THREAT_TYPES)
    return tuple(findings)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line_of(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return None


def build_backend_findings(pyproject_text: str, *, artifact: str,
                           path: str = "pyproject.toml") -> tuple[Finding, ...]:
    """An in-tree (`backend-path`) or unknown build backend runs its own code on install."""
    system = build_system_table(pyproject_text)
    if system is None:
        return ()
    backend = system.get("build-backend")
    if not isinstance(backend, str):
        return ()
    backend_path = system.get("backend-path")
    lines = pyproject_text.splitlines()
    if backend_path is not None:
        line = _line_of(pyproject_text, "backend-path")
        return (Finding(
            type=AlertType.INSTALL_SCRIPT,
            severity=Severity.HIGH,
            file=path,
            line=line,
            evidence=lines[line - 1].strip() if line else f"backend-path = {backend_path!r}",
            reason=f"The build backend {backend} is shipped inside the sdist and runs its "
                   "own code on install.",
            api="build-backend:in-tree",
            normalized=backend.strip(),
            artifact=artifact,
        ),)
    if backend.strip() in KNOWN_BUILD_BACKENDS:
        return ()
    line = _line_of(pyproject_text, "build-backend")
    return (Finding(
        type=AlertType.INSTALL_SCRIPT,
        severity=Severity.MEDIUM,
        file=path,
        line=line,
        evidence=lines[line - 1].strip() if line else f"build-backend = {backend!r}",
        reason=f"The sdist builds with {backend}, which is not a well-known build backend.",
        api="build-backend:custom",
        normalized=backend.strip(),
        artifact=artifact,
    ),)


_STARTUP_MODULES = ("sitecustomize", "usercustomize")


def startup_module_findings(wheel_paths: Iterable[str], *, artifact: str
                            ) -> tuple[Finding, ...]:
    """A wheel that installs `sitecustomize`/`usercustomize` runs code at every start."""
    findings: list[Finding] = []
    for path in wheel_paths:
        name = wheel_top_level_name(path)
        if name in _STARTUP_MODULES:
            findings.append(Finding(
                type=AlertType.ARTIFACT_MISMATCH,
                severity=Severity.HIGH,
                file=path,
                line=None,
                evidence=path,
                reason=f"The wheel installs {name}, which Python runs at every interpreter "
                       "start, outside the package's own names.",
                api=f"startup-module:{name}",
                artifact=artifact,
            ))
    return tuple(findings)


def _sdist_names(sdist_paths: Iterable[str]) -> set[str]:
    names: set[str] = set()
    for path in sdist_paths:
        parts = path.split("/")
        names.update(parts[:-1])
        names.add(parts[-1])
        names.add(parts[-1].split(".", 1)[0])
    return names


def artifact_mismatch(sdist_paths: Sequence[str], wheel_paths: Sequence[str], *,
                      wheel_artifact: str) -> tuple[Finding, ...]:
    """What the wheel installs that its sdist has no source for.

    Lenient on purpose (a name counts as present if any sdist directory or file stem has it),
    so compiled or generated modules do not raise noise; a `.pth` must be in the sdist by name.
    """
    present = _sdist_names(sdist_paths)
    findings: list[Finding] = []
    reported: set[str] = set()
    for path in wheel_paths:
        if path.endswith(".pth") and "/" not in path.removeprefix(_data_root(path)):
            basename = path.rsplit("/", 1)[-1]
            # setuptools writes `<dist>-nspkg.pth` for legacy namespace packages at build time.
            if basename not in present and not basename.endswith("-nspkg.pth"):
                findings.append(Finding(
                    type=AlertType.ARTIFACT_MISMATCH,
                    severity=Severity.HIGH,
                    file=path,
                    line=None,
                    evidence=path,
                    reason="The wheel installs a .pth startup file that is not in the sdist.",
                    api=f"wheel-only-pth:{basename}",
                    artifact=wheel_artifact,
                ))
            continue
        name = wheel_top_level_name(path)
        if name is None or name in reported or name in present or _generated_by_build(name):
            continue
        reported.add(name)
        findings.append(Finding(
            type=AlertType.ARTIFACT_MISMATCH,
            severity=Severity.MEDIUM,
            file=path,
            line=None,
            evidence=path,
            reason=f"The wheel installs the top-level name {name}, which the sdist has no "
                   "source for.",
            api=f"wheel-only:{name}",
            artifact=wheel_artifact,
        ))
    return tuple(findings)


def _generated_by_build(name: str) -> bool:
    """Top-level names that wheel builders add: auditwheel/delvewheel's `<pkg>.libs` and
    mypyc's `<hash>__mypyc` runtime module."""
    return name.endswith((".libs", "__mypyc"))


def _data_root(path: str) -> str:
    """`pkg-1.0.data/purelib/` when the path is installed from there, else ``."""
    parts = path.split("/")
    if len(parts) > 2 and parts[0].endswith(".data") and parts[1] in ("purelib", "platlib"):
        return f"{parts[0]}/{parts[1]}/"
    return ""
