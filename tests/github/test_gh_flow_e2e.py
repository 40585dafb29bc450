"""End to end: signed webhooks -> capdiff's app -> queue -> worker -> fake GitHub over HTTP."""

from __future__ import annotations

import json
import logging

import pytest

from bot.github.presenter import COMMENT_MARKER
from bot.logcontext import ContextFilter
from bot.store.interface import JobState
from tests.fakes.github import FakeGitHub, Fault, PullRequest
from tests.github.conftest import (
    FULL,
    OWNER,
    REPO,
    Harness,
    comment_payload,
    payload,
    pr_payload,
)

BASE = "b" * 40
HEAD = "h" * 40
HEAD2 = "2" * 40


def open_pr(
    fake: FakeGitHub,
    head_files: dict[str, str],
    *,
    number: int = 7,
    head: str = HEAD,
    base_files: dict[str, str] | None = None,
    draft: bool = False,
) -> None:
    fake.add_commit(
        FULL,
        BASE,
        base_files if base_files is not None else {"requirements.txt": "requests==2.31.0\n"},
    )
    fake.add_commit(FULL, head, head_files)
    fake.add_pull(
        PullRequest(
            owner=OWNER, repo=REPO, number=number, head_sha=head, base_sha=BASE, draft=draft
        )
    )


async def test_benign_change_succeeds_without_comment(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    response = await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    assert (response.status_code, response.text) == (202, "queued")
    assert await harness.drain() == 1
    [run] = harness.fake.runs_for(HEAD)
    assert (run["name"], run["status"], run["conclusion"]) == ("capdiff", "completed", "success")
    assert harness.fake.comments_on(FULL, 7) == []
    assert harness.scanner.requests[0].changed_paths == ("requirements.txt",)
    assert f"GET /repos/{FULL}/contents/.github/capdiff.yml" in harness.fake.requests


async def test_risky_change_fails_with_annotations_and_one_comment(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.31.0\nevil==1.0\nrisky==2.0\n"})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [run] = harness.fake.runs_for(HEAD)
    assert run["conclusion"] == "failure"
    annotations = run["_annotations"]
    assert isinstance(annotations, list)
    assert [(a["path"], a["start_line"], a["annotation_level"]) for a in annotations] == [
        ("requirements.txt", 2, "failure"),
        ("requirements.txt", 3, "warning"),
    ]
    [comment] = harness.fake.comments_on(FULL, 7)
    assert str(comment["body"]).startswith(
        f"{COMMENT_MARKER}\n### capdiff — 1 blocking, 1 warning in 2 changed dependencies\n"
    )
    assert str(comment["body"]).endswith(
        f"full details in [the check run]({run['html_url']})</sub>\n"
    )


@pytest.mark.both_backends
async def test_second_push_edits_the_comment_and_supersedes_the_old_job(
    harness: Harness,
) -> None:
    fake = harness.fake
    open_pr(fake, {"requirements.txt": "evil==1.0\n"})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [comment] = fake.comments_on(FULL, 7)

    # Second push: a job for HEAD2 claimed and started, then a third push arrives mid-job.
    fake.add_commit(FULL, HEAD2, {"requirements.txt": "evil==1.1\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=7, head_sha=HEAD2, base_sha=BASE))
    await harness.post("pull_request", pr_payload("synchronize", 7, HEAD2, BASE))
    await harness.drain()
    [after] = fake.comments_on(FULL, 7)
    assert after["id"] == comment["id"]
    assert after["_edits"] == 1
    assert str(after["body"]).startswith(
        f"{COMMENT_MARKER}\n### capdiff — 1 blocking in 1 changed dependency\n"
    )
    assert "1.1" in str(after["body"])

    head3 = "3" * 40
    fake.add_commit(FULL, head3, {"requirements.txt": "requests==1.0\n"})
    # The HEAD2 job is re-run (queued with a check run), then head3 supersedes it.
    await harness.post("check_suite", _suite_rerequested(HEAD2))
    job = await harness.store.claim("w")
    assert job is not None and job.head_sha == HEAD2
    await harness.store.set_check_run(job.id, int(str(fake.runs_for(HEAD2)[0]["id"])))
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=7, head_sha=head3, base_sha=BASE))
    await harness.post("pull_request", pr_payload("synchronize", 7, head3, BASE))
    harness.clock.now += 120  # the abandoned lease expires; the worker reclaims and closes it
    await harness.drain()
    old = fake.runs_for(HEAD2)[0]
    assert (old["conclusion"], old["output"]["summary"]) == (  # type: ignore[index]
        "neutral",
        f"Superseded by a newer push ({head3}).",
    )
    assert [r["conclusion"] for r in fake.runs_for(head3)] == ["success"]
    states = {(j.head_sha, j.state) for j in await harness.store.jobs()}
    assert (HEAD2, JobState.SUPERSEDED) in states


def _suite_rerequested(head: str) -> bytes:
    data = payload("check_suite.rerequested.json")
    suite = data["check_suite"]
    assert isinstance(suite, dict)
    suite["head_sha"] = head
    suite["pull_requests"] = [{"number": 7, "head": {"sha": head}, "base": {"sha": BASE}}]
    return json.dumps(data).encode()


async def test_ignore_refused_for_reader_accepted_for_maintainer(harness: Harness) -> None:
    fake = harness.fake
    open_pr(fake, {"requirements.txt": "evil==1.0\n"})
    fake.set_permission(FULL, "reader", "read", "read")
    fake.set_permission(FULL, "maint", "write", "maintain")
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert [r["conclusion"] for r in fake.runs_for(HEAD)] == ["failure"]

    refused = fake.add_human_comment(FULL, 7, "reader", "@capdiff ignore evil@1.0")
    await harness.post(
        "issue_comment", comment_payload(7, "reader", "@capdiff ignore evil@1.0", refused)
    )
    await harness.drain()
    assert fake.reactions[refused] == ["-1"]
    reply = fake.comments_on(FULL, 7)[-1]
    assert reply["body"] == (
        "@reader capdiff did not run your command: capdiff commands need write access to this "
        "repository; @reader has `read`."
    )
    assert len(fake.runs_for(HEAD)) == 1

    accepted = fake.add_human_comment(FULL, 7, "maint", "@CapDiff ignore evil@1.0 sensitive-read")
    await harness.post(
        "issue_comment",
        comment_payload(7, "maint", "@CapDiff ignore evil@1.0 sensitive-read", accepted),
    )
    await harness.drain()
    assert fake.reactions[accepted] == ["+1"]
    assert [r["conclusion"] for r in fake.runs_for(HEAD)] == ["failure", "success"]
    [rule] = harness.scanner.requests[-1].extra_ignores
    assert (rule.name, str(rule.specifier), rule.origin) == ("evil", "==1.0", "@maint on PR #7")
    [ours] = [c for c in fake.comments_on(FULL, 7) if COMMENT_MARKER in str(c["body"])]
    rerun = fake.runs_for(HEAD)[-1]
    assert ours["body"] == (
        f"{COMMENT_MARKER}\n✅ no new risky behaviour in 1 changed dependency\n\n"
        "<sub>Policy: built-in defaults · 1 package analyzed in 0.0 s · full details in "
        f"[the check run]({rerun['html_url']})</sub>\n"
    )


async def test_unknown_alert_type_is_refused(harness: Harness) -> None:
    fake = harness.fake
    open_pr(fake, {"requirements.txt": "evil==1.0\n"})
    fake.set_permission(FULL, "admin", "admin", "admin")
    body = "@capdiff ignore evil@1.0 mind-control"
    cid = fake.add_human_comment(FULL, 7, "admin", body)
    await harness.post("issue_comment", comment_payload(7, "admin", body, cid))
    await harness.drain()
    assert fake.reactions[cid] == ["-1"]
    assert fake.comments_on(FULL, 7)[-1]["body"] == (
        "@admin capdiff did not run your command: unknown alert type `mind-control`"
    )


async def test_human_comment_with_marker_is_never_edited(harness: Harness) -> None:
    fake = harness.fake
    open_pr(fake, {"requirements.txt": "evil==1.0\n"})
    human = fake.add_human_comment(FULL, 7, "mallory", f"{COMMENT_MARKER} fake report")
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert fake.comments[human]["body"] == f"{COMMENT_MARKER} fake report"
    assert len(fake.comments_on(FULL, 7)) == 2


@pytest.mark.both_backends
async def test_duplicate_delivery_is_processed_once(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    body = pr_payload("opened", 7, HEAD, BASE)
    first = await harness.post("pull_request", body, delivery="d-1")
    second = await harness.post("pull_request", body, delivery="d-1")
    assert (first.status_code, second.status_code, second.text) == (202, 200, "duplicate")
    assert len(await harness.store.jobs()) == 1
    await harness.drain()
    assert len(harness.fake.runs_for(HEAD)) == 1


async def test_github_502_is_retried(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(Fault(pattern=r"GET .*/pulls/7/files", count=2, status=502))
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["success"]
    assert harness.sleeps == [0.5, 1.0]


async def test_secondary_rate_limit_waits_retry_after(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(
        Fault(
            pattern=r"POST .*/check-runs$",
            status=403,
            headers={"retry-after": "42"},
            body={"message": "You have exceeded a secondary rate limit."},
        )
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert harness.sleeps == [42.0]
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["success"]


@pytest.mark.both_backends
async def test_long_rate_limit_goes_back_to_the_queue(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(
        Fault(pattern=r"POST .*/check-runs$", status=429, headers={"retry-after": "3600"})
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    assert await harness.drain() == 1
    [job] = await harness.store.jobs()
    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert "rate limited for 3600 s" in job.last_error
    harness.clock.now += 3601
    assert await harness.drain() == 1
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["success"]


@pytest.mark.both_backends
async def test_gives_up_after_max_attempts_with_neutral_check(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(Fault(pattern=r"GET .*/pulls/7$", count=100, status=503))
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    for _ in range(3):
        await harness.drain()
        harness.clock.now += 10_000
    [job] = await harness.store.jobs()
    assert (job.state, job.attempts) == (JobState.FAILED, 3)
    [run] = harness.fake.runs_for(HEAD)
    assert run["conclusion"] == "neutral"
    assert str(run["output"]["summary"]).startswith("capdiff gave up after 3 attempts: ")  # type: ignore[index]


@pytest.mark.both_backends
async def test_job_abandoned_by_a_killed_worker_is_reclaimed(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "evil==1.0\n"})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    crashed = await harness.store.claim("worker-that-dies")
    assert crashed is not None
    assert await harness.drain() == 0  # leased: nobody else takes it yet
    harness.clock.now += 61
    assert await harness.drain() == 1
    [job] = await harness.store.jobs()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["failure"]


async def test_invalid_policy_is_neutral_naming_key_and_line(harness: Harness) -> None:
    open_pr(
        harness.fake,
        {"requirements.txt": "evil==1.0\n"},
        base_files={".github/capdiff.yml": "comment: never\nblock_evrything: true\n"},
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [run] = harness.fake.runs_for(HEAD)
    assert run["conclusion"] == "neutral"
    assert run["output"]["summary"] == (  # type: ignore[index]
        "`.github/capdiff.yml` on the base branch is invalid, so nothing was analyzed:\n\n"
        ".github/capdiff.yml:2: block_evrything: unknown key; expected one of: alerts, ignore, "
        "paths, drafts, comment, reputation"
    )
    assert harness.scanner.requests == []


async def test_pr_without_manifest_succeeds_without_comment(harness: Harness) -> None:
    open_pr(harness.fake, {"README.md": "hello\n"}, base_files={})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [run] = harness.fake.runs_for(HEAD)
    assert (run["conclusion"], run["output"]["title"]) == (  # type: ignore[index]
        "success",
        "No dependency changes",
    )
    assert harness.fake.comments_on(FULL, 7) == []


async def test_draft_is_skipped_by_default(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "evil==1.0\n"}, draft=True)
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE, draft=True))
    await harness.drain()
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["skipped"]


async def test_many_alerts_batch_annotations_and_fit_the_comment(harness: Harness) -> None:
    # 700 warning packages: 14 PATCHes of 50 annotations, and a comment far over the
    # 10,000-character reading budget: whole table rows are kept, the rest is pointed to.
    head = "".join(f"risky-package-with-a-long-name-{i}==1.0\n" for i in range(700))
    open_pr(harness.fake, {"requirements.txt": head})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [run] = harness.fake.runs_for(HEAD)
    assert run["conclusion"] == "success"
    assert run["output"]["annotations_count"] == 700  # type: ignore[index]
    [comment] = harness.fake.comments_on(FULL, 7)
    body = str(comment["body"])
    assert 9000 < len(body) <= 10_000
    rows = [line for line in body.splitlines() if line.startswith("| **risky-package")]
    assert len(rows) > 100
    assert body.endswith(
        f"… 700 more findings and {700 - len(rows)} more packages — see "
        f"[the check run]({run['html_url']})\n"
    )
    assert "<details>" not in body


async def test_progress_is_reported_on_the_check_run(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "a==1\nb==1\nc==1\n"})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    [run] = harness.fake.runs_for(HEAD)
    titles = run["_titles"]
    assert isinstance(titles, list)
    assert titles[:2] == ["Analyzing dependency changes", "Analyzing 1 of 3 packages"]


@pytest.mark.both_backends
async def test_check_run_rerequested_scans_again(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    data = payload("check_run.rerequested.json")
    check = data["check_run"]
    assert isinstance(check, dict)
    check["head_sha"] = HEAD
    check["pull_requests"] = [{"number": 7, "head": {"sha": HEAD}, "base": {"sha": BASE}}]
    data["repository"] = payload("pull_request.opened.json")["repository"]
    response = await harness.post("check_run", json.dumps(data).encode())
    assert response.status_code == 202
    await harness.drain()
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["success", "success"]


async def test_ignore_all_accepts_this_head_only(harness: Harness) -> None:
    fake = harness.fake
    open_pr(fake, {"requirements.txt": "evil==1.0\nrisky==2.0\n"})
    fake.set_permission(FULL, "owner", "admin", "admin")
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    cid = fake.add_human_comment(FULL, 7, "owner", "Checked both.\n@capdiff ignore-all")
    await harness.post(
        "issue_comment", comment_payload(7, "owner", "Checked both.\n@capdiff ignore-all", cid)
    )
    await harness.drain()
    assert fake.reactions[cid] == ["+1"]
    assert [r["conclusion"] for r in fake.runs_for(HEAD)] == ["failure", "success"]
    # A new push brings new code: the earlier ignore-all does not cover it.
    fake.add_commit(FULL, HEAD2, {"requirements.txt": "evil==1.0\nrisky==2.0\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=7, head_sha=HEAD2, base_sha=BASE))
    await harness.post("pull_request", pr_payload("synchronize", 7, HEAD2, BASE))
    await harness.drain()
    assert [r["conclusion"] for r in fake.runs_for(HEAD2)] == ["failure"]


async def test_closed_pull_request_is_skipped(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "evil==1.0\n"})
    harness.fake.pulls[(FULL, 7)].state = "closed"
    await harness.post("pull_request", pr_payload("reopened", 7, HEAD, BASE))
    await harness.drain()
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["skipped"]


async def test_primary_rate_limit_waits_until_reset(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    reset = int(harness.clock.now) + 30
    harness.fake.inject(
        Fault(
            pattern=r"GET .*/pulls/7/files",
            status=403,
            headers={
                "x-ratelimit-limit": "5000",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": str(reset),
            },
            body={"message": "API rate limit exceeded"},
        )
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert harness.sleeps == [reset - harness.clock.now]
    assert [r["conclusion"] for r in harness.fake.runs_for(HEAD)] == ["success"]


async def test_plain_403_ends_the_job_at_once(harness: Harness) -> None:
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(
        Fault(
            pattern=r"GET .*/pulls/7/files",
            status=403,
            body={"message": "Resource not accessible by integration"},
        )
    )
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert harness.sleeps == []
    [job] = await harness.store.jobs()
    error = (
        "files of Codertocat/Hello-World#7: GitHub answered 403 "
        "Resource not accessible by integration"
    )
    assert (job.state, job.attempts, job.last_error) == (JobState.FAILED, 1, error)
    [run] = harness.fake.runs_for(HEAD)
    assert (run["conclusion"], run["output"]["summary"]) == (  # type: ignore[index]
        "neutral",
        f"capdiff gave up after 1 attempt: {error}\n\n"
        "Re-run the check, or comment `@capdiff rerun`, to try again.",
    )


async def test_pagination_of_files_and_comments(harness: Harness) -> None:
    fake = harness.fake
    head_files = {f"src/module_{i:03}.py": "x = 1\n" for i in range(250)}
    head_files["requirements.txt"] = "evil==1.0\n"
    open_pr(fake, head_files)
    for i in range(150):
        fake.add_human_comment(FULL, 7, f"user{i}", "+1")
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await harness.drain()
    assert len(harness.scanner.requests[0].changed_paths) == 251
    file_pages = [line for line in fake.requests if line.endswith("/pulls/7/files")]
    assert len(file_pages) == 3
    # A second push finds our comment on the second page and edits it.
    fake.add_commit(FULL, HEAD2, {**head_files, "requirements.txt": "evil==1.1\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=7, head_sha=HEAD2, base_sha=BASE))
    await harness.post("pull_request", pr_payload("synchronize", 7, HEAD2, BASE))
    await harness.drain()
    ours = [c for c in fake.comments_on(FULL, 7) if c["performed_via_github_app"]]
    assert [c["_edits"] for c in ours] == [1]


async def test_failures_are_logged_with_the_job_context(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(ContextFilter())
    open_pr(harness.fake, {"requirements.txt": "requests==2.32.0\n"})
    harness.fake.inject(Fault(pattern=r"GET .*/pulls/7$", status=404, body={"message": "Gone"}))
    await harness.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    with caplog.at_level(logging.INFO, logger="bot"):
        await harness.drain()
    [failure] = [r for r in caplog.records if r.name == "bot.worker" and r.levelname == "ERROR"]
    assert failure.getMessage() == (
        "job 1 (pull_request Codertocat/Hello-World#7 hhhhhhhhhhhh): attempt 1 failed"
    )
    assert failure.context == "job=1 repo=Codertocat/Hello-World pr=7 sha=hhhhhhhhhhhh"  # type: ignore[attr-defined]
