"""SimpleIndex against the fake index: both page formats, auth, retries, digests, bad pages."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from packaging.version import Version

from bot.errors import IndexFetchError, NotFoundError
from bot.index.interface import ArtifactType, ReleaseFile
from bot.index.simple import IndexSettings, SimpleIndex, json_api_for, redact_url
from tests.fakes.index import FakeIndex
from tests.fakes.server import serve_app

BASE = "http://index.test"


class Sleeps:
    """An injected sleep that records its waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake() -> FakeIndex:
    index = FakeIndex()
    index.add_sdist("demo", "1.0", {"demo/__init__.py": "x = 1\n"})
    index.add_wheel("demo", "1.0", {"demo/__init__.py": "x = 1\n"})
    index.add_sdist("demo", "2.0", {"demo/__init__.py": "x = 2\n"}, requires_python=">=3.9")
    index.yank("demo", "1.0", "broken build")
    return index


@pytest.fixture
async def client(fake: FakeIndex) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake.app)) as http:
        yield http


def make_index(
    client: httpx.AsyncClient, *, index_url: str = f"{BASE}/simple", **settings: object
) -> tuple[SimpleIndex, Sleeps]:
    sleeps = Sleeps()
    options = IndexSettings(index_url=index_url, json_api_url=f"{BASE}/pypi", **settings)  # type: ignore[arg-type]
    return SimpleIndex(client, options, sleep=sleeps), sleeps


@pytest.mark.parametrize("serve_json", [True, False], ids=["pep691-json", "pep503-html"])
async def test_project_files_in_both_formats_with_relative_urls_resolved(
    fake: FakeIndex, client: httpx.AsyncClient, serve_json: bool
) -> None:
    fake.serve_json = serve_json
    index, _ = make_index(client)
    project = await index.project("Demo")
    assert project.name == "demo"
    by_name = {file.filename: file for file in project.files}
    assert sorted(by_name) == ["demo-1.0-py3-none-any.whl", "demo-1.0.tar.gz", "demo-2.0.tar.gz"]
    old = by_name["demo-1.0.tar.gz"]
    assert old.url == f"{BASE}/files/demo/demo-1.0.tar.gz"
    assert old.type is ArtifactType.SDIST and old.version == Version("1.0")
    assert old.yanked == "broken build"
    assert by_name["demo-1.0-py3-none-any.whl"].type is ArtifactType.WHEEL
    new = by_name["demo-2.0.tar.gz"]
    assert new.yanked is None
    assert new.requires_python == ">=3.9"
    data = await index.download(new)
    assert new.sha256 == hashlib.sha256(data).hexdigest()
    accept = fake.requests[0].headers["accept"]
    assert accept.startswith("application/vnd.pypi.simple.v1+json")


async def test_json_page_carries_size_and_upload_time(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    fake.set_upload_time("demo", "2.0", datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    index, _ = make_index(client)
    (new,) = (await index.project("demo")).files_for(Version("2.0"))
    assert new.upload_time == datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert new.size == len(await index.download(new))


async def test_yanked_without_reason_reads_as_empty_string(
    client: httpx.AsyncClient, fake: FakeIndex
) -> None:
    fake.yank("demo", "2.0")
    for serve_json in (True, False):
        fake.serve_json = serve_json
        index, _ = make_index(client)
        (new,) = (await index.project("demo")).files_for(Version("2.0"))
        assert new.yanked == ""


async def test_sha256_mismatch_is_refused(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    fake.wrong_digest("demo", "demo-2.0.tar.gz")
    index, _ = make_index(client)
    (new,) = (await index.project("demo")).files_for(Version("2.0"))
    with pytest.raises(IndexFetchError, match=r"demo-2\.0\.tar\.gz: sha256 mismatch"):
        await index.download(new)


async def test_missing_project_is_not_found_with_a_clear_message(client: httpx.AsyncClient) -> None:
    index, sleeps = make_index(client)
    with pytest.raises(NotFoundError) as caught:
        await index.project("no-such-thing")
    assert str(caught.value) == (
        f"project 'no-such-thing': not found on {BASE}/simple/no-such-thing/ (404); "
        "it may have been removed"
    )
    assert sleeps.waits == []


async def test_502_then_ok_is_retried_with_backoff(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    fake.fail("/simple/demo/", 502, times=2)
    index, sleeps = make_index(client)
    project = await index.project("demo")
    assert len(project.files) == 3
    assert sleeps.waits == [0.5, 1.0]
    assert fake.paths("/simple/") == ["/simple/demo/"] * 3


async def test_persistent_502_gives_up(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    fake.fail("/simple/demo/", 502, times=10)
    index, sleeps = make_index(client, attempts=3)
    with pytest.raises(IndexFetchError) as caught:
        await index.project("demo")
    assert str(caught.value) == (
        f"project 'demo': {BASE}/simple/demo/ failed after 3 attempts (HTTP 502)"
    )
    assert sleeps.waits == [0.5, 1.0]


async def test_429_retry_after_is_honoured(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    fake.fail("/simple/demo/", 429, headers={"Retry-After": "7"})
    index, sleeps = make_index(client)
    await index.project("demo")
    assert sleeps.waits == [7.0, 0.5]


async def test_transport_errors_are_retried_then_reported() -> None:
    attempts: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(str(request.url))
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as http:
        index, sleeps = make_index(http, attempts=3)
        with pytest.raises(
            IndexFetchError, match=r"failed after 3 attempts \(ConnectError: connection refused\)"
        ):
            await index.project("demo")
    assert len(attempts) == 3
    assert sleeps.waits == [0.5, 1.0]


async def test_transport_error_then_success(fake: FakeIndex) -> None:
    calls = 0
    inner = httpx.ASGITransport(app=fake.app)

    class Flaky(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise httpx.ReadTimeout("slow", request=request)
            return await inner.handle_async_request(request)

    async with httpx.AsyncClient(transport=Flaky()) as http:
        index, sleeps = make_index(http)
        assert len((await index.project("demo")).files) == 3
    assert sleeps.waits == [0.5]


async def test_basic_auth_from_the_url_is_a_header_and_never_in_messages(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    fake.require_basic_auth("alice", "s3cret-pw")
    index, _ = make_index(client, index_url="http://alice:s3cret-pw@index.test/simple")
    assert index.index_url == f"{BASE}/simple/"
    project = await index.project("demo")
    (new,) = project.files_for(Version("2.0"))
    assert "s3cret" not in new.url
    await index.download(new)
    assert all(r.headers["authorization"].startswith("Basic ") for r in fake.requests)
    with pytest.raises(NotFoundError) as caught:
        await index.project("absent")
    assert "s3cret" not in str(caught.value) and "alice" not in str(caught.value)


async def test_wrong_basic_auth_is_a_fetch_error_without_the_password(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    fake.require_basic_auth("alice", "right")
    index, _ = make_index(client, index_url="http://alice:wrong-pw@index.test/simple")
    with pytest.raises(IndexFetchError) as caught:
        await index.project("demo")
    assert str(caught.value) == f"project 'demo': HTTP 401 from {BASE}/simple/demo/"


def test_redact_url() -> None:
    assert redact_url("https://u:p@host/simple") == "https://***@host/simple"
    assert redact_url("https://host/simple") == "https://host/simple"


async def test_bearer_token(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    fake.require_bearer("tok-123")
    index, _ = make_index(client, token="tok-123")
    (new,) = (await index.project("demo")).files_for(Version("2.0"))
    await index.download(new)
    assert {r.headers["authorization"] for r in fake.requests} == {"Bearer tok-123"}
    unauthenticated, _ = make_index(client)
    with pytest.raises(IndexFetchError, match="HTTP 401"):
        await unauthenticated.project("demo")


async def test_oversized_download_is_refused(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    index, _ = make_index(client, max_download_bytes=100)
    (new,) = (await index.project("demo")).files_for(Version("2.0"))
    with pytest.raises(IndexFetchError, match=r"bytes is over the limit|response over 100 bytes"):
        await index.download(new)


async def test_oversized_stream_without_length_is_refused() -> None:
    async def endless(scope, receive, send):  # type: ignore[no-untyped-def]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for _ in range(50):
            await send({"type": "http.response.body", "body": b"x" * 10, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=endless)) as http:
        index, _ = make_index(http, max_download_bytes=100)
        file = ReleaseFile.from_filename("demo-1.0.tar.gz", url=f"{BASE}/files/demo-1.0.tar.gz")
        assert file is not None
        with pytest.raises(IndexFetchError, match="response over 100 bytes"):
            await index.download(file)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/vnd.pypi.simple.v1+json", b"{not json"),
        ("application/vnd.pypi.simple.v1+json", b"[1, 2]"),
        ("application/vnd.pypi.simple.v1+json", b'{"files": "nope"}'),
        ("application/vnd.pypi.simple.v1+json", b"\xff\xfe\x00garbage"),
    ],
)
async def test_garbage_json_pages_are_fetch_errors(
    fake: FakeIndex, client: httpx.AsyncClient, content_type: str, body: bytes
) -> None:
    fake.serve_raw("/simple/demo/", content_type, body)
    index, _ = make_index(client)
    with pytest.raises(IndexFetchError, match="demo: "):
        await index.project("demo")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><a>no href</a><a href=''>x</a><a href='x.txt'>x.txt</a>",
        b"<a href='demo-1.0.tar.gz#sha256=abc'>demo-1.0.tar.gz",  # unclosed tag
        b"\xff\xfe<<<>>>&&&;",
        b"<a href='../x/demo-notaversion.tar.gz'>demo-notaversion.tar.gz</a>",
    ],
)
async def test_garbage_html_pages_give_no_files_or_an_error(
    fake: FakeIndex, client: httpx.AsyncClient, body: bytes
) -> None:
    fake.serve_raw("/simple/demo/", "text/html", body)
    index, _ = make_index(client)
    project = await index.project("demo")
    assert all(isinstance(f, ReleaseFile) for f in project.files)


async def test_json_entries_with_wrong_types_are_skipped(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    document = {
        "files": [
            "x",
            {"filename": 3, "url": "a"},
            {
                "filename": "demo-1.0.tar.gz",
                "url": "/files/demo/demo-1.0.tar.gz",
                "hashes": [],
                "yanked": 7,
                "size": "big",
                "requires-python": 3,
                "upload-time": "no",
            },
        ]
    }
    fake.serve_raw(
        "/simple/demo/", "application/vnd.pypi.simple.v1+json", json.dumps(document).encode()
    )
    index, _ = make_index(client)
    (file,) = (await index.project("demo")).files
    assert file.url == f"{BASE}/files/demo/demo-1.0.tar.gz"
    assert (file.sha256, file.size, file.requires_python, file.upload_time) == (
        None,
        None,
        None,
        None,
    )


async def test_metadata_from_the_json_api(fake: FakeIndex, client: httpx.AsyncClient) -> None:
    fake.set_info(
        "demo",
        author="Alice Example",
        maintainer_email="bob@example.org",
        project_urls={"Source": "https://github.com/example/demo"},
    )
    fake.set_vulnerabilities(
        "demo",
        [
            {
                "id": "PYSEC-2024-1",
                "aliases": ["CVE-2024-1"],
                "details": "bad",
                "fixed_in": ["2.1"],
            },
            {"id": "MAL-2024-9", "summary": "malware", "withdrawn": "2024-02-01"},
            {"no": "id"},
        ],
    )
    fake.set_owners("demo", ["Alice", "carol"])
    fake.set_upload_time("demo", "2.0", datetime(2025, 1, 2, tzinfo=UTC))
    index, _ = make_index(client)
    metadata = await index.metadata("Demo")
    assert metadata is not None
    assert metadata.name == "demo"
    assert metadata.latest_version == "2.0"
    assert metadata.project_urls == ("https://github.com/example/demo",)
    assert metadata.people == frozenset({"alice example", "bob@example.org"})
    assert metadata.owners == frozenset({"alice", "carol"})
    assert metadata.upload_times == {
        "1.0": datetime(2024, 1, 1, tzinfo=UTC),
        "2.0": datetime(2025, 1, 2, tzinfo=UTC),
    }
    assert metadata.yanked == {"1.0": "broken build"}
    assert [
        (v.id, v.aliases, v.summary, v.fixed_in, v.withdrawn) for v in metadata.vulnerabilities
    ] == [
        ("PYSEC-2024-1", ("CVE-2024-1",), "bad", ("2.1",), False),
        ("MAL-2024-9", (), "malware", (), True),
    ]
    assert fake.paths("/pypi/") == ["/pypi/demo/json"]


async def test_metadata_for_a_missing_project_is_not_found(client: httpx.AsyncClient) -> None:
    index, _ = make_index(client)
    with pytest.raises(NotFoundError):
        await index.metadata("absent")


@pytest.mark.parametrize("body", [b"{", b"[]", b'"text"'])
async def test_garbage_metadata_is_a_fetch_error(
    fake: FakeIndex, client: httpx.AsyncClient, body: bytes
) -> None:
    fake.serve_raw("/pypi/demo/json", "application/json", body)
    index, _ = make_index(client)
    with pytest.raises(IndexFetchError, match="/pypi/demo/json"):
        await index.metadata("demo")


async def test_metadata_with_odd_shapes_does_not_crash(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    document = {
        "info": [],
        "releases": {"1.0": "x", "2.0": [1, {"yanked": True}]},
        "vulnerabilities": "none",
        "ownership": {"roles": "x"},
    }
    fake.serve_raw("/pypi/demo/json", "application/json", json.dumps(document).encode())
    index, _ = make_index(client)
    metadata = await index.metadata("demo")
    assert metadata is not None and metadata.latest_version == "" and metadata.vulnerabilities == ()


async def test_no_json_api_means_no_metadata(client: httpx.AsyncClient) -> None:
    index = SimpleIndex(client, IndexSettings(index_url=f"{BASE}/simple"))
    assert await index.metadata("demo") is None


def test_json_api_for() -> None:
    assert json_api_for("https://pypi.org/simple") == "https://pypi.org/pypi"
    assert json_api_for("https://pypi.org/simple/") == "https://pypi.org/pypi"
    assert json_api_for("https://test.pypi.org/simple") == "https://test.pypi.org/pypi"
    assert json_api_for("https://pypi.org/other") is None
    assert json_api_for("https://example.org/simple") is None


async def test_over_real_http(fake: FakeIndex) -> None:
    with serve_app(fake.app) as base:
        async with httpx.AsyncClient() as http:
            index = SimpleIndex(
                http, IndexSettings(index_url=f"{base}/simple", json_api_url=f"{base}/pypi")
            )
            (new,) = (await index.project("demo")).files_for(Version("2.0"))
            assert new.url == f"{base}/files/demo/demo-2.0.tar.gz"
            assert hashlib.sha256(await index.download(new)).hexdigest() == new.sha256

            metadata = await index.metadata("demo")
            assert metadata is not None and metadata.latest_version == "2.0"


async def test_bare_data_yanked_attribute_means_yanked(
    fake: FakeIndex, client: httpx.AsyncClient
) -> None:
    page = (
        b'<a href="../../files/demo/demo-1.0.tar.gz" data-yanked>demo-1.0.tar.gz</a>'
        b'<a href="../../files/demo/demo-2.0.tar.gz" data-yanked="">demo-2.0.tar.gz</a>'
        b'<a href="../../files/demo/demo-3.0.tar.gz">demo-3.0.tar.gz</a>'
    )
    fake.serve_raw("/simple/demo/", "text/html", page)
    index, _ = make_index(client)
    files = (await index.project("demo")).files
    assert [(f.filename, f.yanked) for f in files] == [
        ("demo-1.0.tar.gz", ""),
        ("demo-2.0.tar.gz", ""),
        ("demo-3.0.tar.gz", None),
    ]


class ByHost(httpx.AsyncBaseTransport):
    """Routes each request to the fake app of its host."""

    def __init__(self, apps: dict[str, FakeIndex]) -> None:
        self.transports = {host: httpx.ASGITransport(app=index.app) for host, index in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.transports[request.url.host].handle_async_request(request)


@pytest.mark.parametrize("credentials", ["basic", "bearer"])
async def test_credentials_are_not_sent_to_another_host(credentials: str) -> None:
    index_host, files_host = FakeIndex(), FakeIndex()
    data = b"archive"
    files_host.add("demo", "1.0", {"demo-1.0.tar.gz": data})
    digest = hashlib.sha256(data).hexdigest()
    page = (
        f'<a href="http://files.test/files/demo/demo-1.0.tar.gz#sha256={digest}">'
        "demo-1.0.tar.gz</a>"
    ).encode()
    index_host.serve_raw("/simple/demo/", "text/html", page)
    transport = ByHost({"index.test": index_host, "files.test": files_host})
    async with httpx.AsyncClient(transport=transport) as http:
        if credentials == "basic":
            settings = IndexSettings(index_url="http://u:pw@index.test/simple")
        else:
            settings = IndexSettings(index_url=f"{BASE}/simple", token="tok")
        index = SimpleIndex(http, settings)
        (file,) = (await index.project("demo")).files
        assert await index.download(file) == data
    assert "authorization" in index_host.requests[0].headers
    assert "authorization" not in files_host.requests[0].headers


@pytest.mark.parametrize(
    "href", ["http://index.test:notaport/files/demo-1.0.tar.gz", "http://[::1/demo-1.0.tar.gz"]
)
async def test_a_malformed_file_url_is_a_fetch_error(
    fake: FakeIndex, client: httpx.AsyncClient, href: str
) -> None:
    page = f'<a href="{href}">demo-1.0.tar.gz</a>'.encode()
    fake.serve_raw("/simple/demo/", "text/html", page)
    index, _ = make_index(client, token="tok")
    try:
        files = (await index.project("demo")).files
    except IndexFetchError:
        return
    for file in files:
        with pytest.raises(IndexFetchError):
            await index.download(file)
