"""The terminal report."""

from __future__ import annotations

from bot.model import Action, AlertType, ChangeKind, PackageResult, ScanResult, Verdict
from bot.model import canonicalize_name as name
from bot.report.text import exit_code_for, render_text

from .samples import alert


def test_realistic_text(result: ScanResult) -> None:
    assert render_text(result) == (
        "4 changed dependencies (requirements.txt)\n"
        "  ⛔ fastjsonx 1.0.2 (added)           typosquat: The name imitates fastjsonschema, "
        "a popular project.; install-network setup.py:14\n"
        "  ⚠  tqdm 4.66.1 → 4.66.4              env-secrets tqdm/contrib/slack.py:41; "
        "fresh-release: Published 2 days ago.\n"
        "  ⚠  httpcore 1.0.5 (added) via httpx  network httpcore/_backends/sync.py:12; "
        "incomplete: the wheel is over the 50 MB download limit\n"
        "  ✓  requests 2.31.0 → 2.32.3          nothing new\n"
        "  error: advisory database unreachable: timed out after 10 s\n"
        "1 blocking finding, 2 warnings — exit 1\n"
    )


def test_color_wraps_symbols_and_the_verdict(result: ScanResult) -> None:
    lines = render_text(result, color=True).splitlines()
    assert lines[1].startswith("  \x1b[31m⛔\x1b[0m fastjsonx")
    assert lines[4].startswith("  \x1b[32m✓ \x1b[0m requests")
    assert lines[-1] == "\x1b[1;31m1 blocking finding, 2 warnings — exit 1\x1b[0m"


def test_clean_and_incomplete_scans() -> None:
    clean = PackageResult(
        name=name("requests"), change=ChangeKind.UPGRADED, old_version="1", new_version="2"
    )
    monitored = PackageResult(
        name=name("six"),
        change=ChangeKind.DOWNGRADED,
        old_version="2",
        new_version="1",
        alerts=(alert("six", "1", AlertType.FRESH_RELEASE, Action.MONITOR, "new"),),
    )
    unread = PackageResult(
        name=name("big"),
        change=ChangeKind.CHANGED,
        old_version=None,
        new_version=None,
        incomplete_reasons=("could not resolve a version",),
    )
    assert render_text(
        ScanResult(packages=(clean, monitored), manifests=(), verdict=Verdict.PASS)
    ) == (
        "2 changed dependencies\n"
        "  ·  six 2 → 1       fresh-release: new\n"
        "  ✓  requests 1 → 2  nothing new\n"
        "no blocking findings — exit 0\n"
    )
    assert render_text(
        ScanResult(packages=(unread,), manifests=("a.txt", "b.txt"), verdict=Verdict.INCOMPLETE)
    ) == (
        "1 changed dependency (a.txt, b.txt)\n"
        "  ?  big  (changed)  incomplete: could not resolve a version\n"
        "analysis incomplete — exit 0\n"
    )


def test_terminal_escapes_in_untrusted_text_are_neutralized() -> None:
    hostile = PackageResult(
        name=name("evil"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0\x1b[2J",
        alerts=(
            alert(
                "evil",
                "1.0",
                AlertType.SHELL,
                Action.WARN,
                "x",
                file="a\x1b]0;pwned\x07.py\n\rb",
                line=2,
            ),
        ),
    )
    rendered = render_text(ScanResult(packages=(hostile,), manifests=(), verdict=Verdict.PASS))
    assert "\x1b" not in rendered
    assert "\r" not in rendered
    assert rendered == (
        "1 changed dependency\n"
        "  ⚠  evil 1.0<U+001B>[2J (added)  shell a<U+001B>]0;pwned<U+0007>.py <U+000D>b:2\n"
        "no blocking findings, 1 warning — exit 0\n"
    )


def test_exit_codes() -> None:
    assert [exit_code_for(verdict) for verdict in Verdict] == [0, 1, 0]


def test_a_threat_shows_its_whole_chain() -> None:
    chain = ("reads `os.environ` (pkg/x.py:4) and posts it to `http://203.0.113.9/c` "
             "(pkg/x.py:9)" + " via a decoded URL" * 10)
    package = PackageResult(
        name=name("pkg"), change=ChangeKind.UPGRADED, old_version="1", new_version="2",
        alerts=(alert("pkg", "2", AlertType.EXFILTRATION, Action.BLOCK, chain,
                      file="pkg/x.py", line=9),),
    )
    result = ScanResult(packages=(package,), manifests=(), verdict=Verdict.BLOCK)
    assert render_text(result) == (
        "1 changed dependency\n"
        f"  ⛔ pkg 1 → 2  exfiltration pkg/x.py:9: {chain}\n"
        "1 blocking finding — exit 1\n"
    )
