"""Policy file parsing, ignore rules, actions, verdicts and path globs."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from bot.comparison import findings_to_alerts
from bot.errors import PolicyError
from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    Finding,
    PackageResult,
    Reputation,
    Severity,
    Standing,
    Verdict,
    canonicalize_name,
)
from bot.policy import (
    CAPABILITY_TYPES,
    DEFAULT_ACTIONS,
    TEST_CODE_REASON,
    CommentMode,
    IgnoreRule,
    Policy,
    action_for,
    apply_policy,
    decide_action,
    decide_verdict,
    expired_ignore_notes,
    expired_ignores,
    glob_match,
    ignore_matches,
    load_policy,
    path_selected,
    settle_package,
)

TODAY = date(2026, 11, 28)

FULL = """\
alerts:
  network: block
  fresh-release: ignore
  vulnerability: warn
ignore:
  - package: Requests
    version: ">=2.32,<3"
    alerts: [network, shell]
    until: 2027-01-31
    reason: "vetted by security team"
  - package: six
    version: 1.16.0
paths:
  include: ["requirements/*.txt", "pyproject.toml"]
  exclude: ["docs/**"]
drafts: analyze
comment: always
"""


def test_every_key_is_read() -> None:
    policy = load_policy(FULL, ref="main")
    expected_actions = dict(DEFAULT_ACTIONS)
    expected_actions[AlertType.NETWORK] = Action.BLOCK
    expected_actions[AlertType.FRESH_RELEASE] = Action.IGNORE
    expected_actions[AlertType.VULNERABILITY] = Action.WARN
    assert dict(policy.actions) == expected_actions
    assert policy.explicit_actions == {
        AlertType.NETWORK,
        AlertType.FRESH_RELEASE,
        AlertType.VULNERABILITY,
    }
    assert policy.ignores == (
        IgnoreRule(
            name=canonicalize_name("requests"),
            specifier=SpecifierSet(">=2.32,<3"),
            types=frozenset({AlertType.NETWORK, AlertType.SHELL}),
            expires=date(2027, 1, 31),
            reason="vetted by security team",
            origin=".github/capdiff.yml:6",
        ),
        IgnoreRule(
            name=canonicalize_name("six"),
            specifier=SpecifierSet("==1.16.0"),
            origin=".github/capdiff.yml:11",
        ),
    )
    assert policy.include_paths == ("requirements/*.txt", "pyproject.toml")
    assert policy.exclude_paths == ("docs/**",)
    assert policy.analyze_drafts is True
    assert policy.comment_mode is CommentMode.ALWAYS
    assert policy.source == ".github/capdiff.yml@main"


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "---\n", "~\n"])
def test_an_empty_file_is_the_default_policy(text: str) -> None:
    assert load_policy(text, path="p.yml") == Policy(source="p.yml")


def test_defaults() -> None:
    policy = load_policy("drafts: skip\ncomment: never\nalerts:\nignore:\n")
    assert policy.analyze_drafts is False
    assert policy.comment_mode is CommentMode.NEVER
    assert policy.actions == DEFAULT_ACTIONS
    assert policy.ignores == ()


def test_single_strings_count_as_lists() -> None:
    policy = load_policy(
        "paths:\n  include: requirements.txt\nignore:\n  - package: x\n    alerts: network\n"
    )
    assert policy.include_paths == ("requirements.txt",)
    assert policy.ignores[0].types == {AlertType.NETWORK}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "colour: red\n",
            "p.yml:1: colour: unknown key; expected one of: alerts, ignore, paths, drafts, "
            "comment, reputation",
        ),
        (
            "alerts:\n  netwrk: block\n",
            "p.yml:2: alerts.netwrk: unknown alert type 'netwrk' (see ALERTS.md for the list)",
        ),
        (
            "alerts:\n  network: deny\n",
            "p.yml:2: alerts.network: expected one of: block, warn, monitor, ignore; got 'deny'",
        ),
        (
            "alerts:\n  network: [block]\n",
            "p.yml:2: alerts.network: expected one of: block, warn, monitor, ignore; got a list",
        ),
        ("alerts: block\n", "p.yml:1: alerts: expected a mapping, got a string"),
        ("alerts:\n  1: block\n", "p.yml:2: alerts.1: keys must be strings"),
        ("ignore:\n  package: x\n", "p.yml:2: ignore: expected a list, got a mapping"),
        ("ignore:\n  - requests\n", "p.yml:2: ignore[0]: expected a mapping, got a string"),
        (
            "ignore:\n  - version: '1'\n",
            "p.yml:2: ignore[0].package: missing; name the package to accept",
        ),
        (
            "ignore:\n  - package: 'not a name!'\n",
            "p.yml:2: ignore[0].package: not a valid package name: 'not a name!'",
        ),
        (
            "ignore:\n  - package: 12\n",
            "p.yml:2: ignore[0].package: expected a string, got a number",
        ),
        (
            "ignore:\n  - package: x\n  - package: y\n    version: '>>1'\n",
            "p.yml:4: ignore[1].version: not a version or specifier: '>>1'",
        ),
        (
            "ignore:\n  - package: y\n    version: banana\n",
            "p.yml:3: ignore[0].version: not a version or specifier: 'banana'",
        ),
        (
            "ignore:\n  - package: x\n  - package: y\n    until: 2027-02-30\n",
            "p.yml:4: ignore[1].until: not a date (YYYY-MM-DD): '2027-02-30'",
        ),
        (
            "ignore:\n  - package: y\n    until: next week\n",
            "p.yml:3: ignore[0].until: not a date (YYYY-MM-DD): 'next week'",
        ),
        (
            "ignore:\n  - package: y\n    alerts: [network, nope]\n",
            "p.yml:3: ignore[0].alerts[1]: unknown alert type 'nope' (see ALERTS.md for the list)",
        ),
        (
            "ignore:\n  - package: y\n    alerts: {network: 1}\n",
            "p.yml:3: ignore[0].alerts: expected a list of strings, got a mapping",
        ),
        (
            "ignore:\n  - package: y\n    reason: 5\n",
            "p.yml:3: ignore[0].reason: expected a string, got a number",
        ),
        (
            "ignore:\n  - package: y\n    why: because\n",
            "p.yml:3: ignore[0].why: unknown key; "
            "expected one of: package, version, alerts, until, reason",
        ),
        ("paths:\n  include: [1]\n", "p.yml:2: paths.include[0]: expected a string, got a number"),
        ("paths:\n  include: ['  ']\n", "p.yml:2: paths.include: empty pattern"),
        (
            "paths:\n  only: ['x']\n",
            "p.yml:2: paths.only: unknown key; expected one of: include, exclude",
        ),
        ("drafts: yes\n", "p.yml:1: drafts: expected one of: skip, analyze; got a boolean"),
        (
            "comment: sometimes\n",
            "p.yml:1: comment: expected one of: on-alert, always, never; got 'sometimes'",
        ),
        ("drafts: skip\ndrafts: analyze\n", "p.yml:2: drafts: duplicate key"),
        ("alerts:\n  network: warn\n  network: block\n", "p.yml:3: alerts.network: duplicate key"),
        ("- alerts\n", "p.yml:1: (file): expected a mapping at the top, got a list"),
        ("just text\n", "p.yml:1: (file): expected a mapping at the top, got a string"),
        (
            "alerts: {network: block\n",
            "p.yml:2: (file): invalid YAML: while parsing a flow "
            "mapping expected ',' or '}', but got '<stream end>'",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "p.yml:2: (file): invalid YAML: expected a single document in "
            "the stream but found another document",
        ),
        (
            "x: &a [1]\ny: *a\n",
            "p.yml:2: (file): invalid YAML: aliases (*name) are not allowed in a policy file",
        ),
        (
            "drafts: !!python/object:os.system skip\n",
            "p.yml:1: drafts: expected one of: "
            "skip, analyze; got a value tagged tag:yaml.org,2002:python/object:os.system",
        ),
    ],
)
def test_errors_name_the_key_and_line(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(text, path="p.yml")
    assert str(caught.value) == message


def test_error_attributes() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy("ignore:\n  - package: y\n    until: soon\n")
    assert (caught.value.path, caught.value.line, caught.value.key) == (
        ".github/capdiff.yml",
        3,
        "ignore[0].until",
    )


def test_oversized_file_is_refused() -> None:
    text = "# padding\n" * 30_000
    with pytest.raises(PolicyError) as caught:
        load_policy(text, path="p.yml")
    assert str(caught.value) == "p.yml: (file): larger than 256 KB"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(PolicyError) as caught:
        load_policy("\n".join(lines), path="p.yml")
    assert str(caught.value) == (
        "p.yml:2: (file): invalid YAML: aliases (*name) are not allowed in a policy file"
    )


def test_node_count_is_capped() -> None:
    text = "paths:\n  include: [" + ",".join(["x"] * 30_000) + "]\n"
    with pytest.raises(PolicyError) as caught:
        load_policy(text, path="p.yml")
    assert str(caught.value) == "p.yml:2: (file): invalid YAML: more than 20000 YAML nodes"


# --- actions and ignore rules ------------------------------------------------------------


def make_alert(
    alert_type: AlertType,
    *,
    package: str = "requests",
    version: str | None = "2.32.3",
    severity: Severity = Severity.HIGH,
    action: Action = Action.WARN,
) -> Alert:
    return Alert(
        type=alert_type,
        severity=severity,
        action=action,
        message=f"{alert_type.value} found",
        package=canonicalize_name(package),
        version=version,
    )


def package_with(*alerts: Alert, reasons: tuple[str, ...] = ()) -> PackageResult:
    return PackageResult(
        name=alerts[0].package if alerts else canonicalize_name("requests"),
        change=ChangeKind.UPGRADED,
        old_version="2.31.0",
        new_version="2.32.3",
        alerts=alerts,
        incomplete_reasons=reasons,
    )


def test_action_for_uses_defaults_and_overrides() -> None:
    policy = load_policy("alerts:\n  network: block\n")
    assert action_for(policy, AlertType.NETWORK, Severity.LOW) is Action.BLOCK
    assert action_for(policy, AlertType.SHELL, Severity.LOW) is Action.WARN
    for alert_type in AlertType:
        assert action_for(Policy(), alert_type, Severity.LOW) is DEFAULT_ACTIONS[alert_type]


def test_critical_vulnerabilities_block_unless_the_policy_says_otherwise() -> None:
    default = Policy()
    assert action_for(default, AlertType.VULNERABILITY, Severity.CRITICAL) is Action.BLOCK
    assert action_for(default, AlertType.VULNERABILITY, Severity.HIGH) is Action.WARN
    stated = load_policy("alerts:\n  vulnerability: monitor\n")
    assert action_for(stated, AlertType.VULNERABILITY, Severity.CRITICAL) is Action.MONITOR


def test_apply_policy_rederives_actions_and_drops_ignored_types() -> None:
    policy = load_policy("alerts:\n  network: block\n  fresh-release: ignore\n")
    package = package_with(
        make_alert(AlertType.NETWORK, action=Action.WARN),
        make_alert(AlertType.FRESH_RELEASE, action=Action.MONITOR),
        make_alert(AlertType.SHELL, action=Action.BLOCK),
    )
    (result,) = apply_policy([package], policy, today=TODAY)
    assert [(a.type, a.action) for a in result.alerts] == [
        (AlertType.NETWORK, Action.BLOCK),
        (AlertType.SHELL, Action.WARN),
    ]


@pytest.mark.parametrize(
    ("rule", "dropped"),
    [
        ("- package: requests", {"network", "shell"}),
        ("- package: Requests\n  alerts: [shell]", {"shell"}),
        ("- package: requests\n  version: '>=2.32,<3'", {"network", "shell"}),
        ("- package: requests\n  version: 2.32.3", {"network", "shell"}),
        ("- package: requests\n  version: '<2.32'", set()),
        ("- package: requests\n  version: 2.32.4", set()),
        ("- package: requests\n  version: 2.32.*", {"network", "shell"}),
        ("- package: requests\n  version: 2.31.*", set()),
        ("- package: urllib3", set()),
        ("- package: requests\n  until: 2026-11-28", {"network", "shell"}),  # last day applies
        ("- package: requests\n  until: 2026-11-27", set()),  # expired
    ],
)
def test_ignore_rules(rule: str, dropped: set[str]) -> None:
    policy = load_policy("ignore:\n" + "\n".join("  " + line for line in rule.splitlines()))
    package = package_with(make_alert(AlertType.NETWORK), make_alert(AlertType.SHELL))
    (result,) = apply_policy([package], policy, today=TODAY)
    assert {a.type.value for a in result.alerts} == {"network", "shell"} - dropped


def test_extra_ignores_from_comments_apply_too() -> None:
    rule = IgnoreRule(
        name=canonicalize_name("requests"),
        types=frozenset({AlertType.NETWORK}),
        origin="@alice on PR #3",
    )
    package = package_with(make_alert(AlertType.NETWORK), make_alert(AlertType.SHELL))
    (result,) = apply_policy([package], Policy(), today=TODAY, extra_ignores=[rule])
    assert [a.type for a in result.alerts] == [AlertType.SHELL]


def test_a_version_specifier_never_matches_an_unknown_or_invalid_version() -> None:
    policy = load_policy("ignore:\n  - package: requests\n    version: '>=1'\n")
    for version in (None, "not-a-version"):
        package = package_with(make_alert(AlertType.NETWORK, version=version))
        (result,) = apply_policy([package], policy, today=TODAY)
        assert len(result.alerts) == 1


def test_prereleases_match_a_specifier() -> None:
    policy = load_policy("ignore:\n  - package: requests\n    version: '>=2'\n")
    package = package_with(make_alert(AlertType.NETWORK, version="3.0.0rc1"))
    assert apply_policy([package], policy, today=TODAY)[0].alerts == ()


def test_apply_policy_keeps_packages_and_incomplete_reasons() -> None:
    policy = load_policy("ignore:\n  - package: requests\n")
    package = package_with(make_alert(AlertType.NETWORK), reasons=("sdist unreadable",))
    (result,) = apply_policy([package], policy, today=TODAY)
    assert result == dataclasses.replace(package, alerts=())


def test_expired_ignores_are_listed() -> None:
    policy = load_policy(
        "ignore:\n  - package: a\n    until: 2026-01-01\n  - package: b\n    until: 2027-01-01\n"
    )
    assert [rule.name for rule in expired_ignores(policy, today=TODAY)] == ["a"]
    comment_rule = IgnoreRule(
        name=canonicalize_name("b"),
        specifier=SpecifierSet("==1.0"),
        types=frozenset({AlertType.SHELL, AlertType.NETWORK}),
        expires=date(2026, 11, 1),
        origin="@alice on PR #3",
    )
    assert expired_ignore_notes(policy, today=TODAY, extra_ignores=[comment_rule]) == (
        "The ignore rule for a from .github/capdiff.yml:2 expired on 2026-01-01; "
        "its alerts are reported again.",
        "The ignore rule for b ==1.0 (network, shell) from @alice on PR #3 expired on "
        "2026-11-01; its alerts are reported again.",
    )


# --- verdict ----------------------------------------------------------------------------


def test_verdicts() -> None:
    blocked = package_with(make_alert(AlertType.NETWORK, action=Action.BLOCK))
    warned = package_with(make_alert(AlertType.NETWORK, action=Action.WARN))
    incomplete = package_with(reasons=("wheel too large",))
    incomplete_alert = package_with(make_alert(AlertType.INCOMPLETE_ANALYSIS))
    assert decide_verdict([]) is Verdict.PASS
    assert decide_verdict([warned]) is Verdict.PASS
    assert decide_verdict([warned, incomplete]) is Verdict.INCOMPLETE
    assert decide_verdict([incomplete_alert]) is Verdict.INCOMPLETE
    assert decide_verdict([warned], errors=["index down"]) is Verdict.INCOMPLETE
    assert decide_verdict([blocked, incomplete], errors=["x"]) is Verdict.BLOCK


# --- paths ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("requirements/*.txt", "requirements/dev.txt", True),
        ("requirements/*.txt", "requirements/sub/dev.txt", False),
        ("requirements/*.txt", "other/requirements/dev.txt", False),
        ("pyproject.toml", "pyproject.toml", True),
        ("pyproject.toml", "services/api/pyproject.toml", True),  # no "/": any directory
        ("/pyproject.toml", "services/api/pyproject.toml", False),
        ("docs/**", "docs/requirements.txt", True),
        ("docs/**", "docs/a/b/requirements.txt", True),
        ("docs/**", "src/docs/requirements.txt", False),
        ("docs/", "docs/a/requirements.txt", True),
        ("**/docs/**", "src/docs/requirements.txt", True),
        ("src/**/requirements*.txt", "src/requirements-dev.txt", True),
        ("src/**/requirements*.txt", "src/a/b/requirements.txt", True),
        ("src/**/requirements*.txt", "src/a/b/setup.cfg", False),
        ("req?.txt", "req1.txt", True),
        ("req[0-9].txt", "reqa.txt", False),
        ("*.txt", "a/b.txt", True),
        ("a/*", "a/b/c.txt", False),
        ("**", "anything/at/all.txt", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_glob_match_does_not_explode() -> None:
    pattern = "/".join(["**"] * 40) + "/x"
    assert glob_match(pattern, "/".join(["a"] * 60)) is False


def test_path_selected() -> None:
    policy = load_policy(FULL)
    assert path_selected(policy, "requirements/base.txt")
    assert path_selected(policy, "pyproject.toml")
    assert not path_selected(policy, "setup.cfg")
    assert not path_selected(Policy(exclude_paths=("docs/**",)), "docs/requirements.txt")
    assert path_selected(Policy(), "any/where/requirements.txt")


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,
        "alerts: " + "{a: " * 5000 + "}" * 5000,
    ],
)
def test_deep_nesting_is_refused_not_a_crash(text: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(text, path="p.yml")
    assert str(caught.value) == "p.yml:1: (file): invalid YAML: nested deeper than 32 levels"


def test_control_characters_are_a_yaml_error() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy("drafts: \x00", path="p.yml")
    assert str(caught.value).startswith(
        "p.yml: (file): invalid YAML: unacceptable character #x0000"
    )


_yaml_fragments = st.sampled_from(
    [
        "alerts:",
        "ignore:",
        "paths:",
        "drafts:",
        "comment:",
        "include:",
        "exclude:",
        "- package: x",
        "version:",
        "until:",
        "alerts: [network]",
        "network: block",
        "&a",
        "*a",
        "!!python/object:os.system",
        "{",
        "}",
        "[",
        "]",
        "'",
        '"',
        ":",
        "- ",
        "2027-01-31",
        ">=1,<2",
        "~",
        "yes",
        "1.5",
        "\t",
        "\n",
        "  ",
        "\n  ",
        "\n    ",
        "---",
        "...",
        "%YAML 1.1",
        "? ",
        "|",
        ">",
        "#",
        "\x00",
        "\ufeff",
        "é",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_yaml_fragments, max_size=40).map("".join) | st.text(max_size=200))
def test_only_policy_error_escapes(text: str) -> None:
    try:
        load_policy(text)
    except PolicyError as error:
        assert error.path == ".github/capdiff.yml"


# -- ALERTS.md v2: capabilities inform, threats block; reputation moves capabilities only ----

# ALERTS.md v2's "default" column, as written there (the v1 `install-network` follows
# `install-process`; `incomplete-analysis` blocks unless reputation lowers it).
ALERTS_MD_V2 = {
    "network": "warn", "shell": "warn", "dynamic-code": "warn", "filesystem-write": "monitor",
    "sensitive-read": "warn", "env-secrets": "warn", "native-code": "monitor",
    "system-hooks": "warn", "install-script": "warn", "install-process": "monitor",
    "pth-hook": "warn", "import-time-side-effect": "warn", "obfuscated-code": "warn",
    "high-entropy-string": "monitor", "suspicious-url": "warn", "invisible-unicode": "warn",
    "artifact-mismatch": "warn",
    "obfuscated-exec": "block", "download-exec": "block", "exfiltration": "block",
    "credential-theft": "block", "install-time-payload": "block", "reverse-shell": "block",
    "persistence": "block", "hidden-process": "block", "unsafe-archive": "block",
    "malware": "block", "typosquat": "block", "vulnerability": "warn", "yanked": "warn",
    "new-maintainer": "warn", "fresh-release": "monitor", "no-source-link": "monitor",
    "direct-url-dependency": "warn",
    "install-network": "monitor", "incomplete-analysis": "block",
}
THREATS = frozenset(
    AlertType(name)
    for name in (
        "obfuscated-exec", "download-exec", "exfiltration", "credential-theft",
        "install-time-payload", "reverse-shell", "persistence", "hidden-process",
        "unsafe-archive", "malware", "typosquat",
    )
)
ESTABLISHED = Reputation(standing=Standing.ESTABLISHED, rank=7)
NEW = Reputation(standing=Standing.NEW, age_days=3, releases=1)
ORDINARY = Reputation(standing=Standing.ORDINARY, age_days=400, releases=5)


def test_default_actions_are_alerts_md_v2() -> None:
    assert {t.value: a.value for t, a in DEFAULT_ACTIONS.items()} == ALERTS_MD_V2
    assert set(DEFAULT_ACTIONS) == set(AlertType)
    assert not [t for t in CAPABILITY_TYPES if DEFAULT_ACTIONS[t] is Action.BLOCK]


def decided(
    alert_type: AlertType,
    reputation: Reputation | None,
    change: ChangeKind = ChangeKind.ADDED,
    policy: Policy | None = None,
) -> tuple[Action, str]:
    return decide_action(
        policy or Policy(), alert_type, Severity.HIGH, reputation=reputation, change=change
    )


def test_an_established_added_package_keeps_every_capability_in_monitor() -> None:
    for alert_type in CAPABILITY_TYPES:
        action, why = decided(alert_type, ESTABLISHED)
        assert action is Action.MONITOR, alert_type
        expected = "" if DEFAULT_ACTIONS[alert_type] is Action.MONITOR else "established: #7"
        assert why == expected + (" most downloaded" if expected else "")


def test_an_established_upgrade_lowers_common_capabilities_only() -> None:
    upgrade = ChangeKind.UPGRADED
    assert decided(AlertType.NETWORK, ESTABLISHED, upgrade) == (
        Action.MONITOR,
        "established: #7 most downloaded",
    )
    assert decided(AlertType.DYNAMIC_CODE, ESTABLISHED, upgrade)[0] is Action.MONITOR
    for rare in (AlertType.PTH_HOOK, AlertType.SENSITIVE_READ, AlertType.INVISIBLE_UNICODE):
        assert decided(rare, ESTABLISHED, upgrade) == (Action.WARN, "")


def test_a_new_package_raises_monitored_capabilities_to_warn_never_block() -> None:
    for alert_type in CAPABILITY_TYPES:
        action, why = decided(alert_type, NEW)
        assert action is Action.WARN, alert_type
        raised = DEFAULT_ACTIONS[alert_type] is Action.MONITOR
        assert why == ("new: first release 3 days ago, 1 release" if raised else "")
    # An ordinary project, or one the pipeline knows nothing about, gets the table.
    for alert_type in AlertType:
        for reputation in (ORDINARY, None):
            assert decided(alert_type, reputation) == (DEFAULT_ACTIONS[alert_type], "")


def test_reputation_never_moves_threats_identity_or_metadata_alerts() -> None:
    for alert_type in set(AlertType) - CAPABILITY_TYPES - {AlertType.INCOMPLETE_ANALYSIS}:
        for reputation in (ESTABLISHED, NEW):
            for change in (ChangeKind.ADDED, ChangeKind.UPGRADED):
                assert decided(alert_type, reputation, change) == (
                    DEFAULT_ACTIONS[alert_type],
                    "",
                )
    for threat in THREATS:
        assert decided(threat, ESTABLISHED)[0] is Action.BLOCK


def test_a_stated_action_wins_over_reputation_and_reputation_can_be_off() -> None:
    stated = load_policy("alerts:\n  network: warn\n  install-process: block\n")
    assert decided(AlertType.NETWORK, ESTABLISHED, policy=stated) == (Action.WARN, "")
    assert decided(AlertType.SHELL, ESTABLISHED, policy=stated)[0] is Action.MONITOR
    assert decided(AlertType.INSTALL_PROCESS, ESTABLISHED, policy=stated)[0] is Action.BLOCK
    assert decided(AlertType.INSTALL_NETWORK, ESTABLISHED, policy=stated)[0] is Action.BLOCK
    off = load_policy("reputation: off\n")
    assert off.use_reputation is False
    assert load_policy("reputation: 'off'\n").use_reputation is False
    assert load_policy("reputation: on\n").use_reputation is True
    assert decided(AlertType.NETWORK, ESTABLISHED, policy=off) == (Action.WARN, "")
    assert decided(AlertType.NATIVE_CODE, NEW, policy=off) == (Action.MONITOR, "")
    assert decided(AlertType.INCOMPLETE_ANALYSIS, ESTABLISHED, policy=off)[0] is Action.BLOCK
    with pytest.raises(PolicyError, match=r"p.yml:1: reputation: expected one of: on, off"):
        load_policy("reputation: maybe\n", path="p.yml")


def test_install_network_is_a_deprecated_alias_of_install_process() -> None:
    policy = load_policy("alerts:\n  install-network: block\n")
    assert policy.actions[AlertType.INSTALL_PROCESS] is Action.BLOCK
    assert policy.explicit_actions == {AlertType.INSTALL_PROCESS}
    # Alerts still carrying the v1 type follow install-process.
    assert action_for(policy, AlertType.INSTALL_NETWORK, Severity.HIGH) is Action.BLOCK
    assert action_for(Policy(), AlertType.INSTALL_NETWORK, Severity.HIGH) is Action.MONITOR
    with pytest.raises(PolicyError, match="install-process is already set"):
        load_policy("alerts:\n  install-process: warn\n  install-network: block\n")
    rule = load_policy(
        "ignore:\n  - package: requests\n    alerts: [install-network]\n"
    ).ignores[0]
    assert rule.types == {AlertType.INSTALL_PROCESS}
    for alert_type in (AlertType.INSTALL_NETWORK, AlertType.INSTALL_PROCESS):
        assert ignore_matches(rule, make_alert(alert_type), today=TODAY)
    assert not ignore_matches(rule, make_alert(AlertType.INSTALL_SCRIPT), today=TODAY)


def unread_package(reputation: Reputation | None, *alerts: Alert) -> PackageResult:
    return PackageResult(
        name=canonicalize_name("padded"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0",
        alerts=alerts,
        incomplete_reasons=("padded-1.0.whl: padded/x.py not analyzed: too large",),
        reputation=reputation,
        unread_code=True,
    )


def test_unread_code_of_a_package_without_reputation_blocks() -> None:
    for reputation in (NEW, ORDINARY, None):
        (settled,) = apply_policy([unread_package(reputation)], Policy(), today=TODAY)
        (alert,) = settled.alerts
        assert (alert.type, alert.action) == (AlertType.INCOMPLETE_ANALYSIS, Action.BLOCK)
        assert alert.message.startswith("padded 1.0 could not be verified (")
        assert "padded/x.py not analyzed: too large" in alert.message
        assert decide_verdict([settled]) is Verdict.BLOCK
        # Settling again changes nothing.
        assert apply_policy([settled], Policy(), today=TODAY) == (settled,)


def test_unread_code_of_an_established_package_is_neutral() -> None:
    (settled,) = apply_policy([unread_package(ESTABLISHED)], Policy(), today=TODAY)
    assert settled.alerts == ()
    assert decide_verdict([settled]) is Verdict.INCOMPLETE


def test_policy_relaxes_unverified_packages() -> None:
    relaxed = load_policy("alerts:\n  incomplete-analysis: warn\n")
    (settled,) = apply_policy([unread_package(NEW)], relaxed, today=TODAY)
    assert settled.alerts == ()
    assert decide_verdict([settled]) is Verdict.INCOMPLETE
    accepted = IgnoreRule(
        name=canonicalize_name("padded"), types=frozenset({AlertType.INCOMPLETE_ANALYSIS})
    )
    (settled,) = apply_policy(
        [unread_package(NEW)], Policy(), today=TODAY, extra_ignores=[accepted]
    )
    assert decide_verdict([settled]) is Verdict.INCOMPLETE


def test_a_release_missing_from_the_index_is_not_unverified() -> None:
    missing = dataclasses.replace(unread_package(NEW), unread_code=False)
    (settled,) = apply_policy([missing], Policy(), today=TODAY)
    assert settled.alerts == ()
    assert decide_verdict([settled]) is Verdict.INCOMPLETE


def test_apply_policy_says_where_reputation_moved_an_action() -> None:
    added = dataclasses.replace(
        unread_package(ESTABLISHED, make_alert(AlertType.NETWORK, package="padded")),
        unread_code=False,
    )
    (settled,) = apply_policy([added], Policy(), today=TODAY)
    (alert,) = settled.alerts
    assert (alert.action, alert.adjusted_by) == (
        Action.MONITOR,
        "established: #7 most downloaded",
    )


def test_test_code_caps_capabilities_at_monitor_but_not_threats() -> None:
    def decide(policy: Policy, kind: AlertType, *, test_code: bool) -> tuple[Action, str]:
        return decide_action(policy, kind, Severity.HIGH, reputation=None,
                             change=ChangeKind.UPGRADED, test_code=test_code)

    policy = Policy()
    assert decide(policy, AlertType.SHELL, test_code=False) == (Action.WARN, "")
    assert decide(policy, AlertType.SHELL, test_code=True) == (Action.MONITOR, TEST_CODE_REASON)
    assert decide(policy, AlertType.FILESYSTEM_WRITE, test_code=True) == (Action.MONITOR, "")
    assert decide(policy, AlertType.EXFILTRATION, test_code=True) == (Action.BLOCK, "")
    strict = load_policy("alerts:\n  shell: block\n  network: ignore\n")
    assert decide(strict, AlertType.SHELL, test_code=True) == (Action.MONITOR, TEST_CODE_REASON)
    assert decide(strict, AlertType.NETWORK, test_code=True) == (Action.IGNORE, "")


def test_test_code_findings_become_monitor_alerts_and_stay_monitor() -> None:
    finding = Finding(type=AlertType.SHELL, severity=Severity.HIGH, file="pkg/tests/t.py",
                      line=3, evidence="subprocess.run(['ls'])", reason="Starts a process.",
                      api="subprocess.run", test_code=True)
    own = dataclasses.replace(finding, file="pkg/core.py", test_code=False)
    alerts = findings_to_alerts([finding, own], name=canonicalize_name("pkg"), version="2",
                                policy=Policy())
    package = settle_package(
        PackageResult(name=canonicalize_name("pkg"), change=ChangeKind.UPGRADED,
                      old_version="1", new_version="2", alerts=alerts), Policy())
    assert [(a.file, a.action, a.test_code, a.adjusted_by) for a in package.alerts] == [
        ("pkg/tests/t.py", Action.MONITOR, True, TEST_CODE_REASON),
        ("pkg/core.py", Action.WARN, False, "")]
    [after] = apply_policy([package], load_policy("alerts:\n  shell: block\n"),
                           today=date(2026, 1, 1))
    assert [a.action for a in after.alerts] == [Action.MONITOR, Action.BLOCK]
