"""bot.analysis.compare: what is new in a release, and grouping for the report."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.analysis.compare import FindingGroup, new_findings, summarize
from bot.model import AlertType, Finding, Severity


def finding(api: str, *, file: str = "pkg/a.py", line: int = 1, normalized: str = "",
            type: AlertType = AlertType.SHELL, severity: Severity = Severity.MEDIUM,
            not_installed: bool = False) -> Finding:
    return Finding(type=type, severity=severity, file=file, line=line, evidence=api,
                   reason="r", api=api, normalized=normalized or api,
                   not_installed=not_installed)


def test_moved_and_reformatted_code_is_not_new() -> None:
    old = [finding("subprocess.run", file="pkg/a.py", line=10)]
    new = [finding("subprocess.run", file="pkg/util/b.py", line=99)]
    assert new_findings(old, new) == ()


def test_a_new_key_is_new_with_all_its_occurrences_best_first() -> None:
    old = [finding("subprocess.run")]
    tests_hit = finding("socket.socket", file="tests/t.py", not_installed=True)
    low = finding("socket.socket", file="pkg/b.py", severity=Severity.LOW)
    high = finding("socket.socket", file="pkg/c.py", severity=Severity.HIGH)
    evil = finding("eval", type=AlertType.DYNAMIC_CODE)
    new = [finding("subprocess.run"), tests_hit, low, high, evil]
    assert new_findings(old, new) == (high, low, tests_hit, evil)


def test_more_occurrences_of_a_known_key_are_not_new() -> None:
    old = [finding("os.system")]
    assert new_findings(old, [finding("os.system", line=n) for n in range(5)]) == ()


def test_code_moving_from_tests_into_the_package_is_new() -> None:
    old = [finding("os.system", file="tests/t.py", not_installed=True)]
    installed = finding("os.system", file="pkg/a.py")
    assert new_findings(old, [installed]) == (installed,)
    assert new_findings(old, [finding("os.system", file="tests/u.py", not_installed=True)]) == ()


def test_normalized_text_is_part_of_the_key() -> None:
    old = [finding("subprocess.run", normalized="subprocess.run(['git', …])")]
    new = [finding("subprocess.run", normalized="subprocess.run(['curl', …], shell=True)")]
    assert new_findings(old, new) == tuple(new)


def test_new_package_reports_everything() -> None:
    new = [finding("a"), finding("b")]
    assert new_findings((), new) == tuple(new)


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8),
       st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8))
def test_new_findings_never_contain_an_old_key(old_apis: list[str], new_apis: list[str]) -> None:
    old = [finding(api) for api in old_apis]
    new = [finding(api, line=i) for i, api in enumerate(new_apis)]
    result = new_findings(old, new)
    assert {f.api for f in result} == set(new_apis) - set(old_apis)
    assert len(result) == sum(api not in old_apis for api in new_apis)


def test_summarize_groups_by_type_and_api_with_counts_and_files() -> None:
    many = [finding("subprocess.run", file=f"pkg/m{i % 3}.py", line=i,
                    normalized=f"subprocess.run(cmd{i})") for i in range(40)]
    critical = finding("pth:import", type=AlertType.PTH_HOOK, severity=Severity.CRITICAL,
                       file="x.pth")
    groups = summarize([*many, critical])
    assert groups == (
        FindingGroup(finding=critical, count=1, files=("x.pth",)),
        FindingGroup(finding=many[0], count=40, files=("pkg/m0.py", "pkg/m1.py", "pkg/m2.py")),
    )
    assert groups[0].type is AlertType.PTH_HOOK


def test_summarize_prefers_installed_evidence() -> None:
    in_tests = finding("eval", file="tests/t.py", not_installed=True)
    in_pkg = finding("eval", file="pkg/a.py")
    assert summarize([in_tests, in_pkg]) == (
        FindingGroup(finding=in_pkg, count=2, files=("tests/t.py", "pkg/a.py")),)


def test_summarize_without_api_groups_by_key() -> None:
    a = Finding(type=AlertType.INVISIBLE_UNICODE, severity=Severity.MEDIUM, file="a.py",
                line=1, evidence="", reason="r", normalized="U+202E")
    b = Finding(type=AlertType.INVISIBLE_UNICODE, severity=Severity.MEDIUM, file="b.py",
                line=1, evidence="", reason="r", normalized="U+200B")
    assert [g.count for g in summarize([a, b, a])] == [2, 1]


def test_threats_are_never_diffed_away() -> None:
    # A hijacked project whose previous release was already malicious still blocks.
    threat = finding("exfiltration:requests.post", type=AlertType.EXFILTRATION,
                     severity=Severity.CRITICAL)
    capability = finding("requests.post", type=AlertType.NETWORK)
    assert new_findings([threat, capability], [threat, capability]) == (threat,)
