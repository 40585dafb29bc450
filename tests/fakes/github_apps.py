"""The fake GitHub's App registration: the manifest flow's web pages and its REST endpoint.

Like github.com: `POST /settings/apps/new?state=…` (or `/organizations/ORG/settings/apps/new`)
with a form field `manifest` shows the App to create and a "Create GitHub App" button;
creating it redirects the browser to the manifest's `redirect_url` with a one-time `code`
(valid an hour) and the `state`. `POST /app-manifests/{code}/conversions` trades the code
for the App's id, slug, PEM key, webhook secret and client credentials. The install page
(`/apps/{slug}/installations/new`) installs the App: it delivers a signed `installation`
webhook to the App's webhook URL, then sends the browser to the App's `setup_url`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

__all__ = ["AppRegistry", "RegisteredApp"]

CODE_LIFETIME = 3600.0


@dataclass
class RegisteredApp:
    id: int
    slug: str
    owner: str
    manifest: dict[str, object]
    private_key: str
    public_key: str
    webhook_secret: str
    client_id: str
    client_secret: str
    installations: list[int] = field(default_factory=list)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)} · GitHub</title>"
        "<style>body{font-family:sans-serif;margin:2rem;max-width:40rem}"
        "button{background:#1f883d;color:#fff;border:0;border-radius:6px;padding:.6rem 1rem;"
        "font-size:1rem}dt{font-weight:bold}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )


def _keys() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,  # GitHub hands out PKCS#1 keys
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class AppRegistry:
    def __init__(
        self,
        *,
        base_url: Callable[[], str],
        new_id: Callable[[], int],
        on_converted: Callable[[RegisteredApp], None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._base_url = base_url
        self._new_id = new_id
        self._on_converted = on_converted
        self.clock = clock
        self.lock = threading.Lock()
        self.apps: dict[str, RegisteredApp] = {}  # slug -> app
        self.codes: dict[str, tuple[str, float]] = {}  # code -> (slug, expiry)
        self.conversions = 0
        # Repositories an installation made through the install page grants.
        self.install_repositories = ["Codertocat/Hello-World"]
        self.deliveries: list[tuple[str, int]] = []  # (event, HTTP status) sent to apps

    def routes(self) -> list[Route]:
        return [
            Route("/settings/apps/new", self.new_app, methods=["POST"]),
            Route("/organizations/{org}/settings/apps/new", self.new_app, methods=["POST"]),
            Route("/settings/apps/new/create", self.create_app, methods=["POST"]),
            Route("/app-manifests/{code}/conversions", self.conversion, methods=["POST"]),
            Route("/apps/{slug}/installations/new", self.install_page, methods=["GET"]),
            Route("/apps/{slug}/installations", self.install, methods=["POST"]),
        ]

    async def _form(self, request: Request) -> dict[str, str]:
        body = (await request.body()).decode("utf-8", "replace")
        return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}

    async def new_app(self, request: Request) -> Response:
        form = await self._form(request)
        try:
            manifest = json.loads(form.get("manifest", ""))
        except json.JSONDecodeError:
            return _page("Invalid GitHub App manifest", "<p>manifest is not JSON</p>", 422)
        hook = manifest.get("hook_attributes") if isinstance(manifest, dict) else None
        if not (
            isinstance(manifest, dict)
            and isinstance(manifest.get("url"), str)
            and isinstance(hook, dict)
            and isinstance(hook.get("url"), str)
            and isinstance(manifest.get("redirect_url"), str)
        ):
            return _page(
                "Invalid GitHub App manifest",
                "<p>url, hook_attributes.url and redirect_url are required</p>",
                422,
            )
        owner = request.path_params.get("org", "octocat")
        state = request.query_params.get("state", "")
        permissions = manifest.get("default_permissions") or {}
        rows = "".join(
            f"<li>{html.escape(str(k))}: {html.escape(str(v))}</li>"
            for k, v in sorted(permissions.items())
        )
        hidden = "".join(
            f"<input type='hidden' name='{name}' value='{html.escape(value, quote=True)}'>"
            for name, value in (
                ("manifest", json.dumps(manifest)),
                ("state", state),
                ("owner", owner),
            )
        )
        return _page(
            "Create GitHub App",
            f"<p>for <b>{html.escape(owner)}</b></p><dl>"
            f"<dt>GitHub App name</dt><dd id='app-name'>"
            f"{html.escape(str(manifest.get('name', '')))}</dd>"
            f"<dt>Webhook URL</dt><dd id='webhook-url'>{html.escape(hook['url'])}</dd>"
            f"<dt>Permissions</dt><dd><ul>{rows}</ul></dd></dl>"
            f"<form method='post' action='/settings/apps/new/create'>{hidden}"
            "<button type='submit'>Create GitHub App</button></form>",
        )

    async def create_app(self, request: Request) -> Response:
        form = await self._form(request)
        manifest = json.loads(form["manifest"])
        private, public = _keys()
        base = str(manifest.get("name") or "app").lower().replace(" ", "-")
        slug = base
        with self.lock:
            while slug in self.apps:
                slug = f"{base}-{secrets.token_hex(2)}"
            app = RegisteredApp(
                id=self._new_id(),
                slug=slug,
                owner=form.get("owner", "octocat"),
                manifest=manifest,
                private_key=private,
                public_key=public,
                webhook_secret=secrets.token_hex(20),
                client_id=f"Iv1.{secrets.token_hex(8)}",
                client_secret=secrets.token_hex(20),
            )
            self.apps[slug] = app
            code = secrets.token_hex(20)
            self.codes[code] = (slug, self.clock() + CODE_LIFETIME)
        query = {"code": code}
        if form.get("state"):
            query["state"] = form["state"]
        return RedirectResponse(f"{manifest['redirect_url']}?{urlencode(query)}", 302)

    async def conversion(self, request: Request) -> Response:
        with self.lock:
            found = self.codes.pop(request.path_params["code"], None)
        if found is None or found[1] < self.clock():
            return JSONResponse(
                {"message": "Not Found", "documentation_url": "https://docs.github.com"},
                status_code=404,
            )
        app = self.apps[found[0]]
        with self.lock:
            self.conversions += 1
        self._on_converted(app)
        base = self._base_url()
        return JSONResponse(
            {
                "id": app.id,
                "slug": app.slug,
                "node_id": f"A_{app.id}",
                "owner": {"login": app.owner, "id": 1, "type": "User"},
                "name": app.manifest.get("name", app.slug),
                "description": app.manifest.get("description", ""),
                "external_url": app.manifest.get("url", ""),
                "html_url": f"{base}/apps/{app.slug}",
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
                "permissions": app.manifest.get("default_permissions", {}),
                "events": app.manifest.get("default_events", []),
                "client_id": app.client_id,
                "client_secret": app.client_secret,
                "webhook_secret": app.webhook_secret,
                "pem": app.private_key,
            },
            status_code=201,
        )

    async def install_page(self, request: Request) -> Response:
        app = self.apps.get(request.path_params["slug"])
        if app is None:
            return _page("Page not found", "", 404)
        repos = "".join(f"<li>{html.escape(r)}</li>" for r in self.install_repositories)
        return _page(
            f"Install {app.slug}",
            f"<p>on <b>{html.escape(app.owner)}</b>, for these repositories:</p><ul>{repos}</ul>"
            f"<form method='post' action='/apps/{html.escape(app.slug)}/installations'>"
            "<button type='submit'>Install</button></form>",
        )

    async def install(self, request: Request) -> Response:
        app = self.apps.get(request.path_params["slug"])
        if app is None:
            return _page("Page not found", "", 404)
        installation_id = self._new_id()
        app.installations.append(installation_id)
        payload = {
            "action": "created",
            "installation": {
                "id": installation_id,
                "account": {"login": app.owner, "type": "Organization"},
                "app_id": app.id,
                "app_slug": app.slug,
            },
            "repositories": [
                {"full_name": name, "name": name.split("/", 1)[1], "private": False}
                for name in self.install_repositories
            ],
            "sender": {"login": "octocat", "type": "User"},
        }
        await self._deliver(app, "installation", json.dumps(payload).encode())
        query = urlencode({"installation_id": installation_id, "setup_action": "install"})
        setup_url = str(app.manifest.get("setup_url") or f"{self._base_url()}/apps/{app.slug}")
        return RedirectResponse(f"{setup_url}?{query}", 302)

    async def _deliver(self, app: RegisteredApp, event: str, body: bytes) -> None:
        """POST the webhook like GitHub: signed, with a delivery id; retried while unreachable."""
        hook = app.manifest["hook_attributes"]
        assert isinstance(hook, dict)
        signature = hmac.new(app.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {
            "content-type": "application/json",
            "x-github-event": event,
            "x-github-delivery": secrets.token_hex(16),
            "x-hub-signature-256": f"sha256={signature}",
        }
        deadline = time.monotonic() + 20  # the App may be restarting after its setup
        async with httpx.AsyncClient(timeout=5) as client:
            while True:
                try:
                    response = await client.post(str(hook["url"]), content=body, headers=headers)
                except httpx.TransportError:
                    status = 0
                else:
                    status = response.status_code
                if (status < 500 and status != 0) or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.2)
        self.deliveries.append((event, status))
