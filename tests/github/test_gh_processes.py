"""Web and worker processes sharing one database, on both backends (the `backend` fixture).

Real processes: two `serve --workers 0` web processes and two `worker` processes (the
scanner double instead of the analyzer), the fake GitHub over HTTP in this process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from bot.store.interface import JobState
from tests.conftest import Backend
from tests.fakes.github import FakeGitHub, Fault, PullRequest
from tests.fakes.server import serve_app
from tests.github.conftest import APP_ID, FULL, OWNER, REPO, SECRET, pr_payload, signed_headers
from tests.github.test_gh_kill import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
BASE = "b" * 40


def _env(rsa_keys: tuple[str, str], github_url: str, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "CAPDIFF_APP_ID": str(APP_ID),
        "CAPDIFF_PRIVATE_KEY": rsa_keys[0],
        "CAPDIFF_WEBHOOK_SECRET": SECRET,
        "CAPDIFF_GITHUB_API_URL": github_url,
        "CAPDIFF_DATABASE": database,
        "CAPDIFF_LEASE_SECONDS": "3",
    }


@contextmanager
def process(env: dict[str, str], *args: str) -> Iterator[subprocess.Popen[bytes]]:
    # CAPDIFF_TEST_PROCESS_LOGS=DIR keeps each process's log there, for debugging.
    log_dir = os.environ.get("CAPDIFF_TEST_PROCESS_LOGS")
    log = (
        open(Path(log_dir) / f"{args[0]}-{time.monotonic_ns()}.log", "wb")  # noqa: SIM115
        if log_dir
        else subprocess.DEVNULL
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.github.serve_double", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        yield child
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def web_process(stack: ExitStack, env: dict[str, str]) -> str:
    port = free_port()
    stack.enter_context(process(env, "serve", "--workers", "0", "--port", str(port)))
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            return httpx.get(f"{url}/readyz").status_code == 200
        except httpx.TransportError:
            return False

    wait_for(ready, "the web process to start", timeout=30)
    return url


def deliver(url: str, body: bytes, headers: dict[str, str]) -> None:
    """Post like GitHub's redelivery would: the same delivery again until it is taken."""
    for _ in range(60):
        try:
            response = httpx.post(f"{url}/webhook", content=body, headers=headers, timeout=15)
            if response.status_code < 300:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError("a webhook was never accepted")


def head(pr: int, push: int) -> str:
    return f"{pr:02d}{push:02d}".ljust(40, "f")


def test_a_burst_through_two_web_and_two_worker_processes_with_a_database_outage(
    rsa_keys: tuple[str, str], backend: Backend
) -> None:
    fake = FakeGitHub(app_id=APP_ID, public_key=rsa_keys[1])
    fake.add_commit(FULL, BASE, {"requirements.txt": "requests==2.31.0\n"})
    prs = range(1, 13)
    with serve_app(fake.app) as github_url, ExitStack() as stack:
        env = _env(rsa_keys, github_url, backend.database)
        webs = [web_process(stack, env), web_process(stack, env)]
        for _ in range(2):
            stack.enter_context(process(env, "worker", "--concurrency", "1"))

        def send(pr: int, push: int) -> None:
            sha = head(pr, push)
            fake.add_commit(FULL, sha, {"requirements.txt": f"evil{pr}=={push}.0\n"})
            fake.add_pull(
                PullRequest(owner=OWNER, repo=REPO, number=pr, head_sha=sha, base_sha=BASE)
            )
            body = pr_payload("opened" if push == 0 else "synchronize", pr, sha, BASE)
            headers = signed_headers(body, "pull_request")
            # Each delivery reaches both web processes at once (a redelivery race).
            threads = [threading.Thread(target=deliver, args=(w, body, headers)) for w in webs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        for pr in prs:
            send(pr, 0)
        outage = threading.Thread(target=backend.outage, args=(2.0,))
        outage.start()
        for pr in prs:
            if pr % 2 == 0:
                send(pr, 1)  # a second push supersedes the first
        outage.join()

        def latest(pr: int) -> str:
            return head(pr, 1 if pr % 2 == 0 else 0)

        def all_done() -> bool:
            return all(
                [r["status"] for r in fake.runs_for(latest(pr))] == ["completed"] for pr in prs
            )

        wait_for(all_done, "every pull request's latest head to be checked", timeout=90)
        # Nothing is left half-done either: superseded heads' runs are closed too.
        wait_for(
            lambda: all(
                run["status"] == "completed"
                for pr in prs
                for run in fake.runs_for(head(pr, 0))
            ),
            "superseded check runs to be closed",
            timeout=30,
        )
        for pr in prs:
            [run] = fake.runs_for(latest(pr))  # exactly one check run: no duplicate
            assert run["conclusion"] == "failure", pr
            assert len(fake.runs_for(head(pr, 0))) <= 1
            assert len(fake.comments_on(FULL, pr)) == 1, pr
    store = backend.open()
    try:
        jobs = store_jobs(store)
    finally:
        store.close()
    pushes = [(j.pr_number, j.head_sha) for j in jobs]  # type: ignore[attr-defined]
    assert len(pushes) == len(set(pushes))  # every push queued once, through both webs
    done = {(j.pr_number, j.head_sha) for j in jobs if j.state is JobState.DONE}  # type: ignore[attr-defined]
    assert {(pr, latest(pr)) for pr in prs} <= done
    assert all(j.state in (JobState.DONE, JobState.SUPERSEDED) for j in jobs)  # type: ignore[attr-defined]


def store_jobs(store: object) -> tuple[object, ...]:
    import asyncio

    jobs: tuple[object, ...] = asyncio.run(store.jobs())  # type: ignore[attr-defined]
    return jobs


def test_sigterm_gives_a_running_job_back_within_the_deadline(
    rsa_keys: tuple[str, str], backend: Backend
) -> None:
    fake = FakeGitHub(app_id=APP_ID, public_key=rsa_keys[1])
    sha = head(1, 0)
    fake.add_commit(FULL, BASE, {"requirements.txt": "requests==2.31.0\n"})
    fake.add_commit(FULL, sha, {"requirements.txt": "evil==1.0\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=1, head_sha=sha, base_sha=BASE))
    fake.inject(Fault(pattern=r"GET .*/pulls/1/files", status=0, delay=20))
    with serve_app(fake.app) as github_url, ExitStack() as stack:
        env = {**_env(rsa_keys, github_url, backend.database), "CAPDIFF_LEASE_SECONDS": "300"}
        web = web_process(stack, env)
        body = pr_payload("opened", 1, sha, BASE)
        deliver(web, body, signed_headers(body, "pull_request"))
        with process(env, "worker", "--shutdown-deadline", "1") as first:
            wait_for(
                lambda: any("/pulls/1/files" in line for line in fake.requests),
                "the worker to reach the file list",
                timeout=30,
            )
            started = time.monotonic()
            first.send_signal(signal.SIGTERM)
            assert first.wait(timeout=15) == 0
            assert time.monotonic() - started < 10  # the 20 s request was not waited for
        # Given back at once (not after the 300 s lease), its attempt not counted.
        metrics_port = free_port()
        with process(env, "worker", "--metrics-port", str(metrics_port)):
            wait_for(lambda: fake.runs_for(sha)[0]["status"] == "completed", "the re-run", 30)
            # A worker-only process serves its own metrics.
            counted = 'capdiff_job_duration_seconds_count{outcome="failure"} 1.0'
            wait_for(
                lambda: counted in httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text,
                "the worker's metrics",
                timeout=10,
            )
    [run] = fake.runs_for(sha)
    assert run["conclusion"] == "failure"
    store = backend.open()
    try:
        [job] = store_jobs(store)
    finally:
        store.close()
    assert (job.state, job.attempts) == (JobState.DONE, 1)  # type: ignore[attr-defined]
