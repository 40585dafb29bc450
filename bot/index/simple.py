"""`PackageIndex` over HTTP: PEP 691 JSON simple API, PEP 503 HTML fallback, PyPI JSON API.

Adapter at the edge: takes an `httpx.AsyncClient` from its caller, translates httpx errors
into `IndexFetchError` / `NotFoundError`, retries 5xx, 429 and connection errors with
exponential backoff, verifies every download's sha256, and never puts credentials in an
error message.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import httpx
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.errors import IndexFetchError, NotFoundError
from bot.index.interface import ProjectFiles, ProjectMetadata, ReleaseFile, Vulnerability
from bot.metrics import INDEX_ERRORS

__all__ = ["IndexSettings", "SimpleIndex", "json_api_for", "redact_url"]

log = logging.getLogger(__name__)

_JSON_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.01"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_PAGE_BYTES = 64 * 1024 * 1024


def redact_url(url: str) -> str:
    """The URL without user information, for messages and logs."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def json_api_for(index_url: str) -> str | None:
    """PyPI's JSON API base for PyPI's simple index; None for other indexes."""
    parts = urlsplit(index_url)
    if parts.hostname in {"pypi.org", "test.pypi.org"} and parts.path.rstrip("/") == "/simple":
        return urlunsplit(parts._replace(path="/pypi", query="", fragment=""))
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexSettings:
    index_url: str = "https://pypi.org/simple"
    # PyPI-style JSON API base (`{base}/{name}/json`); derived for PyPI when None.
    json_api_url: str | None = None
    token: str | None = None  # sent as a bearer token (private indexes)
    attempts: int = 4
    backoff_seconds: float = 0.5
    max_download_bytes: int = 512 * 1024 * 1024


Sleep = Callable[[float], Awaitable[None]]


class SimpleIndex:
    def __init__(
        self,
        client: httpx.AsyncClient,
        settings: IndexSettings | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._client = client
        self._settings = settings or IndexSettings()
        self._sleep = sleep
        base = self._settings.index_url.rstrip("/") + "/"
        parts = urlsplit(base)
        self._auth: httpx.Auth | None = None
        if parts.username is not None:
            # Basic auth from the URL, sent as a header; the URL we use carries no secret.
            self._auth = httpx.BasicAuth(parts.username, parts.password or "")
            base = urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
        self._base = base
        self._json_api = self._settings.json_api_url or json_api_for(base.rstrip("/"))
        # Credentials go to the index's own host (and its JSON API) only, never to a file
        # host a page links to: pip does the same, and a page may point anywhere.
        self._credential_origins = {_origin(base)}
        if self._json_api is not None:
            self._credential_origins.add(_origin(self._json_api))

    @property
    def index_url(self) -> str:
        return self._base

    async def project(self, name: str) -> ProjectFiles:
        normalized = canonicalize_name(name)
        url = urljoin(self._base, f"{normalized}/")
        response = await self._get(url, headers={"Accept": _JSON_ACCEPT}, what=f"project {name!r}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        page_url = str(response.url)
        if content_type == "application/vnd.pypi.simple.v1+json" or content_type.endswith("json"):
            files = _files_from_json(response.content, page_url, name)
        else:
            files = _files_from_html(response.text, page_url)
        return ProjectFiles(name=normalized, files=tuple(files))

    async def release_files(self, name: str, version: Version) -> tuple[ReleaseFile, ...]:
        return (await self.project(name)).files_for(version)

    async def metadata(self, name: str) -> ProjectMetadata | None:
        if self._json_api is None:
            return None
        normalized = canonicalize_name(name)
        url = f"{self._json_api.rstrip('/')}/{normalized}/json"
        response = await self._get(url, headers={"Accept": "application/json"}, what=name)
        try:
            document = json.loads(response.content)
        except ValueError as error:
            raise IndexFetchError(f"{redact_url(url)}: invalid JSON ({error})") from error
        if not isinstance(document, dict):
            raise IndexFetchError(f"{redact_url(url)}: unexpected JSON document")
        return _metadata_from_json(normalized, document)

    async def download(self, file: ReleaseFile) -> bytes:
        response = await self._get(file.url, headers={}, what=file.filename, stream=True)
        data = response.content
        if file.sha256 is not None:
            digest = hashlib.sha256(data).hexdigest()
            if digest != file.sha256.lower():
                raise IndexFetchError(
                    f"{file.filename}: sha256 mismatch (index says {file.sha256}, "
                    f"downloaded file has {digest}); refusing to analyze it"
                )
        return data

    async def _get(
        self, url: str, *, headers: Mapping[str, str], what: str, stream: bool = False
    ) -> httpx.Response:
        request_headers = dict(headers)
        trusted = _origin(url) in self._credential_origins
        if self._settings.token and trusted:
            request_headers["Authorization"] = f"Bearer {self._settings.token}"
        limit = self._settings.max_download_bytes if stream else _MAX_PAGE_BYTES
        last_problem = ""
        for attempt in range(self._settings.attempts):
            if attempt:
                await self._sleep(self._settings.backoff_seconds * 2 ** (attempt - 1))
            try:
                response = await self._fetch(url, request_headers, limit, trusted=trusted)
            except httpx.InvalidURL as error:
                # A page may link anywhere, including to URLs that do not parse.
                raise IndexFetchError(
                    f"{what}: invalid URL {redact_url(url)!r} ({error})"
                ) from error
            except httpx.TransportError as error:
                last_problem = f"{type(error).__name__}: {error}"
                INDEX_ERRORS.labels(reason="network").inc()
                log.info("index request failed, will retry", extra={"url": redact_url(url)})
                continue
            if response.status_code == 404:
                raise NotFoundError(
                    f"{what}: not found on {redact_url(url)} (404); it may have been removed"
                )
            if response.status_code in _RETRY_STATUSES:
                last_problem = f"HTTP {response.status_code}"
                INDEX_ERRORS.labels(reason=f"http_{response.status_code}").inc()
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit() and attempt + 1 < self._settings.attempts:
                    await self._sleep(min(float(retry_after), 60.0))
                continue
            if response.status_code >= 400:
                INDEX_ERRORS.labels(reason=f"http_{response.status_code}").inc()
                raise IndexFetchError(f"{what}: HTTP {response.status_code} from {redact_url(url)}")
            return response
        raise IndexFetchError(
            f"{what}: {redact_url(url)} failed after {self._settings.attempts} attempts "
            f"({last_problem})"
        )

    async def _fetch(
        self, url: str, headers: Mapping[str, str], limit: int, *, trusted: bool
    ) -> httpx.Response:
        auth = self._auth if trusted and self._auth is not None else httpx.USE_CLIENT_DEFAULT
        async with self._client.stream("GET", url, headers=headers, auth=auth) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise IndexFetchError(f"{redact_url(url)}: {declared} bytes is over the limit")
            chunks: list[bytes] = []
            received = 0
            async for chunk in response.aiter_bytes():
                received += len(chunk)
                if received > limit:
                    raise IndexFetchError(f"{redact_url(url)}: response over {limit} bytes")
                chunks.append(chunk)
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            content=b"".join(chunks),
            request=response.request,
        )


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:  # a malformed port: matches no origin we trust
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def _resolve(page_url: str, href: str) -> str | None:
    """`href` made absolute against the page; None for a link that is not a URL at all."""
    try:
        return urljoin(page_url, href)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None


def _files_from_json(content: bytes, page_url: str, name: str) -> list[ReleaseFile]:
    try:
        document = json.loads(content)
    except ValueError as error:
        raise IndexFetchError(f"{name}: invalid PEP 691 JSON ({error})") from error
    entries = document.get("files") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise IndexFetchError(f"{name}: PEP 691 page has no 'files' list")
    files: list[ReleaseFile] = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        filename, href = entry.get("filename"), entry.get("url")
        if not isinstance(filename, str) or not isinstance(href, str):
            continue
        hashes = entry.get("hashes")
        sha256 = hashes.get("sha256") if isinstance(hashes, dict) else None
        yanked_value = entry.get("yanked", False)
        yanked = (
            (yanked_value if isinstance(yanked_value, str) else "")
            if yanked_value not in (False, None)
            else None
        )
        size = entry.get("size")
        requires_python = entry.get("requires-python")
        url = _resolve(page_url, href)
        if url is None:
            continue
        file = ReleaseFile.from_filename(
            filename,
            url=url,
            sha256=sha256 if isinstance(sha256, str) else None,
            size=size if isinstance(size, int) else None,
            yanked=yanked,
            requires_python=requires_python if isinstance(requires_python, str) else None,
            upload_time=_parse_time(entry.get("upload-time")),
        )
        if file is not None:
            files.append(file)
    return files


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self._current: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._current = dict(attrs)
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._current is not None:
            self._current["#text"] = "".join(self._text).strip()
            self.links.append(self._current)
            self._current = None


def _files_from_html(text: str, page_url: str) -> list[ReleaseFile]:
    parser = _LinkParser()
    parser.feed(text)
    files: list[ReleaseFile] = []
    for link in parser.links:
        href = link.get("href")
        if not href:
            continue
        resolved = _resolve(page_url, href)
        if resolved is None:
            continue
        absolute, fragment = urldefrag(resolved)
        filename = (link.get("#text") or "") or absolute.rsplit("/", 1)[-1]
        sha256 = fragment.split("=", 1)[1] if fragment.startswith("sha256=") else None
        # A bare `data-yanked` attribute (value None) marks a yank without a reason.
        yanked = (link.get("data-yanked") or "") if "data-yanked" in link else None
        file = ReleaseFile.from_filename(
            filename,
            url=absolute,
            sha256=sha256,
            yanked=yanked,
            requires_python=link.get("data-requires-python"),
        )
        if file is not None:
            files.append(file)
    return files


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _metadata_from_json(name: str, document: Mapping[str, object]) -> ProjectMetadata:
    info = document.get("info")
    info = info if isinstance(info, dict) else {}
    urls: list[str] = []
    project_urls = info.get("project_urls")
    if isinstance(project_urls, dict):
        urls.extend(value for value in project_urls.values() if isinstance(value, str))
    for key in ("home_page", "project_url", "download_url"):
        value = info.get(key)
        if isinstance(value, str) and value:
            urls.append(value)
    people = {
        value.strip().lower()
        for key in ("author", "author_email", "maintainer", "maintainer_email")
        if isinstance(value := info.get(key), str) and value.strip()
    }
    upload_times: dict[str, datetime] = {}
    yanked: dict[str, str] = {}
    releases = document.get("releases")
    if isinstance(releases, dict):
        for version, files in releases.items():
            if not isinstance(files, list):
                continue
            times = [
                t
                for f in files
                if isinstance(f, dict)
                and (t := _parse_time(f.get("upload_time_iso_8601") or f.get("upload_time")))
            ]
            if times:
                upload_times[str(version)] = min(times)
            if files and all(isinstance(f, dict) and f.get("yanked") for f in files):
                first = files[0]
                reason = first.get("yanked_reason") if isinstance(first, dict) else None
                yanked[str(version)] = reason if isinstance(reason, str) else ""
    vulnerabilities: list[Vulnerability] = []
    raw_vulns = document.get("vulnerabilities")
    if isinstance(raw_vulns, list):
        for entry in raw_vulns:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            vulnerabilities.append(
                Vulnerability(
                    id=entry["id"],
                    aliases=tuple(a for a in entry.get("aliases") or () if isinstance(a, str)),
                    summary=str(entry.get("summary") or entry.get("details") or "")[:500],
                    fixed_in=tuple(v for v in entry.get("fixed_in") or () if isinstance(v, str)),
                    withdrawn=bool(entry.get("withdrawn")),
                )
            )
    owners: set[str] = set()
    ownership = document.get("ownership")
    if isinstance(ownership, dict) and isinstance(ownership.get("roles"), list):
        owners = {
            str(role["user"]).lower()
            for role in ownership["roles"]
            if isinstance(role, dict) and role.get("user")
        }
    latest = info.get("version")
    return ProjectMetadata(
        name=canonicalize_name(name),
        latest_version=latest if isinstance(latest, str) else "",
        project_urls=tuple(urls),
        people=frozenset(people),
        upload_times=upload_times,
        yanked=yanked,
        vulnerabilities=tuple(vulnerabilities),
        owners=frozenset(owners),
    )
