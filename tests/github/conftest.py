"""A harness for end-to-end tests: the fake GitHub over real HTTP, capdiff's app, a worker."""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.commands.serve import load_repository_policy
from bot.config import Settings
from bot.github.auth import AppAuth
from bot.github.client import GitHubClient, RetryPolicy, fetch_installation_token
from bot.github.flow import JobRunner
from bot.github.presenter import ReportPresenter
from bot.store.select import Store, open_store
from bot.web import create_app, signature_for
from bot.worker import Worker
from tests.fakes.github import FakeGitHub
from tests.fakes.server import serve_app
from tests.github.doubles import RequirementsScanner

WEBHOOKS = Path("/work/shared/github/webhooks")
SECRET = "test-webhook-secret"
APP_ID = 4242
OWNER, REPO = "Codertocat", "Hello-World"
FULL = f"{OWNER}/{REPO}"
INSTALLATION = 1


@pytest.fixture(scope="session")
def rsa_keys() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def payload(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((WEBHOOKS / name).read_text())
    return copy.deepcopy(data)


def pr_payload(action: str, number: int, head: str, base: str, *, draft: bool = False) -> bytes:
    data = payload("pull_request.opened.json")
    data["action"] = action
    data["number"] = number
    pull = data["pull_request"]
    assert isinstance(pull, dict)
    pull["number"] = number
    pull["head"]["sha"] = head
    pull["base"]["sha"] = base
    pull["draft"] = draft
    return json.dumps(data).encode()


def comment_payload(number: int, user: str, body: str, comment_id: int = 777) -> bytes:
    data = payload("issue_comment.created.json")
    issue, comment = data["issue"], data["comment"]
    assert isinstance(issue, dict) and isinstance(comment, dict)
    issue["number"] = number
    issue["pull_request"] = {"url": f"https://api.github.com/repos/{FULL}/pulls/{number}"}
    comment["id"] = comment_id
    comment["body"] = body
    comment["user"] = {"login": user, "type": "User"}
    data["installation"] = {"id": INSTALLATION}
    return json.dumps(data).encode()


def signed_headers(body: bytes, event: str, delivery: str | None = None) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": delivery or str(uuid.uuid4()),
        "x-hub-signature-256": signature_for(body, SECRET),
    }


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@dataclass
class Harness:
    fake: FakeGitHub
    store: Store
    clock: FakeClock
    scanner: RequirementsScanner
    worker: Worker
    app_client: httpx.AsyncClient
    settings: Settings
    sleeps: list[float] = field(default_factory=list)

    async def post(self, event: str, body: bytes, delivery: str | None = None) -> httpx.Response:
        return await self.app_client.post(
            "/webhook", content=body, headers=signed_headers(body, event, delivery)
        )

    async def drain(self, limit: int = 20) -> int:
        """Run due jobs until none is left; the number processed."""
        for count in range(limit):
            if await self.worker.run_once() is None:
                return count
        raise AssertionError("jobs keep coming")


def make_settings(private_key: str, api_url: str, database: str) -> Settings:
    return Settings.from_env(
        {
            "CAPDIFF_APP_ID": str(APP_ID),
            "CAPDIFF_PRIVATE_KEY": private_key,
            "CAPDIFF_WEBHOOK_SECRET": SECRET,
            "CAPDIFF_GITHUB_API_URL": api_url,
            "CAPDIFF_DATABASE": database,
            "CAPDIFF_MAX_ATTEMPTS": "3",
        }
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def github_server(rsa_keys: tuple[str, str]) -> Iterator[tuple[FakeGitHub, str]]:
    """One fake GitHub server per test run; each test starts from a clean state."""
    fake = FakeGitHub(app_id=APP_ID, public_key=rsa_keys[1])
    with serve_app(fake.app) as url:
        yield fake, url


@pytest.fixture
def fake_github(github_server: tuple[FakeGitHub, str], clock: FakeClock) -> tuple[FakeGitHub, str]:
    fake, url = github_server
    fake.reset(clock=clock)
    return fake, url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `both_backends` run their harness on SQLite and on PostgreSQL."""
    if metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize(
            "harness_database",
            ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
            indirect=True,
        )


@pytest.fixture
def harness_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The harness's CAPDIFF_DATABASE: a SQLite file unless the test asks for both."""
    if getattr(request, "param", "sqlite") == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return str(tmp_path / "capdiff.db")


@pytest.fixture
async def harness(
    rsa_keys: tuple[str, str],
    fake_github: tuple[FakeGitHub, str],
    harness_database: str,
    clock: FakeClock,
) -> AsyncIterator[Harness]:
    fake, url = fake_github
    settings = make_settings(rsa_keys[0], url, harness_database)
    store = open_store(settings.database, clock=clock, lease_seconds=60)
    sleeps: list[float] = []

    async def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    policy = RetryPolicy(attempts=3, backoff_base=0.5, max_wait=120)
    async with httpx.AsyncClient(timeout=10) as http:
        auth = AppAuth(
            app_id=settings.app_id,
            private_key=settings.private_key,
            fetch_token=lambda i, j: fetch_installation_token(
                http, url, i, j, sleep=record_sleep, clock=clock, policy=policy
            ),
            clock=clock,
        )

        def client_for(installation_id: int) -> GitHubClient:
            return GitHubClient(
                http,
                base_url=url,
                auth=auth,
                installation_id=installation_id,
                app_id=settings.app_id,
                app_slug=settings.app_slug,
                sleep=record_sleep,
                clock=clock,
                policy=policy,
            )

        scanner = RequirementsScanner()
        runner = JobRunner(
            store=store,
            clients=client_for,
            scanner=scanner,
            presenter=ReportPresenter(),
            load_policy=load_repository_policy,
            clock=clock,
            progress_interval=1.0,
        )
        worker = Worker(
            store=store, runner=runner, count=1, max_attempts=settings.max_attempts, clock=clock
        )
        app = create_app(settings, store)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://capdiff") as app_client:
            yield Harness(
                fake=fake,
                store=store,
                clock=clock,
                scanner=scanner,
                worker=worker,
                app_client=app_client,
                settings=settings,
                sleeps=sleeps,
            )
    store.close()
