"""Policy: which action each alert gets, which packages are accepted, how capdiff behaves.

The built-in defaults follow ALERTS.md. A repository overrides them in `.github/capdiff.yml`,
read from the pull request's base branch so a pull request cannot weaken its own policy.
"""

from __future__ import annotations

import dataclasses
import enum
import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from bot.model import (
    THREAT_TYPES,
    Action,
    Alert,
    AlertType,
    ChangeKind,
    NormalizedName,
    PackageResult,
    Reputation,
    Severity,
    Standing,
    Verdict,
)

__all__ = [
    "CAPABILITY_TYPES",
    "DEFAULT_ACTIONS",
    "DEFAULT_POLICY_PATH",
    "MAX_POLICY_BYTES",
    "TEST_CODE_REASON",
    "CommentMode",
    "IgnoreRule",
    "Policy",
    "action_for",
    "apply_policy",
    "canonical_type",
    "decide_action",
    "decide_verdict",
    "expired_ignore_notes",
    "expired_ignores",
    "ignore_matches",
    "load_policy",
    "path_selected",
    "settle_package",
]

DEFAULT_POLICY_PATH = ".github/capdiff.yml"
MAX_POLICY_BYTES = 256 * 1024

# ALERTS.md v2: capabilities inform (never block on their own), threats block.
DEFAULT_ACTIONS: Mapping[AlertType, Action] = MappingProxyType(
    {
        # Layer 1: capabilities.
        AlertType.NETWORK: Action.WARN,
        AlertType.SHELL: Action.WARN,
        AlertType.DYNAMIC_CODE: Action.WARN,
        AlertType.FILESYSTEM_WRITE: Action.MONITOR,
        AlertType.SENSITIVE_READ: Action.WARN,
        AlertType.ENV_SECRETS: Action.WARN,
        AlertType.NATIVE_CODE: Action.MONITOR,
        AlertType.SYSTEM_HOOKS: Action.WARN,
        AlertType.INSTALL_SCRIPT: Action.WARN,
        AlertType.INSTALL_PROCESS: Action.MONITOR,
        AlertType.INSTALL_NETWORK: Action.MONITOR,  # deprecated name of install-process
        AlertType.PTH_HOOK: Action.WARN,
        AlertType.IMPORT_TIME_SIDE_EFFECT: Action.WARN,
        AlertType.OBFUSCATED_CODE: Action.WARN,
        AlertType.HIGH_ENTROPY_STRING: Action.MONITOR,
        AlertType.SUSPICIOUS_URL: Action.WARN,
        AlertType.INVISIBLE_UNICODE: Action.WARN,
        AlertType.ARTIFACT_MISMATCH: Action.WARN,
        # Layer 2: threats.
        AlertType.OBFUSCATED_EXEC: Action.BLOCK,
        AlertType.DOWNLOAD_EXEC: Action.BLOCK,
        AlertType.EXFILTRATION: Action.BLOCK,
        AlertType.CREDENTIAL_THEFT: Action.BLOCK,
        AlertType.INSTALL_TIME_PAYLOAD: Action.BLOCK,
        AlertType.REVERSE_SHELL: Action.BLOCK,
        AlertType.PERSISTENCE: Action.BLOCK,
        AlertType.HIDDEN_PROCESS: Action.BLOCK,
        AlertType.UNSAFE_ARCHIVE: Action.BLOCK,
        # Identity, reputation and metadata.
        AlertType.MALWARE: Action.BLOCK,
        AlertType.TYPOSQUAT: Action.BLOCK,
        # Critical advisories block: see `action_for`.
        AlertType.VULNERABILITY: Action.WARN,
        AlertType.YANKED: Action.WARN,
        AlertType.NEW_MAINTAINER: Action.WARN,
        AlertType.FRESH_RELEASE: Action.MONITOR,
        AlertType.NO_SOURCE_LINK: Action.MONITOR,
        AlertType.DIRECT_URL_DEPENDENCY: Action.WARN,
        # A package without a reputation whose code could not be read in full "could not be
        # verified" (`settle_package` adds the alert); an established project's gaps leave
        # the check neutral (see `decide_action`).
        AlertType.INCOMPLETE_ANALYSIS: Action.BLOCK,
    }
)

# Layer 1 of ALERTS.md: what code can do. Only these move with a project's reputation.
CAPABILITY_TYPES = frozenset(
    {
        AlertType.NETWORK,
        AlertType.SHELL,
        AlertType.DYNAMIC_CODE,
        AlertType.FILESYSTEM_WRITE,
        AlertType.SENSITIVE_READ,
        AlertType.ENV_SECRETS,
        AlertType.NATIVE_CODE,
        AlertType.SYSTEM_HOOKS,
        AlertType.INSTALL_SCRIPT,
        AlertType.INSTALL_PROCESS,
        AlertType.INSTALL_NETWORK,
        AlertType.PTH_HOOK,
        AlertType.IMPORT_TIME_SIDE_EFFECT,
        AlertType.OBFUSCATED_CODE,
        AlertType.HIGH_ENTROPY_STRING,
        AlertType.SUSPICIOUS_URL,
        AlertType.INVISIBLE_UNICODE,
        AlertType.ARTIFACT_MISMATCH,
    }
)
# Capabilities an established project's *upgrade* still shows at their table action: rare in
# libraries, common in hijacked releases. Everything else drops one step (warn → monitor).
_KEPT_IN_ESTABLISHED_UPGRADES = frozenset(
    {
        AlertType.SENSITIVE_READ,
        AlertType.SYSTEM_HOOKS,
        AlertType.PTH_HOOK,
        AlertType.OBFUSCATED_CODE,
        AlertType.SUSPICIOUS_URL,
        AlertType.INVISIBLE_UNICODE,
        AlertType.ARTIFACT_MISMATCH,
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
    # (a factory: a mappingproxy is unhashable, so dataclasses refuse it as a plain default)
    actions: Mapping[AlertType, Action] = field(default_factory=lambda: DEFAULT_ACTIONS)
    ignores: tuple[IgnoreRule, ...] = ()
    # Glob patterns on repository paths; empty include means every discovered manifest.
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    analyze_drafts: bool = False
    comment_mode: CommentMode = CommentMode.ON_ALERT
    # "path@ref" of the policy file the rules came from; None for the built-in default.
    source: str | None = None
    # Alert types whose action the policy file states; a stated `vulnerability` action also
    # applies to critical advisories (which otherwise always block). A stated action is
    # never moved by reputation.
    explicit_actions: frozenset[AlertType] = frozenset()
    # `reputation: off`: every package gets the table's actions, whatever its standing.
    use_reputation: bool = True


# ---------------------------------------------------------------------------------------------
# Applying a policy


def canonical_type(alert_type: AlertType) -> AlertType:
    """`install-network` (the v1 name) is `install-process` for policy and ignore rules."""
    return AlertType.INSTALL_PROCESS if alert_type is AlertType.INSTALL_NETWORK else alert_type


def action_for(policy: Policy, alert_type: AlertType, severity: Severity) -> Action:
    """The action `policy`'s table gives an alert of this type and severity.

    A critical `vulnerability` blocks unless the policy file states the `vulnerability`
    action itself (then that action applies to every severity).
    """
    alert_type = canonical_type(alert_type)
    if (
        alert_type is AlertType.VULNERABILITY
        and severity is Severity.CRITICAL
        and AlertType.VULNERABILITY not in policy.explicit_actions
    ):
        return Action.BLOCK
    return policy.actions.get(alert_type, DEFAULT_ACTIONS[alert_type])


def decide_action(
    policy: Policy,
    alert_type: AlertType,
    severity: Severity,
    *,
    reputation: Reputation | None,
    change: ChangeKind,
    test_code: bool = False,
) -> tuple[Action, str]:
    """The action for one alert of a package, and the reputation phrase when it moved it.

    Precedence: an action the policy file states > reputation > the table. Reputation moves
    capabilities only (never threats, identity or metadata alerts):
    - established and added: every capability is `monitor` (at most);
    - established and upgraded: `warn` capabilities drop to `monitor`, except the few that
      are rare in libraries (`_KEPT_IN_ESTABLISHED_UPGRADES`);
    - new (young or few releases): `monitor` capabilities rise to `warn`, never to `block`.
    `incomplete-analysis` blocks unless the project is established (then it warns and the
    check is neutral).
    Found in a test suite or examples shipped inside the package (`test_code`), anything
    but a threat is at most `monitor`, whatever the rest says: a test runner runs that
    code, not the package's users.
    """
    action, why = _decide_action(policy, alert_type, severity, reputation=reputation,
                                 change=change)
    if test_code and alert_type not in THREAT_TYPES and action.rank > Action.MONITOR.rank:
        return Action.MONITOR, TEST_CODE_REASON
    return action, why


# `Alert.adjusted_by` for what a package's own tests or examples do.
TEST_CODE_REASON = "in the package's own tests or examples"


def _decide_action(
    policy: Policy,
    alert_type: AlertType,
    severity: Severity,
    *,
    reputation: Reputation | None,
    change: ChangeKind,
) -> tuple[Action, str]:
    action = action_for(policy, alert_type, severity)
    kind = canonical_type(alert_type)
    if reputation is None or not policy.use_reputation or kind in policy.explicit_actions:
        return action, ""
    moved = _moved_by_reputation(kind, action, reputation.standing, change)
    return moved, ("" if moved is action else reputation.phrase())


def _moved_by_reputation(
    kind: AlertType, action: Action, standing: Standing, change: ChangeKind
) -> Action:
    if action is Action.IGNORE:
        return action
    if kind is AlertType.INCOMPLETE_ANALYSIS:
        established = standing is Standing.ESTABLISHED
        return Action.WARN if established and action is Action.BLOCK else action
    if kind not in CAPABILITY_TYPES:
        return action
    if standing is Standing.ESTABLISHED:
        if change is ChangeKind.ADDED or kind not in _KEPT_IN_ESTABLISHED_UPGRADES:
            return Action.MONITOR if action.rank > Action.MONITOR.rank else action
        return action
    if standing is Standing.NEW and action is Action.MONITOR:
        return Action.WARN
    return action


def ignore_matches(rule: IgnoreRule, alert: Alert, *, today: date) -> bool:
    """True when `rule` accepts `alert`: same package, version inside the specifier, listed
    type (or no types listed) and not expired (`expires` is the last day it applies)."""
    if rule.expires is not None and today > rule.expires:
        return False
    if rule.name != alert.package:
        return False
    if rule.types and canonical_type(alert.type) not in {canonical_type(t) for t in rule.types}:
        return False
    if not rule.specifier:
        return True
    if alert.version is None:
        return False
    try:
        version = Version(alert.version)
    except InvalidVersion:
        return False
    return rule.specifier.contains(version, prereleases=True)


def expired_ignores(
    policy: Policy, *, today: date, extra_ignores: Sequence[IgnoreRule] = ()
) -> tuple[IgnoreRule, ...]:
    """Ignore rules whose `until` date has passed, so a report can say they no longer apply."""
    return tuple(
        rule
        for rule in (*policy.ignores, *extra_ignores)
        if rule.expires is not None and today > rule.expires
    )


def expired_ignore_notes(
    policy: Policy, *, today: date, extra_ignores: Sequence[IgnoreRule] = ()
) -> tuple[str, ...]:
    """One sentence per expired ignore rule, for the report's notes."""
    notes = []
    for rule in expired_ignores(policy, today=today, extra_ignores=extra_ignores):
        what = rule.name + (f" {rule.specifier}" if rule.specifier else "")
        if rule.types:
            what += " (" + ", ".join(sorted(t.value for t in rule.types)) + ")"
        origin = f" from {rule.origin}" if rule.origin else ""
        notes.append(
            f"The ignore rule for {what}{origin} expired on {rule.expires}; "
            "its alerts are reported again."
        )
    return tuple(notes)


def settle_package(package: PackageResult, policy: Policy) -> PackageResult:
    """Every alert's action under `policy` and the package's reputation, plus an
    `incomplete-analysis` alert when code that could not be read makes the package
    unverifiable (its action blocks: no reputation). A release missing from the index is
    incomplete but not unverifiable (nothing from it installs). Idempotent; ignore rules are
    `apply_policy`'s business."""
    alerts = list(package.alerts)
    has_incomplete_alert = any(a.type is AlertType.INCOMPLETE_ANALYSIS for a in alerts)
    if package.unread_code and not has_incomplete_alert:
        unverified = _unverified_alert(package, policy)
        if unverified is not None:
            alerts.append(unverified)
    settled = []
    for alert in alerts:
        action, why = decide_action(
            policy, alert.type, alert.severity, reputation=package.reputation,
            change=package.change, test_code=alert.test_code,
        )
        unchanged = alert.action is action and alert.adjusted_by == why
        settled.append(
            alert if unchanged else dataclasses.replace(alert, action=action, adjusted_by=why)
        )
    return dataclasses.replace(package, alerts=tuple(settled))


def _unverified_alert(package: PackageResult, policy: Policy) -> Alert | None:
    action, _ = decide_action(
        policy, AlertType.INCOMPLETE_ANALYSIS, Severity.HIGH, reputation=package.reputation,
        change=package.change,
    )
    if action is not Action.BLOCK:
        return None  # the reasons alone make the check neutral
    version = package.new_version or package.old_version
    title = f"{package.name} {version}" if version else package.name
    standing = package.reputation.phrase() if package.reputation else "reputation unknown"
    first, *more = package.incomplete_reasons or ("its code could not be read in full",)
    also = f" (and {len(more)} more)" if more else ""
    return Alert(
        type=AlertType.INCOMPLETE_ANALYSIS,
        severity=Severity.HIGH,
        action=action,
        message=(
            f"{title} could not be verified ({standing}): {first[:300]}{also}. A package "
            "without a reputation must be read in full to pass."
        ),
        package=package.name,
        version=version,
    )


def apply_policy(
    packages: Sequence[PackageResult],
    policy: Policy,
    *,
    today: date,
    extra_ignores: Sequence[IgnoreRule] = (),
) -> tuple[PackageResult, ...]:
    """Re-derive every alert's action from `policy` (see `settle_package`) and drop what it
    ignores or accepts.

    An alert is dropped when its action is `ignore` or an unexpired ignore rule (from the
    policy file or `extra_ignores`, e.g. `@capdiff ignore` comments) matches it. Packages are
    kept even when no alert is left; `incomplete_reasons` are never dropped.
    """
    rules = (*policy.ignores, *extra_ignores)
    results: list[PackageResult] = []
    for package in packages:
        settled = settle_package(package, policy)
        kept = tuple(
            alert
            for alert in settled.alerts
            if alert.action is not Action.IGNORE
            and not any(ignore_matches(rule, alert, today=today) for rule in rules)
        )
        results.append(dataclasses.replace(settled, alerts=kept))
    return tuple(results)


def decide_verdict(packages: Sequence[PackageResult], *, errors: Sequence[str] = ()) -> Verdict:
    """BLOCK if any alert blocks; else INCOMPLETE if anything could not be analyzed; else PASS.

    What could not be read blocks through the `incomplete-analysis` alert `settle_package`
    adds for a package without a reputation; an established one's leaves the check neutral.
    """
    alerts = [alert for package in packages for alert in package.alerts]
    if any(alert.action is Action.BLOCK for alert in alerts):
        return Verdict.BLOCK
    if (
        errors
        or any(package.incomplete_reasons for package in packages)
        or any(alert.type is AlertType.INCOMPLETE_ANALYSIS for alert in alerts)
    ):
        return Verdict.INCOMPLETE
    return Verdict.PASS


# ---------------------------------------------------------------------------------------------
# Path globs


def path_selected(policy: Policy, path: str) -> bool:
    """Whether the manifest at repository-relative `path` is scanned under `policy`.

    Patterns are matched segment by segment: `*`, `?` and `[...]` never cross a `/`, `**`
    matches any number of directories (zero included), a trailing `/` means "everything under".
    A pattern without `/` matches the file name in any directory (like .gitignore).
    An empty include list selects every path; exclude wins over include.
    """
    included = not policy.include_paths or any(glob_match(p, path) for p in policy.include_paths)
    return included and not any(glob_match(p, path) for p in policy.exclude_paths)


def glob_match(pattern: str, path: str) -> bool:
    """Match a POSIX `path` against a glob `pattern` with `**` support (see `path_selected`)."""
    path_parts = [part for part in path.strip("/").split("/") if part not in ("", ".")]
    pattern = pattern.strip()
    if pattern.endswith("/"):
        pattern += "**"
    if "/" not in pattern:
        pattern = "**/" + pattern
    pattern_parts = [part for part in pattern.lstrip("/").split("/") if part not in ("", ".")]
    return _match_segments(tuple(pattern_parts), tuple(path_parts))


def _match_segments(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    # Dynamic programming over (pattern index, path index): linear in their product, so a
    # pattern like `**/**/**/x` cannot go exponential.
    reachable = {0}
    for pattern_part in pattern:
        following: set[int] = set()
        if pattern_part == "**":
            start = min(reachable, default=len(path) + 1)
            following.update(range(start, len(path) + 1))
        else:
            for index in reachable:
                if index < len(path) and fnmatch.fnmatchcase(path[index], pattern_part):
                    following.add(index + 1)
        reachable = following
        if not reachable:
            return False
    return len(path) in reachable


# ---------------------------------------------------------------------------------------------
# Loading `.github/capdiff.yml` (the YAML reading is in `bot.policy_file`)


def load_policy(text: str, *, path: str = DEFAULT_POLICY_PATH, ref: str | None = None) -> Policy:
    """Parse a repository policy file; raise `PolicyError` naming the bad key and its line.

    The schema (every key optional; an empty file means the built-in defaults)::

        alerts:              # per-alert-type action: block | warn | monitor | ignore
          network: block
          fresh-release: ignore
        ignore:              # accepted packages
          - package: requests
            version: ">=2.32,<3"      # optional PEP 440 specifier, or an exact "2.32.3"
            alerts: [network, shell]  # optional; default every alert type
            until: 2027-01-31         # optional; the last day the rule applies
            reason: "vetted by security team"
        paths:               # globs on repository paths; `**` spans directories
          include: ["requirements/*.txt", "pyproject.toml"]
          exclude: ["docs/**"]
        drafts: skip         # skip | analyze (draft pull requests)
        comment: on-alert    # on-alert | always | never
        reputation: on       # on | off (off: no package's actions move with its standing)

    Alert types are the names in ALERTS.md (`install-network`, the v1 name of
    `install-process`, is accepted as a deprecated alias). Stating `vulnerability` also sets
    the action for critical advisories, which otherwise always block. A stated action wins
    over reputation (see `decide_action`). An ignore rule applies to the package's
    new version; once `until` has passed it no longer applies (reports say so). `alerts` and
    `paths.*` also accept a single string. Path patterns: `*` stays within a directory, `**`
    spans any number of them, a pattern without `/` matches a file name anywhere; an empty
    `include` means every manifest; `exclude` wins. `comment: on-alert` posts only when
    something warns or blocks (and edits an earlier comment to "all clear").

    Errors name the key dotted, with 0-based list indexes (`ignore[1].until`), and its
    1-based line; whole-file problems use the key `(file)`. YAML aliases, more than 20,000
    nodes, nesting deeper than 32 levels and files over 256 KB are refused.
    """
    from bot.policy_file import read_policy_file  # noqa: PLC0415 (PyYAML only when used)

    return read_policy_file(text, path=path, ref=ref)
