"""Typosquat detection over the vendored top-projects list."""

from __future__ import annotations

import pytest

from bot.analysis.typosquat import TyposquatIndex, TyposquatMatch, default_index


@pytest.mark.parametrize(
    ("name", "target", "how"),
    [
        ("reqeusts", "requests", "one edit"),
        ("requets", "requests", "one edit"),
        ("python-dateutl", "python-dateutil", "one edit"),
        ("urlib3", "urllib3", "one edit"),
        ("numpyy", "numpy", "one edit"),
        ("djangoo", "django", "one edit"),
        ("requests-py", "requests", "affix"),
        ("colorama2", "colorama", "affix"),
        ("rnatplotlib", "matplotlib", "look-alike letters"),
        ("pandsa", "pandas", "one edit"),
        ("pythondateutil", "python-dateutil", "separators"),
        ("Reqeusts", "requests", "one edit"),
    ],
)
def test_imitations_are_caught(name: str, target: str, how: str) -> None:
    match = default_index().check(name)
    assert match is not None
    assert (match.target, match.how) == (target, how)
    assert match.rank == default_index().rank[target]


def test_a_match_names_the_normalized_candidate() -> None:
    assert default_index().check("Requests_Py") == TyposquatMatch(
        name="requests-py", target="requests", rank=default_index().rank["requests"], how="affix"
    )


def top_names(count: int) -> list[str]:
    index = default_index()
    return sorted(index.rank, key=index.rank.__getitem__)[:count]


def test_no_popular_name_is_flagged() -> None:
    names = top_names(2000)
    assert len(names) == 2000
    flagged = {name: default_index().check(name) for name in names}
    assert {name: match for name, match in flagged.items() if match is not None} == {}


@pytest.mark.parametrize(
    "name",
    [
        "httpx",
        "my-company-utils",
        "requests",
        "python_dateutil",
        "Django",
        "acme-internal-tools",
        "zz",
        "numpy",
    ],
)
def test_real_and_unrelated_names_pass(name: str) -> None:
    assert default_index().check(name) is None


def test_short_names_need_more_than_one_edit() -> None:
    index = TyposquatIndex(["six", "attrs"])
    assert index.check("sjx") is None  # too short for edit-distance checks
    assert index.check("atrs") is None  # 4 letters: also too short
    assert index.check("attrz") is not None


def test_a_small_index_ranks_its_own_names() -> None:
    index = TyposquatIndex(["alpha-lib", "Beta_Lib", "alpha-lib"])
    assert index.rank == {"alpha-lib": 1, "beta-lib": 2}
    match = index.check("betalib")
    assert match == TyposquatMatch(name="betalib", target="beta-lib", rank=2, how="separators")
