"""capdiff's app served by uvicorn with its lifespan-owned workers, against the fake GitHub."""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

import httpx
import pytest

from bot.commands import serve
from bot.github.auth import AppAuth, InstallationToken
from bot.github.client import GitHubClient, RetryPolicy, TransientGitHubError
from bot.store.queue import SqliteStore
from bot.web import create_app
from tests.fakes.github import FakeGitHub, PullRequest
from tests.fakes.server import serve_app
from tests.github.conftest import (
    FULL,
    OWNER,
    REPO,
    Harness,
    make_settings,
    pr_payload,
    signed_headers,
)
from tests.github.doubles import RequirementsScanner

BASE, HEAD = "b" * 40, "h" * 40


async def test_served_app_processes_a_webhook_with_background_workers(
    rsa_keys: tuple[str, str], tmp_path: Path
) -> None:
    fake = FakeGitHub(app_id=4242, public_key=rsa_keys[1])
    fake.add_commit(FULL, BASE, {"requirements.txt": "requests==2.31.0\n"})
    fake.add_commit(FULL, HEAD, {"requirements.txt": "requests==2.31.0\nevil==1.0\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=9, head_sha=HEAD, base_sha=BASE))
    with serve_app(fake.app) as github_url:
        settings = make_settings(rsa_keys[0], github_url, str(tmp_path / "db.sqlite"))
        store = SqliteStore(settings.database)
        factory = serve.build_worker_factory(
            settings,
            store,
            lambda settings, client: RequirementsScanner(),
        )
        app = create_app(settings, store, worker_factory=factory)
        try:
            with serve_app(app) as capdiff_url:
                body = pr_payload("opened", 9, HEAD, BASE)
                async with httpx.AsyncClient(base_url=capdiff_url) as client:
                    response = await client.post(
                        "/webhook", content=body, headers=signed_headers(body, "pull_request")
                    )
                    assert response.status_code == 202
                    deadline = time.monotonic() + 10
                    while not [r for r in fake.runs_for(HEAD) if r["status"] == "completed"]:
                        assert time.monotonic() < deadline, "the worker did not finish"
                        await asyncio.sleep(0.05)
        finally:
            store.close()
    [run] = fake.runs_for(HEAD)
    assert run["conclusion"] == "failure"
    assert len(fake.comments_on(FULL, 9)) == 1
    assert fake.api_versions == {"2022-11-28"}


async def test_large_files_are_read_through_the_blobs_api(harness: Harness) -> None:
    padding = "# " + "x" * 200 + "\n"
    big = padding * 6000 + "evil==1.0\n"  # about 1.2 MB: the contents API sends no content
    harness.fake.add_commit(FULL, BASE, {"requirements.txt": "requests==1.0\n"})
    harness.fake.add_commit(FULL, HEAD, {"requirements.txt": big})
    harness.fake.add_pull(
        PullRequest(owner=OWNER, repo=REPO, number=7, head_sha=HEAD, base_sha=BASE)
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["failure"]
    assert any("/git/blobs/" in line for line in harness.fake.requests)


async def test_connection_errors_are_retried_then_transient(rsa_keys: tuple[str, str]) -> None:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def token(installation_id: int, app_jwt: str) -> InstallationToken:
        return InstallationToken(token="t", expires_at=time.time() + 3600)

    async with httpx.AsyncClient(timeout=2) as http:
        client = GitHubClient(
            http,
            base_url="http://127.0.0.1:9",  # discard port: nothing listens
            auth=AppAuth(app_id="1", private_key=rsa_keys[0], fetch_token=token),
            installation_id=1,
            app_id="1",
            app_slug="capdiff",
            sleep=sleep,
            policy=RetryPolicy(attempts=3, backoff_base=1.0),
        )
        with pytest.raises(TransientGitHubError, match=r"^GET http://127.0.0.1:9/repos/o/r"):
            await client.list_pr_files("o", "r", 1)
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        # Some App settings but not all: a bad deploy, not a server waiting for its setup.
        ({"CAPDIFF_WEBHOOK_SECRET": "s"}, "CAPDIFF_APP_ID: not set"),
        ({"CAPDIFF_APP_ID": "12"}, "CAPDIFF_WEBHOOK_SECRET: not set"),
        # No App yet: the setup page would be served, but its settings must be sound.
        ({"CAPDIFF_PUBLIC_URL": "capdiff.example.com"}, "CAPDIFF_PUBLIC_URL: expected"),
    ],
)
def test_serve_refuses_bad_settings(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    settings: dict[str, str],
    error: str,
) -> None:
    for name in ("CAPDIFF_APP_ID", "CAPDIFF_WEBHOOK_SECRET", "CAPDIFF_PRIVATE_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CAPDIFF_PRIVATE_KEY_PATH", raising=False)
    monkeypatch.setenv("CAPDIFF_DATABASE", str(tmp_path / "capdiff.db"))
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    parser = argparse.ArgumentParser()
    serve.register(parser.add_subparsers())
    args = parser.parse_args(["serve", "--port", "0"])
    assert args.handler(args) == 2
    assert capsys.readouterr().err.startswith(f"capdiff serve: {error}")
