"""A stateful fake of the GitHub REST API, as a starlette app (a test double).

It speaks the shapes in /work/shared/github/rest/ for the endpoints capdiff uses, keeps
its own consistent state (pull requests, files at commits, check runs with their
annotations, comments, reactions, permissions) and enforces GitHub's limits: 50
annotations per request, 65535-character check-run output, 65536-character comments,
RS256 app JWTs, expiring installation tokens. Faults can be injected per path.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.github_apps import AppRegistry, RegisteredApp

__all__ = ["FakeGitHub", "Fault", "PullRequest"]

JSONObj = dict[str, object]
CONTENTS_LIMIT = 1024 * 1024
PAGE_DEFAULT = 30


@dataclass
class Fault:
    """Answer the next `count` requests whose "METHOD /path" matches `pattern` with this."""

    pattern: str
    count: int = 1
    status: int = 502
    headers: dict[str, str] = field(default_factory=dict)
    body: JSONObj = field(default_factory=lambda: {"message": "Server Error"})
    delay: float = 0.0


@dataclass
class PullRequest:
    owner: str
    repo: str
    number: int
    head_sha: str
    base_sha: str
    base_ref: str = "main"
    draft: bool = False
    state: str = "open"
    files: list[JSONObj] = field(default_factory=list)


def _blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()  # git's object id


def _error(status: int, message: str, **extra: object) -> JSONResponse:
    return JSONResponse(
        {"message": message, "documentation_url": "https://docs.github.com", **extra},
        status_code=status,
    )


def _validation(message: str, resource: str, field_name: str) -> JSONResponse:
    return _error(
        422,
        "Validation Failed",
        errors=[
            {"resource": resource, "code": "unprocessable", "field": field_name, "message": message}
        ],
    )


class FakeGitHub:
    def __init__(
        self,
        *,
        app_id: int,
        public_key: str,
        app_slug: str = "capdiff",
        token_lifetime: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.clock = clock
        self.app_id = app_id
        self.app_slug = app_slug
        self.public_key = public_key
        self.token_lifetime = token_lifetime
        self.lock = threading.Lock()
        # Where the fake is served (set by the test once it listens): links and redirects.
        self.base_url = "http://127.0.0.1"
        self.reset()
        self.app = Starlette(routes=self._routes())

    def reset(self, *, clock: Callable[[], float] | None = None) -> None:
        """Forget all state (one server can then serve many tests)."""
        if clock is not None:
            self.clock = clock
        self.tokens: dict[str, tuple[int, float]] = {}
        self.token_requests = 0
        self.files: dict[tuple[str, str], dict[str, bytes]] = {}  # (full_name, sha) -> files
        self.blobs: dict[str, bytes] = {}
        self.pulls: dict[tuple[str, int], PullRequest] = {}
        self.check_runs: dict[int, JSONObj] = {}
        self.comments: dict[int, JSONObj] = {}
        self.reactions: dict[int, list[str]] = {}
        self.permissions: dict[tuple[str, str], tuple[str, str]] = {}
        self.faults: list[Fault] = []
        self.requests: list[str] = []  # "METHOD /path" of every request, in order
        self.api_versions: set[str] = set()  # X-GitHub-Api-Version values seen
        self._next_id = 1000
        # The manifest flow; an App it registers becomes the App this fake authenticates.
        self.registry = AppRegistry(
            base_url=lambda: self.base_url, new_id=self._id, on_converted=self._become
        )

    def _become(self, app: RegisteredApp) -> None:
        with self.lock:
            self.app_id, self.app_slug, self.public_key = app.id, app.slug, app.public_key

    # -- state set-up ----------------------------------------------------------------------

    def add_commit(self, full_name: str, sha: str, files: Mapping[str, str | bytes]) -> None:
        encoded = {p: c.encode() if isinstance(c, str) else c for p, c in files.items()}
        self.files[(full_name, sha)] = encoded
        for content in encoded.values():
            self.blobs[_blob_sha(content)] = content

    def add_pull(self, pull: PullRequest) -> None:
        full = f"{pull.owner}/{pull.repo}"
        base = self.files.get((full, pull.base_sha), {})
        head = self.files.get((full, pull.head_sha), {})
        pull.files = [
            {
                "sha": _blob_sha(head.get(path, b"")),
                "filename": path,
                "status": "added"
                if path not in base
                else "removed"
                if path not in head
                else "modified",
                "additions": 1,
                "deletions": 0,
                "changes": 1,
            }
            for path in sorted(set(base) | set(head))
            if base.get(path) != head.get(path)
        ]
        self.pulls[(full, pull.number)] = pull

    def set_permission(self, full_name: str, user: str, permission: str, role: str) -> None:
        self.permissions[(full_name, user)] = (permission, role)

    def add_human_comment(self, full_name: str, number: int, user: str, body: str) -> int:
        return self._new_comment(full_name, number, body, {"login": user, "type": "User"}, None)

    def inject(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def comments_on(self, full_name: str, number: int) -> list[JSONObj]:
        return [
            c for c in self.comments.values() if c["_repo"] == full_name and c["_number"] == number
        ]

    def runs_for(self, head_sha: str) -> list[JSONObj]:
        return [r for r in self.check_runs.values() if r["head_sha"] == head_sha]

    # -- plumbing --------------------------------------------------------------------------

    def _id(self) -> int:
        with self.lock:
            self._next_id += 1
            return self._next_id

    def _routes(self) -> list[Route]:
        r = "/repos/{owner}/{repo}"
        return [
            # Looked up per request so reset() gives a fresh registry to the same server.
            *[
                Route(route.path, self._registry_endpoint(route.name), methods=route.methods)
                for route in self.registry.routes()
            ],
            Route(
                "/app/installations/{iid:int}/access_tokens", self.access_token, methods=["POST"]
            ),
            Route(r + "/pulls/{number:int}", self.get_pull, methods=["GET"]),
            Route(r + "/pulls/{number:int}/files", self.pull_files, methods=["GET"]),
            Route(r + "/contents/{path:path}", self.contents, methods=["GET"]),
            Route(r + "/git/blobs/{sha}", self.blob, methods=["GET"]),
            Route(r + "/git/trees/{sha}", self.tree, methods=["GET"]),
            Route(r + "/check-runs", self.create_check_run, methods=["POST"]),
            Route(r + "/check-runs/{id:int}", self.update_check_run, methods=["PATCH"]),
            Route(r + "/commits/{ref}/check-runs", self.list_check_runs, methods=["GET"]),
            Route(
                r + "/issues/{number:int}/comments", self.issue_comments, methods=["GET", "POST"]
            ),
            Route(r + "/issues/comments/{id:int}", self.update_comment, methods=["PATCH"]),
            Route(r + "/issues/comments/{id:int}/reactions", self.reaction, methods=["POST"]),
            Route(r + "/collaborators/{user}/permission", self.permission, methods=["GET"]),
        ]

    def _registry_endpoint(self, name: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            handler: Callable[[Request], Awaitable[Response]] = getattr(self.registry, name)
            return await handler(request)

        return endpoint

    async def _guard(self, request: Request, *, jwt_auth: bool = False) -> Response | None:
        """Faults first, then authentication; None when the request may go on."""
        # The raw path, as sent: an encoded "/" (%2F) in a contents path would show.
        raw_path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        line = f"{request.method} {raw_path}"
        with self.lock:
            self.requests.append(line)
            self.api_versions.add(request.headers.get("x-github-api-version", ""))
            fault = next(
                (f for f in self.faults if f.count > 0 and re.search(f.pattern, line)), None
            )
            if fault is not None:
                fault.count -= 1
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status:
                return JSONResponse(fault.body, status_code=fault.status, headers=fault.headers)
        auth = request.headers.get("authorization", "")
        scheme, _, credential = auth.partition(" ")
        if jwt_auth:
            if scheme.lower() != "bearer":
                return _error(401, "A JSON web token could not be decoded")
            try:
                claims = jwt.decode(
                    credential,
                    self.public_key,
                    algorithms=["RS256"],
                    options={
                        "require": ["iat", "exp", "iss"],
                        "verify_exp": False,
                        "verify_iat": False,
                    },
                )
            except jwt.PyJWTError as exc:
                return _error(401, f"A JSON web token could not be decoded: {exc}")
            now = self.clock()
            if not claims["iat"] <= now < claims["exp"]:
                return _error(401, "'Issued at' claim ('iat') must be an Integer in the past")
            if str(claims["iss"]) != str(self.app_id) or claims["exp"] - claims["iat"] > 600:
                return _error(401, "'Expiration time' claim ('exp') is too far in the future")
            return None
        token = self.tokens.get(credential)
        if scheme.lower() not in {"token", "bearer"} or token is None or token[1] < self.clock():
            return _error(401, "Bad credentials")
        return None

    def _page(self, request: Request, items: list[JSONObj]) -> Response:
        per_page = min(int(request.query_params.get("per_page", PAGE_DEFAULT)), 100)
        page = int(request.query_params.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        links = []
        if page * per_page < len(items):
            url = request.url.include_query_params(page=page + 1, per_page=per_page)
            links.append(f'<{url}>; rel="next"')
            last = (len(items) + per_page - 1) // per_page
            links.append(f'<{request.url.include_query_params(page=last)}>; rel="last"')
        if links:
            headers["link"] = ", ".join(links)
        return JSONResponse([_public(i) for i in chunk], headers=headers)

    # -- endpoints -------------------------------------------------------------------------

    async def access_token(self, request: Request) -> Response:
        if (refusal := await self._guard(request, jwt_auth=True)) is not None:
            return refusal
        token = f"ghs_fake{self._id()}"
        expires = self.clock() + self.token_lifetime
        with self.lock:
            self.tokens[token] = (request.path_params["iid"], expires)
            self.token_requests += 1
        stamp = datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return JSONResponse(
            {
                "token": token,
                "expires_at": stamp,
                "permissions": {"checks": "write"},
                "repository_selection": "all",
            },
            status_code=201,
        )

    def _pull(self, request: Request) -> PullRequest | None:
        p = request.path_params
        return self.pulls.get((f"{p['owner']}/{p['repo']}", p["number"]))

    async def get_pull(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        pull = self._pull(request)
        if pull is None:
            return _error(404, "Not Found")
        return JSONResponse(
            {
                "number": pull.number,
                "state": pull.state,
                "draft": pull.draft,
                "head": {"sha": pull.head_sha, "ref": "feature"},
                "base": {"sha": pull.base_sha, "ref": pull.base_ref},
            }
        )

    async def pull_files(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        pull = self._pull(request)
        if pull is None:
            return _error(404, "Not Found")
        return self._page(request, pull.files)

    async def contents(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        p = request.path_params
        full = f"{p['owner']}/{p['repo']}"
        files = self.files.get((full, request.query_params.get("ref", "")))
        if files is None or p["path"] not in files:
            return _error(404, "Not Found")
        data = files[p["path"]]
        big = len(data) > CONTENTS_LIMIT
        return JSONResponse(
            {
                "type": "file",
                "encoding": "none" if big else "base64",
                "size": len(data),
                "name": p["path"].rsplit("/", 1)[-1],
                "path": p["path"],
                "content": "" if big else base64.encodebytes(data).decode(),
                "sha": _blob_sha(data),
            }
        )

    async def tree(self, request: Request) -> Response:
        """A commit's tree (shape of rest/git.get-tree.json): blobs and their directories;
        without `recursive`, the top level only."""
        if (refusal := await self._guard(request)) is not None:
            return refusal
        p = request.path_params
        full = f"{p['owner']}/{p['repo']}"
        files = self.files.get((full, p["sha"]))
        if files is None:
            return _error(404, "Not Found")
        recursive = request.query_params.get("recursive") not in (None, "", "0", "false")
        directories = {
            "/".join(path.split("/")[:depth])
            for path in files
            for depth in range(1, path.count("/") + 1)
        }
        entries: list[JSONObj] = [
            {"path": d, "mode": "040000", "type": "tree", "sha": _blob_sha(d.encode())}
            for d in directories
        ]
        entries += [
            {"path": path, "mode": "100644", "type": "blob", "size": len(data)}
            | {"sha": _blob_sha(data)}
            for path, data in files.items()
        ]
        if not recursive:
            entries = [e for e in entries if "/" not in str(e["path"])]
        entries.sort(key=lambda e: str(e["path"]))
        body = {"sha": p["sha"], "url": str(request.url), "tree": entries, "truncated": False}
        return JSONResponse(body)

    async def blob(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        data = self.blobs.get(request.path_params["sha"])
        if data is None:
            return _error(404, "Not Found")
        return JSONResponse(
            {
                "sha": request.path_params["sha"],
                "size": len(data),
                "encoding": "base64",
                "content": base64.encodebytes(data).decode(),
            }
        )

    def _check_output(self, run: JSONObj, output: object) -> Response | None:
        if output is None:
            return None
        if not isinstance(output, dict):
            return _validation("output must be an object", "CheckRun", "output")
        for key in ("summary", "text"):
            if len(str(output.get(key) or "")) > 65535:
                return _validation(
                    f"{key} is too long (maximum is 65535 characters)", "CheckRun", key
                )
        annotations = output.get("annotations") or []
        if not isinstance(annotations, list) or len(annotations) > 50:
            return _validation(
                "Only 50 annotations are allowed per request", "CheckRun", "annotations"
            )
        stored = run["output"]
        assert isinstance(stored, dict)
        titles = run["_titles"]
        assert isinstance(titles, list)
        titles.append(output.get("title"))
        for key in ("title", "summary", "text"):
            if key in output:
                stored[key] = output[key]
        run_annotations = run["_annotations"]
        assert isinstance(run_annotations, list)
        run_annotations.extend(annotations)
        stored["annotations_count"] = len(run_annotations)
        return None

    async def create_check_run(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        body = await request.json()
        run_id = self._id()
        run: JSONObj = {
            "id": run_id,
            "name": body["name"],
            "head_sha": body["head_sha"],
            "status": body.get("status", "queued"),
            "conclusion": body.get("conclusion"),
            "output": {"title": None, "summary": None, "text": None, "annotations_count": 0},
            "app": {"id": self.app_id, "slug": self.app_slug},
            "html_url": f"https://github.com/{request.path_params['owner']}/"
            f"{request.path_params['repo']}/runs/{run_id}",
            "_annotations": [],
            "_titles": [],
            "_updates": 0,
        }
        if (refusal := self._check_output(run, body.get("output"))) is not None:
            return refusal
        self.check_runs[int(str(run["id"]))] = run
        return JSONResponse(_public(run), status_code=201)

    async def update_check_run(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        run = self.check_runs.get(request.path_params["id"])
        if run is None:
            return _error(404, "Not Found")
        body = await request.json()
        if (refusal := self._check_output(run, body.get("output"))) is not None:
            return refusal
        for key in ("status", "conclusion"):
            if key in body:
                run[key] = body[key]
        if "conclusion" in body:
            run["status"] = "completed"
        run["_updates"] = int(str(run["_updates"])) + 1
        return JSONResponse(_public(run))

    async def list_check_runs(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        runs = [_public(r) for r in self.runs_for(request.path_params["ref"])]
        return JSONResponse({"total_count": len(runs), "check_runs": runs})

    def _new_comment(
        self, full: str, number: int, body: str, user: JSONObj, app: JSONObj | None
    ) -> int:
        comment_id = self._id()
        self.comments[comment_id] = {
            "id": comment_id,
            "body": body,
            "user": user,
            "performed_via_github_app": app,
            "_repo": full,
            "_number": number,
            "_edits": 0,
        }
        return comment_id

    async def issue_comments(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        p = request.path_params
        full = f"{p['owner']}/{p['repo']}"
        if request.method == "GET":
            return self._page(request, self.comments_on(full, p["number"]))
        body = str((await request.json()).get("body", ""))
        if len(body) > 65536:
            return _validation(
                "Body is too long (maximum is 65536 characters)", "IssueComment", "data"
            )
        comment_id = self._new_comment(
            full,
            p["number"],
            body,
            {"login": f"{self.app_slug}[bot]", "type": "Bot"},
            {"id": self.app_id, "slug": self.app_slug},
        )
        return JSONResponse(_public(self.comments[comment_id]), status_code=201)

    async def update_comment(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        comment = self.comments.get(request.path_params["id"])
        if comment is None:
            return _error(404, "Not Found")
        body = str((await request.json()).get("body", ""))
        if len(body) > 65536:
            return _validation(
                "Body is too long (maximum is 65536 characters)", "IssueComment", "data"
            )
        if comment["performed_via_github_app"] is None:
            return _error(403, "Resource not accessible by integration")
        comment["body"] = body
        comment["_edits"] = int(str(comment["_edits"])) + 1
        return JSONResponse(_public(comment))

    async def reaction(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        content = str((await request.json()).get("content"))
        if content not in {"+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"}:
            return _validation("content is not included in the list", "Reaction", "content")
        self.reactions.setdefault(request.path_params["id"], []).append(content)
        return JSONResponse({"id": self._id(), "content": content}, status_code=201)

    async def permission(self, request: Request) -> Response:
        if (refusal := await self._guard(request)) is not None:
            return refusal
        p = request.path_params
        found = self.permissions.get((f"{p['owner']}/{p['repo']}", p["user"]))
        if found is None:
            return _error(404, "Not Found")
        return JSONResponse(
            {"permission": found[0], "role_name": found[1], "user": {"login": p["user"]}}
        )


def _public(item: JSONObj) -> JSONObj:
    return {k: v for k, v in item.items() if not k.startswith("_")}


def body_json(data: object) -> bytes:
    return json.dumps(data).encode()
