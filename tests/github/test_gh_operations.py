"""What an operator sees: JSON logs with the delivery and job context, /metrics, /readyz."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from tests.fakes.github import FakeGitHub, PullRequest
from tests.fakes.server import serve_app
from tests.github.conftest import APP_ID, FULL, OWNER, REPO, SECRET, pr_payload, signature_for
from tests.github.test_gh_kill import free_port, wait_for
from tests.pgserver import Cluster, server_binaries

ROOT = Path(__file__).resolve().parents[2]
BASE, HEAD = "b" * 40, "c" * 40


def metric(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + " ") or (line.startswith(name + "{") and " " in line):
            key, _, value = line.rpartition(" ")
            if key == name:
                return float(value)
    return None


def test_json_logs_and_metrics_of_a_served_job(rsa_keys: tuple[str, str], tmp_path: Path) -> None:
    fake = FakeGitHub(app_id=APP_ID, public_key=rsa_keys[1])
    fake.add_commit(FULL, BASE, {"requirements.txt": "requests==2.31.0\n"})
    fake.add_commit(FULL, HEAD, {"requirements.txt": "evil==1.0\n"})
    fake.add_pull(PullRequest(owner=OWNER, repo=REPO, number=5, head_sha=HEAD, base_sha=BASE))
    log_path = tmp_path / "serve.log"
    port = free_port()
    with serve_app(fake.app) as github_url, open(log_path, "wb") as log:
        env = {
            **os.environ,
            "CAPDIFF_APP_ID": str(APP_ID),
            "CAPDIFF_PRIVATE_KEY": rsa_keys[0],
            "CAPDIFF_WEBHOOK_SECRET": SECRET,
            "CAPDIFF_GITHUB_API_URL": github_url,
            "CAPDIFF_DATABASE": str(tmp_path / "capdiff.db"),
        }
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.github.serve_double", "serve", "--port", str(port),
             "--workers", "1", "--log-format", "json"],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )
        url = f"http://127.0.0.1:{port}"
        try:

            def ready() -> bool:
                try:
                    return httpx.get(f"{url}/readyz").status_code == 200
                except httpx.TransportError:
                    return False

            wait_for(ready, "the server", timeout=30)
            body = pr_payload("opened", 5, HEAD, BASE)
            delivery = str(uuid.uuid4())
            headers = {
                "content-type": "application/json",
                "x-github-event": "pull_request",
                "x-github-delivery": delivery,
                "x-hub-signature-256": signature_for(body, SECRET),
            }
            assert httpx.post(f"{url}/webhook", content=body, headers=headers).status_code == 202
            assert httpx.post(f"{url}/webhook", content=body, headers=headers).status_code == 200
            bad = {**headers, "x-hub-signature-256": "sha256=" + "0" * 64}
            assert httpx.post(f"{url}/webhook", content=body, headers=bad).status_code == 401
            wait_for(
                lambda: [r["status"] for r in fake.runs_for(HEAD)] == ["completed"],
                "the job",
                timeout=30,
            )
            wait_for(
                lambda: "capdiff_job_duration_seconds_count" in httpx.get(f"{url}/metrics").text,
                "the job's metrics",
                timeout=10,
            )
            page = httpx.get(f"{url}/metrics")
        finally:
            server.terminate()
            server.wait(timeout=15)
    assert page.headers["content-type"].startswith("text/plain")
    text = page.text
    assert metric(text, 'capdiff_webhooks_received_total{event="pull_request"}') == 1.0
    assert metric(text, 'capdiff_webhooks_rejected_total{reason="duplicate"}') == 1.0
    assert metric(text, 'capdiff_webhooks_rejected_total{reason="bad_signature"}') == 1.0
    assert metric(text, 'capdiff_job_duration_seconds_count{outcome="failure"}') == 1.0
    assert metric(text, "capdiff_queue_depth") == 0.0
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    queued = [r for r in records if r.get("delivery") == delivery and "queued" in r["message"]]
    assert queued and queued[0]["repo"] == FULL and queued[0]["pr"] == 5
    [finished] = [r for r in records if r["logger"] == "bot.worker"]
    assert (finished["job"], finished["repo"], finished["pr"], finished["level"]) == (
        1, FULL, 5, "info"
    )


@pytest.mark.postgres
def test_readyz_fails_while_the_database_is_unreachable(tmp_path: Path) -> None:
    if server_binaries() is None:
        pytest.skip("needs the PostgreSQL server binaries to stop a server of its own")
    from bot.config import Settings
    from bot.store.postgres import PostgresStore
    from bot.web import create_app

    cluster = Cluster.start()
    try:
        store = PostgresStore(cluster.url)
        settings = Settings(app_id="1", private_key="k", webhook_secret="s")
        app = create_app(settings, store)
        with serve_app(app) as url:
            assert httpx.get(f"{url}/readyz").status_code == 200
            cluster._pg_ctl("stop", "-m", "fast")
            response = httpx.get(f"{url}/readyz", timeout=15)
            assert (response.status_code, response.json()) == (
                503, {"status": "database unreachable"}
            )
            assert httpx.get(f"{url}/healthz").status_code == 200
            assert httpx.get(f"{url}/metrics", timeout=30).status_code == 200
            cluster._pg_ctl("start")
            wait_for(lambda: httpx.get(f"{url}/readyz").status_code == 200, "ready again", 20)
        store.close()
    finally:
        cluster.stop()
