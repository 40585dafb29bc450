"""Shared test settings: hypothesis profiles.

`default` is quick; `ci` (a few thousand fuzz examples in all, < 40 s) is chosen with
`--hypothesis-profile=ci` or HYPOTHESIS_PROFILE=ci.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def _no_feeds_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach the real OSV API: a test that wants a feed deletes this setting and
    points at the fake OSV server or a local export (tests/feeds/)."""
    monkeypatch.setenv("CAPDIFF_FEEDS", "off")
