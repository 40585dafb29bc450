"""The webhook endpoint: signature before parsing, size limits, headers, dedupe, health."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.web import MAX_PAYLOAD_BYTES, signature_for
from tests.github.conftest import SECRET, Harness, payload, pr_payload, signed_headers

LIMITS = json.loads(Path("/work/shared/github/rest/limits.json").read_text())


def test_signature_matches_githubs_test_vector() -> None:
    vector = LIMITS["from_docs"]["webhook_signature_test_vector"]
    assert (
        signature_for(vector["payload"].encode(), vector["secret"])
        == (vector["X-Hub-Signature-256"])
    )


async def _nothing_queued(harness: Harness) -> None:
    assert await harness.store.jobs() == ()
    assert harness.fake.requests == []


async def test_unsigned_webhook_is_refused(harness: Harness) -> None:
    body = pr_payload("opened", 7, "h" * 40, "b" * 40)
    headers = signed_headers(body, "pull_request")
    del headers["x-hub-signature-256"]
    response = await harness.app_client.post("/webhook", content=body, headers=headers)
    assert (response.status_code, response.text) == (401, "missing X-Hub-Signature-256")
    await _nothing_queued(harness)


async def test_forged_webhook_is_refused(harness: Harness) -> None:
    body = pr_payload("opened", 7, "h" * 40, "b" * 40)
    headers = signed_headers(body, "pull_request")
    headers["x-hub-signature-256"] = signature_for(body, "not-the-secret")
    response = await harness.app_client.post("/webhook", content=body, headers=headers)
    assert (response.status_code, response.text) == (401, "bad signature")
    await _nothing_queued(harness)


async def test_sha1_only_signature_is_refused(harness: Harness) -> None:
    body = pr_payload("opened", 7, "h" * 40, "b" * 40)
    headers = signed_headers(body, "pull_request")
    del headers["x-hub-signature-256"]
    digest = hmac.new(SECRET.encode(), body, hashlib.sha1).hexdigest()
    headers["x-hub-signature"] = f"sha1={digest}"
    response = await harness.app_client.post("/webhook", content=body, headers=headers)
    assert response.status_code == 401
    await _nothing_queued(harness)


async def test_oversized_payload_is_refused_by_content_length(harness: Harness) -> None:
    headers = signed_headers(b"{}", "pull_request")
    headers["content-length"] = str(MAX_PAYLOAD_BYTES + 1)
    response = await harness.app_client.post("/webhook", content=b"{}", headers=headers)
    assert (response.status_code, response.text) == (413, "payload too large")


async def test_oversized_streamed_payload_is_refused(harness: Harness) -> None:
    chunk = b" " * (1024 * 1024)

    async def body() -> AsyncIterator[bytes]:
        for _ in range(26):
            yield chunk

    headers = signed_headers(b"", "pull_request")
    response = await harness.app_client.post("/webhook", content=body(), headers=headers)
    assert response.status_code == 413
    await _nothing_queued(harness)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "malformed JSON"),
        (b"\xff\xfe", "malformed JSON"),
        (b"[1, 2]", "payload is not a JSON object"),
    ],
)
async def test_malformed_json_is_400(harness: Harness, body: bytes, message: str) -> None:
    response = await harness.app_client.post(
        "/webhook", content=body, headers=signed_headers(body, "pull_request")
    )
    assert (response.status_code, response.text) == (400, message)


@pytest.mark.parametrize("header", ["x-github-event", "x-github-delivery"])
async def test_missing_event_headers_are_400(harness: Harness, header: str) -> None:
    body = pr_payload("opened", 7, "h" * 40, "b" * 40)
    headers = signed_headers(body, "pull_request")
    del headers[header]
    response = await harness.app_client.post("/webhook", content=body, headers=headers)
    assert (response.status_code, response.text) == (
        400,
        "missing X-GitHub-Event or X-GitHub-Delivery",
    )


async def test_payload_missing_fields_is_400(harness: Harness) -> None:
    data = payload("pull_request.opened.json")
    del data["installation"]
    body = json.dumps(data).encode()
    response = await harness.post("pull_request", body)
    assert response.status_code == 400
    assert response.text == "malformed payload: payload.installation: expected dict, got NoneType"
    assert await harness.store.jobs() == ()


async def test_unhandled_events_are_ignored(harness: Harness) -> None:
    for name, event in [
        ("pull_request.closed.json", "pull_request"),
        ("pull_request_review.submitted.json", "pull_request_review"),
        ("issue_comment.created.json", "issue_comment"),  # on an issue, not a pull request
    ]:
        response = await harness.post(event, json.dumps(payload(name)).encode())
        assert response.status_code == 202
    await _nothing_queued(harness)


async def test_ping_answers_pong(harness: Harness) -> None:
    response = await harness.post("ping", json.dumps(payload("ping.json")).encode())
    assert (response.status_code, response.text) == (200, "pong")


async def test_check_suite_without_pull_requests_is_skipped(harness: Harness) -> None:
    data = payload("check_suite.rerequested.json")
    suite = data["check_suite"]
    assert isinstance(suite, dict)
    suite["pull_requests"] = []
    response = await harness.post("check_suite", json.dumps(data).encode())
    assert response.status_code == 202
    assert await harness.store.jobs() == ()


async def test_installation_events_are_recorded(harness: Harness) -> None:
    created = payload("installation.created.json")
    await harness.post("installation", json.dumps(created).encode())
    installation = created["installation"]
    assert isinstance(installation, dict)
    repos = await harness.store.installation_repositories(installation["id"])
    assert repos == tuple(sorted(r["full_name"] for r in created["repositories"]))  # type: ignore[attr-defined]
    deleted = payload("installation.deleted.json")
    deleted["installation"] = installation
    await harness.post("installation", json.dumps(deleted).encode())
    assert await harness.store.installation_repositories(installation["id"]) == ()


async def test_health_and_readiness(harness: Harness) -> None:
    assert (await harness.app_client.get("/healthz")).json() == {"status": "ok"}
    assert (await harness.app_client.get("/readyz")).json() == {"status": "ready"}
    harness.store.close()
    response = await harness.app_client.get("/readyz")
    assert (response.status_code, response.json()) == (503, {"status": "database unreachable"})


async def test_wrong_method_is_405(harness: Harness) -> None:
    response = await harness.app_client.get("/webhook")
    assert response.status_code == 405
    assert isinstance(response, httpx.Response)


async def test_installation_repositories_added_and_removed(harness: Harness) -> None:
    added = payload("installation_repositories.added.json")
    installation = added["installation"]
    assert isinstance(installation, dict)
    await harness.post("installation_repositories", json.dumps(added).encode())
    names = tuple(sorted(r["full_name"] for r in added["repositories_added"]))  # type: ignore[attr-defined]
    assert await harness.store.installation_repositories(installation["id"]) == names
    removed = dict(added, action="removed", repositories_removed=added["repositories_added"])
    removed["repositories_added"] = []
    await harness.post("installation_repositories", json.dumps(removed).encode())
    assert await harness.store.installation_repositories(installation["id"]) == ()
