"""An in-memory OSV API (`POST /v1/querybatch`, `GET /v1/vulns/{id}`) for tests.

    osv = FakeOsv()
    osv.add(record)                      # an OSV document; matched on its `versions` lists
    osv.fail("/v1/querybatch", 503, times=1)
    osv.answer("/v1/querybatch", b"not json", times=1)
    with serve_app(osv.app) as base: ...  # or httpx.ASGITransport(app=osv.app)

Like the real API, querybatch answers ids and `modified` stamps only, in query order, and
pages when a query has more than `page_size` results. Every request is recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from packaging.utils import canonicalize_name
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["FakeOsv", "OsvRequest"]


@dataclass(frozen=True, slots=True, kw_only=True)
class OsvRequest:
    method: str
    path: str
    body: object


@dataclass(slots=True)
class _Override:
    status: int
    body: bytes
    times: int


@dataclass(slots=True)
class FakeOsv:
    records: dict[str, dict[str, object]] = field(default_factory=dict)
    requests: list[OsvRequest] = field(default_factory=list)
    page_size: int = 1000
    _overrides: dict[str, list[_Override]] = field(default_factory=dict)

    def add(self, record: dict[str, object]) -> None:
        self.records[str(record["id"])] = record

    def fail(self, path: str, status: int, *, times: int = 1) -> None:
        self.answer(path, b'{"code": 13, "message": "internal"}', status=status, times=times)

    def answer(self, path: str, body: bytes, *, status: int = 200, times: int = 1) -> None:
        self._overrides.setdefault(path, []).append(_Override(status, body, times))

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    @property
    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/querybatch", self._querybatch, methods=["POST"]),
                Route("/v1/vulns/{vuln_id:path}", self._vuln, methods=["GET"]),
            ]
        )

    def _override(self, path: str) -> Response | None:
        queue = self._overrides.get(path, [])
        if not queue:
            return None
        override = queue[0]
        override.times -= 1
        if override.times <= 0:
            queue.pop(0)
        return Response(override.body, status_code=override.status,
                        media_type="application/json")

    def _matches(self, name: str, version: str) -> list[dict[str, object]]:
        wanted = canonicalize_name(name)
        found = []
        for record in sorted(self.records.values(), key=lambda r: str(r["id"])):
            for affected in record.get("affected", []):  # type: ignore[union-attr]
                package = affected.get("package", {})
                if (
                    package.get("ecosystem") == "PyPI"
                    and canonicalize_name(package.get("name", "")) == wanted
                    and version in affected.get("versions", [])
                ):
                    found.append(record)
                    break
        return found

    async def _querybatch(self, request: Request) -> Response:
        body = json.loads(await request.body())
        self.requests.append(OsvRequest(method="POST", path="/v1/querybatch", body=body))
        if (override := self._override("/v1/querybatch")) is not None:
            return override
        results = []
        for query in body["queries"]:
            matches = self._matches(query["package"]["name"], query["version"])
            start = int(query.get("page_token") or 0)
            page = matches[start : start + self.page_size]
            result: dict[str, object] = {}
            if page:
                result["vulns"] = [{"id": r["id"], "modified": r["modified"]} for r in page]
            if start + self.page_size < len(matches):
                result["next_page_token"] = str(start + self.page_size)
            results.append(result)
        return JSONResponse({"results": results})

    async def _vuln(self, request: Request) -> Response:
        vuln_id = request.path_params["vuln_id"]
        path = f"/v1/vulns/{vuln_id}"
        self.requests.append(OsvRequest(method="GET", path=path, body=None))
        if (override := self._override(path)) is not None:
            return override
        record = self.records.get(vuln_id)
        if record is None:
            return JSONResponse({"code": 5, "message": "Bug not found."}, status_code=404)
        return JSONResponse(record)
