"""capdiff's exception tree.

    CapdiffError
    ├── InputError          unusable input: file missing, not a manifest, over a size limit
    ├── ManifestError       a manifest could not be read at all (path, line, message)
    ├── ArchiveError        an archive could not be opened at all
    ├── IndexFetchError     the package index failed (network, 5xx after retries, bad digest)
    │   └── NotFoundError   the project, version or file is gone (404)
    ├── ConfigError         a setting is missing or malformed (names the setting)
    └── PolicyError         the repository policy file is invalid (names the key and line)

Problems inside a readable file are values (`ParseIssue`, incomplete results), not exceptions.
"""

from __future__ import annotations

__all__ = [
    "ArchiveError",
    "CapdiffError",
    "ConfigError",
    "IndexFetchError",
    "InputError",
    "ManifestError",
    "NotFoundError",
    "PolicyError",
]


class CapdiffError(Exception):
    """Base of every error capdiff raises on purpose."""


class InputError(CapdiffError, ValueError):
    pass


class ManifestError(CapdiffError, ValueError):
    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}")


class ArchiveError(CapdiffError):
    pass


class IndexFetchError(CapdiffError):
    pass


class NotFoundError(IndexFetchError):
    pass


class ConfigError(CapdiffError):
    def __init__(self, setting: str, message: str) -> None:
        self.setting = setting
        super().__init__(f"{setting}: {message}")


class PolicyError(CapdiffError):
    def __init__(self, path: str, line: int | None, key: str, message: str) -> None:
        self.path = path
        self.line = line
        self.key = key
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {key}: {message}")
