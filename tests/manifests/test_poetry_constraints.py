from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from bot.manifests.poetry_constraints import InvalidConstraint, to_clauses, to_specifier


@pytest.mark.parametrize(
    ("poetry", "pep440"),
    [
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0.0", ">=0.0,<0.1"),
        ("^0", ">=0,<1"),
        ("^1.2", ">=1.2,<2.0"),
        ("^1", ">=1,<2"),
        ("^2.0.0b1", ">=2.0.0b1,<3.0.0"),
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~1.2", ">=1.2,<1.3"),
        ("~1", ">=1,<2"),
        ("~=1.2", "~=1.2"),
        ("*", ""),
        ("", ""),
        ("  *  ", ""),
        ("1.2.*", "==1.2.*"),
        ("==1.2.*", "==1.2.*"),
        ("!=1.2.*", "!=1.2.*"),
        ("1.2.3", "==1.2.3"),
        ("=1.2.3", "==1.2.3"),
        ("==1.2.3", "==1.2.3"),
        ("!=1.5", "!=1.5"),
        ("<2", "<2"),
        (">1", ">1"),
        ("<=2", "<=2"),
        (">=1.2, <1.5", ">=1.2,<1.5"),
        (">=1.2,<1.5", ">=1.2,<1.5"),
        (">=1.2 <1.5", ">=1.2,<1.5"),
        (">= 1.2, < 1.5", ">=1.2,<1.5"),
        ("^1.2 !=1.4.0", ">=1.2,<2.0,!=1.4.0"),
    ],
)
def test_single_clause(poetry: str, pep440: str) -> None:
    assert to_specifier(poetry) == SpecifierSet(pep440)


def test_union_keeps_every_clause_but_specifier_is_any() -> None:
    assert to_clauses("^1.2 || ^2.0") == (SpecifierSet(">=1.2,<2.0"), SpecifierSet(">=2.0,<3.0"))
    # Documented choice: a SpecifierSet cannot express OR, so a union allows any version.
    assert to_specifier("^1.2 || ^2.0") == SpecifierSet()
    assert to_specifier("~2.7 || >=3.6") == SpecifierSet()


@pytest.mark.parametrize("bad", ["^", "^abc", "~x.y", ">=1 ||", "1.2.3 <<", "~=1", ">=1.*.2"])
def test_invalid(bad: str) -> None:
    with pytest.raises(InvalidConstraint):
        to_specifier(bad)


def test_invalid_is_value_error() -> None:
    assert issubclass(InvalidConstraint, ValueError)


def test_parenthesized_union_as_in_poetry_1_2() -> None:
    # python-poetry/poetry's own pyproject.toml (2022): exclude two broken virtualenv releases
    assert to_clauses("(>=20.4.3,<20.4.5 || >=20.4.7)") == (
        SpecifierSet(">=20.4.3,<20.4.5"),
        SpecifierSet(">=20.4.7"),
    )
    assert to_clauses("(^1.2) || (>=3)") == (SpecifierSet(">=1.2,<2.0"), SpecifierSet(">=3"))
    with pytest.raises(InvalidConstraint):
        to_clauses("(>=1")
