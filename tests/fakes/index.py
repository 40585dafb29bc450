"""An in-memory package index (PEP 691 JSON, PEP 503 HTML, PyPI JSON API) for tests.

    index = FakeIndex()
    index.add_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\\n"})
    index.add_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\\n"})
    index.yank("demo", "1.0", "broken")
    index.fail("/simple/demo/", 502, times=1)
    transport = httpx.ASGITransport(app=index.app)   # or: with serve_app(index.app) as base
    SimpleIndex(client, IndexSettings(index_url=f"{base}/simple", json_api_url=f"{base}/pypi"))

Pages live at `/simple/<name>/`, files at `/files/<name>/<filename>`, the JSON API at
`/pypi/<name>/json`. File links are RELATIVE to the page (`../../files/...`), as the specs
allow, so a client has to resolve them. Every request is recorded in `index.requests`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape

from packaging.utils import canonicalize_name
from packaging.version import Version
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tests.analysis.builders import build_sdist, build_wheel, sdist_filename, wheel_filename

__all__ = ["FakeIndex", "FakeRelease", "RecordedRequest"]

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
_DEFAULT_TIME = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordedRequest:
    method: str
    path: str
    headers: Mapping[str, str]


@dataclass(slots=True, kw_only=True)
class _File:
    filename: str
    data: bytes
    upload_time: datetime
    requires_python: str | None = None
    # A digest to advertise instead of the real one (to test the digest check).
    advertised_sha256: str | None = None

    @property
    def sha256(self) -> str:
        return self.advertised_sha256 or hashlib.sha256(self.data).hexdigest()


@dataclass(slots=True, kw_only=True)
class FakeRelease:
    version: str
    files: dict[str, _File] = field(default_factory=dict)
    yanked: str | None = None  # None: not yanked; else the reason


@dataclass(slots=True, kw_only=True)
class _Project:
    name: str
    releases: dict[str, FakeRelease] = field(default_factory=dict)
    info: dict[str, object] = field(default_factory=dict)
    vulnerabilities: list[dict[str, object]] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class _Fault:
    status: int
    remaining: int
    headers: dict[str, str]
    body: bytes


class FakeIndex:
    def __init__(self, *, serve_json: bool = True) -> None:
        self.serve_json = serve_json  # False: HTML only, whatever the client accepts
        self.requests: list[RecordedRequest] = []
        self._projects: dict[str, _Project] = {}
        self._faults: dict[str, _Fault] = {}
        self._pages: dict[str, tuple[str, bytes]] = {}  # path -> (content type, raw body)
        self._basic: str | None = None
        self._bearer: str | None = None
        self.app = Starlette(
            routes=[
                Route("/simple/{name}/", self._simple_page),
                Route("/pypi/{name}/json", self._json_api),
                Route("/files/{name}/{filename}", self._file),
            ]
        )
        self.app.add_middleware(_Gate, index=self)  # type: ignore[arg-type]

    # -- building the registry -------------------------------------------------------------

    def add(
        self,
        name: str,
        version: str,
        files: Mapping[str, bytes],
        *,
        upload_time: datetime | None = None,
        requires_python: str | None = None,
    ) -> FakeRelease:
        """Publish `files` (filename -> bytes) as `name==version`."""
        project = self._project(name)
        release = project.releases.setdefault(version, FakeRelease(version=version))
        for filename, data in files.items():
            release.files[filename] = _File(
                filename=filename,
                data=data,
                upload_time=upload_time or _DEFAULT_TIME,
                requires_python=requires_python,
            )
        project.info.setdefault("name", name)
        return release

    def add_sdist(
        self, name: str, version: str, files: Mapping[str, str | bytes], **options: object
    ) -> str:
        filename = sdist_filename(name, version)
        self.add(name, version, {filename: build_sdist(name, version, files)}, **options)  # type: ignore[arg-type]
        return filename

    def add_wheel(
        self,
        name: str,
        version: str,
        files: Mapping[str, str | bytes],
        *,
        tag: str = "py3-none-any",
        **options: object,
    ) -> str:
        filename = wheel_filename(name, version, tag)
        data = build_wheel(name, version, files, tag=tag)
        self.add(name, version, {filename: data}, **options)  # type: ignore[arg-type]
        return filename

    def yank(self, name: str, version: str, reason: str = "") -> None:
        self._project(name).releases[version].yanked = reason

    def set_upload_time(self, name: str, version: str, when: datetime) -> None:
        for file in self._project(name).releases[version].files.values():
            file.upload_time = when

    def set_info(self, name: str, **info: object) -> None:
        """PyPI JSON `info` fields: project_urls, author, maintainer, home_page, ..."""
        self._project(name).info.update(info)

    def set_vulnerabilities(
        self, name: str, vulnerabilities: Sequence[Mapping[str, object]]
    ) -> None:
        self._project(name).vulnerabilities = [dict(v) for v in vulnerabilities]

    def set_owners(self, name: str, users: Sequence[str]) -> None:
        self._project(name).owners = list(users)

    def wrong_digest(self, name: str, filename: str) -> None:
        """Advertise a sha256 that the served bytes do not have."""
        for release in self._project(name).releases.values():
            if filename in release.files:
                release.files[filename].advertised_sha256 = "0" * 64

    def file_url_path(self, name: str, filename: str) -> str:
        return f"/files/{canonicalize_name(name)}/{filename}"

    # -- behaviour -------------------------------------------------------------------------

    def fail(
        self,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> None:
        """The next `times` requests to `path` get `status` (e.g. 502, 404, 429)."""
        self._faults[path] = _Fault(
            status=status, remaining=times, headers=dict(headers or {}), body=body
        )

    def serve_raw(self, path: str, content_type: str, body: bytes) -> None:
        """Answer `path` with this body from now on (garbage pages, oversized pages)."""
        self._pages[path] = (content_type, body)

    def require_basic_auth(self, user: str, password: str) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self._basic = f"Basic {token}"

    def require_bearer(self, token: str) -> None:
        self._bearer = f"Bearer {token}"

    def paths(self, prefix: str = "/") -> list[str]:
        return [r.path for r in self.requests if r.path.startswith(prefix)]

    def downloads(self) -> list[str]:
        return self.paths("/files/")

    # -- serving ---------------------------------------------------------------------------

    def _project(self, name: str) -> _Project:
        key = canonicalize_name(name)
        return self._projects.setdefault(key, _Project(name=name))

    def _gate(self, request: Request) -> Response | None:
        path = request.url.path
        self.requests.append(
            RecordedRequest(method=request.method, path=path, headers=dict(request.headers))
        )
        required = [value for value in (self._basic, self._bearer) if value]
        if required and request.headers.get("authorization") not in required:
            return Response(b"unauthorized", 401, headers={"WWW-Authenticate": "Basic"})
        fault = self._faults.get(path)
        if fault is not None and fault.remaining > 0:
            fault.remaining -= 1
            return Response(fault.body, fault.status, headers=fault.headers)
        if path in self._pages:
            content_type, body = self._pages[path]
            return Response(body, 200, media_type=content_type)
        return None

    def _found(self, name: str) -> _Project | None:
        return self._projects.get(canonicalize_name(name))

    async def _simple_page(self, request: Request) -> Response:
        project = self._found(request.path_params["name"])
        if project is None:
            return Response(b"not found", 404)
        entries = [
            (release, file)
            for release in sorted(project.releases.values(), key=lambda r: Version(r.version))
            for file in release.files.values()
        ]
        wants_json = JSON_TYPE in request.headers.get("accept", "")
        if self.serve_json and wants_json:
            document = {
                "meta": {"api-version": "1.1"},
                "name": canonicalize_name(project.name),
                "files": [
                    {
                        "filename": file.filename,
                        "url": f"../../files/{canonicalize_name(project.name)}/{file.filename}",
                        "hashes": {"sha256": file.sha256},
                        "requires-python": file.requires_python,
                        "yanked": release.yanked if release.yanked else release.yanked == "",
                        "size": len(file.data),
                        "upload-time": file.upload_time.isoformat().replace("+00:00", "Z"),
                    }
                    for release, file in entries
                ],
            }
            return Response(json.dumps(document).encode(), 200, media_type=JSON_TYPE)
        links = []
        for release, file in entries:
            href = f"../../files/{canonicalize_name(project.name)}/{file.filename}"
            attributes = f' href="{escape(href)}#sha256={file.sha256}"'
            if file.requires_python:
                attributes += f' data-requires-python="{escape(file.requires_python)}"'
            if release.yanked is not None:
                attributes += f' data-yanked="{escape(release.yanked)}"'
            links.append(f"<a{attributes}>{escape(file.filename)}</a><br/>")
        html = "<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n"
        return HTMLResponse(html)

    async def _json_api(self, request: Request) -> Response:
        project = self._found(request.path_params["name"])
        if project is None:
            return JSONResponse({"message": "Not Found"}, 404)
        info: dict[str, object] = {
            "author": "",
            "author_email": "",
            "maintainer": "",
            "maintainer_email": "",
            "home_page": "",
            "project_urls": None,
        }
        info["version"] = _latest(project)
        info.update(project.info)
        releases = {
            release.version: [
                {
                    "filename": file.filename,
                    "upload_time_iso_8601": file.upload_time.isoformat().replace("+00:00", "Z"),
                    "yanked": release.yanked is not None,
                    "yanked_reason": release.yanked or None,
                    "digests": {"sha256": file.sha256},
                }
                for file in release.files.values()
            ]
            for release in project.releases.values()
        }
        document: dict[str, object] = {
            "info": info,
            "releases": releases,
            "vulnerabilities": project.vulnerabilities,
        }
        if project.owners:
            document["ownership"] = {
                "roles": [{"role": "Owner", "user": user} for user in project.owners]
            }
        return JSONResponse(document)

    async def _file(self, request: Request) -> Response:
        project = self._found(request.path_params["name"])
        filename = request.path_params["filename"]
        if project is not None:
            for release in project.releases.values():
                if filename in release.files:
                    return Response(
                        release.files[filename].data, 200, media_type="application/octet-stream"
                    )
        return Response(b"not found", 404)


def _latest(project: _Project) -> str:
    """What PyPI reports as `info.version`: the newest final release that is not yanked."""
    versions = [Version(r.version) for r in project.releases.values() if r.yanked is None]
    finals = [v for v in versions if not v.is_prerelease] or versions
    return str(max(finals)) if finals else ""


class _Gate:
    """ASGI middleware: records each request, then applies auth and injected faults."""

    def __init__(self, app: object, *, index: FakeIndex) -> None:
        self._app = app
        self._index = index

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self._app(scope, receive, send)  # type: ignore[operator]
            return
        response = self._index._gate(Request(scope))
        if response is not None:
            await response(scope, receive, send)
            return
        await self._app(scope, receive, send)  # type: ignore[operator]
