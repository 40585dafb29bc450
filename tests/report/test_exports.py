"""The public surface of the policy and report modules is what `__all__` says."""

from __future__ import annotations

import importlib

import pytest

MODULES = [
    "bot.policy",
    "bot.report.checks",
    "bot.report.escape",
    "bot.report.json_format",
    "bot.report.catalogue",
    "bot.report.markdown",
    "bot.report.sarif",
    "bot.report.summary",
    "bot.report.text",
    "bot.report.workflow_commands",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__ == sorted(module.__all__, key=lambda n: (not n.isupper(), n))
    for exported in module.__all__:
        assert hasattr(module, exported), exported
