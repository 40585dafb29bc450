"""Headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium.

Selenium talks to the system chromedriver directly: nothing is downloaded. Without
Chromium the browser tests skip on a developer's machine and fail in CI (`CI=true`),
where `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

__all__ = ["chromium", "docs_screenshot"]


def _require(path: str | None, what: str) -> str:
    if path is None:
        message = f"{what} is not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def chromium() -> Iterator[object]:
    binary = _require(shutil.which("chromium") or shutil.which("chromium-browser"), "Chromium")
    driver_path = _require(shutil.which("chromedriver"), "chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--hide-scrollbars",
        "--window-size=900,1000",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def docs_screenshot(driver: object, name: str, height: int) -> None:
    """With CAPDIFF_DOCS_SCREENSHOTS=DIR, also save the page as DIR/NAME.png, 900 px wide.

    `CAPDIFF_DOCS_SCREENSHOTS=docs pytest -m browser tests/web` refreshes the README's images.
    """
    folder = os.environ.get("CAPDIFF_DOCS_SCREENSHOTS")
    if not folder:
        return
    from selenium import webdriver

    assert isinstance(driver, webdriver.Chrome)
    metrics = {"width": 900, "height": height, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.save_screenshot(os.path.join(folder, f"{name}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
