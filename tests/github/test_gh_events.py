"""Typed parsing of the real webhook payloads, and hostile ones."""

from __future__ import annotations

import contextlib
import importlib
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.github.events import (
    PayloadError,
    parse_check_rerequested,
    parse_installation,
    parse_issue_comment,
    parse_pull_request,
)

WEBHOOKS = Path("/work/shared/github/webhooks")


def load(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((WEBHOOKS / name).read_text())
    return data


@pytest.mark.parametrize(
    "name",
    [
        "pull_request.opened.json",
        "pull_request.opened.2.json",
        "pull_request.synchronize.json",
        "pull_request.reopened.json",
        "pull_request.closed.json",
    ],
)
def test_real_pull_request_payloads_parse(name: str) -> None:
    event = parse_pull_request(load(name))
    data = load(name)
    pull = data["pull_request"]
    assert isinstance(pull, dict)
    assert (event.number, event.head_sha, event.base_sha) == (
        pull["number"],
        pull["head"]["sha"],
        pull["base"]["sha"],
    )
    assert event.repo.full_name == data["repository"]["full_name"]  # type: ignore[index]


def test_real_pull_request_opened_in_full() -> None:
    event = parse_pull_request(load("pull_request.opened.json"))
    assert (event.action, event.repo.installation_id, event.repo.full_name, event.base_ref) == (
        "opened",
        1,
        "Codertocat/Hello-World",
        "master",
    )


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("check_run.rerequested.json", "check_run"),
        ("check_run.rerequested.2.json", "check_run"),
        ("check_suite.rerequested.json", "check_suite"),
        ("check_suite.rerequested.2.json", "check_suite"),
    ],
)
def test_real_rerequested_payloads_parse(name: str, event: str) -> None:
    parsed = parse_check_rerequested(event, load(name))
    check = load(name)[event]
    assert isinstance(check, dict)
    assert parsed.head_sha == check["head_sha"]
    assert [p.number for p in parsed.pulls] == [p["number"] for p in check["pull_requests"]]


def test_comment_on_an_issue_is_not_a_command() -> None:
    assert parse_issue_comment(load("issue_comment.created.json")) is None


def test_comment_on_a_pull_request() -> None:
    data = load("issue_comment.created.json")
    issue = data["issue"]
    assert isinstance(issue, dict)
    issue["pull_request"] = {"url": "https://api.github.com/repos/o/r/pulls/1"}
    comment = parse_issue_comment(data)
    assert comment is not None
    assert (comment.pr_number, comment.author, comment.author_is_bot) == (
        issue["number"],
        "Codertocat",
        False,
    )


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("installation.created.json", "installation"),
        ("installation.deleted.json", "installation"),
        ("installation_repositories.added.json", "installation_repositories"),
    ],
)
def test_installation_payloads_parse(name: str, event: str) -> None:
    change = parse_installation(event, load(name))
    assert change.installation_id == load(name)["installation"]["id"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("installation"), "payload.installation: expected dict, got NoneType"),
        (
            lambda d: d["pull_request"]["head"].__setitem__("sha", 5),
            "pull_request.head.sha: expected str, got int",
        ),
        (
            lambda d: d["pull_request"].__setitem__("number", True),
            "pull_request.number: expected int, got bool",
        ),
    ],
)
def test_malformed_payloads_raise_payload_error(mutate: object, message: str) -> None:
    data = load("pull_request.opened.json")
    assert callable(mutate)
    mutate(data)
    with pytest.raises(PayloadError) as caught:
        parse_pull_request(data)
    assert str(caught.value) == message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@given(
    st.dictionaries(
        st.sampled_from(["action", "pull_request", "installation", "repository", "number"]),
        json_values,
    )
)
def test_only_payload_error_escapes(data: dict[str, object]) -> None:
    with contextlib.suppress(PayloadError):
        parse_pull_request(data)


@pytest.mark.parametrize(
    "module",
    [
        "bot.config",
        "bot.web",
        "bot.worker",
        "bot.store",
        "bot.store.interface",
        "bot.store.queue",
        "bot.github.auth",
        "bot.github.client",
        "bot.github.commands",
        "bot.github.events",
        "bot.github.flow",
        "bot.github.presenter",
        "bot.commands.serve",
    ],
)
def test_public_names_exist(module: str) -> None:
    imported = importlib.import_module(module)
    assert all(hasattr(imported, name) for name in imported.__all__)
