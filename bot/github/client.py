"""A thin adapter over gidgethub's httpx backend, for one installation.

Retries 502/503/504 and connection errors with exponential backoff, and waits out secondary
rate limits (403/429 with `retry-after`, or `x-ratelimit-remaining: 0` with
`x-ratelimit-reset`) through an injected `sleep`. A wait longer than `max_wait` becomes a
`TransientGitHubError` carrying `retry_at`, for the queue to retry the job later.

    GitHubError              anything GitHub refused; carries the HTTP status when there was one
    └── TransientGitHubError worth retrying later (5xx after retries, rate limit, network)
"""

from __future__ import annotations

import base64
import binascii
import enum
import http
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import gidgethub
import gidgethub.httpx
import httpx

from bot.github.auth import AppAuth, InstallationToken, parse_expires_at
from bot.metrics import GITHUB_API
from bot.store.interface import Clock

__all__ = [
    "API_VERSION",
    "Annotation",
    "CollaboratorPermission",
    "GitHubClient",
    "GitHubError",
    "IssueComment",
    "PullFile",
    "PullRequestInfo",
    "RetryPolicy",
    "Sleep",
    "TransientGitHubError",
    "fetch_installation_token",
]

logger = logging.getLogger(__name__)

API_VERSION = "2022-11-28"
REQUESTER = "capdiff"
MAX_FILE_BYTES = 10 * 1024 * 1024
ANNOTATIONS_PER_REQUEST = 50
OUTPUT_TEXT_LIMIT = 65535
COMMENT_LIMIT = 65536

Sleep = Callable[[float], Awaitable[None]]
_JSON = dict[str, object]


class GitHubError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class TransientGitHubError(GitHubError):
    def __init__(
        self, message: str, *, status: int | None = None, retry_at: float | None = None
    ) -> None:
        self.retry_at = retry_at
        super().__init__(message, status=status)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    attempts: int = 4  # per request, the first one included
    backoff_base: float = 1.0  # seconds; doubled per attempt
    max_wait: float = 120.0  # longer rate-limit waits go back to the queue


@enum.unique
class CollaboratorPermission(enum.StrEnum):
    ADMIN = "admin"
    MAINTAIN = "maintain"
    WRITE = "write"
    TRIAGE = "triage"
    READ = "read"
    NONE = "none"

    @property
    def can_write(self) -> bool:
        return self in {self.ADMIN, self.MAINTAIN, self.WRITE}


@dataclass(frozen=True, slots=True, kw_only=True)
class PullFile:
    filename: str
    status: str
    previous_filename: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PullRequestInfo:
    number: int
    head_sha: str
    base_sha: str
    base_ref: str
    draft: bool
    state: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueComment:
    id: int
    body: str
    author: str
    by_app: bool  # written by this app


@dataclass(frozen=True, slots=True, kw_only=True)
class Annotation:
    path: str
    start_line: int
    end_line: int
    annotation_level: str  # notice | warning | failure
    message: str
    title: str = ""
    raw_details: str = ""

    def as_json(self) -> _JSON:
        data: _JSON = {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "annotation_level": self.annotation_level,
            "message": self.message[: 64 * 1024],
        }
        if self.title:
            data["title"] = self.title[:255]
        if self.raw_details:
            data["raw_details"] = self.raw_details[: 64 * 1024]
        return data


class _RetryingAPI(gidgethub.httpx.GitHubAPI):
    """gidgethub's backend plus our retry rules in its 6.0 hooks."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        oauth_token: str | None,
        base_url: str,
        sleep: Sleep,
        clock: Clock,
        policy: RetryPolicy,
    ) -> None:
        super().__init__(client, REQUESTER, oauth_token=oauth_token, base_url=base_url)
        self._sleep = sleep
        self._clock = clock
        self._policy = policy

    async def sleep(self, seconds: float) -> None:
        await self._sleep(seconds)

    async def _request(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes = b""
    ) -> tuple[int, Mapping[str, str], bytes]:
        for attempt in range(1, self._policy.attempts + 1):
            try:
                return await super()._request(method, url, headers, body)
            except httpx.TransportError as exc:
                if attempt == self._policy.attempts:
                    raise TransientGitHubError(f"{method} {url}: {exc!r}") from exc
                GITHUB_API.labels(kind="retry", status="network").inc()
                await self._sleep(self._policy.backoff_base * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    async def handle_rate_limit_error(
        self,
        *,
        method: str,
        url: str,
        exception: gidgethub.HTTPException,
        attempt: int,
    ) -> bool:
        status = int(exception.status_code)
        if status in {502, 503, 504}:
            if attempt >= self._policy.attempts:
                return False
            GITHUB_API.labels(kind="retry", status=str(status)).inc()
            await self._sleep(self._policy.backoff_base * 2 ** (attempt - 1))
            return True
        wait = _rate_limit_wait(status, exception.headers, self._clock())
        if wait is None:
            return False
        if wait > self._policy.max_wait or attempt >= self._policy.attempts:
            raise TransientGitHubError(
                f"{method} {url}: rate limited for {wait:.0f} s",
                status=status,
                retry_at=self._clock() + wait,
            )
        logger.warning("rate limited on %s %s, waiting %.0f s", method, url, wait)
        GITHUB_API.labels(kind="retry", status=str(status)).inc()
        await self._sleep(wait)
        return True


def _rate_limit_wait(status: int, headers: Mapping[str, str], now: float) -> float | None:
    """Seconds to wait for a rate-limited response, or None if it is not one."""
    if status not in {403, 429}:
        return None
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return 60.0
    if headers.get("x-ratelimit-remaining") == "0":
        try:
            return max(0.0, float(headers.get("x-ratelimit-reset", "")) - now)
        except ValueError:
            return 60.0
    return 60.0 if status == 429 else None


def _translate(exc: gidgethub.HTTPException, what: str) -> GitHubError:
    status = int(exc.status_code)
    message = f"{what}: GitHub answered {status} {exc}"
    # A 403 that is not a rate limit (handled before this) is a missing permission.
    if status >= 500 or status == 429:
        return TransientGitHubError(message, status=status)
    return GitHubError(message, status=status)


def _headers() -> dict[str, str]:
    return {"x-github-api-version": API_VERSION}


async def fetch_installation_token(
    http_client: httpx.AsyncClient,
    base_url: str,
    installation_id: int,
    app_jwt: str,
    *,
    sleep: Sleep,
    clock: Clock = time.time,
    policy: RetryPolicy | None = None,
) -> InstallationToken:
    """POST /app/installations/{id}/access_tokens with the app JWT."""
    api = _RetryingAPI(
        http_client,
        oauth_token=None,
        base_url=base_url,
        sleep=sleep,
        clock=clock,
        policy=policy or RetryPolicy(),
    )
    what = f"installation {installation_id} token"
    try:
        data = await api.post(
            "/app/installations/{installation_id}/access_tokens",
            {"installation_id": installation_id},
            data=b"",
            jwt=app_jwt,
            extra_headers=_headers(),
        )
    except gidgethub.HTTPException as exc:
        raise _translate(exc, what) from exc
    try:
        return InstallationToken(
            token=str(data["token"]), expires_at=parse_expires_at(str(data["expires_at"]))
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GitHubError(f"{what}: unexpected response") from exc


class GitHubClient:
    """REST calls the bot makes, on behalf of one installation."""

    def __init__(
        self,
        http_client: httpx.AsyncClient,
        *,
        base_url: str,
        auth: AppAuth,
        installation_id: int,
        app_id: str,
        app_slug: str,
        sleep: Sleep,
        clock: Clock = time.time,
        policy: RetryPolicy | None = None,
    ) -> None:
        self._http = http_client
        self._base_url = base_url
        self._auth = auth
        self._installation_id = installation_id
        self._app_id = app_id
        self._bot_login = f"{app_slug}[bot]"
        self._sleep = sleep
        self._clock = clock
        self._policy = policy or RetryPolicy()

    async def _api(self) -> _RetryingAPI:
        token = await self._auth.installation_token(self._installation_id)
        return _RetryingAPI(
            self._http,
            oauth_token=token,
            base_url=self._base_url,
            sleep=self._sleep,
            clock=self._clock,
            policy=self._policy,
        )

    async def _call(
        self,
        method: str,
        url: str,
        url_vars: Mapping[str, str | int],
        what: str,
        data: object = b"",
    ) -> object:
        api = await self._api()
        try:
            if method == "GET":
                return cast(object, await api.getitem(url, url_vars, extra_headers=_headers()))
            if method == "POST":
                return cast(
                    object, await api.post(url, url_vars, data=data, extra_headers=_headers())
                )
            return cast(object, await api.patch(url, url_vars, data=data, extra_headers=_headers()))
        except gidgethub.HTTPException as exc:
            if int(exc.status_code) == http.HTTPStatus.UNAUTHORIZED:
                self._auth.forget(self._installation_id)
                raise TransientGitHubError(f"{what}: token refused", status=401) from exc
            raise _translate(exc, what) from exc

    async def _iter(
        self, url: str, url_vars: Mapping[str, str | int], what: str, *, key: str | None = None
    ) -> list[_JSON]:
        api = await self._api()
        items: list[_JSON] = []
        try:
            async for item in api.getiter(
                url, url_vars, extra_headers=_headers(), iterable_key=key
            ):
                if isinstance(item, dict):
                    items.append(item)
        except gidgethub.HTTPException as exc:
            raise _translate(exc, what) from exc
        return items

    # -- pull requests ---------------------------------------------------------------------

    async def get_pull(self, owner: str, repo: str, number: int) -> PullRequestInfo:
        what = f"{owner}/{repo}#{number}"
        data = _obj(
            await self._call(
                "GET",
                "/repos/{owner}/{repo}/pulls/{number}",
                {"owner": owner, "repo": repo, "number": number},
                what,
            ),
            what,
        )
        head, base = _obj(data.get("head"), what), _obj(data.get("base"), what)
        return PullRequestInfo(
            number=number,
            head_sha=str(head.get("sha", "")),
            base_sha=str(base.get("sha", "")),
            base_ref=str(base.get("ref", "")),
            draft=bool(data.get("draft", False)),
            state=str(data.get("state", "open")),
        )

    async def list_pr_files(self, owner: str, repo: str, number: int) -> tuple[PullFile, ...]:
        items = await self._iter(
            "/repos/{owner}/{repo}/pulls/{number}/files?per_page=100",
            {"owner": owner, "repo": repo, "number": number},
            f"files of {owner}/{repo}#{number}",
        )
        return tuple(
            PullFile(
                filename=str(item["filename"]),
                status=str(item.get("status", "modified")),
                previous_filename=(
                    str(item["previous_filename"]) if item.get("previous_filename") else None
                ),
            )
            for item in items
            if isinstance(item.get("filename"), str)
        )

    # -- repository contents ---------------------------------------------------------------

    async def _get_or_none(
        self, template: str, params: dict[str, str], what: str
    ) -> object | None:
        """A GET whose 404 means "not there" (None) rather than an error."""
        try:
            return await self._call("GET", template, params, what)
        except GitHubError as exc:
            if exc.status == 404:
                return None
            raise

    async def read_file(self, owner: str, repo: str, path: str, ref: str) -> str | None:
        """The text of `path` at `ref`; None when it does not exist or is not a file."""
        what = f"{path}@{ref[:12]}"
        data = await self._get_or_none(
            "/repos/{owner}/{repo}/contents/{+path}{?ref}",
            {"owner": owner, "repo": repo, "path": path, "ref": ref},
            what,
        )
        if not isinstance(data, dict) or data.get("type") != "file":
            return None
        size = data.get("size", 0)
        if isinstance(size, int) and size > MAX_FILE_BYTES:
            raise GitHubError(f"{what}: {size} bytes, over the {MAX_FILE_BYTES} byte limit")
        content = data.get("content")
        encoding = data.get("encoding")
        if encoding == "base64" and isinstance(content, str) and (content or size == 0):
            return _decode(content, what)
        # Files over 1 MB come back without content: read the blob instead.
        sha = data.get("sha")
        if not isinstance(sha, str):
            raise GitHubError(f"{what}: no content and no blob sha")
        return await self.read_blob(owner, repo, sha, what=what)

    async def list_tree(self, owner: str, repo: str, sha: str) -> tuple[str, ...]:
        """Every file path in the tree of commit `sha` (git trees API, recursive; one request).

        GitHub cuts a recursive listing at 100,000 entries / 7 MB (`truncated`); what came
        back is used, which covers every requirements file but in the largest monorepos.
        """
        what = f"tree {sha[:12]}"
        data = await self._get_or_none(
            "/repos/{owner}/{repo}/git/trees/{sha}?recursive=1",
            {"owner": owner, "repo": repo, "sha": sha},
            what,
        )
        if data is None:
            return ()
        entries = _obj(data, what).get("tree")
        if not isinstance(entries, list):
            raise GitHubError(f"{what}: no tree in the answer")
        return tuple(
            entry["path"]
            for entry in entries
            if isinstance(entry, dict)
            and entry.get("type") == "blob"
            and isinstance(entry.get("path"), str)
        )

    async def read_blob(self, owner: str, repo: str, sha: str, *, what: str = "") -> str | None:
        what = what or f"blob {sha[:12]}"
        found = await self._get_or_none(
            "/repos/{owner}/{repo}/git/blobs/{sha}",
            {"owner": owner, "repo": repo, "sha": sha},
            what,
        )
        if found is None:
            return None
        data = _obj(found, what)
        size = data.get("size", 0)
        if isinstance(size, int) and size > MAX_FILE_BYTES:
            raise GitHubError(f"{what}: {size} bytes, over the {MAX_FILE_BYTES} byte limit")
        content = data.get("content")
        if not isinstance(content, str):
            raise GitHubError(f"{what}: blob without content")
        return _decode(content, what)

    # -- check runs ------------------------------------------------------------------------

    async def create_check_run(
        self, owner: str, repo: str, *, name: str, head_sha: str, title: str, summary: str
    ) -> int:
        what = f"check run on {owner}/{repo}@{head_sha[:12]}"
        data = _obj(
            await self._call(
                "POST",
                "/repos/{owner}/{repo}/check-runs",
                {"owner": owner, "repo": repo},
                what,
                {
                    "name": name,
                    "head_sha": head_sha,
                    "status": "in_progress",
                    "output": {"title": title[:255], "summary": summary[:OUTPUT_TEXT_LIMIT]},
                },
            ),
            what,
        )
        check_run_id = data.get("id")
        if not isinstance(check_run_id, int):
            raise GitHubError(f"{what}: response without an id")
        return check_run_id

    async def update_check_run_progress(
        self, owner: str, repo: str, check_run_id: int, *, title: str, summary: str
    ) -> None:
        await self._call(
            "PATCH",
            "/repos/{owner}/{repo}/check-runs/{id}",
            {"owner": owner, "repo": repo, "id": check_run_id},
            f"check run {check_run_id}",
            {"output": {"title": title[:255], "summary": summary[:OUTPUT_TEXT_LIMIT]}},
        )

    async def complete_check_run(
        self,
        owner: str,
        repo: str,
        check_run_id: int,
        *,
        conclusion: str,
        title: str,
        summary: str,
        text: str = "",
        annotations: Sequence[Annotation] = (),
    ) -> str | None:
        """Complete a check run; annotations go 50 per PATCH, appended by GitHub.

        Returns the check run's `html_url` when GitHub sends one (for "details" links).
        """
        output: _JSON = {"title": title[:255], "summary": _fit(summary, OUTPUT_TEXT_LIMIT)}
        if text:
            output["text"] = _fit(text, OUTPUT_TEXT_LIMIT)
        batches = [
            annotations[i : i + ANNOTATIONS_PER_REQUEST]
            for i in range(0, len(annotations), ANNOTATIONS_PER_REQUEST)
        ] or [()]
        url_vars: dict[str, str | int] = {"owner": owner, "repo": repo, "id": check_run_id}
        for index, batch in enumerate(batches):
            body: _JSON = {"output": {**output, "annotations": [a.as_json() for a in batch]}}
            if index == len(batches) - 1:
                body["status"] = "completed"
                body["conclusion"] = conclusion
            response = await self._call(
                "PATCH",
                "/repos/{owner}/{repo}/check-runs/{id}",
                url_vars,
                f"check run {check_run_id}",
                body,
            )
        html_url = response.get("html_url") if isinstance(response, dict) else None
        return html_url if isinstance(html_url, str) else None

    # -- comments and reactions ------------------------------------------------------------

    async def list_issue_comments(
        self, owner: str, repo: str, number: int
    ) -> tuple[IssueComment, ...]:
        items = await self._iter(
            "/repos/{owner}/{repo}/issues/{number}/comments?per_page=100",
            {"owner": owner, "repo": repo, "number": number},
            f"comments of {owner}/{repo}#{number}",
        )
        comments = []
        for item in items:
            user = item.get("user") if isinstance(item.get("user"), dict) else {}
            assert isinstance(user, dict)
            app = item.get("performed_via_github_app")
            by_app = (isinstance(app, dict) and str(app.get("id")) == self._app_id) or (
                user.get("type") == "Bot" and user.get("login") == self._bot_login
            )
            comment_id = item.get("id")
            if isinstance(comment_id, int):
                comments.append(
                    IssueComment(
                        id=comment_id,
                        body=str(item.get("body") or ""),
                        author=str(user.get("login", "")),
                        by_app=by_app,
                    )
                )
        return tuple(comments)

    async def find_sticky_comment(
        self, owner: str, repo: str, number: int, marker: str
    ) -> IssueComment | None:
        """Our own comment carrying `marker`; a human's comment quoting it never counts."""
        for comment in await self.list_issue_comments(owner, repo, number):
            if comment.by_app and marker in comment.body:
                return comment
        return None

    async def create_comment(self, owner: str, repo: str, number: int, body: str) -> int:
        what = f"comment on {owner}/{repo}#{number}"
        data = _obj(
            await self._call(
                "POST",
                "/repos/{owner}/{repo}/issues/{number}/comments",
                {"owner": owner, "repo": repo, "number": number},
                what,
                {"body": _fit(body, COMMENT_LIMIT)},
            ),
            what,
        )
        comment_id = data.get("id")
        if not isinstance(comment_id, int):
            raise GitHubError(f"{what}: response without an id")
        return comment_id

    async def update_comment(self, owner: str, repo: str, comment_id: int, body: str) -> None:
        await self._call(
            "PATCH",
            "/repos/{owner}/{repo}/issues/comments/{id}",
            {"owner": owner, "repo": repo, "id": comment_id},
            f"comment {comment_id}",
            {"body": _fit(body, COMMENT_LIMIT)},
        )

    async def add_reaction(self, owner: str, repo: str, comment_id: int, content: str) -> None:
        await self._call(
            "POST",
            "/repos/{owner}/{repo}/issues/comments/{id}/reactions",
            {"owner": owner, "repo": repo, "id": comment_id},
            f"reaction on comment {comment_id}",
            {"content": content},
        )

    async def collaborator_permission(
        self, owner: str, repo: str, username: str
    ) -> CollaboratorPermission:
        what = f"permission of {username} on {owner}/{repo}"
        found = await self._get_or_none(
            "/repos/{owner}/{repo}/collaborators/{username}/permission",
            {"owner": owner, "repo": repo, "username": username},
            what,
        )
        if found is None:
            return CollaboratorPermission.NONE
        data = _obj(found, what)
        # `permission` is admin/write/read/none; `role_name` knows maintain and triage too.
        for key in ("role_name", "permission"):
            value = data.get(key)
            if isinstance(value, str):
                try:
                    return CollaboratorPermission(value)
                except ValueError:
                    continue
        return CollaboratorPermission.NONE


def _obj(data: object, what: str) -> _JSON:
    if not isinstance(data, dict):
        raise GitHubError(f"{what}: expected a JSON object from GitHub")
    return cast(_JSON, data)


def _decode(content: str, what: str) -> str:
    try:
        raw = base64.b64decode(content.replace("\n", ""), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise GitHubError(f"{what}: invalid base64 content") from exc
    return raw.decode("utf-8", errors="replace")


def _fit(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    note = "\n\n… (truncated to fit GitHub's limit)"
    return text[: limit - len(note)] + note
