"""The pure core knows nothing of GitHub, HTTP, databases, clocks or the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

CORE = [
    "model.py",
    "comparison.py",
    "errors.py",
    "diff.py",
    "archive.py",
    "policy.py",
    "manifests",
    "analysis",
    "report",
    "index/resolve.py",
    "feeds/records.py",
]
FORBIDDEN = {"httpx", "gidgethub", "starlette", "uvicorn", "sqlite3", "redis", "socket", "urllib"}


def core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        target = BOT / entry
        if target.is_dir():
            files.extend(sorted(target.rglob("*.py")))
        elif target.exists():
            files.append(target)
    return files


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_core_exists() -> None:
    assert len(core_files()) >= 3


@pytest.mark.parametrize("path", core_files(), ids=lambda p: str(p.relative_to(BOT)))
def test_core_imports_no_adapter(path: Path) -> None:
    assert imported_roots(path) & FORBIDDEN == set()
