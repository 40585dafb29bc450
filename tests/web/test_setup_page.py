"""The setup page over real HTTP against the fake GitHub: the manifest, the state checks,
the code exchange and its failures (nothing stored), and the credentials file."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.config import Settings, SetupSettings, needs_setup
from bot.credentials import AppCredentials, load_credentials, save_credentials
from bot.errors import ConfigError
from bot.setup_page import (
    SetupStates,
    app_manifest,
    create_setup_app,
    open_state,
    seal_state,
    setup_address,
)
from tests.fakes.github import FakeGitHub
from tests.fakes.server import serve_app
from tests.github.test_gh_kill import free_port, wait_for
from tests.web.test_setup_browser import capdiff_serve, logged_setup_link

TOKEN = "test-setup-token-0123456789"
WITH_TOKEN = {"setup_token": TOKEN}


def form_action(page: str) -> str:
    found = re.search(r'<form action="([^"]+)" method="post"', page)
    assert found is not None, page
    return unescape(found[1])


def issued_state(page: str) -> str:
    """The state the setup page put in its form's action."""
    return parse_qs(urlsplit(form_action(page)).query)["state"][0]


class Setup:
    def __init__(self, fake: FakeGitHub, github_url: str, capdiff_url: str, file: Path) -> None:
        self.fake = fake
        self.github_url = github_url
        self.capdiff_url = capdiff_url
        self.file = file
        self.configured: list[bool] = []

    def register(self, client: httpx.Client, organization: str = "") -> str:
        """Click through like a browser; the URL GitHub sends the browser back to."""
        params = {"organization": organization} if organization else {}
        page = client.get(f"{self.capdiff_url}/", params=params | WITH_TOKEN)
        assert page.status_code == 200, page.text
        manifest = re.search(r'name="manifest" value="([^"]+)"', page.text)
        assert manifest is not None
        created = client.post(form_action(page.text), data={"manifest": unescape(manifest[1])})
        assert created.status_code == 200, created.text
        form = dict(re.findall(r"name='(\w+)' value='([^']*)'", created.text))
        redirect = client.post(
            f"{self.github_url}/settings/apps/new/create",
            data={k: unescape(v) for k, v in form.items()},
        )
        assert redirect.status_code == 302
        return redirect.headers["location"]


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    fake = FakeGitHub(app_id=1, public_key="")
    file = tmp_path / "data" / "capdiff-app.json"
    with serve_app(fake.app) as github_url:
        fake.base_url = github_url
        settings = SetupSettings(
            credentials_file=file,
            github_api_url=github_url,
            github_web_url=github_url,
            setup_token=TOKEN,
        )
        box: list[Setup] = []
        app = create_setup_app(settings, on_configured=lambda: box[0].configured.append(True))
        with serve_app(app) as capdiff_url:
            box.append(Setup(fake, github_url, capdiff_url, file))
            yield box[0]


def test_the_flow_stores_the_credentials_owner_only(setup: Setup) -> None:
    with httpx.Client() as client:
        back = setup.register(client)
        assert back.startswith(f"{setup.capdiff_url}/setup?code=")
        page = client.get(back)
    assert page.status_code == 200
    assert "Install it on your organisation" in page.text
    assert f'href="{setup.github_url}/apps/capdiff/installations/new"' in page.text
    app = setup.fake.registry.apps["capdiff"]
    assert app.webhook_secret not in page.text and "PRIVATE KEY" not in page.text
    assert stat.S_IMODE(setup.file.stat().st_mode) == 0o600
    stored = load_credentials(setup.file)
    assert stored == AppCredentials(
        app_id=app.id,
        slug="capdiff",
        html_url=f"{setup.github_url}/apps/capdiff",
        private_key=app.private_key,
        webhook_secret=app.webhook_secret,
    )
    wait_for(lambda: setup.configured == [True], "the restart hook")  # runs after the reply
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["referrer-policy"] == "no-referrer"


def test_the_manifest_names_this_server(setup: Setup) -> None:
    with httpx.Client() as client:
        setup.register(client)
    manifest = setup.fake.registry.apps["capdiff"].manifest
    assert manifest["hook_attributes"] == {"url": f"{setup.capdiff_url}/webhook", "active": True}
    assert manifest["redirect_url"] == f"{setup.capdiff_url}/setup"
    assert manifest["setup_url"] == f"{setup.capdiff_url}/"
    assert manifest["default_events"] == [
        "pull_request",
        "issue_comment",
        "check_run",
        "check_suite",
    ]
    assert manifest["default_permissions"] == {
        "checks": "write",
        "pull_requests": "write",
        "issues": "read",
        "contents": "read",
        "metadata": "read",
    }


def test_the_public_url_setting_wins_over_the_request_host() -> None:
    manifest = app_manifest("https://capdiff.example.org")
    assert manifest["hook_attributes"]["url"] == "https://capdiff.example.org/webhook"
    settings = SetupSettings.from_env(
        {
            "CAPDIFF_PUBLIC_URL": "https://capdiff.example.org/",
            "CAPDIFF_GITHUB_WEB_URL": "https://ghe.example.org",
        }
    )
    assert settings.public_url == "https://capdiff.example.org"
    assert settings.github_web_url == "https://ghe.example.org"
    with pytest.raises(ConfigError, match="CAPDIFF_PUBLIC_URL"):
        SetupSettings.from_env({"CAPDIFF_PUBLIC_URL": "capdiff.example.org"})


def test_an_organisation_gets_the_organisation_form(setup: Setup) -> None:
    with httpx.Client() as client:
        page = client.get(
            f"{setup.capdiff_url}/", params={"organization": "octo-org"} | WITH_TOKEN
        )
        assert (
            f'action="{setup.github_url}/organizations/octo-org/settings/apps/new?state='
            in page.text
        )
        # The organisation form keeps the token.
        assert f'name="setup_token" value="{TOKEN}"' in page.text
        setup.register(client, organization="octo-org")
        assert setup.fake.registry.apps["capdiff"].owner == "octo-org"
        for bad in ("-octo", "a" * 40, "octo/../x", "<script>"):
            refused = client.get(
                f"{setup.capdiff_url}/", params={"organization": bad} | WITH_TOKEN
            )
            assert refused.status_code == 400
            assert "<script>" not in refused.text


def test_a_csp_lets_forms_post_only_here_and_to_github(setup: Setup) -> None:
    page = httpx.get(f"{setup.capdiff_url}/", params=WITH_TOKEN)
    assert f"form-action 'self' {setup.github_url};" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"code": "abc"},
        {"state": "x"},
        {"code": "abc", "state": "not-issued-here"},
        {"code": "abc", "state": seal_state(TOKEN, "forged-nonce")},  # the token, no nonce
        {"code": "abc", "state": seal_state("another-token-0123456789", "n")},
        {"code": "abc", "state": TOKEN},
    ],
)
def test_a_return_without_a_state_issued_here_is_refused(
    setup: Setup, query: dict[str, str]
) -> None:
    with httpx.Client() as client:
        back = setup.register(client)  # a real code exists; the state is what is wrong
        code = parse_qs(urlsplit(back).query)["code"][0]
        query = {k: code if k == "code" else v for k, v in query.items()}
        page = client.get(f"{setup.capdiff_url}/setup", params=query)
    assert page.status_code == 400
    assert "Nothing was stored" in page.text
    assert not setup.file.exists()
    assert setup.fake.registry.conversions == 0
    assert setup.configured == []


def test_a_state_works_once(setup: Setup) -> None:
    with httpx.Client() as client:
        back = setup.register(client)
        assert client.get(back).status_code == 200
        setup.file.unlink()  # even with the credentials gone, the replay is refused
        replay = client.get(back)
    assert replay.status_code == 400
    assert "already used" in replay.text
    assert not setup.file.exists()
    assert setup.fake.registry.conversions == 1


def test_a_reused_code_is_refused_by_github_and_nothing_is_stored(setup: Setup) -> None:
    with httpx.Client() as client:
        back = setup.register(client)
        code = parse_qs(urlsplit(back).query)["code"][0]
        # Someone else (or an earlier tab) spends the code first.
        spent = client.post(f"{setup.github_url}/app-manifests/{code}/conversions")
        assert spent.status_code == 201
        reused = client.get(back)
    assert reused.status_code == 502
    assert "GitHub refused the code" in reused.text and "404" in reused.text
    assert not setup.file.exists()


def test_an_expired_state_is_refused() -> None:
    now = [1000.0]
    states = SetupStates(lifetime=60, clock=lambda: now[0])
    fresh, stale = states.issue(), states.issue()
    assert states.redeem(fresh)
    now[0] += 61
    assert not states.redeem(stale)
    assert not states.redeem(fresh)


def test_issued_states_are_bounded() -> None:
    states = SetupStates(limit=3)
    issued = [states.issue() for _ in range(5)]
    assert [states.redeem(s) for s in issued] == [False, False, True, True, True]


def _conversion_answer(status: int, body: object) -> Starlette:
    async def convert(request: Request) -> Response:
        if isinstance(body, str):
            return PlainTextResponse(body, status_code=status)
        return JSONResponse(body, status_code=status)

    return Starlette(routes=[Route("/app-manifests/{code}/conversions", convert, methods=["POST"])])


GOOD = {
    "id": 7,
    "slug": "capdiff",
    "html_url": "https://github.com/apps/capdiff",
    "webhook_secret": "s",
}


@pytest.mark.parametrize(
    ("status", "body", "says"),
    [
        (500, {"message": "Server Error"}, "GitHub answered 500 (Server Error)"),
        (422, {"message": "Validation Failed"}, "GitHub answered 422"),
        (201, "<html>not json</html>", "It is not JSON"),
        (201, [1, 2], "not a JSON object"),
        (
            201,
            {**GOOD, "pem": "-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----"},
            "not a PEM key",
        ),
        (201, {**GOOD}, "It has no pem"),
        (201, {**GOOD, "id": "7", "pem": "x"}, "It has no App id"),
        (201, {**GOOD, "html_url": "javascript:alert(1)", "pem": "x"}, "not a web address"),
        (201, {**GOOD, "slug": "../x", "pem": "x"}, "not an App slug"),
    ],
)
def test_conversion_failures_store_nothing(
    tmp_path: Path, rsa_keys: tuple[str, str], status: int, body: object, says: str
) -> None:
    if isinstance(body, dict) and body.get("pem") == "x":
        body = {**body, "pem": rsa_keys[0]}  # a valid key: the failure is elsewhere
    file = tmp_path / "capdiff-app.json"
    with serve_app(_conversion_answer(status, body)) as github_url:
        states = SetupStates()
        app = create_setup_app(
            SetupSettings(credentials_file=file, github_api_url=github_url, setup_token=TOKEN),
            states=states,
        )
        with serve_app(app) as capdiff_url:
            state = seal_state(TOKEN, states.issue())
            page = httpx.get(f"{capdiff_url}/setup", params={"code": "abc123", "state": state})
    assert page.status_code == 502
    assert says in page.text
    assert "Nothing was stored" in page.text
    assert not file.exists()


def test_an_unreachable_github_is_an_error_page(tmp_path: Path) -> None:
    states = SetupStates()
    file = tmp_path / "capdiff-app.json"
    app = create_setup_app(
        SetupSettings(
            credentials_file=file, github_api_url="http://127.0.0.1:9", setup_token=TOKEN
        ),
        states=states,
    )
    with serve_app(app) as capdiff_url:
        state = seal_state(TOKEN, states.issue())
        page = httpx.get(f"{capdiff_url}/setup", params={"code": "abc", "state": state})
    assert page.status_code == 502
    assert "could not be reached" in page.text
    assert not file.exists()


def test_a_code_that_is_not_a_token_never_reaches_github(setup: Setup) -> None:
    state = issued_state(httpx.get(f"{setup.capdiff_url}/", params=WITH_TOKEN).text)
    page = httpx.get(f"{setup.capdiff_url}/setup", params={"code": "../../x", "state": state})
    assert page.status_code == 400
    assert setup.fake.requests == []


def test_setup_mode_answers_webhooks_503_and_health_200(setup: Setup) -> None:
    assert httpx.post(f"{setup.capdiff_url}/webhook", content=b"{}").status_code == 503
    assert httpx.get(f"{setup.capdiff_url}/healthz").status_code == 200


def _credentials(key: str) -> AppCredentials:
    return AppCredentials(
        app_id=99,
        slug="capdiff-acme",
        html_url="https://github.com/apps/capdiff-acme",
        private_key=key,
        webhook_secret="stored-secret",
    )


def test_serve_reads_the_credentials_file_and_the_environment_wins(
    tmp_path: Path, rsa_keys: tuple[str, str]
) -> None:
    env = {"CAPDIFF_DATABASE": str(tmp_path / "db" / "capdiff.db")}
    assert needs_setup(env)
    save_credentials(tmp_path / "db" / "capdiff-app.json", _credentials(rsa_keys[0]))
    assert not needs_setup(env)
    settings = Settings.load(env)
    assert (settings.app_id, settings.app_slug, settings.webhook_secret) == (
        "99",
        "capdiff-acme",
        "stored-secret",
    )
    assert settings.private_key.strip() == rsa_keys[0].strip()
    overridden = Settings.load(env | {"CAPDIFF_WEBHOOK_SECRET": "from-env", "CAPDIFF_APP_ID": "5"})
    assert (overridden.app_id, overridden.webhook_secret) == ("5", "from-env")
    assert "stored-secret" not in repr(_credentials(rsa_keys[0]))
    assert not needs_setup({"CAPDIFF_APP_ID": "5"})  # half-configured: an error, not setup


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"app_id": "1"}', b'{"app_id": 1, "slug": "x"}', b"x" * 70_000],
)
def test_a_broken_credentials_file_stops_start_up(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "capdiff-app.json"
    file.write_bytes(content)
    with pytest.raises(ConfigError, match="credentials file"):
        Settings.load({"CAPDIFF_DATABASE": str(tmp_path / "capdiff.db")})


def test_a_second_setup_does_not_overwrite(setup: Setup, rsa_keys: tuple[str, str]) -> None:
    with httpx.Client() as client:
        back = setup.register(client)
        save_credentials(setup.file, _credentials(rsa_keys[0]))  # another tab finished first
        before = setup.file.read_bytes()
        refused = client.get(back)
        home = client.get(f"{setup.capdiff_url}/")
    assert refused.status_code == 409
    assert setup.file.read_bytes() == before
    assert setup.fake.registry.conversions == 0
    assert "capdiff-acme" in home.text and "settings/apps/new" not in home.text


def test_an_unwritable_folder_is_an_error_page_naming_the_orphan_app(
    setup: Setup,
) -> None:
    setup.file.parent.write_text("a file where the folder should be")  # fails even as root
    with httpx.Client() as client:
        page = client.get(setup.register(client))
    assert page.status_code == 500
    assert "could not be stored" in page.text and "/apps/capdiff" in page.text
    assert setup.file.parent.read_text() == "a file where the folder should be"
    assert setup.configured == []


def _no_register_form(page: str) -> None:
    assert "settings/apps/new" not in page
    assert 'name="manifest"' not in page
    assert "Register capdiff on GitHub" not in page
    assert TOKEN not in page


def test_without_the_token_the_page_says_where_the_link_is(setup: Setup) -> None:
    for params in ({}, {"organization": "octo-org"}):
        page = httpx.get(f"{setup.capdiff_url}/", params=params)
        assert page.status_code == 200
        assert "server's log" in page.text and "CAPDIFF_SETUP_TOKEN" in page.text
        _no_register_form(page.text)


@pytest.mark.parametrize(
    "wrong",
    ["", "x", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "tést-setup-token-0123456789"],
)
def test_a_wrong_token_gets_no_register_form(setup: Setup, wrong: str) -> None:
    page = httpx.get(f"{setup.capdiff_url}/", params={"setup_token": wrong})
    assert page.status_code == 403
    assert "token in the address is wrong" in page.text
    _no_register_form(page.text)


def test_the_token_never_travels_to_github(setup: Setup) -> None:
    with httpx.Client() as client:
        page = client.get(f"{setup.capdiff_url}/", params=WITH_TOKEN)
        state = issued_state(page.text)
        assert TOKEN not in form_action(page.text)  # the state GitHub gets and sends back
        assert open_state(TOKEN, state) is not None
        assert open_state("another-token-0123456789", state) is None
        back = setup.register(client)
    assert TOKEN not in back


def test_the_token_is_void_after_setup(setup: Setup) -> None:
    with httpx.Client() as client:
        early = issued_state(client.get(f"{setup.capdiff_url}/", params=WITH_TOKEN).text)
        back = setup.register(client)
        code = parse_qs(urlsplit(back).query)["code"][0]
        assert client.get(back).status_code == 200
        setup.file.unlink()  # even with the credentials gone, the token opens nothing
        replayed = client.get(f"{setup.capdiff_url}/", params=WITH_TOKEN)
        # A state issued with the token before setup finished is spent with it.
        late = client.get(f"{setup.capdiff_url}/setup", params={"code": code, "state": early})
    assert replayed.status_code == 403
    assert "setup is done" in replayed.text
    _no_register_form(replayed.text)
    assert late.status_code == 400
    assert not setup.file.exists()
    assert setup.fake.registry.conversions == 1


def test_the_setup_token_setting(tmp_path: Path) -> None:
    env = {"CAPDIFF_DATABASE": str(tmp_path / "capdiff.db")}
    assert SetupSettings.from_env(env).setup_token == ""
    chosen = SetupSettings.from_env(env | {"CAPDIFF_SETUP_TOKEN": f" {TOKEN} "})
    assert chosen.setup_token == TOKEN
    assert TOKEN not in repr(chosen)
    for weak in ("short", "has spaces in the middle", "x" * 15, "token/with/slashes-0123"):
        with pytest.raises(ConfigError, match="CAPDIFF_SETUP_TOKEN"):
            SetupSettings.from_env(env | {"CAPDIFF_SETUP_TOKEN": weak})
    with pytest.raises(ValueError, match="setup token"):
        create_setup_app(SetupSettings(credentials_file=tmp_path / "capdiff-app.json"))
    assert (
        setup_address("https://capdiff.example.org/", TOKEN)
        == f"https://capdiff.example.org/?setup_token={TOKEN}"
    )


def test_an_issued_nonce_needs_the_seal_of_the_token(setup: Setup) -> None:
    with httpx.Client() as client:
        back = setup.register(client)
        query = parse_qs(urlsplit(back).query)
        code, state = query["code"][0], query["state"][0]
        nonce = state.rpartition(".")[0]
        for forged in (nonce, f"{nonce}.", seal_state("another-token-0123456789", nonce)):
            params = {"code": code, "state": forged}
            refused = client.get(f"{setup.capdiff_url}/setup", params=params)
            assert refused.status_code == 400
        assert setup.fake.registry.conversions == 0
        assert client.get(back).status_code == 200  # the forgeries did not spend it
    assert setup.file.exists()


def test_serve_logs_the_setup_link_at_its_public_url(tmp_path: Path) -> None:
    token = "chosen-setup-token-for-a-paas"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAPDIFF_")}
    env |= {
        "CAPDIFF_CACHE_DIR": str(tmp_path / "cache"),
        "CAPDIFF_PUBLIC_URL": "https://capdiff.example.org/",
        "CAPDIFF_SETUP_TOKEN": token,
    }
    log = tmp_path / "serve.log"
    with capdiff_serve(env, free_port(), log) as capdiff_url:
        link = logged_setup_link(log)
        assert link == f"https://capdiff.example.org/?setup_token={token}"
        assert "Register capdiff" in httpx.get(f"{capdiff_url}/?setup_token={token}").text
        assert "Register capdiff" not in httpx.get(f"{capdiff_url}/").text
        assert httpx.get(f"{capdiff_url}/?setup_token=wrong").status_code == 403
        wait_for(lambda: " 403" in log.read_text(), "the access log line")
    text = log.read_text()
    assert text.count(token) == 1, text  # the link at start; the access log hides it
    assert "GET /?setup_token=… HTTP/1.1" in text
