"""Settings, comment-command parsing, token caching and the queue's rules, without HTTP."""

from __future__ import annotations

import asyncio
from pathlib import Path

import jwt
import pytest

from bot.config import Settings
from bot.errors import ConfigError
from bot.github.auth import AppAuth, InstallationToken
from bot.github.commands import (
    IgnoreAllCommand,
    IgnoreCommand,
    InvalidCommand,
    RerunCommand,
    parse_commands,
)
from bot.model import AlertType
from bot.store.interface import JobKind
from bot.store.queue import SqliteStore
from tests.github.conftest import FakeClock


def env(private_key: str, **extra: str) -> dict[str, str]:
    return {
        "CAPDIFF_APP_ID": "12",
        "CAPDIFF_PRIVATE_KEY": private_key,
        "CAPDIFF_WEBHOOK_SECRET": "s3cret-value",
        **extra,
    }


def test_settings_defaults_and_secrets_stay_out_of_repr(rsa_keys: tuple[str, str]) -> None:
    settings = Settings.from_env(env(rsa_keys[0]))
    assert (settings.github_api_url, settings.index_url, settings.port) == (
        "https://api.github.com",
        "https://pypi.org/simple",
        8000,
    )
    assert "s3cret-value" not in repr(settings)
    assert "PRIVATE KEY" not in repr(settings)
    assert settings.redact("secret is s3cret-value") == "secret is [redacted]"


def test_settings_reads_the_key_from_a_path(rsa_keys: tuple[str, str], tmp_path: Path) -> None:
    (tmp_path / "key.pem").write_text(rsa_keys[0])
    values = env("", CAPDIFF_PRIVATE_KEY_PATH=str(tmp_path / "key.pem"))
    assert Settings.from_env(values).private_key.strip() == rsa_keys[0].strip()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"CAPDIFF_APP_ID": "abc"}, "CAPDIFF_APP_ID: expected a numeric app id, got 'abc'"),
        ({"CAPDIFF_APP_ID": ""}, "CAPDIFF_APP_ID: not set"),
        ({"CAPDIFF_WEBHOOK_SECRET": ""}, "CAPDIFF_WEBHOOK_SECRET: not set"),
        ({"CAPDIFF_PRIVATE_KEY": "hello"}, "CAPDIFF_PRIVATE_KEY: not a PEM private key"),
        (
            {"CAPDIFF_PRIVATE_KEY": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"},
            "CAPDIFF_PRIVATE_KEY: not a valid unencrypted PEM private key",
        ),
        ({"PORT": "eighty"}, "PORT: expected an integer, got 'eighty'"),
        ({"CAPDIFF_MAX_ATTEMPTS": "0"}, "CAPDIFF_MAX_ATTEMPTS: must be at least 1, got 0"),
        (
            {"CAPDIFF_GITHUB_API_URL": "ftp://x"},
            "CAPDIFF_GITHUB_API_URL: expected an http(s) URL, got 'ftp://x'",
        ),
    ],
)
def test_bad_settings_name_the_setting(
    rsa_keys: tuple[str, str], changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({**env(rsa_keys[0]), **changes})
    assert str(caught.value) == message


def test_missing_key_names_both_settings() -> None:
    with pytest.raises(ConfigError, match=r"^CAPDIFF_PRIVATE_KEY: not set \(nor CAPDIFF_PRIVATE"):
        Settings.from_env(env(""))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("@capdiff rerun", (RerunCommand(),)),
        ("LGTM\n@CapDiff ignore-all", (IgnoreAllCommand(),)),
        (
            "@capdiff ignore Evil_Pkg@1.0 network SHELL",
            (
                IgnoreCommand(
                    package="evil-pkg", version="1.0", types=(AlertType.NETWORK, AlertType.SHELL)
                ),
            ),
        ),
        # The v1 name is a deprecated alias: the command means install-process.
        (
            "@capdiff ignore psycopg2@2.9 install-network",
            (
                IgnoreCommand(
                    package="psycopg2", version="2.9", types=(AlertType.INSTALL_PROCESS,)
                ),
            ),
        ),
        ("> @capdiff ignore evil@1.0\nquoted, not run", ()),
        ("```\n@capdiff rerun\n```\nand `@capdiff rerun` inline", ()),
        ("mail me at x@capdiff.dev or @capdiffer rerun", ()),
        ("@capdiff ignore evil", (InvalidCommand(reason="expected NAME@VERSION, got `evil`"),)),
        (
            "@capdiff ignore a@1 x`@org" + "y" * 100,
            (InvalidCommand(reason="unknown alert type `x'@org" + "y" * 54 + "`"),),
        ),
        ("@capdiff ignore evil@x.y!", (InvalidCommand(reason="`x.y!` is not a valid version"),)),
        (
            "@capdiff dance",
            (InvalidCommand(reason="unknown command `dance` (ignore, ignore-all, rerun)"),),
        ),
        (
            "@capdiff rerun\n@capdiff ignore a@1",
            (RerunCommand(), IgnoreCommand(package="a", version="1", types=())),
        ),
    ],
)
def test_parse_commands(body: str, expected: tuple[object, ...]) -> None:
    assert parse_commands(body) == expected


async def test_installation_tokens_are_cached_and_refreshed_once(
    rsa_keys: tuple[str, str],
) -> None:
    clock = FakeClock()
    fetched: list[tuple[int, str]] = []
    release = asyncio.Event()

    async def fetch(installation_id: int, app_jwt: str) -> InstallationToken:
        fetched.append((installation_id, app_jwt))
        await release.wait()
        return InstallationToken(token=f"t{len(fetched)}", expires_at=clock.now + 3600)

    auth = AppAuth(app_id="12", private_key=rsa_keys[0], fetch_token=fetch, clock=clock)
    tasks = [asyncio.create_task(auth.installation_token(5)) for _ in range(5)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*tasks) == ["t1"] * 5
    claims = jwt.decode(
        fetched[0][1],
        rsa_keys[1],
        algorithms=["RS256"],
        options={"verify_exp": False, "verify_iat": False},
    )
    assert (claims["iss"], claims["iat"], claims["exp"] - claims["iat"]) == (
        "12",
        int(clock.now) - 60,
        540,
    )
    clock.now += 3600 - 299  # within five minutes of expiry: refresh
    assert await auth.installation_token(5) == "t2"
    assert await auth.installation_token(5) == "t2"
    assert len(fetched) == 2
    assert "t2" not in repr(InstallationToken(token="t2", expires_at=0))


def test_app_manifest_and_procfile() -> None:
    import yaml

    root = Path(__file__).resolve().parents[2]
    # The design card's place (the repository root) and the packaged copy are one file.
    assert (root / "app.yml").resolve() == (root / "bot" / "data" / "app.yml").resolve()
    manifest = yaml.safe_load((root / "app.yml").read_text())
    assert manifest["default_permissions"] == {
        "checks": "write",
        "pull_requests": "write",
        "issues": "read",
        "contents": "read",
        "metadata": "read",
    }
    assert manifest["default_events"] == [
        "pull_request",
        "issue_comment",
        "check_run",
        "check_suite",
    ]
    assert manifest["hook_attributes"]["url"].endswith("/webhook")
    assert (root / "Procfile").read_text() == (
        "release: capdiff db upgrade\n"
        "web: capdiff serve --workers 0 --host 0.0.0.0 --port $PORT\n"
        "worker: capdiff worker\n"
    )


async def test_pull_request_router_queues_a_job(tmp_path: Path) -> None:
    import json

    from gidgethub import sansio

    from bot.github.handlers import HandlerContext, pull_requests

    data = json.loads(
        Path("/work/shared/github/webhooks/pull_request.synchronize.json").read_text()
    )
    store = SqliteStore(tmp_path / "r.db")
    try:
        event = sansio.Event(data, event="pull_request", delivery_id="1")
        await pull_requests.router.dispatch(event, HandlerContext(store=store))
        [job] = await store.jobs()
        assert (job.full_name, job.pr_number, job.head_sha, job.kind) == (
            data["repository"]["full_name"],
            data["number"],
            data["pull_request"]["head"]["sha"],
            JobKind.PULL_REQUEST,
        )
    finally:
        store.close()
