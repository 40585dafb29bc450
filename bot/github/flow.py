"""The per-job flow: check run, policy, scan, check-run result, sticky comment.

A job superseded by a newer push notices at its next step (`Superseded`), completes its
check run `neutral` and stops. Comment-command jobs check the author's permission, react
and queue a re-run with the accepted ignores.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from bot.errors import PolicyError
from bot.github.client import GitHubClient
from bot.github.commands import (
    IgnoreAllCommand,
    IgnoreCommand,
    InvalidCommand,
    RerunCommand,
    parse_commands,
)
from bot.github.presenter import COMMENT_MARKER, Presenter
from bot.model import AlertType, ScanResult, Verdict
from bot.policy import CommentMode, IgnoreRule, Policy
from bot.scanning import AsyncFileLister, AsyncFileReader, Scanner, ScanRequest
from bot.store.interface import (
    Clock,
    IgnoreStore,
    Job,
    JobKind,
    JobQueue,
    NewJob,
    StoredIgnore,
)

__all__ = [
    "CHECK_NAME",
    "POLICY_PATH",
    "ClientFactory",
    "FlowStore",
    "JobRunner",
    "PolicyLoader",
    "Superseded",
]

logger = logging.getLogger(__name__)

CHECK_NAME = "capdiff"
POLICY_PATH = ".github/capdiff.yml"
_IGNORE_ALL = "*"

# installation id -> a client for that installation.
ClientFactory = Callable[[int], GitHubClient]
# (policy file text, path, ref) -> Policy; raises PolicyError naming the key and line.
PolicyLoader = Callable[[str, str, str], Policy]


class FlowStore(JobQueue, IgnoreStore, Protocol):
    pass


class Superseded(Exception):
    def __init__(self, head_sha: str) -> None:
        self.head_sha = head_sha
        super().__init__(f"superseded by a newer push ({head_sha[:12]})")


class JobRunner:
    def __init__(
        self,
        *,
        store: FlowStore,
        clients: ClientFactory,
        scanner: Scanner,
        presenter: Presenter,
        load_policy: PolicyLoader,
        default_policy: Policy | None = None,
        bot_name: str = "capdiff",
        clock: Clock = time.time,
        progress_interval: float = 5.0,
    ) -> None:
        self._store = store
        self._clients = clients
        self._scanner = scanner
        self._presenter = presenter
        self._load_policy = load_policy
        self._default_policy = default_policy or Policy()
        self._bot_name = bot_name
        self._clock = clock
        self._progress_interval = progress_interval

    async def run(self, job: Job, worker_id: str) -> str:
        """Process one claimed job; returns a short outcome for the store."""
        client = self._clients(job.installation_id)
        if job.kind is JobKind.COMMAND:
            return await self._run_commands(job, client)
        if job.superseded_by is not None:
            await self._close_superseded(job, client, job.superseded_by)
            return "superseded"
        check_run_id = job.check_run_id
        if check_run_id is None:
            check_run_id = await client.create_check_run(
                job.owner,
                job.repo,
                name=CHECK_NAME,
                head_sha=job.head_sha,
                title="Analyzing dependency changes",
                summary="capdiff is reading the changed manifests.",
            )
            await self._store.set_check_run(job.id, check_run_id)
            job = replace(job, check_run_id=check_run_id)
        try:
            return await self._scan(job, check_run_id, client, worker_id)
        except Superseded as exc:
            await self._close_superseded(job, client, exc.head_sha)
            return "superseded"

    async def give_up(self, job: Job, error: str) -> None:
        """After the last attempt: complete the check run `neutral` with a plain reason."""
        if job.kind is JobKind.COMMAND or job.superseded_by is not None:
            return
        client = self._clients(job.installation_id)
        check_run_id = job.check_run_id
        if check_run_id is None:
            # It failed before its check run existed: still leave a visible result.
            check_run_id = await client.create_check_run(
                job.owner,
                job.repo,
                name=CHECK_NAME,
                head_sha=job.head_sha,
                title="capdiff could not finish",
                summary="capdiff stopped before it could analyze this pull request.",
            )
        await client.complete_check_run(
            job.owner,
            job.repo,
            check_run_id,
            conclusion=Verdict.INCOMPLETE.value,
            title="capdiff could not finish",
            summary=(
                f"capdiff gave up after {job.attempts} "
                f"{'attempt' if job.attempts == 1 else 'attempts'}: {error}\n\n"
                "Re-run the check, or comment `@capdiff rerun`, to try again."
            ),
        )

    async def _ensure_current(self, job: Job) -> None:
        latest = await self._store.get(job.id)
        if latest is not None and latest.superseded_by is not None:
            raise Superseded(latest.superseded_by)

    async def _close_superseded(self, job: Job, client: GitHubClient, head_sha: str) -> None:
        latest = await self._store.get(job.id)
        check_run_id = latest.check_run_id if latest is not None else job.check_run_id
        if check_run_id is None:
            return
        await client.complete_check_run(
            job.owner,
            job.repo,
            check_run_id,
            conclusion=Verdict.INCOMPLETE.value,
            title="Superseded",
            summary=f"Superseded by a newer push ({head_sha}).",
        )

    async def _scan(self, job: Job, check_run_id: int, client: GitHubClient, worker_id: str) -> str:
        pull = await client.get_pull(job.owner, job.repo, job.pr_number)
        if pull.head_sha != job.head_sha:
            # GitHub already has a newer push whose webhook is on its way.
            raise Superseded(pull.head_sha)
        if pull.state != "open":
            await client.complete_check_run(
                job.owner,
                job.repo,
                check_run_id,
                conclusion="skipped",
                title="Pull request closed",
                summary="The pull request was closed before capdiff analyzed it.",
            )
            return "closed"
        policy_text = await client.read_file(job.owner, job.repo, POLICY_PATH, job.base_sha)
        if policy_text is None:
            policy = self._default_policy
        else:
            try:
                policy = self._load_policy(policy_text, POLICY_PATH, job.base_sha)
            except PolicyError as exc:
                await client.complete_check_run(
                    job.owner,
                    job.repo,
                    check_run_id,
                    conclusion=Verdict.INCOMPLETE.value,
                    title="Invalid capdiff policy",
                    summary=(
                        f"`{POLICY_PATH}` on the base branch is invalid, so nothing was "
                        f"analyzed:\n\n{exc}"
                    ),
                )
                return "invalid-policy"
        if pull.draft and not policy.analyze_drafts:
            await client.complete_check_run(
                job.owner,
                job.repo,
                check_run_id,
                conclusion="skipped",
                title="Draft pull request",
                summary="Draft pull requests are analyzed when marked ready for review "
                "(or set `analyze_drafts: true` in the policy).",
            )
            return "draft"
        await self._ensure_current(job)
        files = await client.list_pr_files(job.owner, job.repo, job.pr_number)
        changed = tuple(
            dict.fromkeys(
                path
                for file in files
                for path in (file.filename, file.previous_filename)
                if path is not None
            )
        )
        stored = await self._store.ignores_for(job.owner, job.repo, job.pr_number)
        request = ScanRequest(
            changed_paths=changed,
            read_base=_reader(client, job.owner, job.repo, job.base_sha),
            read_head=_reader(client, job.owner, job.repo, job.head_sha),
            policy=policy,
            today=datetime.fromtimestamp(self._clock(), UTC).date(),
            extra_ignores=_ignore_rules(stored),
            list_base=_lister(client, job.owner, job.repo, job.base_sha),
            list_head=_lister(client, job.owner, job.repo, job.head_sha),
        )
        last_update = [float("-inf")]

        async def progress(done: int, total: int, name: str) -> None:
            await self._ensure_current(job)
            await self._store.heartbeat(job.id, worker_id)
            now = self._clock()
            if now - last_update[0] < self._progress_interval:
                return
            last_update[0] = now
            await client.update_check_run_progress(
                job.owner,
                job.repo,
                check_run_id,
                title=f"Analyzing {done} of {total} packages",
                summary=f"capdiff is analyzing {name} ({done} of {total}).",
            )

        result = await self._scanner.scan(request, progress)
        if any(s.package == _IGNORE_ALL and s.specifier == job.head_sha for s in stored):
            # `ignore-all` accepts every package this head brings: scan again accepting them.
            accepted = tuple(
                IgnoreRule(
                    name=package.name,
                    specifier=SpecifierSet(f"=={package.new_version}")
                    if package.new_version
                    else SpecifierSet(),
                    origin=_origin(s.author, job.pr_number),
                )
                for package in result.packages
                if package.alerts
                for s in stored
                if s.package == _IGNORE_ALL and s.specifier == job.head_sha
            )
            request = replace(request, extra_ignores=request.extra_ignores + accepted)
            result = await self._scanner.scan(request, progress)
        await self._ensure_current(job)
        if not result.manifests:
            details_url = await client.complete_check_run(
                job.owner,
                job.repo,
                check_run_id,
                conclusion=Verdict.PASS.value,
                title="No dependency changes",
                summary="This pull request changes no dependency manifest.",
            )
            # A push that undid the manifest change must not leave an earlier alert standing.
            await self._publish_comment(job, client, policy, result, details_url, edit_only=True)
            return "no-manifest"
        output = self._presenter.check_run(result)
        details_url = await client.complete_check_run(
            job.owner,
            job.repo,
            check_run_id,
            conclusion=self._presenter.conclusion(result.verdict),
            title=output.title,
            summary=output.summary,
            text=output.text,
            annotations=output.annotations,
        )
        await self._publish_comment(job, client, policy, result, details_url)
        return result.verdict.value

    async def _publish_comment(
        self,
        job: Job,
        client: GitHubClient,
        policy: Policy,
        result: ScanResult,
        details_url: str | None,
        *,
        edit_only: bool = False,
    ) -> None:
        """Create or edit the sticky comment; `edit_only` never starts a new one."""
        if policy.comment_mode is CommentMode.NEVER:
            return
        existing = await client.find_sticky_comment(
            job.owner, job.repo, job.pr_number, COMMENT_MARKER
        )
        if edit_only and existing is None:
            return
        alerting = self._presenter.needs_comment(result)
        if alerting or (policy.comment_mode is CommentMode.ALWAYS and not edit_only):
            body = self._presenter.comment(
                result, details_url=details_url, policy_source=policy.source
            )
        elif existing is not None:
            body = self._presenter.all_clear(
                result, details_url=details_url, policy_source=policy.source
            )
        else:
            return
        if existing is None:
            await client.create_comment(job.owner, job.repo, job.pr_number, body)
        elif existing.body != body:
            await client.update_comment(job.owner, job.repo, existing.id, body)

    async def _run_commands(self, job: Job, client: GitHubClient) -> str:
        assert job.comment_id is not None
        commands = parse_commands(job.comment_body, bot_name=self._bot_name)
        if not commands:
            return "no-command"
        permission = await client.collaborator_permission(job.owner, job.repo, job.author)
        problems: list[str] = []
        if not permission.can_write:
            problems.append(
                f"capdiff commands need write access to this repository; "
                f"@{job.author} has `{permission}`."
            )
        problems += [c.reason for c in commands if isinstance(c, InvalidCommand)]
        if problems:
            await client.add_reaction(job.owner, job.repo, job.comment_id, "-1")
            await client.create_comment(
                job.owner,
                job.repo,
                job.pr_number,
                f"@{job.author} capdiff did not run your command: " + " ".join(problems),
            )
            return "refused"
        pull = await client.get_pull(job.owner, job.repo, job.pr_number)
        for command in commands:
            if isinstance(command, IgnoreCommand):
                await self._store.add_ignore(
                    job.owner,
                    job.repo,
                    StoredIgnore(
                        package=command.package,
                        specifier=f"=={command.version}",
                        types=tuple(t.value for t in command.types),
                        author=job.author,
                        pr_number=job.pr_number,
                    ),
                )
            elif isinstance(command, IgnoreAllCommand):
                await self._store.add_ignore(
                    job.owner,
                    job.repo,
                    StoredIgnore(
                        package=_IGNORE_ALL,
                        specifier=pull.head_sha,
                        types=(),
                        author=job.author,
                        pr_number=job.pr_number,
                    ),
                )
            else:
                assert isinstance(command, RerunCommand)
        await client.add_reaction(job.owner, job.repo, job.comment_id, "+1")
        await self._store.enqueue(
            NewJob(
                installation_id=job.installation_id,
                owner=job.owner,
                repo=job.repo,
                pr_number=job.pr_number,
                head_sha=pull.head_sha,
                base_sha=pull.base_sha,
                kind=JobKind.RERUN,
            ),
            force=True,
        )
        return "accepted"


def _origin(author: str, pr_number: int) -> str:
    return f"@{author} on PR #{pr_number}"


def _ignore_rules(stored: tuple[StoredIgnore, ...]) -> tuple[IgnoreRule, ...]:
    rules = []
    for ignore in stored:
        if ignore.package == _IGNORE_ALL:
            continue
        try:
            specifier = SpecifierSet(ignore.specifier)
            types = frozenset(AlertType(t) for t in ignore.types)
        except (InvalidSpecifier, ValueError):
            logger.warning("stored ignore %r is unreadable; skipped", ignore)
            continue
        rules.append(
            IgnoreRule(
                name=canonicalize_name(ignore.package),
                specifier=specifier,
                types=types,
                origin=_origin(ignore.author, ignore.pr_number),
            )
        )
    return tuple(rules)


def _lister(client: GitHubClient, owner: str, repo: str, sha: str) -> AsyncFileLister:
    async def list_files() -> tuple[str, ...]:
        return await client.list_tree(owner, repo, sha)

    return list_files


def _reader(client: GitHubClient, owner: str, repo: str, ref: str) -> AsyncFileReader:
    cache: dict[str, str | None] = {}

    async def read(path: str) -> str | None:
        if path not in cache:
            cache[path] = await client.read_file(owner, repo, path, ref)
        return cache[path]

    return read
