"""A `kill -9` mid-job: after a restart the job's lease expires and it is completed.

On both backends (the `backend` fixture)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import Backend
from tests.fakes.github import FakeGitHub, Fault, PullRequest
from tests.fakes.server import serve_app
from tests.github.conftest import APP_ID, FULL, OWNER, REPO, SECRET, pr_payload, signed_headers

ROOT = Path(__file__).resolve().parents[2]
BASE, HEAD = "b" * 40, "h" * 40


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@contextmanager
def capdiff_process(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.github.serve_double", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def ready() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200
            except httpx.TransportError:
                return False

        wait_for(ready, "capdiff to start")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_job_survives_sigkill(rsa_keys: tuple[str, str], backend: Backend) -> None:
    fake = FakeGitHub(app_id=APP_ID, public_key=rsa_keys[1])
    fake.add_commit(FULL, BASE, {"requirements.txt": "requests==2.31.0\n"})
    fake.add_commit(FULL, HEAD, {"requirements.txt": "evil==1.0\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=9, head_sha=HEAD, base_sha=BASE))
    # The first worker hangs on the file list; it is killed while waiting.
    fake.inject(Fault(pattern=r"GET .*/pulls/9/files", status=0, delay=5))
    with serve_app(fake.app) as github_url:
        env = {
            **os.environ,
            "CAPDIFF_APP_ID": str(APP_ID),
            "CAPDIFF_PRIVATE_KEY": rsa_keys[0],
            "CAPDIFF_WEBHOOK_SECRET": SECRET,
            "CAPDIFF_GITHUB_API_URL": github_url,
            "CAPDIFF_DATABASE": backend.database,
            "CAPDIFF_LEASE_SECONDS": "1",
            "CAPDIFF_WORKERS": "1",
        }
        port = free_port()
        with capdiff_process(env, port) as first:
            body = pr_payload("opened", 9, HEAD, BASE)
            response = httpx.post(
                f"http://127.0.0.1:{port}/webhook",
                content=body,
                headers=signed_headers(body, "pull_request"),
            )
            assert response.status_code == 202
            wait_for(
                lambda: any("/pulls/9/files" in line for line in fake.requests),
                "the worker to reach the file list",
            )
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        [run] = fake.runs_for(HEAD)
        assert run["status"] == "in_progress"
        with capdiff_process(env, port):
            wait_for(lambda: fake.runs_for(HEAD)[0]["status"] == "completed", "the re-run")
    assert [(r["status"], r["conclusion"]) for r in fake.runs_for(HEAD)] == [
        ("completed", "failure")
    ]
    assert len(fake.comments_on(FULL, 9)) == 1
