"""Register, install and watch capdiff in a real browser: headless Chromium clicks through
`capdiff serve`'s setup page and the fake GitHub's manifest flow."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bot import __version__
from tests.fakes.github import FakeGitHub
from tests.fakes.server import serve_app
from tests.github.test_gh_kill import free_port, wait_for
from tests.web.browser import chromium, docs_screenshot

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser
__all__ = ["chromium"]  # the fixture


@contextmanager
def capdiff_serve(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    """`capdiff serve` as a real process; yields its URL once it answers."""
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:

            def up() -> bool:
                assert process.poll() is None, log.read_text()
                try:
                    return httpx.get(f"{url}/healthz").status_code == 200
                except httpx.TransportError:
                    return False

            wait_for(up, "capdiff serve to start")
            yield url
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def logged_setup_link(log: Path) -> str:
    """The setup page's address with its token, from `capdiff serve`'s log."""
    found: list[str] = []

    def logged() -> bool:
        found[:] = re.findall(r"open (\S+) to register one", log.read_text())
        return bool(found)

    wait_for(logged, "the setup link in the log")
    return found[0]


def test_register_install_and_status_in_a_browser(chromium: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(chromium, WebDriver)
    browser = chromium
    shots = tmp_path / "screenshots"
    shots.mkdir()
    fake = FakeGitHub(app_id=1, public_key="")  # no App yet: the flow registers one
    cache = tmp_path / "cache"
    with serve_app(fake.app) as github_url:
        fake.base_url = github_url
        env = {k: v for k, v in os.environ.items() if not k.startswith("CAPDIFF_")}
        env |= {
            "CAPDIFF_CACHE_DIR": str(cache),
            "CAPDIFF_GITHUB_API_URL": github_url,
            "CAPDIFF_GITHUB_WEB_URL": github_url,
            "CAPDIFF_INDEX_URL": "http://127.0.0.1:9/simple",
            "CAPDIFF_WORKERS": "1",
        }
        port = free_port()
        with capdiff_serve(env, port, tmp_path / "serve.log") as capdiff_url:
            # 0. Without the token from the log, no register button.
            browser.get(f"{capdiff_url}/")
            assert "Open the setup link from the server's log" in browser.page_source
            assert not browser.find_elements(By.XPATH, "//button")
            browser.save_screenshot(str(shots / "0-locked.png"))
            docs_screenshot(browser, "setup-locked", 520)

            # 1. The setup page, with the manifest aimed at this server.
            link = logged_setup_link(tmp_path / "serve.log")
            assert re.fullmatch(rf"{capdiff_url}/\?setup_token=[A-Za-z0-9_-]{{43}}", link)
            browser.get(link)
            button = browser.find_element(By.XPATH, "//button[@type='submit']")
            assert button.text == "Register capdiff on GitHub"
            assert f"{capdiff_url}/webhook" in browser.page_source
            browser.save_screenshot(str(shots / "1-setup.png"))
            docs_screenshot(browser, "setup-page", 800)
            browser.set_window_size(412, 900)  # a phone: nothing overflows sideways
            assert browser.execute_script("return document.documentElement.scrollWidth") <= 412
            browser.save_screenshot(str(shots / "1-setup-phone.png"))
            browser.set_window_size(900, 1000)

            # 2. GitHub's "Create GitHub App" page shows what the manifest asked for.
            button.click()
            wait_for(lambda: "Create GitHub App" in browser.title, "GitHub's create page")
            assert browser.find_element(By.ID, "webhook-url").text == f"{capdiff_url}/webhook"
            assert browser.find_element(By.ID, "app-name").text == "capdiff"
            browser.save_screenshot(str(shots / "2-github-create.png"))

            # 3. Back on capdiff: the code is exchanged, the credentials are stored.
            browser.find_element(By.XPATH, "//button[text()='Create GitHub App']").click()
            wait_for(lambda: "registered" in browser.title, "capdiff's installed page")
            setup_return = browser.current_url
            assert setup_return.startswith(f"{capdiff_url}/setup?code=")
            install = browser.find_element(By.LINK_TEXT, "Install it on your organisation")
            assert install.get_attribute("href") == f"{github_url}/apps/capdiff/installations/new"
            browser.save_screenshot(str(shots / "3-installed.png"))
            docs_screenshot(browser, "setup-installed", 420)

            stored = cache / "capdiff-app.json"
            assert stat.S_IMODE(stored.stat().st_mode) == 0o600
            app = fake.registry.apps["capdiff"]
            credentials = json.loads(stored.read_text())
            assert credentials["app_id"] == app.id
            assert credentials["webhook_secret"] == app.webhook_secret
            assert credentials["private_key"] == app.private_key
            assert fake.registry.conversions == 1

            # 4. Install: GitHub sends the installation webhook (signed with the new
            # secret, to the restarted server), then the browser to the status page.
            install.click()
            wait_for(lambda: "Install capdiff" in browser.title, "GitHub's install page")
            browser.find_element(By.XPATH, "//button[text()='Install']").click()
            wait_for(lambda: "status" in browser.title, "capdiff's status page", timeout=30)
            assert fake.registry.deliveries == [("installation", 202)]
            page = browser.page_source
            assert "Codertocat/Hello-World" in page
            assert "octocat" in page
            assert f"version {__version__}" in page
            assert f"(id {app.id})" in page
            for secret in (app.webhook_secret, app.client_secret, "PRIVATE KEY"):
                assert secret not in page
            browser.save_screenshot(str(shots / "4-status.png"))
            browser.set_window_size(412, 900)  # a phone
            browser.refresh()
            assert "Codertocat/Hello-World" in browser.page_source
            browser.save_screenshot(str(shots / "5-status-phone.png"))

            # 5. Replaying GitHub's return or the setup link changes nothing.
            browser.get(setup_return)
            assert "already registered" in browser.page_source
            browser.get(link)
            assert "Register capdiff on GitHub" not in browser.page_source
            assert json.loads(stored.read_text()) == credentials
            assert fake.registry.conversions == 1

    log = (tmp_path / "serve.log").read_text()
    assert "GitHub App registered: starting with its credentials" in log
    assert "exited with code" not in log  # the worker process started with them too
    assert "favicon" not in log
    shots_taken = ("0-locked", "1-setup", "2-github-create", "3-installed", "4-status")
    for shot in (*shots_taken, "5-status-phone"):
        assert (shots / f"{shot}.png").stat().st_size > 1000

