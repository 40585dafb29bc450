"""The setup page: registers capdiff's GitHub App through GitHub's manifest flow.

`GET /` shows a form that posts the manifest (`bot/data/app.yml` with this server's URLs)
to GitHub's "new GitHub App" page with a `state` value. GitHub creates the App and sends
the browser back to `GET /setup?code=…&state=…`; the state must be one this server issued,
unused and fresh. The code is exchanged (`POST /app-manifests/{code}/conversions`) for the
App's id, private key and webhook secret, which are stored in the credentials file (0600)
that `capdiff serve` reads on its next start. Any refusal stores nothing.

Until the App exists anyone who reaches the server could register theirs, so the form and
the return both need the setup token (Grafana's and Jenkins' initial admin secret): random
per start, or `CAPDIFF_SETUP_TOKEN`, logged by `capdiff serve` as the page's full address.
The state handed to GitHub is a nonce sealed with an HMAC under the token, so GitHub's
redirect proves the token without carrying it. Once the credentials are stored the token
opens nothing.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import yaml
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.config import SetupSettings
from bot.credentials import AppCredentials, load_credentials, save_credentials
from bot.errors import ConfigError
from bot.pages import render

__all__ = [
    "SetupError",
    "SetupStates",
    "app_manifest",
    "create_setup_app",
    "exchange_code",
    "install_url",
    "open_state",
    "seal_state",
    "setup_address",
]

logger = logging.getLogger(__name__)

# GitHub's rule for user and organisation names.
_ACCOUNT_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
# Codes are short opaque tokens; anything else never reaches GitHub's API (it goes in a path).
_CODE = re.compile(r"[A-Za-z0-9_-]{1,128}")
_MAX_CONVERSION_BYTES = 256 * 1024


class SetupError(Exception):
    """The manifest flow cannot go on; `title` and the message are shown to the user."""

    def __init__(self, title: str, message: str, *, status: int = 400) -> None:
        self.title = title
        self.status = status
        super().__init__(message)


class SetupStates:
    """The `state` values handed to GitHub: random, kept here, single-use, expiring."""

    def __init__(
        self,
        *,
        lifetime: float = 3600.0,
        limit: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lifetime = lifetime
        self._limit = limit
        self._clock = clock
        self._expiries: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def issue(self) -> str:
        state = secrets.token_urlsafe(32)
        with self._lock:
            self._expiries[state] = self._clock() + self._lifetime
            # Every page view issues one: a flood of views forgets the oldest, not memory.
            while len(self._expiries) > self._limit:
                self._expiries.popitem(last=False)
        return state

    def redeem(self, state: str) -> bool:
        """True once for a state this issued that has not expired; False ever after."""
        with self._lock:
            expiry = self._expiries.pop(state, None)
        return expiry is not None and self._clock() < expiry


def seal_state(token: str, nonce: str) -> str:
    """The `state` for GitHub: the nonce and its HMAC under the setup token."""
    mac = hmac.new(token.encode("utf-8"), nonce.encode("utf-8"), hashlib.sha256).digest()
    return f"{nonce}.{base64.urlsafe_b64encode(mac).decode('ascii').rstrip('=')}"


def open_state(token: str, state: str) -> str | None:
    """The nonce inside `state` when it was sealed under `token`; None otherwise."""
    nonce, dot, _ = state.rpartition(".")
    if not dot or not nonce:
        return None
    expected = seal_state(token, nonce)
    if not hmac.compare_digest(state.encode("utf-8", "replace"), expected.encode("utf-8")):
        return None
    return nonce


def setup_address(public_url: str, token: str) -> str:
    """The setup page's address with the token: what `capdiff serve` logs."""
    return f"{public_url.rstrip('/')}/?{urlencode({'setup_token': token})}"


def _template() -> dict[str, Any]:
    text = resources.files("bot").joinpath("data/app.yml").read_text(encoding="utf-8")
    manifest: dict[str, Any] = yaml.safe_load(text)
    return manifest


def app_manifest(public_url: str) -> dict[str, Any]:
    """The manifest from `app.yml` with this deployment's webhook, redirect and setup URLs."""
    manifest = copy.deepcopy(_template())
    manifest["hook_attributes"] = {
        **manifest.get("hook_attributes", {}),
        "url": f"{public_url}/webhook",
    }
    manifest["redirect_url"] = f"{public_url}/setup"
    manifest["setup_url"] = f"{public_url}/"
    return manifest


def install_url(html_url: str) -> str:
    return f"{html_url.rstrip('/')}/installations/new"


async def exchange_code(client: httpx.AsyncClient, api_url: str, code: str) -> AppCredentials:
    """Trade the one-time `code` for the new App's credentials; SetupError when that fails."""
    if not _CODE.fullmatch(code):
        raise SetupError("Not a GitHub code", "The code in the address is not one GitHub sends.")
    url = f"{api_url}/app-manifests/{quote(code, safe='')}/conversions"
    try:
        response = await client.post(
            url,
            headers={
                "accept": "application/vnd.github+json",
                "x-github-api-version": "2022-11-28",
            },
        )
    except httpx.HTTPError as exc:
        raise SetupError(
            "GitHub could not be reached",
            f"Exchanging the code failed: {type(exc).__name__}. Start again.",
            status=502,
        ) from None
    if response.status_code != 201:
        raise SetupError(
            "GitHub refused the code",
            f"GitHub answered {response.status_code} ({_message(response)}). A code works "
            "once and for an hour: start again to get a new one.",
            status=502,
        )
    if len(response.content) > _MAX_CONVERSION_BYTES:
        raise SetupError("GitHub's answer is not usable", "The answer is too large.", status=502)
    return _credentials(response)


def _message(response: httpx.Response) -> str:
    with contextlib.suppress(ValueError):
        data = response.json()
        message = data.get("message") if isinstance(data, dict) else None
        if isinstance(message, str):
            return message[:200]
    return response.reason_phrase or "no message"


def _credentials(response: httpx.Response) -> AppCredentials:
    def unusable(why: str) -> SetupError:
        return SetupError("GitHub's answer is not usable", why, status=502)

    try:
        data = response.json()
    except ValueError:
        raise unusable("It is not JSON.") from None
    if not isinstance(data, dict):
        raise unusable("It is not a JSON object.")
    app_id = data.get("id")
    if not isinstance(app_id, int) or isinstance(app_id, bool) or app_id <= 0:
        raise unusable("It has no App id.")
    fields: dict[str, str] = {}
    for key in ("slug", "html_url", "pem", "webhook_secret"):
        value = data.get(key)
        if not isinstance(value, str) or not value:
            raise unusable(f"It has no {key}.")
        fields[key] = value
    if not fields["html_url"].startswith(("https://", "http://")):
        raise unusable("Its html_url is not a web address.")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", fields["slug"]):
        raise unusable("Its slug is not an App slug.")
    _check_private_key(fields["pem"], unusable)
    return AppCredentials(
        app_id=app_id,
        slug=fields["slug"],
        html_url=fields["html_url"].rstrip("/"),
        private_key=fields["pem"],
        webhook_secret=fields["webhook_secret"],
    )


def _check_private_key(pem: str, unusable: Callable[[str], SetupError]) -> None:
    from cryptography.hazmat.primitives.serialization import (  # noqa: PLC0415
        load_pem_private_key,
    )

    try:
        load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError):
        raise unusable("Its private key is not a PEM key.") from None


def create_setup_app(
    setup: SetupSettings,
    *,
    on_configured: Callable[[], None] | None = None,
    states: SetupStates | None = None,
    http_timeout: float = 30.0,
) -> Starlette:
    """The server `capdiff serve` runs while it has no App: the setup page and /healthz.

    `setup.setup_token` must be set: the page and GitHub's return need it. `on_configured`
    runs once the credentials are stored and the page is sent (the server restarts with
    them).
    """
    if not setup.setup_token:
        raise ValueError("the setup page needs a setup token")
    token = setup.setup_token
    # Set once the credentials are stored: the token opens nothing after that.
    spent = threading.Event()
    states = states or SetupStates()
    web_origin = _origin(setup.github_web_url)
    client_holder: dict[str, httpx.AsyncClient] = {}
    # Two returns racing (two tabs) must not both exchange and overwrite each other.
    finishing = asyncio.Lock()

    def public_url(request: Request) -> str:
        return setup.public_url or str(request.base_url).rstrip("/")

    def error(request: Request, exc: SetupError) -> Response:
        return render(
            request,
            "error.html",
            {"title": exc.title, "message": str(exc)},
            status_code=exc.status,
        )

    def stored() -> AppCredentials | None:
        try:
            return load_credentials(setup.credentials_file)
        except ConfigError:
            return None

    def installed(request: Request, credentials: AppCredentials, **kwargs: Any) -> Response:
        return render(
            request,
            "installed.html",
            {
                "slug": credentials.slug,
                "install_url": install_url(credentials.html_url),
                "credentials_file": str(setup.credentials_file),
            },
            **kwargs,
        )

    def holds_token(request: Request) -> bool:
        candidate = request.query_params.get("setup_token", "")
        return not spent.is_set() and hmac.compare_digest(
            candidate.encode("utf-8", "replace"), token.encode("utf-8")
        )

    def locked(request: Request) -> Response:
        given = "setup_token" in request.query_params
        if given:
            logger.warning("setup page refused: wrong or spent setup token")
        return render(
            request,
            "setup_locked.html",
            {"wrong": given, "spent": spent.is_set(), "public_url": public_url(request)},
            status_code=403 if given else 200,
        )

    async def home(request: Request) -> Response:
        if (credentials := stored()) is not None:
            return installed(request, credentials)
        if not holds_token(request):
            return locked(request)
        organization = request.query_params.get("organization", "").strip()
        if organization and not _ACCOUNT_NAME.fullmatch(organization):
            return error(
                request,
                SetupError(
                    "Not an organisation name",
                    "Organisation names are letters, digits and single hyphens, "
                    "at most 39 characters.",
                ),
            )
        base = public_url(request)
        manifest = app_manifest(base)
        target = (
            f"{setup.github_web_url}/organizations/{organization}/settings/apps/new"
            if organization
            else f"{setup.github_web_url}/settings/apps/new"
        )
        return render(
            request,
            "setup.html",
            {
                "register_url": (
                    f"{target}?{urlencode({'state': seal_state(token, states.issue())})}"
                ),
                "setup_token": token,
                "manifest_json": json.dumps(manifest, separators=(",", ":")),
                "organization": organization,
                "webhook_url": manifest["hook_attributes"]["url"],
                "public_url": base,
                "permissions": sorted(manifest.get("default_permissions", {}).items()),
                "events": manifest.get("default_events", []),
            },
            form_targets=(web_origin,),
        )

    async def finish(request: Request) -> Response:
        async with finishing:
            return await _finish(request)

    async def _finish(request: Request) -> Response:
        try:
            code = request.query_params.get("code", "")
            state = request.query_params.get("state", "")
            if not code or not state:
                raise SetupError(
                    "Incomplete return from GitHub",
                    "GitHub sends a code and a state back; this address lacks one.",
                )
            nonce = None if spent.is_set() else open_state(token, state)
            if nonce is None or not states.redeem(nonce):
                raise SetupError(
                    "This registration was not started here, or is used up",
                    "The state in the address is unknown, expired or already used. "
                    "Start again from this server's page.",
                )
            if setup.credentials_file.exists():
                raise SetupError(
                    "capdiff is already registered",
                    f"{setup.credentials_file} exists; remove it first to register again.",
                    status=409,
                )
            credentials = await exchange_code(
                client_holder["client"], setup.github_api_url, code
            )
        except SetupError as exc:
            logger.warning("setup refused: %s", exc.title)
            return error(request, exc)
        try:
            save_credentials(setup.credentials_file, credentials)
        except OSError as exc:
            logger.error("cannot store the credentials in %s: %s", setup.credentials_file, exc)
            return error(
                request,
                SetupError(
                    "The credentials could not be stored",
                    f"GitHub created the App {credentials.slug}, but writing "
                    f"{setup.credentials_file} failed ({exc.strerror}). Delete the App on "
                    f"GitHub ({credentials.html_url}), fix the folder, and start again.",
                    status=500,
                ),
            )
        spent.set()
        logger.info(
            "registered GitHub App %s (id %d); credentials in %s",
            credentials.slug,
            credentials.app_id,
            setup.credentials_file,
        )
        response = installed(request, credentials)
        if on_configured is not None:
            response.background = BackgroundTask(on_configured)
        return response

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("not configured: open / to register the GitHub App")

    async def webhook(request: Request) -> Response:
        return PlainTextResponse("capdiff has no GitHub App yet", status_code=503)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=httpx.Timeout(http_timeout)) as client:
            client_holder["client"] = client
            yield

    return Starlette(
        routes=[
            Route("/", home, methods=["GET"]),
            Route("/setup", finish, methods=["GET"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/webhook", webhook, methods=["POST"]),
        ],
        lifespan=lifespan,
    )


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"

