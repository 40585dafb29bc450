"""Manifest parsers: one module per family, each with the same contract.

    parse(text: str, *, path: str, read: FileReader | None = None) -> Manifest

`path` is repository-relative (POSIX). `read` lets a parser follow includes (requirements
`-r`/`-c`); parsers that have no includes ignore it. Problems inside a readable file come
back as `Manifest.errors`; only `bot.errors.ManifestError` may escape a parser.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

from bot.errors import InputError
from bot.model import FileReader, Manifest, ManifestKind

__all__ = ["MAX_MANIFEST_BYTES", "ManifestParser", "parse_manifest", "parser_for"]

# Files larger than this are refused outright: no real manifest comes near it.
MAX_MANIFEST_BYTES = 5 * 1024 * 1024


class ManifestParser(Protocol):
    def __call__(self, text: str, *, path: str, read: FileReader | None = None) -> Manifest: ...


_PARSER_MODULES: dict[ManifestKind, str] = {
    ManifestKind.REQUIREMENTS: "bot.manifests.requirements",
    ManifestKind.PYPROJECT: "bot.manifests.pyproject",
    ManifestKind.SETUP_CFG: "bot.manifests.setup_cfg",
    ManifestKind.SETUP_PY: "bot.manifests.setup_py",
    ManifestKind.PIPFILE: "bot.manifests.pipfile",
    ManifestKind.PIPFILE_LOCK: "bot.manifests.pipfile_lock",
    ManifestKind.POETRY_LOCK: "bot.manifests.poetry_lock",
    ManifestKind.UV_LOCK: "bot.manifests.uv_lock",
    ManifestKind.PDM_LOCK: "bot.manifests.pdm_lock",
    ManifestKind.PYLOCK: "bot.manifests.pylock",
}


def parser_for(kind: ManifestKind) -> ManifestParser:
    module = importlib.import_module(_PARSER_MODULES[kind])
    parse: Callable[..., Manifest] = module.parse
    return parse


def parse_manifest(
    data: bytes | str,
    *,
    path: str,
    kind: ManifestKind,
    read: FileReader | None = None,
) -> Manifest:
    """Parse one manifest of a known kind; refuse oversized input with `InputError`."""
    size = len(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)
    if size > MAX_MANIFEST_BYTES:
        raise InputError(
            f"{path}: {size} bytes is over the {MAX_MANIFEST_BYTES}-byte limit for a manifest"
        )
    text = decode_manifest(data) if isinstance(data, bytes) else data
    return parser_for(kind)(text, path=path, read=read)


def decode_manifest(data: bytes) -> str:
    """UTF-8 (with or without BOM); undecodable bytes become U+FFFD rather than an exception."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")
