"""Shared, typed reading of untrusted lock-file documents.

Lock parsers walk a decoded TOML/JSON document key by key through `LockReader`, whose getters
check each value's type and record a `ParseIssue` (with a context path such as
`package[3].wheels[0].hash`) instead of raising. Nothing here raises except on programming
errors; a parser turns the collected issues into `Manifest.errors`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time

from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from bot.manifests._toml import decode_toml, error_line
from bot.model import NormalizedName, ParseIssue, canonicalize_name

__all__ = [
    "Document",
    "LockReader",
    "group_label",
    "load_json",
    "load_toml",
    "vcs_url",
]

Document = Mapping[str, object]

_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
_SHA256_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
# Locks written by tools are already in this form; the fast path skips the general parse.
_CANONICAL_SHA256 = re.compile(r"sha256:[0-9a-f]{64}")


def load_toml(text: str) -> Document | ParseIssue:
    """The decoded document, or the one issue that makes it unreadable."""
    if not text.strip():
        return ParseIssue(line=1, message="empty file: no lock data")
    try:
        return decode_toml(text)
    except RecursionError:
        return ParseIssue(line=None, message="invalid TOML: nesting too deep")
    except ValueError as error:  # a syntax error, or an over-long integer literal
        return ParseIssue(line=error_line(error), message=f"invalid TOML: {error}")


def load_json(text: str) -> tuple[Document | ParseIssue, tuple[str, ...]]:
    """The decoded top-level object (or the issue that makes it unreadable) and duplicate keys.

    json.loads keeps the last of duplicate keys silently; a lock file with two entries for one
    package is suspicious, so the duplicates are returned for the caller to report.
    """
    if not text.strip():
        return ParseIssue(line=1, message="empty file: no lock data"), ()
    duplicates: list[str] = []

    def collect(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
                del result[key]  # the kept (last) value then sits where it was written
            result[key] = value
        return result

    try:
        document = json.loads(text, object_pairs_hook=collect)
    except RecursionError:
        return ParseIssue(line=None, message="invalid JSON: nesting too deep"), ()
    except json.JSONDecodeError as error:
        return ParseIssue(line=error.lineno, message=f"invalid JSON: {error}"), ()
    except ValueError as error:  # an over-long integer literal
        return ParseIssue(line=None, message=f"invalid JSON: {error}"), ()
    if not isinstance(document, dict):
        kind = _type_name(document, table="object")
        return ParseIssue(line=1, message=f"expected a JSON object at the top, got {kind}"), ()
    return document, tuple(duplicates)


def _type_name(value: object, *, table: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return table
    if isinstance(value, list):
        return "array"
    if isinstance(value, datetime | date | time):
        return "datetime"
    return type(value).__name__


def group_label(name: str) -> str:
    """Dependency.group for a lock file's group name, the same across lock formats."""
    if name in {"main", "default"}:
        return "main"
    if name in {"dev", "develop"}:
        return "dev"
    return f"dependency-group:{name}"


def vcs_url(vcs: str, url: str, commit: str | None, subdirectory: str | None = None) -> str:
    """A pip-style direct reference: `git+https://host/repo@commit#subdirectory=sub`."""
    prefix = "" if url.startswith(f"{vcs}+") else f"{vcs}+"
    result = f"{prefix}{url}"
    if commit:
        result += f"@{commit}"
    if subdirectory:
        result += f"#subdirectory={subdirectory}"
    return result


class LockReader:
    """Typed getters over untrusted mappings that record issues instead of raising."""

    def __init__(self, *, table_word: str = "table") -> None:
        self.issues: list[ParseIssue] = []
        self._table_word = table_word
        # A lock file names each package many times (entries and dependency edges).
        self._names: dict[str, NormalizedName] = {}

    def issue(self, line: int | None, context: str, message: str) -> None:
        text = f"{context}: {message}" if context else message
        self.issues.append(ParseIssue(line=line, message=text))

    def _wrong_type(self, line: int | None, context: str, value: object, expected: str) -> None:
        got = _type_name(value, table=self._table_word)
        self.issue(line, context, f"expected {expected}, got {got}")

    def _present(
        self, table: Document, key: str, context: str, line: int | None, *, required: bool
    ) -> object | None:
        value = table.get(key)
        if value is None and required:
            self.issue(line, context, f"missing required key {key!r}")
        return value

    def string(
        self, table: Document, key: str, context: str, line: int | None, *, required: bool = False
    ) -> str | None:
        value = self._present(table, key, context, line, required=required)
        if value is None or isinstance(value, str):
            return value
        self._wrong_type(line, _at(context, key), value, "string")
        return None

    def boolean(self, table: Document, key: str, context: str, line: int | None) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        self._wrong_type(line, _at(context, key), value, "boolean")
        return None

    def integer(self, table: Document, key: str, context: str, line: int | None) -> int | None:
        value = table.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        self._wrong_type(line, _at(context, key), value, "integer")
        return None

    def table(
        self, table: Document, key: str, context: str, line: int | None, *, required: bool = False
    ) -> Document | None:
        value = self._present(table, key, context, line, required=required)
        if value is None or isinstance(value, dict):
            return value
        self._wrong_type(line, _at(context, key), value, f"a {self._table_word}")
        return None

    def array(
        self, table: Document, key: str, context: str, line: int | None, *, required: bool = False
    ) -> list[object] | None:
        value = self._present(table, key, context, line, required=required)
        if value is None or isinstance(value, list):
            return value
        self._wrong_type(line, _at(context, key), value, "an array")
        return None

    def tables(
        self, table: Document, key: str, context: str, line: int | None, *, required: bool = False
    ) -> list[tuple[int, Document]]:
        """(index, item) for every item of an array of tables; wrong items become issues."""
        items = self.array(table, key, context, line, required=required) or []
        result: list[tuple[int, Document]] = []
        for position, item in enumerate(items):
            if isinstance(item, dict):
                result.append((position, item))
            else:
                self._wrong_type(
                    line, f"{_at(context, key)}[{position}]", item, f"a {self._table_word}"
                )
        return result

    def strings(self, table: Document, key: str, context: str, line: int | None) -> list[str]:
        items = self.array(table, key, context, line) or []
        result: list[str] = []
        for position, item in enumerate(items):
            if isinstance(item, str):
                result.append(item)
            else:
                self._wrong_type(line, f"{_at(context, key)}[{position}]", item, "string")
        return result

    def as_table(self, value: object, context: str, line: int | None) -> Document | None:
        if isinstance(value, dict):
            return value
        self._wrong_type(line, context, value, f"a {self._table_word}")
        return None

    # Values with meaning ------------------------------------------------------------------

    def name(
        self, table: Document, key: str, context: str, line: int | None
    ) -> NormalizedName | None:
        raw = self.string(table, key, context, line, required=True)
        if raw is None:
            return None
        if (known := self._names.get(raw)) is not None:
            return known
        if not _NAME.match(raw):
            self.issue(line, _at(context, key), f"invalid project name {raw!r}")
            return None
        name = self._names[raw] = canonicalize_name(raw)
        return name

    def version(
        self, raw: str, context: str, line: int | None
    ) -> tuple[Version | None, SpecifierSet]:
        """A locked version and its `==` specifier.

        A version that is not PEP 440 is kept as `===raw` (version None) so the entry still
        shows up in a diff, and reported as an issue.
        """
        try:
            version = Version(raw)
        except InvalidVersion:
            self.issue(line, context, f"invalid version {raw!r} (not PEP 440)")
            try:
                return None, SpecifierSet(f"==={raw}")
            except InvalidSpecifier:
                return None, SpecifierSet()
        return version, SpecifierSet(f"=={version}")

    def marker(self, raw: str, context: str, line: int | None) -> Marker | None:
        try:
            return Marker(raw)
        except InvalidMarker as error:
            self.issue(line, context, f"invalid marker {raw!r}: {_first_line(error)}")
            return None

    def sha256(self, raw: str, context: str, line: int | None) -> str | None:
        """`sha256:<hex>` (lower case) from `sha256:<hex>`; other algorithms give None."""
        if _CANONICAL_SHA256.fullmatch(raw):
            return raw
        algorithm, sep, digest = raw.partition(":")
        if not sep:
            self.issue(line, context, f"malformed hash {_shorten(raw)!r} (expected 'algo:hex')")
            return None
        return self.sha256_digest(algorithm, digest, context, line)

    def sha256_digest(
        self, algorithm: str, digest: str, context: str, line: int | None
    ) -> str | None:
        if algorithm.lower() != "sha256":
            return None  # md5/sha1 entries exist in old locks; we compare sha256 only
        if not _SHA256_HEX.match(digest):
            self.issue(line, context, f"malformed sha256 digest {_shorten(digest)!r}")
            return None
        return f"sha256:{digest.lower()}"


def _at(context: str, key: str) -> str:
    return f"{context}.{key}" if context else key


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
