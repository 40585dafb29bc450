"""Poetry version constraints (`^1.2`, `~1.2`, `>=1 <2`, `1.2.*`, `a || b`) as PEP 440.

Unions: a `SpecifierSet` cannot say "A or B". `to_specifier` returns an empty set (any version)
for a union, because any single clause would wrongly exclude versions the project accepts;
`to_clauses` keeps every clause for callers that can express OR (Python markers can).
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

__all__ = ["InvalidConstraint", "to_clauses", "to_specifier"]

# One Poetry term: an optional operator, optional spaces, a version (which may hold `*`).
_TERM = re.compile(r"\s*(\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*([^\s,<>=!~^|]+)\s*,?")


class InvalidConstraint(ValueError):
    """A string that is not a Poetry version constraint."""


def to_specifier(constraint: str) -> SpecifierSet:
    """The PEP 440 specifier for one Poetry constraint; a union becomes "any version"."""
    clauses = to_clauses(constraint)
    return clauses[0] if len(clauses) == 1 else SpecifierSet()


def to_clauses(constraint: str) -> tuple[SpecifierSet, ...]:
    """One specifier per `||` clause; raises `InvalidConstraint`."""
    # Poetry accepts parentheses around the whole constraint or a clause; poetry's own 1.2
    # pyproject.toml had `virtualenv = "(>=20.4.3,<20.4.5 || >=20.4.7)"`.
    clauses = [_unparenthesize(clause) for clause in _unparenthesize(constraint).split("||")]
    if len(clauses) > 1 and not all(clauses):
        raise InvalidConstraint(f"empty clause in {constraint!r}")
    return tuple(_clause(clause) for clause in clauses)


def _unparenthesize(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _closes_at_end(text):
        text = text[1:-1].strip()
    return text


def _closes_at_end(text: str) -> bool:
    """Whether the `(` at 0 is closed by the last character, as in `(a || b)` but not
    `(a) || (b)`."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


def _clause(text: str) -> SpecifierSet:
    if text in ("", "*"):
        return SpecifierSet()
    parts: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TERM.match(text, pos)
        if match is None or match.end() == pos:
            raise InvalidConstraint(f"cannot read {text[pos:]!r} in {text!r}")
        pos = match.end()
        operator, version = match.group(1) or "", match.group(2)
        parts.extend(_term(operator, version, text))
    try:
        return SpecifierSet(",".join(parts))
    except InvalidSpecifier as exc:
        raise InvalidConstraint(f"{text!r} is not a valid version constraint: {exc}") from exc


def _term(operator: str, version: str, text: str) -> list[str]:
    if version == "*" and operator in ("", "=", "=="):
        return []
    if operator == "^":
        release = _release(version, text)
        nonzero = [i for i, part in enumerate(release) if part != 0]
        return [f">={version}", f"<{_bump(release, nonzero[0] if nonzero else len(release) - 1)}"]
    if operator == "~":
        release = _release(version, text)
        return [f">={version}", f"<{_bump(release, min(len(release) - 1, 1))}"]
    if operator in ("", "="):
        return [f"=={version}"]
    return [f"{operator}{version}"]


def _release(version: str, text: str) -> tuple[int, ...]:
    try:
        return Version(version).release
    except InvalidVersion as exc:
        raise InvalidConstraint(f"{version!r} in {text!r} is not a version") from exc


def _bump(release: tuple[int, ...], index: int) -> str:
    """`release` with the part at `index` plus one and every later part zero."""
    bumped = (*release[:index], release[index] + 1, *([0] * (len(release) - index - 1)))
    return ".".join(str(part) for part in bumped)
