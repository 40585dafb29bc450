"""Data shared by the analysis modules: what a file is, and what analyzing it found.

The archive layer (`bot.archive`, `bot.analysis.artifact`) decides each file's `FileRole`;
the Python code analyzer (`bot.analysis.python_code.analyze_python`) turns one `SourceFile`
into a `FileAnalysis`. Results are cached per (sha256 of the file's bytes, ANALYZER_VERSION),
so the analysis of a file must depend on its bytes and role only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from bot.model import Finding

__all__ = ["ANALYZER_VERSION", "FileAnalysis", "FileRole", "PythonAnalyzer", "SourceFile"]

# Bump whenever a detector changes what it reports: cached results keyed on it are invalidated.
ANALYZER_VERSION = "6"


@enum.unique
class FileRole(enum.StrEnum):
    """Whether, and when, a file's code runs on a user's machine."""

    # Runs when the package is installed or built: setup.py, in-tree build backends, .pth files.
    INSTALL_TIME = "install-time"
    # An installed package's __init__.py: its top-level code runs at import.
    PACKAGE_INIT = "package-init"
    # Any other installed module.
    MODULE = "module"
    # Never run by an install: an sdist's tests, docs, examples, benchmarks.
    NOT_INSTALLED = "not-installed"


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFile:
    path: str  # path inside the archive, POSIX, without the sdist's top-level directory
    data: bytes
    role: FileRole
    artifact: str  # archive file name, e.g. "requests-2.32.3-py3-none-any.whl"


@dataclass(frozen=True, slots=True, kw_only=True)
class FileAnalysis:
    findings: tuple[Finding, ...]
    # False when the file did not parse as Python 3 and a token/regex fallback was used.
    parsed: bool = True
    # Set when analysis of this file stopped early (limit, recursion, undecodable).
    incomplete_reason: str | None = None


PythonAnalyzer = Callable[[SourceFile], FileAnalysis]
