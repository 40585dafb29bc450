"""The kind of a manifest a user named on the command line, whatever the file is called.

`discover.is_manifest` decides by name, which is right for a repository's changed paths
(a file called `notes.txt` is not a requirements file). A file the user names explicitly is
a manifest by intent: `.txt`/`.in` are requirements files; TOML, cfg/ini, JSON and Python
files are recognised by what they contain.
"""

from __future__ import annotations

import posixpath

from bot.manifests.discover import is_manifest
from bot.model import ManifestKind

__all__ = ["kind_of_named_file"]


def kind_of_named_file(path: str, text: str) -> ManifestKind | None:
    """By name first (as in a repository), then by extension and content; None: unknown."""
    by_name = is_manifest(path)
    if by_name is not None:
        return by_name
    name = posixpath.basename(path.replace("\\", "/")).lower()
    suffix = posixpath.splitext(name)[1]
    if suffix in (".txt", ".in"):
        return ManifestKind.REQUIREMENTS
    if suffix in (".cfg", ".ini"):
        return _cfg_kind(text)
    if suffix == ".py":
        return _python_kind(text)
    if suffix == ".json" or text.lstrip().startswith("{"):  # a TOML document cannot
        return _json_kind(text)
    # .toml, .lock and names without an extension (a renamed Pipfile): try TOML.
    return _toml_kind(text)


# The content readers import their parsers when a name does not decide (most calls).


def _toml_kind(text: str) -> ManifestKind | None:
    from bot.manifests._toml import decode_toml, table_or_none  # noqa: PLC0415

    try:
        document = decode_toml(text)
    except (ValueError, RecursionError):
        return None
    metadata = table_or_none(document.get("metadata")) or {}
    has_packages = isinstance(document.get("package"), list)
    if "lock-version" in document and isinstance(document.get("packages"), list):
        return ManifestKind.PYLOCK
    if has_packages and isinstance(document.get("version"), int):
        return ManifestKind.UV_LOCK
    if has_packages and ("lock_version" in metadata or "content_hash" in metadata):
        return ManifestKind.PDM_LOCK
    if has_packages and ("lock-version" in metadata or "content-hash" in metadata):
        return ManifestKind.POETRY_LOCK
    tool = table_or_none(document.get("tool")) or {}
    if (
        "project" in document
        or "build-system" in document
        or "dependency-groups" in document
        or tool.keys() & {"poetry", "pdm", "uv", "flit"}
    ):
        return ManifestKind.PYPROJECT
    if document.keys() & {"packages", "dev-packages", "source", "requires"}:
        return ManifestKind.PIPFILE
    return None


def _cfg_kind(text: str) -> ManifestKind | None:
    import configparser  # noqa: PLC0415

    config = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        config.read_string(text)
    except configparser.Error:
        return None
    if config.has_section("options") or config.has_section("metadata"):
        return ManifestKind.SETUP_CFG
    return None


def _json_kind(text: str) -> ManifestKind | None:
    import json  # noqa: PLC0415

    try:
        document = json.loads(text)
    except ValueError:
        return None
    if isinstance(document, dict) and isinstance(document.get("_meta"), dict):
        return ManifestKind.PIPFILE_LOCK
    return None


def _python_kind(text: str) -> ManifestKind | None:
    import ast  # noqa: PLC0415

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == "setup":
                return ManifestKind.SETUP_PY
    return None
