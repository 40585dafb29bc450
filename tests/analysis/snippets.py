"""Helpers for analyzer tests: snippets are strings, analyzed as bytes, never executed."""

from __future__ import annotations

import textwrap

from bot.analysis.python_code import analyze_python
from bot.analysis.types import FileAnalysis, FileRole, SourceFile
from bot.model import Finding

Row = tuple[str, str, int | None, str]


def analyze(source: str | bytes, role: FileRole = FileRole.MODULE,
            path: str | None = None) -> FileAnalysis:
    """Install-time snippets are a `setup.py`, the others `pkg/mod.py`."""
    data = textwrap.dedent(source).encode() if isinstance(source, str) else source
    if path is None:
        path = "setup.py" if role is FileRole.INSTALL_TIME else "pkg/mod.py"
    file = SourceFile(path=path, data=data, role=role, artifact="pkg-1.0.tar.gz")
    result = analyze_python(file)
    # Every snippet doubles as a pre-filter test: skipping the parser must lose nothing.
    assert result.findings == analyze_python(file, prefilter=False).findings
    return result


def rows(source: str | bytes, role: FileRole = FileRole.MODULE) -> list[Row]:
    """(type, api, line, reason) of every finding, in report order."""
    return [(f.type.value, f.api, f.line, f.reason) for f in analyze(source, role).findings]


def findings(source: str | bytes, role: FileRole = FileRole.MODULE) -> list[Finding]:
    return list(analyze(source, role).findings)


def keys(source: str | bytes, role: FileRole = FileRole.MODULE) -> set[tuple[str, str, str]]:
    return {f.key for f in analyze(source, role).findings}
