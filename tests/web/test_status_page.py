"""The status page a configured capdiff serves at `/`: what it shows and what it never does."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot import __version__
from bot.config import Settings
from bot.store.interface import JobKind, NewJob
from bot.store.queue import SqliteStore
from bot.web import create_app
from tests.fakes.server import serve_app
from tests.github.conftest import make_settings
from tests.web.browser import chromium, docs_screenshot

__all__ = ["chromium"]  # the fixture

LEAKY_ERROR = "token ghs_notforyoureyes rejected while reading evil-1.0/setup.py"


def job(number: int, sha: str, kind: JobKind = JobKind.PULL_REQUEST) -> NewJob:
    return NewJob(
        installation_id=1,
        owner="acme",
        repo="api",
        pr_number=number,
        head_sha=sha,
        base_sha="b" * 40,
        kind=kind,
    )


async def populated(settings: Settings) -> SqliteStore:
    store = SqliteStore(settings.database)
    await store.add_installation(11, "acme", ("acme/api", "acme/web"))
    await store.add_installation(12, "", ("solo/tool",))  # only installation_repositories seen
    for number in (4, 5, 6, 7):
        await store.enqueue(job(number, hashlib.sha1(b"%d" % number).hexdigest()))
    finished = await store.claim("w1")
    assert finished is not None
    await store.finish(finished.id, "failure")
    passed = await store.claim("w1")
    assert passed is not None
    await store.finish(passed.id, "success")
    broken = await store.claim("w1")
    assert broken is not None
    await store.fail(broken.id, LEAKY_ERROR, None)
    return store


@pytest.fixture
async def served(rsa_keys: tuple[str, str], tmp_path: Path) -> AsyncIterator[tuple[str, Settings]]:
    settings = make_settings(rsa_keys[0], "http://127.0.0.1:9", str(tmp_path / "capdiff.db"))
    store = await populated(settings)
    try:
        with serve_app(create_app(settings, store)) as url:
            yield url, settings
    finally:
        store.close()


@pytest.mark.parametrize("token", ["", "let-me-see"])
async def test_visitors_from_elsewhere_see_figures_not_names(
    rsa_keys: tuple[str, str], tmp_path: Path, token: str
) -> None:
    settings = dataclasses.replace(
        make_settings(rsa_keys[0], "http://127.0.0.1:9", str(tmp_path / "capdiff.db")),
        status_token=token,
    )
    store = await populated(settings)
    # A visitor from a documentation address, as uvicorn reports it (behind a proxy too).
    transport = httpx.ASGITransport(app=create_app(settings, store), client=("203.0.113.7", 5555))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://capdiff.test") as client:
            page = await client.get("/")
            asked = await client.get("/?names")
            wrong = await client.get("/?names", auth=("ops", "guess"))
            right = await client.get("/?names", auth=("ops", token))
    finally:
        store.close()
    assert page.status_code == 200
    assert "<b>3</b> repositories" in page.text and "<b>1</b> jobs queued" in page.text
    for name in ("acme", "solo/tool", "api#"):
        assert name not in page.text
    assert "badge failure" in page.text  # conclusions are figures too
    if not token:
        assert asked.status_code == 403 and "CAPDIFF_STATUS_TOKEN" in asked.text
        assert right.status_code == 403
        return
    assert asked.status_code == 401
    assert asked.headers["www-authenticate"] == 'Basic realm="capdiff status"'
    assert wrong.status_code == 401
    assert right.status_code == 200
    assert "acme/api, acme/web" in right.text and "acme/api#7" in right.text


async def test_status_shows_installations_queue_and_last_jobs(
    served: tuple[str, Settings],
) -> None:
    url, settings = served
    async with httpx.AsyncClient() as client:
        page = await client.get(f"{url}/")
    assert page.status_code == 200
    text = page.text
    assert f"version {__version__}" in text
    assert "acme/api, acme/web" in text and "solo/tool" in text and "installation 12" in text
    assert "<b>3</b> repositories" in text
    assert "<b>1</b> jobs queued" in text
    assert "acme/api#4" in text and "acme/api#7" in text
    for shown in ("badge failure", "badge success", "badge failed", "badge queued"):
        assert shown in text
    assert text.index("acme/api#7") < text.index("acme/api#4")  # newest first
    for secret in (settings.webhook_secret, "PRIVATE KEY", "ghs_notforyoureyes"):
        assert secret not in text
    assert page.headers["cache-control"] == "no-store"


async def test_a_replayed_setup_return_is_refused_once_configured(
    served: tuple[str, Settings],
) -> None:
    url, _ = served
    async with httpx.AsyncClient() as client:
        page = await client.get(f"{url}/setup", params={"code": "abc", "state": "x"})
    assert page.status_code == 409
    assert "already registered" in page.text


@pytest.mark.browser
def test_status_page_renders_in_chromium(
    chromium: object, served: tuple[str, Settings], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    assert isinstance(chromium, WebDriver)
    url, _ = served
    chromium.get(f"{url}/")
    rows = chromium.find_elements(By.CSS_SELECTOR, "table tr")
    assert len(rows) == 1 + 2 + 1 + 4  # two headers, two installations, four jobs
    chromium.save_screenshot(str(tmp_path / "status.png"))
    docs_screenshot(chromium, "status-page", 680)
    chromium.set_window_size(412, 900)
    # On a phone the commit and time columns give way; nothing overflows sideways.
    assert not chromium.find_element(By.CSS_SELECTOR, "td.wide").is_displayed()
    width = chromium.execute_script("return document.documentElement.scrollWidth")
    assert width <= 412
    chromium.save_screenshot(str(tmp_path / "status-phone.png"))
