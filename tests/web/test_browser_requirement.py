"""A missing Chromium skips the browser tests on a laptop and fails them in CI."""

from __future__ import annotations

import pytest

from tests.web.browser import _require


def test_missing_chromium_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        _require(None, "Chromium")


def test_missing_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="chromedriver is not installed"):
        _require(None, "chromedriver")


def test_a_present_binary_is_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert _require("/usr/bin/chromium", "Chromium") == "/usr/bin/chromium"
