"""Webhook payloads parsed into typed events: the only module that reads `event.data`.

A payload missing what we need raises `PayloadError` (the web layer answers 400).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar, cast

__all__ = [
    "CheckRerequested",
    "CommitRange",
    "InstallationChanged",
    "IssueCommentCreated",
    "PayloadError",
    "PullRequestEvent",
    "PullRequestRef",
    "RepoRef",
    "parse_check_rerequested",
    "parse_commit_range",
    "parse_installation",
    "parse_issue_comment",
    "parse_pull_request",
]

_T = TypeVar("_T")
_Obj = Mapping[str, object]


class PayloadError(ValueError):
    """A webhook payload lacks a field we need or has the wrong type."""


def _get(data: _Obj, key: str, kind: type[_T], where: str) -> _T:
    value = data.get(key)
    # bool is an int subclass; an id must not be `true`.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PayloadError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _obj(data: _Obj, key: str, where: str) -> _Obj:
    return cast(_Obj, _get(data, key, dict, where))


@dataclass(frozen=True, slots=True, kw_only=True)
class RepoRef:
    installation_id: int
    owner: str
    name: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


def _repo(data: _Obj) -> RepoRef:
    installation = _obj(data, "installation", "payload")
    repository = _obj(data, "repository", "payload")
    owner = _obj(repository, "owner", "repository")
    return RepoRef(
        installation_id=_get(installation, "id", int, "installation"),
        owner=_get(owner, "login", str, "repository.owner"),
        name=_get(repository, "name", str, "repository"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PullRequestEvent:
    action: str
    repo: RepoRef
    number: int
    head_sha: str
    base_sha: str
    base_ref: str
    draft: bool
    state: str


def parse_pull_request(data: _Obj) -> PullRequestEvent:
    pull = _obj(data, "pull_request", "payload")
    head = _obj(pull, "head", "pull_request")
    base = _obj(pull, "base", "pull_request")
    draft = pull.get("draft", False)
    return PullRequestEvent(
        action=_get(data, "action", str, "payload"),
        repo=_repo(data),
        number=_get(pull, "number", int, "pull_request"),
        head_sha=_get(head, "sha", str, "pull_request.head"),
        base_sha=_get(base, "sha", str, "pull_request.base"),
        base_ref=_get(base, "ref", str, "pull_request.base"),
        draft=draft is True,
        state=str(pull.get("state", "open")),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PullRequestRef:
    number: int
    head_sha: str
    base_sha: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckRerequested:
    """check_run.rerequested or check_suite.rerequested: the pull requests to scan again."""

    repo: RepoRef
    head_sha: str
    pulls: tuple[PullRequestRef, ...]  # empty for a push not on a pull request
    check_run_id: int | None = None


def parse_check_rerequested(event: str, data: _Obj) -> CheckRerequested:
    key = "check_run" if event == "check_run" else "check_suite"
    check = _obj(data, key, "payload")
    head_sha = _get(check, "head_sha", str, key)
    pulls = []
    raw_pulls = check.get("pull_requests") or []
    if not isinstance(raw_pulls, list):
        raise PayloadError(f"{key}.pull_requests: expected list")
    for index, raw in enumerate(raw_pulls):
        where = f"{key}.pull_requests[{index}]"
        if not isinstance(raw, dict):
            raise PayloadError(f"{where}: expected object")
        pulls.append(
            PullRequestRef(
                number=_get(raw, "number", int, where),
                head_sha=_get(_obj(raw, "head", where), "sha", str, f"{where}.head"),
                base_sha=_get(_obj(raw, "base", where), "sha", str, f"{where}.base"),
            )
        )
    return CheckRerequested(
        repo=_repo(data),
        head_sha=head_sha,
        pulls=tuple(pulls),
        check_run_id=_get(check, "id", int, key) if key == "check_run" else None,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueCommentCreated:
    repo: RepoRef
    pr_number: int
    comment_id: int
    body: str
    author: str
    author_is_bot: bool


def parse_issue_comment(data: _Obj) -> IssueCommentCreated | None:
    """The comment, or None when it is on an issue rather than a pull request."""
    issue = _obj(data, "issue", "payload")
    if not isinstance(issue.get("pull_request"), dict):
        return None
    comment = _obj(data, "comment", "payload")
    user = _obj(comment, "user", "comment")
    return IssueCommentCreated(
        repo=_repo(data),
        pr_number=_get(issue, "number", int, "issue"),
        comment_id=_get(comment, "id", int, "comment"),
        body=_get(comment, "body", str, "comment"),
        author=_get(user, "login", str, "comment.user"),
        author_is_bot=user.get("type") == "Bot",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class InstallationChanged:
    action: str
    installation_id: int
    account: str
    repositories_added: tuple[str, ...]
    repositories_removed: tuple[str, ...] = ()


def parse_installation(event: str, data: _Obj) -> InstallationChanged:
    installation = _obj(data, "installation", "payload")
    account = installation.get("account")
    login = account.get("login", "") if isinstance(account, dict) else ""
    key = "repositories" if event == "installation" else "repositories_added"
    return InstallationChanged(
        action=_get(data, "action", str, "payload"),
        installation_id=_get(installation, "id", int, "installation"),
        account=str(login),
        repositories_added=_full_names(data.get(key)),
        repositories_removed=_full_names(data.get("repositories_removed")),
    )


def _full_names(raw: object) -> tuple[str, ...]:
    return tuple(
        str(item["full_name"])
        for item in (raw if isinstance(raw, list) else [])
        if isinstance(item, dict) and isinstance(item.get("full_name"), str)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitRange:
    """The two commits a workflow run compares (GitHub Actions' event payload)."""

    base_sha: str
    head_sha: str
    pr_number: int | None = None


_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_NO_COMMIT = "0" * 40


def parse_commit_range(event: str, data: _Obj) -> CommitRange:
    """base and head of a `pull_request`/`pull_request_target`, `merge_group` or `push` run.

    Both must be full commit ids (a payload is input, and these reach `git`'s command line).
    """
    if event in ("pull_request", "pull_request_target"):
        pull = _obj(data, "pull_request", "payload")
        base = _get(_obj(pull, "base", "pull_request"), "sha", str, "pull_request.base")
        head = _get(_obj(pull, "head", "pull_request"), "sha", str, "pull_request.head")
        number: int | None = _get(pull, "number", int, "pull_request")
    elif event == "merge_group":
        group = _obj(data, "merge_group", "payload")
        base = _get(group, "base_sha", str, "merge_group")
        head = _get(group, "head_sha", str, "merge_group")
        number = None
    elif event == "push":
        base = _get(data, "before", str, "payload")
        head = _get(data, "after", str, "payload")
        number = None
        if base == _NO_COMMIT:
            raise PayloadError("push: a new branch has no previous commit to compare with")
    else:
        raise PayloadError(
            f"{event or 'unknown'} event: capdiff compares pull_request, "
            "pull_request_target, merge_group or push runs"
        )
    for name, sha in (("base", base), ("head", head)):
        if not _SHA.fullmatch(sha):
            raise PayloadError(f"{event}: {name} {sha[:80]!r} is not a commit id")
    return CommitRange(base_sha=base, head_sha=head, pr_number=number)
