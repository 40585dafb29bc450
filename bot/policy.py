"""Policy: which action each alert gets, which packages are accepted, how capdiff behaves.

The built-in defaults follow ALERTS.md. A repository overrides them in `.github/capdiff.yml`,
read from the pull request's base branch so a pull request cannot weaken its own policy.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from packaging.specifiers import SpecifierSet

from bot.model import Action, AlertType, NormalizedName

__all__ = [
    "DEFAULT_ACTIONS",
    "CommentMode",
    "IgnoreRule",
    "Policy",
]

DEFAULT_ACTIONS: Mapping[AlertType, Action] = MappingProxyType(
    {
        AlertType.NETWORK: Action.WARN,
        AlertType.SHELL: Action.WARN,
        AlertType.DYNAMIC_CODE: Action.WARN,
        AlertType.FILESYSTEM_WRITE: Action.MONITOR,
        AlertType.SENSITIVE_READ: Action.BLOCK,
        AlertType.ENV_SECRETS: Action.WARN,
        AlertType.NATIVE_CODE: Action.MONITOR,
        AlertType.SYSTEM_HOOKS: Action.WARN,
        AlertType.INSTALL_SCRIPT: Action.WARN,
        AlertType.INSTALL_NETWORK: Action.BLOCK,
        AlertType.PTH_HOOK: Action.BLOCK,
        AlertType.IMPORT_TIME_SIDE_EFFECT: Action.WARN,
        AlertType.OBFUSCATED_EXEC: Action.BLOCK,
        AlertType.OBFUSCATED_CODE: Action.WARN,
        AlertType.HIGH_ENTROPY_STRING: Action.MONITOR,
        AlertType.SUSPICIOUS_URL: Action.WARN,
        AlertType.INVISIBLE_UNICODE: Action.WARN,
        AlertType.ARTIFACT_MISMATCH: Action.WARN,
        AlertType.MALWARE: Action.BLOCK,
        AlertType.TYPOSQUAT: Action.BLOCK,
        # Critical advisories block: see `Policy.action_for`.
        AlertType.VULNERABILITY: Action.WARN,
        AlertType.YANKED: Action.WARN,
        AlertType.NEW_MAINTAINER: Action.WARN,
        AlertType.FRESH_RELEASE: Action.MONITOR,
        AlertType.NO_SOURCE_LINK: Action.MONITOR,
        AlertType.DIRECT_URL_DEPENDENCY: Action.WARN,
        # Incomplete analysis makes the check neutral whatever its action; shown as a warning.
        AlertType.INCOMPLETE_ANALYSIS: Action.WARN,
    }
)


@enum.unique
class CommentMode(enum.StrEnum):
    # Post a comment only when something warns or blocks; edit an existing one to "all clear".
    ON_ALERT = "on-alert"
    # Always keep a comment, even when nothing is new.
    ALWAYS = "always"
    # Never comment; the check run carries everything.
    NEVER = "never"


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreRule:
    """Accept a package's alerts: all of them, or only the listed types."""

    name: NormalizedName
    specifier: SpecifierSet = field(default_factory=SpecifierSet)
    types: frozenset[AlertType] = frozenset()  # empty: every type
    expires: date | None = None
    reason: str = ""
    # Where the rule came from: ".github/capdiff.yml:12" or "@alice on PR #3".
    origin: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    actions: Mapping[AlertType, Action] = field(default_factory=lambda: DEFAULT_ACTIONS)
    ignores: tuple[IgnoreRule, ...] = ()
    # Glob patterns on repository paths; empty include means every discovered manifest.
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    analyze_drafts: bool = False
    comment_mode: CommentMode = CommentMode.ON_ALERT
    # "path@ref" of the policy file the rules came from; None for the built-in default.
    source: str | None = None
